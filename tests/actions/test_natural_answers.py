"""Each question accepts the natural answers to it, in English and Spanish (actions/answers.py
read in the form), against the real backend API (tests/actions/conftest.py).

- a name wrapped in polite words of either language is found; polite words alone are never
  sent to the backend as a (wrong) name, so they never count towards a lock (around the
  account number: tests/actions/test_names_in_sentences.py);
- the security question is picked by number, ordinal or its words;
- the Terms are accepted by any clear yes sentence, never by a hedged one;
- "ok, go on" after an explanation asks the pending question again and drops nothing;
- a member who is signing up and says so is never offered deletion.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import Registration
from tests.support.action_conversation import FORM, Conversation, joined, name_attempts, sign_up_to


def test_polite_words_alone_at_the_name_step_never_count_as_wrong_names(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    for text in ("es el", "es la", "buenas tardes", "gracias"):
        reply = joined(chat.form_turn(text))
        assert "could not match" not in reply and "locked" not in reply
    assert name_attempts(backend) == 0
    reply = joined(chat.form_turn("mi apellido es Garza, gracias"))
    assert chat.slots["member_name"] == "Garza" and "found account 1001234567" in reply


@pytest.mark.parametrize("text", ["my account is 1001234567 and my name is Garza",
                                  "mi cuenta es 1001234567 y mi apellido es Garza",
                                  "es la cuenta 1001234567 a nombre de Garza"])
def test_account_and_name_in_one_sentence(backend, text):
    chat = Conversation()
    chat.start("sign up")
    reply = joined(chat.form_turn(text))
    assert chat.slots["member_name"] == "Garza", reply
    assert chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize(("text", "number"), [("the one about my mother", "1"), ("my pet", "2"),
                                                ("la de mi mascota", "2"), ("the school one", "3"),
                                                ("la segunda", "2"), ("I would prefer the question about my "
                                                                      "mother's maiden name, please.", "1")])
def test_the_security_question_by_its_name(backend, text, number):
    chat = Conversation()
    sign_up_to(chat, "security_question")
    chat.form_turn(text, intent="inform")
    assert chat.slots["security_question"] == number
    assert chat.slots["requested_slot"] == "security_answer"


@pytest.mark.parametrize(("text", "intent"), [
    ("Yes, I have read the terms and I accept them", "register"),
    ("I have read the Terms and Conditions and I accept them.", "register"),
    ("absolutely, I accept", "affirm"), ("I agree", "affirm"), ("sí", "affirm"), ("sí, acepto", "affirm"),
    ("claro que sí", "affirm"), ("está bien", "out_of_scope"), ("de acuerdo", "forgot_password"),
])
def test_the_terms_accepted_in_a_sentence(backend, text, intent):
    chat = Conversation()
    sign_up_to(chat, "terms_accepted")
    reply = joined(chat.form_turn(text, intent=intent, confidence=0.8))
    assert chat.slots["outcome"] == "registered", reply
    with backend.session() as session:
        assert session.scalar(select(Registration)) is not None


@pytest.mark.parametrize("text", ["rather not", "no gracias", "mejor no", "yes but what do the terms say",
                                  "acepto si es gratis"])
def test_the_terms_not_accepted_by_a_no_or_a_hedge(backend, text):
    chat = Conversation()
    sign_up_to(chat, "terms_accepted")
    chat.form_turn(text, intent="affirm", confidence=0.95)
    assert chat.slots["outcome"] is None and chat.slots["requested_slot"] == "terms_accepted"
    with backend.session() as session:
        assert session.scalar(select(Registration)) is None


@pytest.mark.parametrize(("text", "intent"), [("ok, go on", "affirm"), ("continue", "never_mind"),
                                              ("continuar", "never_mind"), ("sigue", "register"), ("dale", "out_of_scope"),
                                              ("ok, please continue", "never_mind")])
def test_go_on_after_an_explanation_asks_the_pending_question_again(backend, text, intent):
    chat = Conversation()
    sign_up_to(chat, "identity_proof")
    failures = dict(chat.slots["failures"] or {})
    reply = joined(chat.form_turn(text, intent=intent, confidence=0.99))
    assert not chat.rejected, "the form itself answers: no rule stops the registration"
    assert "ZIP code" in reply and "stopped" not in reply
    assert chat.slots["requested_slot"] == "identity_proof" and chat.slots["goal"] == "register"
    assert chat.slots["member_name"] == "Garza" and chat.slots["email"] == "g@example.com"
    assert dict(chat.slots["failures"] or {}) == failures, "going on is no failed answer"


def test_go_on_at_the_terms_asks_the_terms_again(backend):
    chat = Conversation()
    sign_up_to(chat, "terms_accepted")
    reply = joined(chat.form_turn("ok, go on", intent="affirm", confidence=0.88))
    assert "Terms and Conditions" in reply and chat.slots["outcome"] is None


def test_continue_read_as_never_mind_by_the_rules_still_goes_on(backend):
    """Even when the never-mind rule runs, a "continue" drops nothing."""
    chat = Conversation()
    sign_up_to(chat, "email")
    chat.user("continue", "never_mind", 0.99)
    events, texts = chat.run("action_never_mind")
    assert "stopped" not in joined(texts)
    assert any(e.get("event") == "followup" and e.get("name") == FORM for e in events)
    assert chat.slots["goal"] == "register" and chat.slots["member_name"] == "Garza"


def test_never_mind_said_in_words_still_stops(backend):
    chat = Conversation()
    sign_up_to(chat, "email")
    chat.user("never mind", "never_mind", 0.99)
    _, texts = chat.run("action_never_mind")
    assert "stopped" in joined(texts) and chat.slots["goal"] is None


def test_a_guessed_never_mind_is_asked_about_first(backend):
    chat = Conversation()
    sign_up_to(chat, "email")
    chat.user("hmm not sure about this", "never_mind", 0.97)
    _, texts = chat.run("action_never_mind")
    assert "stop signing up" in joined(texts) and chat.slots["goal"] == "register"


@pytest.mark.parametrize(("text", "intent", "confidence"), [
    ("I still want to sign up", "register", 1.0),
    ("I texted stop by mistake, I want to register", "unregister", 0.71),
    ("Sorry I did not mean to stop. I still want to sign up", "correct", 0.56),
    ("mandé STOP por error, quiero registrarme", "unregister", 0.95),
    ("I texted STOP by mistake", "unregister", 0.95),
])
def test_a_member_signing_up_who_says_so_is_never_offered_deletion(backend, text, intent, confidence):
    chat = Conversation()
    sign_up_to(chat, "identity_proof")
    reply = joined(chat.form_turn(text, intent=intent, confidence=confidence))
    assert not chat.rejected
    assert "delete" not in reply.lower() and chat.slots["pending_switch"] is None
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "identity_proof"
    assert "ZIP code" in reply


def test_a_clear_deletion_request_while_signing_up_is_still_confirmed(backend):
    chat = Conversation()
    sign_up_to(chat, "identity_proof")
    chat.form_turn("actually please delete my online registration", intent="unregister", confidence=0.8)
    assert chat.rejected  # the rules take it: "It sounds like you want to delete ...?"


def test_sign_up_words_outside_a_flow_never_start_a_deletion(backend):
    chat = Conversation()
    chat.user("I texted stop by mistake, I want to register", "unregister", 0.95)
    _, texts = chat.run("action_start_flow")
    assert chat.slots["goal"] == "register" and "delete" not in joined(texts).lower()


@pytest.mark.parametrize("text", ["mi perro se llama Firulais", "Se llamaba Firulais.", "Firulais, gracias",
                                  "My dog was called Firulais", "Firulais thanks", "firulais"])
def test_a_security_answer_is_stored_without_its_framing(backend, text):
    """The hash holds the answer alone, so the member's later "Firulais" matches it."""
    from backend.privacy.hashing import verify_answer
    from backend.storage.models import RegistrationDraft

    chat = Conversation()
    sign_up_to(chat, "security_answer")
    chat.form_turn(text)
    assert chat.slots["security_answer"] == "stored"
    with backend.session() as session:
        stored = session.scalar(select(RegistrationDraft.security_answer_hash))
    assert verify_answer(stored, "Firulais")


@pytest.mark.parametrize("text", ["la escuela fue Lanier High School", "fue en la Lanier High School",
                                  "my school was Lanier High School", "Lanier High School, gracias"])
def test_a_school_answer_is_stored_without_its_framing(backend, text):
    from backend.privacy.hashing import verify_answer
    from backend.storage.models import RegistrationDraft

    chat = sign_up_to(Conversation(), "security_answer", question="3")
    chat.form_turn(text)
    assert chat.slots["security_answer"] == "stored"
    with backend.session() as session:
        stored = session.scalar(select(RegistrationDraft.security_answer_hash))
    assert verify_answer(stored, "Lanier High School")


def test_a_spanish_correction_asks_for_that_answer_again(backend):
    chat = Conversation()
    sign_up_to(chat, "identity_proof")
    chat.form_turn("perdón, me equivoqué de correo", intent="correct")
    assert chat.slots["email"] is None and chat.slots["requested_slot"] == "email"
    chat.form_turn("nuevo@example.com")
    assert chat.slots["email"] == "nuevo@example.com" and chat.slots["requested_slot"] == "identity_proof"


def test_finishing_twice_in_one_turn_is_a_loop_and_waits_for_the_member(backend):
    """An address already in use hands back to the form; if the form finished again in the same
    turn, finishing again would loop until Rasa's circuit breaker: it waits instead."""
    chat = Conversation()
    sign_up_to(chat, "terms_accepted")
    chat.user("yes", "affirm")
    chat.set(terms_accepted=True, requested_slot=None)
    chat.active_loop = None
    chat.events.append({"event": "action", "name": "action_complete_flow"})
    events, texts = chat.run("action_complete_flow")
    assert events == [] and texts == []
    with backend.session() as session:
        assert session.scalar(select(Registration)) is None


@pytest.mark.parametrize(("text", "intent"), [("the one about my mother", "help"), ("la de mi mascota", "out_of_scope"),
                                              ("I'd like the question about my mom please", "forgot_password")])
def test_an_option_named_in_words_is_the_answer_whatever_the_model_read(backend, text, intent):
    chat = Conversation()
    sign_up_to(chat, "security_question")
    chat.form_turn(text, intent=intent, confidence=0.97)
    assert not chat.rejected and chat.slots["requested_slot"] == "security_answer"


@pytest.mark.parametrize("text", ["mi correo es g@example.com", "Pueden usar mi correo g@example.com, por favor.",
                                  "my email address is g@example.com, thanks", "es g@example.com",
                                  "Please use g@example.com for the account."])
def test_the_email_address_in_a_sentence(backend, text):
    chat = Conversation()
    sign_up_to(chat, "email")
    chat.form_turn(text)
    assert chat.slots["email"] == "g@example.com" and chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize("text", ["el código postal es 78620", "código postal 78620", "mi zip es 78620",
                                  "El código postal donde me llega la factura es 78620.",
                                  "los últimos 4 del seguro social son 4321", "The ZIP code on my bill is 78620.",
                                  "last four of my social are 4321"])
def test_the_identity_proof_in_a_sentence(backend, text):
    chat = Conversation()
    sign_up_to(chat, "identity_proof")
    reply = joined(chat.form_turn(text))
    assert chat.slots["identity_proof"] == "verified", reply
    assert chat.slots["requested_slot"] == "security_question"


@pytest.mark.parametrize(("text", "number"), [("la primera", "1"), ("la de la escuela", "3"), ("la del perro", "2"),
                                                ("Prefiero la pregunta del nombre de mi mascota.", "2"),
                                                ("la de mi mamá", "1"), ("the last one", "3"), ("option 2", "2"),
                                                ("school", "3"), ("número tres", "3")])
def test_more_ways_to_name_the_security_question(backend, text, number):
    chat = Conversation()
    sign_up_to(chat, "security_question")
    chat.form_turn(text, intent="inform")
    assert chat.slots["security_question"] == number
    assert chat.slots["requested_slot"] == "security_answer"


@pytest.mark.parametrize(("text", "intent"), [("ok, sigue", "affirm"), ("sigue", "affirm"), ("continue", "affirm")])
def test_go_on_at_the_terms_never_accepts_them(backend, text, intent):
    """"ok, sigue" asks for the Terms again: going on is no acceptance."""
    chat = Conversation()
    sign_up_to(chat, "terms_accepted")
    chat.form_turn(text, intent=intent, confidence=0.99)
    assert chat.slots["outcome"] is None and chat.slots["requested_slot"] == "terms_accepted"
    with backend.session() as session:
        assert session.scalar(select(Registration)) is None


@pytest.mark.parametrize(("text", "intent"), [("Sí, ya los leí y los acepto. Muchas gracias.", "affirm"),
                                              ("está bien, acepto", "affirm"), ("acepto los términos", "affirm"),
                                              ("Certainly, I accept the terms and conditions.", "affirm"),
                                              ("yes I agree to the terms", "affirm"), ("ok fine, I accept the terms", "affirm")])
def test_more_yes_sentences_accept_the_terms(backend, text, intent):
    chat = Conversation()
    sign_up_to(chat, "terms_accepted")
    reply = joined(chat.form_turn(text, intent=intent, confidence=0.9))
    assert chat.slots["outcome"] == "registered", reply


@pytest.mark.parametrize(("text", "method", "asks"), [("prefiero usar el código postal", "zip", "ZIP"),
                                                       ("mejor con el seguro social", "last4", "4"),
                                                       ("I'd rather use my ZIP code", "zip", "ZIP"),
                                                       ("can I use my SSN instead", "last4", "4")])
def test_the_member_chooses_the_proof_in_words(backend, text, method, asks):
    chat = Conversation()
    sign_up_to(chat, "identity_proof")
    failures = dict(chat.slots["failures"] or {})
    reply = joined(chat.form_turn(text))
    assert chat.slots["proof_method"] == method and chat.slots["requested_slot"] == "identity_proof"
    assert dict(chat.slots["failures"] or {}) == failures, "choosing the proof is no failed answer"
    assert asks in reply


@pytest.mark.parametrize(("text", "number"), [("mejor la de la escuela", "3"), ("actually make it the school one", "3"),
                                                ("prefiero la de mi mamá", "1")])
def test_another_question_chosen_while_the_answer_is_asked(backend, text, number):
    """The words that take another question are never stored as the answer."""
    chat = Conversation()
    sign_up_to(chat, "security_answer")
    chat.form_turn(text)
    assert chat.slots["security_question"] == number
    assert chat.slots["security_answer"] is None and chat.slots["requested_slot"] == "security_answer"


def test_an_answer_that_names_the_question_asked_is_the_answer(backend):
    chat = sign_up_to(Conversation(), "security_answer", question="3")
    chat.form_turn("Better Days Academy")
    assert chat.slots["security_question"] == "3" and chat.slots["security_answer"] == "stored"


@pytest.mark.parametrize("text", ["me equivoqué, el apellido es Lopez", "perdón, el apellido es Lopez"])
def test_a_spanish_name_correction_at_a_later_step(backend, text):
    """The corrected name is read and checked (not taken as a wrong e-mail address)."""
    chat = Conversation()
    sign_up_to(chat, "email")
    before = name_attempts(backend)
    chat.form_turn(text)
    assert name_attempts(backend) == before + 1
    assert chat.slots["member_name"] is None and chat.slots["requested_slot"] == "member_name"
