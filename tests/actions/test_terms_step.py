"""The last step and the questions around it, in English and Spanish, as a member reads them.

- "is this legit / do you share my info?" gets who is asking and what the answers are for,
  never a bare "Yes";
- "what do the Terms say?" gets the Terms in short, and the link once (with the question);
- "wait" / "not yet" is no refusal, and a security answer still to give opens its step again;
- a yes in the last clause counts ("I can't open the link, but ... so yes"), a yes followed by
  a refusal of a part does not;
- the greeting the web app sends after START welcomes the member back to the pending question.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions import messages
from actions.language import speaking
from backend.privacy.hashing import verify_answer
from backend.storage.models import Registration
from common.gsm import reply_safe
from tests.support.action_conversation import (
    Conversation, assert_asked_again_uncounted, joined, sign_up_start, sign_up_to, stored_answer_hash,
)
from tests.support.replies import reply_in


def at_the_terms(language: str = "en") -> Conversation:
    """A sign-up in ``language`` at the Terms question."""
    return sign_up_to(Conversation(language=language), "terms_accepted")


def registered(backend) -> bool:
    with backend.session() as session:
        return session.scalar(select(Registration)) is not None


@pytest.mark.parametrize("channel", ["web", "sms"])
@pytest.mark.parametrize(("language", "words"), [("en", "Terms and Conditions"), ("es", "Términos y Condiciones")])
def test_the_terms_link_opens_the_terms_in_the_language_of_the_chat(backend, language, words, channel):
    """The Terms page picks ``?lang=`` before the browser's languages: a member chatting in
    Spanish from an English browser (or tapping the link on a phone set to English) reads the
    Spanish Terms."""
    chat = sign_up_to(Conversation(language=language, channel=channel), "terms_accepted")
    question = next(text for text in reversed(chat.events) if text.get("event") == "bot")["text"]
    assert words in question
    terms = backend.settings.public_url.rstrip("/") + "/terms"
    assert f"{terms}?lang={language} " in question, question
    assert question.count(terms) == 1


@pytest.mark.parametrize(("language", "text"), [
    ("en", "is this actually the co-op or some third party?"),
    ("en", "how do I know this is legit and not a scam?"),
    ("en", "do you share my info with anybody?"),
    ("es", "¿de verdad es la cooperativa o es otra empresa?"),
])
def test_the_safety_answer_says_who_asks_and_what_for_never_a_bare_yes(backend, language, text):
    chat = Conversation(language=language)
    chat.user(text, "ask_safety")
    [answer] = chat.run("action_side_answer")[1]
    assert backend.settings.coop_name in answer and backend.settings.support_phone in answer
    assert not answer.startswith(("Yes", "Si", "Sí"))
    # Asked at the opening, before any last 4 was asked: who asks and what becomes of answers, no SSN.
    if language == "en":
        assert "checked against the co-op's records" in answer and "never sold" in answer
        assert "discarded" not in answer
    else:
        assert "registros de la cooperativa" in answer and "nunca se venden" in answer
        assert "se descartan" not in answer


@pytest.mark.parametrize(("language", "text", "intent", "words"), [
    ("en", "What do the Terms say? give me the short version", "help", "In short"),
    ("en", "what am I agreeing to exactly?", "inform", "In short"),
    ("en", "what am I agreeing to exactly? do you share my info with anybody", "ask_safety", "never sold"),
    ("es", "¿qué dicen los términos?", "help", "En resumen"),
    ("es", "¿qué dicen los términos?", "inform", "nunca se venden"),
])
def test_what_the_terms_say_is_a_short_summary_with_the_link_once(backend, language, text, intent, words):
    chat = at_the_terms(language)
    said = joined(chat.form_or_side_turn(text, intent))
    assert words in said, said
    assert said.count(backend.settings.public_url.rstrip("/") + "/terms") == 1, said
    assert_asked_again_uncounted(chat, "terms_accepted")
    assert not registered(backend)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "wait, I haven't given my security answer yet"),
    ("en", "ok but I never gave you my high school name. can I set that first?"),
    ("es", "wait, todavia no te dije la escuela"),
    ("es", "espera, todavía no te di la respuesta de seguridad"),
])
def test_a_security_answer_still_to_give_reopens_its_step_not_a_refusal(backend, language, text):
    chat = at_the_terms(language)
    said = joined(chat.form_turn(text))
    assert chat.slots["requested_slot"] == "security_answer", said
    assert chat.slots["email"] == "g@example.com" and chat.slots["identity_proof"] == "verified"
    assert "have not registered you" not in said and "no hice su registro" not in said
    chat.form_turn("Lanier High")
    assert chat.slots["security_answer"] == "stored" and chat.slots["requested_slot"] == "terms_accepted"
    chat.form_turn("yes" if language == "en" else "sí, acepto", "affirm")
    assert chat.slots["outcome"] == "registered" and registered(backend)


@pytest.mark.parametrize(("language", "text", "words"), [
    ("en", "wait, not yet", "tell me which one"),
    ("es", "espera, todavía no", "digame cual"),
])
def test_wait_at_the_terms_is_no_refusal(backend, language, text, words):
    chat = at_the_terms(language)
    said = joined(chat.form_turn(text, "deny"))
    assert words in said.replace("í", "i").replace("á", "a"), said
    assert "have not registered you:" not in said and "no hice su registro:" not in said
    assert chat.slots["requested_slot"] == "terms_accepted" and not registered(backend)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "I can't open that link on my phone very well, but I trust the co-op, so yes, that's fine with me."),
    ("es", "no pude abrir el enlace pero sí, acepto"),
])
def test_a_yes_in_the_last_clause_accepts_the_terms(backend, language, text):
    chat = at_the_terms(language)
    said = joined(chat.form_turn(text, "deny", 0.6))
    assert chat.slots["outcome"] == "registered" and registered(backend), said


@pytest.mark.parametrize(("language", "text"), [
    ("en", "yes but I don't accept the part about paperless billing"),
    ("es", "sí, pero no acepto la parte de los mensajes"),
])
def test_a_yes_that_refuses_a_part_is_no_acceptance(backend, language, text):
    chat = at_the_terms(language)
    chat.form_turn(text, "affirm", 0.95)
    assert chat.slots["outcome"] is None and not registered(backend)


@pytest.mark.parametrize(("language", "welcome"), [("en", "where you left off"), ("es", "Sigamos donde se quedo")])
def test_the_greeting_after_start_welcomes_back_to_the_pending_question(backend, language, welcome):
    chat = Conversation(language=language, channel="sms")
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.user("/greet", "greet")
    chat.events[-1]["metadata"]["texts_back_on"] = True
    [said] = chat.run("action_side_answer")[1]
    assert welcome in said.replace("ó", "o")
    asked = joined(chat.run(f"action_ask_{chat.slots['requested_slot']}")[1])
    assert asked and chat.slots["requested_slot"] == "member_name"


def test_the_greeting_after_start_says_nothing_outside_a_sign_up(backend):
    chat = Conversation(channel="sms")
    chat.user("/greet", "greet")
    chat.events[-1]["metadata"]["texts_back_on"] = True
    assert chat.run("action_side_answer")[1] == []


def at_the_terms_with_school(language: str, answer: str) -> Conversation:
    """A sign-up in ``language`` at the Terms, the school question answered ``answer``."""
    return sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language),
                      question="3", answer=answer)


def stored_answer_is(backend, answer: str) -> bool:
    hashed = stored_answer_hash(backend)
    return bool(hashed and verify_answer(hashed, answer))


@pytest.mark.parametrize(("language", "text", "intent"), [
    ("en", "oops, I misspelled it, it's Wimberley with an e. Wimberley High", "inform"),
    ("en", "did you get my correction? it's Wimberley not Wimberly", "deny"),
    ("en", "typo, sorry", "correct"),
    ("en", "I meant Wimberley High", "inform"),
    ("en", "I need to fix something", "correct"),
    ("es", "me equivoqué, es Wimberley con e", "inform"),
    ("es", "quise decir Wimberley High", "inform"),
    ("es", "lo escribí mal, es Wimberley no Wimberly", "deny"),
    ("es", "perdón, una corrección", "correct"),
])
def test_a_correction_of_the_answer_at_the_terms_asks_it_again_never_a_refusal(backend, language, text, intent):
    chat = at_the_terms_with_school(language, "Wimberly High")
    said = joined(chat.form_turn(text, intent, 0.9))
    assert not chat.rejected and chat.slots["requested_slot"] == "security_answer", said
    assert chat.slots["security_question"] == "3" and chat.slots["identity_proof"] == "verified"
    assert not (chat.slots["failures"] or {}).get("terms_accepted"), "a correction is no refusal"
    with speaking(language):
        assert reply_safe(messages.answer_again()) in said and reply_safe(messages.ask_security_answer(3)) in said
    assert "Solo puedo registrarle" not in said and "only register you" not in said
    assert "Wimberl" not in said
    chat.form_turn("Wimberley High")
    assert chat.slots["requested_slot"] == "terms_accepted" and stored_answer_is(backend, "Wimberley High")
    chat.form_turn("yes" if language == "en" else "sí", "affirm")
    assert chat.slots["outcome"] == "registered" and registered(backend)


@pytest.mark.parametrize("text", ["si acepto", "ok sigue, si acepto", "ok sigue, sí acepto", "va, acepto",
                                  "sale, de acuerdo", "órale sí", "orale si", "SI", "ok sigue, sí"])
def test_a_spanish_yes_accepts_the_terms(backend, text):
    chat = at_the_terms("es")
    said = joined(chat.form_turn(text, "inform", 0.5))
    assert chat.slots["outcome"] == "registered" and registered(backend), said


@pytest.mark.parametrize("text", ["acepto si me mandan el recibo en papel", "si pero no acepto los mensajes",
                                  "ok sigue, sí pero no acepto la parte de los mensajes"])
def test_a_conditional_or_partial_spanish_yes_is_no_acceptance(backend, text):
    chat = at_the_terms("es")
    chat.form_turn(text, "affirm", 0.95)
    assert chat.slots["outcome"] is None and not registered(backend)


# --- a correction at a yes/no step answers nothing else ------------------------------------
@pytest.mark.parametrize("intent", ["inform", "deny", "correct"])
@pytest.mark.parametrize(("language", "correction", "insist"), [
    ("en", "oh no, that's wrong - my email is gmail not gmial! greta.schmidt@gmail.com",
     "I didn't say no to the terms! yes I accept"),
    ("es", "ay no, está mal: mi correo es gmail no gmial! greta.schmidt@gmail.com", "no dije que no, sí acepto"),
])
def test_an_email_corrected_at_the_terms_is_no_refusal_and_the_terms_are_asked_again(
        backend, language, correction, insist, intent):
    chat = at_the_terms(language)
    said = joined(chat.form_turn(correction, intent, 0.9))
    assert chat.slots["email"] == "greta.schmidt@gmail.com"
    assert reply_in(language, messages.confirm_email, "greta.schmidt@gmail.com") in said
    assert reply_in(language, messages.terms_declined) not in said, said
    assert chat.slots["requested_slot"] == "terms_accepted" and not registered(backend)
    assert "/terms" in said, "the Terms are asked again"
    assert not (chat.slots["failures"] or {}).get("terms_accepted"), "a correction is no refusal"
    said = joined(chat.form_turn(insist, "deny", 0.8))
    assert chat.slots["outcome"] == "registered" and registered(backend), said
    with backend.session() as session:
        assert session.scalar(select(Registration)).email == "greta.schmidt@gmail.com"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "no that's wrong, my email is greta.schmidt@gmail"),
    ("es", "no, está mal, mi correo es greta.schmidt@gmail"),
])
def test_a_mistyped_correction_at_the_terms_is_no_refusal_either(backend, language, text):
    chat = at_the_terms(language)
    said = joined(chat.form_turn(text, "deny", 0.9))
    assert reply_in(language, messages.terms_declined) not in said, said
    assert not (chat.slots["failures"] or {}).get("terms_accepted") and not registered(backend)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "I didn't say no to the terms! yes I accept"), ("en", "I never said no. Yes, I accept"),
    ("es", "no dije que no, sí acepto"), ("es", "yo nunca dije que no, acepto"),
])
def test_a_negated_no_with_an_explicit_yes_accepts_the_terms(backend, language, text):
    chat = at_the_terms(language)
    said = joined(chat.form_turn(text, "deny", 0.9))
    assert chat.slots["outcome"] == "registered" and registered(backend), said


def to_the_delete_confirmation(language: str) -> Conversation:
    first = at_the_terms(language)
    first.form_turn("yes", "affirm")
    chat = Conversation(language=language)
    chat.start("delete my online account" if language == "en" else "quiero dar de baja mi acceso en línea",
               intent="unregister")
    for text in ("1001234567", "Garza", "78620"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "confirm_unsubscribe"
    return chat


@pytest.mark.parametrize(("language", "correction", "yes"), [
    ("en", "no that's wrong, my last name is Garza", "I didn't say no. yes, delete it"),
    ("es", "no, está mal, mi apellido es Garza", "no dije que no, sí"),
])
def test_a_correction_at_the_delete_confirmation_keeps_the_question_open(backend, language, correction, yes):
    chat = to_the_delete_confirmation(language)
    said = joined(chat.form_turn(correction, "deny", 0.9))
    assert reply_in(language, messages.unsubscribe_kept) not in said, said
    assert chat.slots["confirm_unsubscribe"] is None and chat.slots["outcome"] is None
    answers = {"member_name": "Garza", "identity_proof": "78620"}
    while chat.slots["requested_slot"] in answers:  # the corrected step is asked again, then the question
        chat.form_turn(answers[chat.slots["requested_slot"]])
    assert chat.slots["requested_slot"] == "confirm_unsubscribe"
    chat.form_turn(yes, "deny", 0.8)
    assert chat.slots["outcome"] == "delete_link_sent"


# --- a clear yes with a side question: accepted, then the question answered ----------------
@pytest.mark.parametrize(("language", "text"), [
    ("en", "yes I accept. and can you switch me to paperless while you're at it?"),
    ("en", "I accept and can you turn off my paper bills too?"),
    ("es", "sí acepto, ¿y me pueden quitar el recibo de papel?"),
    ("es", "acepto. ¿también me pueden cambiar a factura sin papel?"),
])
def test_a_yes_with_a_side_question_registers_then_answers_it(backend, language, text):
    chat = at_the_terms(language)
    said = chat.form_turn(text, "ask_paperless", 0.9)
    assert not chat.rejected and chat.slots["outcome"] == "registered" and registered(backend), said
    done = next(i for i, reply in enumerate(said) if reply.startswith(("You are registered", "¡Su registro está listo")))
    paperless = next(i for i, reply in enumerate(said) if "/login" in reply)  # the account page
    assert done < paperless, said
    assert "/terms" not in joined(said), "the Terms are not asked again"
    assert reply_in(language, messages.terms_declined) not in joined(said)


def test_a_yes_with_a_question_the_model_did_not_name_asks_for_it_again(backend):
    chat = at_the_terms()
    said = chat.form_turn("yes I accept. and can you switch me to paperless while you're at it?", "affirm", 0.9)
    assert chat.slots["outcome"] == "registered" and registered(backend)
    assert reply_in("en", messages.side_question_again) in joined(said)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "yes. what do the terms say?"), ("en", "yes I accept. but can I read them first?"),
    ("en", "I accept. is this a scam?"), ("es", "sí, pero ¿qué dicen los términos?"),
    ("es", "sí acepto, ¿y si no acepto qué pasa?"),
])
def test_a_yes_with_a_question_about_the_yes_is_no_acceptance(backend, language, text):
    chat = at_the_terms(language)
    chat.form_turn(text, "ask_paperless", 0.9)
    assert chat.slots["outcome"] is None and not registered(backend)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "no, that's wrong - my email is greta.schmidt@gmail.com"),
    ("es", "no, está mal, mi correo es greta.schmidt@gmail.com"),
])
def test_a_no_with_a_correction_to_it_sounds_like_you_want_to_keeps_the_correction(backend, language, text):
    chat = at_the_terms(language)
    chat.user("delete it" if language == "en" else "bórralo", "unregister", 0.6)
    chat.run("action_start_flow")
    chat.follow_up_form()
    assert chat.slots["pending_switch"] == "unsubscribe"
    said = joined(chat.form_turn(text, "deny", 0.9))
    assert chat.slots["email"] == "greta.schmidt@gmail.com" and chat.slots["goal"] == "register", said
    assert chat.slots["pending_switch"] is None and chat.slots["requested_slot"] == "terms_accepted"
    assert reply_in(language, messages.terms_declined) not in said and not registered(backend)
    chat.form_turn("yes" if language == "en" else "sí", "affirm")
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize("channel", ["sms", "web"])
@pytest.mark.parametrize(("language", "no", "changed_mind", "last_step"), [
    ("en", "no", "If you change your mind, ", "Last step:"),
    ("es", "no", "Si cambia de opinión, ", "Último paso:"),
])
def test_a_no_to_the_terms_says_how_to_accept_later_never_the_same_question(
        backend, language, no, changed_mind, last_step, channel):
    """A play-test's member said "no" to the Terms and read "OK, I have not registered you ..." then
    the same "Last step: do you accept ...?" as if nothing was said: the reply says nothing is
    registered and how to accept on changing one's mind, and a later yes still registers."""
    chat = sign_up_to(Conversation(language=language, channel=channel), "terms_accepted")
    said = joined(chat.form_turn(no, "deny", 0.95))
    assert reply_in(language, messages.terms_declined) in said, said
    assert changed_mind in said and "/terms" in said and last_step not in said, said
    assert chat.slots["requested_slot"] == "terms_accepted" and not registered(backend)
    said = joined(chat.form_turn("yes" if language == "en" else "sí", "affirm", 0.95))
    assert chat.slots["outcome"] == "registered" and registered(backend), said
