"""A message that asks for another language in the middle of a flow, in English and Spanish.

The web app passes on only the rest of such a message ("ok can we finish in English please" ->
"ok can we finish"), marked ``language_requested`` (docs/languages.md). The filler around a
request answers no question: at a yes/no step only a yes or no in so many words counts
("yes I accept", "sí acepto"), and a rest without a value for the pending question gets
"let's continue in <language>" and that question again, never a complaint.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions import messages
from actions.language import speaking
from backend.storage.models import Registration
from common.gsm import reply_safe, to_gsm7
from tests.support.action_conversation import Conversation, joined
from webhook.language import detect

CONTINUING = {"en": "OK, let's continue in English.", "es": "De acuerdo, seguimos en español."}
OTHER = {"en": "es", "es": "en"}
ANSWERS = {"account_number": "1001234567", "member_name": "Garza", "email": "g@example.com",
           "identity_proof": "78620", "security_question": "2", "security_answer": "Rex"}


def up_to(chat: Conversation, slot: str, start: str = "sign up", intent: str = "register") -> None:
    chat.start(start, intent)
    while chat.slots["requested_slot"] != slot:
        chat.form_turn(ANSWERS[chat.slots["requested_slot"]])
    assert chat.slots["requested_slot"] == slot


def registered(backend) -> bool:
    with backend.session() as session:
        return session.scalar(select(Registration)) is not None


def said(texts: list[str]) -> str:
    """The replies folded as texted, so that a check finds its words with or without accents."""
    return to_gsm7(joined(texts))


@pytest.mark.parametrize(("language", "rest", "intent"), [
    ("en", "ok can we finish", "affirm"),
    ("en", "ok please", "affirm"),
    ("en", "sure, can we finish?", "affirm"),
    ("es", "vale, por favor", "affirm"),
    ("es", "ok, mejor", "affirm"),
    ("es", "bueno, ¿podemos terminar?", "inform"),
    ("es", "no hablo inglés", "deny"),
])
def test_filler_around_a_language_request_never_answers_the_terms(backend, language, rest, intent):
    chat = Conversation(language=OTHER[language])
    up_to(chat, "terms_accepted")
    replies = chat.asks_for_language(rest, language, intent, 0.97)
    assert not registered(backend) and chat.slots["terms_accepted"] is None
    assert chat.slots["requested_slot"] == "terms_accepted"
    assert replies[0] == CONTINUING[language], replies
    assert ("Reply YES to accept" if language == "en" else "Responda SÍ para aceptar") in replies[-1], replies
    assert not (chat.slots["failures"] or {}).get("terms_accepted"), "no refusal counted"
    assert "not registered" not in said(replies) and "no le he registrado" not in said(replies).lower()


@pytest.mark.parametrize(("language", "rest"), [("en", "yes I accept"), ("es", "sí acepto")])
def test_an_explicit_acceptance_with_a_language_request_accepts_the_terms(backend, language, rest):
    chat = Conversation(language=OTHER[language])
    up_to(chat, "terms_accepted")
    chat.asks_for_language(rest, language, "affirm")
    assert registered(backend) and chat.slots["outcome"] == "registered"


def deletion_asked(language: str) -> Conversation:
    """A registered member who asked to delete the online access, at the confirmation."""
    first = Conversation()
    up_to(first, "terms_accepted")
    first.form_turn("yes")
    chat = Conversation(language=language)
    up_to(chat, "confirm_unsubscribe", "delete my online account", "unregister")
    return chat


@pytest.mark.parametrize(("language", "rest"), [("en", "ok please"), ("es", "vale, por favor")])
def test_filler_around_a_language_request_never_confirms_a_deletion(backend, language, rest):
    chat = deletion_asked(OTHER[language])
    replies = chat.asks_for_language(rest, language, "affirm", 0.97)
    assert chat.slots["outcome"] != "delete_link_sent" and chat.slots["requested_slot"] == "confirm_unsubscribe"
    assert replies[0] == CONTINUING[language]
    with speaking(language):
        assert replies[-1] == reply_safe(messages.ask_confirm_unsubscribe())


@pytest.mark.parametrize(("language", "rest"), [("en", "yes delete it"), ("es", "sí, bórrela")])
def test_an_explicit_yes_with_a_language_request_confirms_the_deletion(backend, language, rest):
    chat = deletion_asked(OTHER[language])
    chat.asks_for_language(rest, language, "affirm")
    assert chat.slots["outcome"] == "delete_link_sent"


@pytest.mark.parametrize(("language", "rest"), [("en", "ok"), ("es", "vale")])
def test_filler_around_a_language_request_never_answers_it_sounds_like(backend, language, rest):
    chat = Conversation(language=OTHER[language])
    up_to(chat, "identity_proof")
    chat.user("delete my online account", "unregister", 0.8)
    chat.run("action_start_flow")
    chat._form()
    assert chat.slots["pending_switch"] == "unsubscribe"
    replies = chat.asks_for_language(rest, language, "affirm", 0.97)
    assert chat.slots["goal"] == "register" and chat.slots["pending_switch"] == "unsubscribe"
    assert replies[0] == CONTINUING[language]
    with speaking(language):
        assert replies[-1] == reply_safe(messages.confirm_switch("unsubscribe"))
    chat.asks_for_language("no", language, "deny")
    assert chat.slots["goal"] == "register" and chat.slots["pending_switch"] is None


STEPS = ["account_number", "member_name", "email", "identity_proof", "security_question", "security_answer"]
# What members add to a request for another language: a reason, never an answer.
REASONS = {"en": ["sorry, it is easier for me that way", "actually can we do the rest"],
           "es": ["actually mejor , es más fácil para mí", "es que no entiendo bien"]}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_language_request_without_an_answer_asks_the_pending_question_again(backend, step, language):
    for rest in REASONS[language]:
        chat = Conversation(language=OTHER[language])
        up_to(chat, step)
        replies = chat.asks_for_language(rest, language)
        assert replies[0] == CONTINUING[language], (rest, replies)
        assert len(replies) == 2 and chat.slots["requested_slot"] == step, (rest, replies)
        assert not (chat.slots["failures"] or {}).get(step), "no failure counted"
        for complaint in ("does not look", "no parece", "could not", "no pude", "not understand", "No entend"):
            assert complaint not in said(replies), (rest, replies)
        assert chat.slots["security_answer"] is None


@pytest.mark.parametrize(("language", "rest"), [("en", "my email is g@example.com"),
                                                 ("es", "mi correo es g@example.com")])
def test_a_value_beside_a_language_request_is_read(backend, language, rest):
    chat = Conversation(language=OTHER[language])
    up_to(chat, "email")
    chat.asks_for_language(rest, language)
    assert chat.slots["email"] == "g@example.com" and chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize(("language", "rest"), [("en", "Garza"), ("en", "the last name is Garza"),
                                                 ("es", "Garza"), ("es", "el apellido es Garza")])
def test_a_name_beside_a_language_request_is_read(backend, language, rest):
    chat = Conversation(language=OTHER[language])
    up_to(chat, "member_name")
    chat.asks_for_language(rest, language)
    assert chat.slots["member_name"] == "Garza" and chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize(("language", "rest", "intent", "action"), [
    ("en", "ok can we finish", "never_mind", "action_never_mind"),
    ("en", "ok can we do it over", "start_over", "action_start_over"),
    ("es", "bueno, ¿podemos terminar?", "never_mind", "action_never_mind"),
    ("es", "vale, ¿lo borramos?", "unregister", "action_start_flow"),
])
def test_filler_read_as_a_change_of_course_changes_nothing(backend, language, rest, intent, action):
    """The rest of a language request read as "never mind" / "start over" / "delete" by a model
    that is not sure: no change and no "It sounds like ...?", the pending question in the new language."""
    chat = Conversation(language=OTHER[language])
    up_to(chat, "terms_accepted")
    chat.language = language
    chat.user(rest, intent, 0.7)
    chat.events[-1]["metadata"]["language_requested"] = True
    events, replies = chat.run(action)
    # Rasa runs the form next: the one the action asked for (FollowupAction), else the active one.
    replies += chat.follow_up_form() if any(e.get("event") == "followup" for e in events) else chat._form()
    assert chat.slots["goal"] == "register" and chat.slots["pending_switch"] is None
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["security_answer"] == "stored"
    assert replies[0] == CONTINUING[language] and len(replies) == 2, replies
    assert ("Reply YES to accept" if language == "en" else "Responda SÍ para aceptar") in replies[-1], replies


@pytest.mark.parametrize(("language", "rest"), [("en", "ok please"), ("es", "vale, por favor")])
def test_filler_around_a_language_request_never_answers_an_offer_outside_a_flow(backend, language, rest):
    """ "Would you like to sign up? Reply YES or NO." (no login to change): the offer again, still open."""
    chat = Conversation(language=OTHER[language])
    chat.set(pending_switch="register")
    chat.language = language
    chat.user(rest, "affirm", 0.97)
    chat.events[-1]["metadata"]["language_requested"] = True
    events, replies = chat.run("action_side_answer")
    with speaking(language):
        assert replies == [CONTINUING[language], reply_safe(messages.no_login_to_change())]
    assert chat.slots["pending_switch"] == "register" and not chat.slots["goal"]
    assert not any(e.get("event") == "followup" for e in events)


# --- a request in a sentence, with its reason (a fifth play-test's member) -----------------------
@pytest.mark.parametrize(("current", "text"), [
    ("es", "Sorry, my wife does the Spanish, can we switch to English?"),
    ("en", "¿lo podemos cambiar a español? mi esposo no habla inglés"),
])
def test_a_request_with_its_reason_switches_and_asks_the_menu_again_without_a_fallback(backend, current, text):
    chat = Conversation(language=current)
    up_to(chat, "security_question", "quiero registrarme" if current == "es" else "sign up")
    decision = detect(text, current, ("en", "es"))
    assert decision.requested and decision.language == OTHER[current] and decision.rest == ""
    # Nothing else said: the web app sends the greeting intent, marked as a request.
    chat.language = decision.language
    chat.user("/greet", "greet")
    chat.events[-1]["metadata"]["language_requested"] = True
    _, validated = chat.run("validate_registration_form")
    replies = validated + chat.run("action_side_answer")[1] + chat.run("action_ask_security_question")[1]
    assert replies[0] == CONTINUING[decision.language], replies
    with speaking(decision.language):
        off_topic = messages.off_topic(None).split(":")[0]
        menu = messages.ask_security_question()
    assert off_topic not in joined(replies) and replies[1:] == [menu], replies
    assert chat.slots["requested_slot"] == "security_question" and not chat.failures("security_question")


# --- a language said easier or preferred, at the e-mail step (a play-test's members) --------------
def test_english_said_easier_at_the_spanish_email_step_switches_and_asks_the_address_again(backend):
    text = "actually english is easier for me to read, can you switch"
    chat = Conversation(language="es")
    up_to(chat, "email", "quiero registrarme")
    decision = detect(text, "es", ("en", "es"))
    assert decision.requested and decision.language == "en" and decision.rest == ""
    chat.language = decision.language
    chat.user("/greet", "greet")
    chat.events[-1]["metadata"]["language_requested"] = True
    _, validated = chat.run("validate_registration_form")
    replies = validated + chat.run("action_side_answer")[1] + chat.run("action_ask_email")[1]
    assert replies[0] == CONTINUING["en"], replies
    assert "no parece" not in said(replies) and "does not look" not in said(replies), replies
    with speaking("en"):
        assert replies[-1] == reply_safe(messages.ask_email()), replies
    assert chat.slots["requested_slot"] == "email" and not chat.failures("email")


@pytest.mark.parametrize(("current", "text", "address"), [
    ("en", "mi esposa va a terminar, ella prefiere español. el correo es anatrevino@yahoo.com",
     "anatrevino@yahoo.com"),
    ("es", "my husband will finish, he prefers English. the email is ana@example.com", "ana@example.com"),
])
def test_a_preferred_language_with_the_address_switches_this_reply_and_reads_the_address(backend, current, text,
                                                                                        address):
    chat = Conversation(language=current)
    up_to(chat, "email", "quiero registrarme" if current == "es" else "sign up")
    decision = detect(text, current, ("en", "es"))
    assert decision.requested and decision.language == OTHER[current], decision
    replies = chat.asks_for_language(decision.rest, decision.language)
    assert chat.slots["email"] == address and chat.slots["requested_slot"] == "identity_proof"
    got_it, proof = {"es": ("Entendido, usaré", "codigo postal"), "en": ("Got it, I will use", "ZIP code")}[decision.language]
    assert got_it in said(replies) and proof in said(replies), replies
