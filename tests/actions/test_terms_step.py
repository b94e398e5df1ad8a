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
from backend.storage.models import Registration, RegistrationDraft
from common.gsm import to_gsm7
from tests.support.action_conversation import Conversation, joined


def up_to_terms(chat: Conversation) -> None:
    chat.start("sign up")
    for text in ("1001234567", "Garza", "g@example.com", "78620", "2", "Rex"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "terms_accepted"


def registered(backend) -> bool:
    with backend.session() as session:
        return session.scalar(select(Registration)) is not None


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
    ("en", "what am I agreeing to exactly? do you share my info with anybody", "ask_safety", "never sells"),
    ("es", "¿qué dicen los términos?", "help", "En resumen"),
    ("es", "¿qué dicen los términos?", "inform", "nunca los vende"),
])
def test_what_the_terms_say_is_a_short_summary_with_the_link_once(backend, language, text, intent, words):
    chat = Conversation(language=language)
    up_to_terms(chat)
    reply = chat.form_turn(text, intent)
    if chat.rejected:  # a side question: its rule answers, then the form asks again
        reply += chat.run("action_side_answer")[1] + chat.run("action_ask_terms_accepted")[1]
    said = joined(reply)
    assert words in said, said
    assert said.count(backend.settings.public_url.rstrip("/") + "/terms") == 1, said
    assert chat.slots["requested_slot"] == "terms_accepted" and not registered(backend)
    assert not (chat.slots["failures"] or {}).get("terms_accepted"), "a question is no failed answer"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "wait, I haven't given my security answer yet"),
    ("en", "ok but I never gave you my high school name. can I set that first?"),
    ("es", "wait, todavia no te dije la escuela"),
    ("es", "espera, todavía no te di la respuesta de seguridad"),
])
def test_a_security_answer_still_to_give_reopens_its_step_not_a_refusal(backend, language, text):
    chat = Conversation(language=language)
    up_to_terms(chat)
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
    chat = Conversation(language=language)
    up_to_terms(chat)
    said = joined(chat.form_turn(text, "deny"))
    assert words in said.replace("í", "i").replace("á", "a"), said
    assert "have not registered you:" not in said and "no hice su registro:" not in said
    assert chat.slots["requested_slot"] == "terms_accepted" and not registered(backend)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "I can't open that link on my phone very well, but I trust the co-op, so yes, that's fine with me."),
    ("es", "no pude abrir el enlace pero sí, acepto"),
])
def test_a_yes_in_the_last_clause_accepts_the_terms(backend, language, text):
    chat = Conversation(language=language)
    up_to_terms(chat)
    said = joined(chat.form_turn(text, "deny", 0.6))
    assert chat.slots["outcome"] == "registered" and registered(backend), said


@pytest.mark.parametrize(("language", "text"), [
    ("en", "yes but I don't accept the part about paperless billing"),
    ("es", "sí, pero no acepto la parte de los mensajes"),
])
def test_a_yes_that_refuses_a_part_is_no_acceptance(backend, language, text):
    chat = Conversation(language=language)
    up_to_terms(chat)
    chat.form_turn(text, "affirm", 0.95)
    assert chat.slots["outcome"] is None and not registered(backend)


@pytest.mark.parametrize(("language", "welcome"), [("en", "Welcome back"), ("es", "Sigamos donde se quedo")])
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


def up_to_terms_with_school(chat: Conversation, answer: str) -> None:
    chat.start("sign up" if chat.language == "en" else "quiero registrarme")
    for text in ("1001234567", "Garza", "g@example.com", "78620", "3", answer):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "terms_accepted"


def stored_answer_is(backend, answer: str) -> bool:
    with backend.session() as session:
        draft = session.scalar(select(RegistrationDraft))
        return bool(draft and draft.security_answer_hash and verify_answer(draft.security_answer_hash, answer))


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
    chat = Conversation(language=language)
    up_to_terms_with_school(chat, "Wimberly High")
    said = joined(chat.form_turn(text, intent, 0.9))
    assert not chat.rejected and chat.slots["requested_slot"] == "security_answer", said
    assert chat.slots["security_question"] == "3" and chat.slots["identity_proof"] == "verified"
    assert not (chat.slots["failures"] or {}).get("terms_accepted"), "a correction is no refusal"
    with speaking(language):
        assert to_gsm7(messages.answer_again()) in said and to_gsm7(messages.ask_security_answer(3)) in said
    assert "Solo puedo registrarle" not in said and "only register you" not in said
    assert "Wimberl" not in said
    chat.form_turn("Wimberley High")
    assert chat.slots["requested_slot"] == "terms_accepted" and stored_answer_is(backend, "Wimberley High")
    chat.form_turn("yes" if language == "en" else "sí", "affirm")
    assert chat.slots["outcome"] == "registered" and registered(backend)


@pytest.mark.parametrize("text", ["si acepto", "ok sigue, si acepto", "ok sigue, sí acepto", "va, acepto",
                                  "sale, de acuerdo", "órale sí", "orale si", "SI", "ok sigue, sí"])
def test_a_spanish_yes_accepts_the_terms(backend, text):
    chat = Conversation(language="es")
    up_to_terms(chat)
    said = joined(chat.form_turn(text, "inform", 0.5))
    assert chat.slots["outcome"] == "registered" and registered(backend), said


@pytest.mark.parametrize("text", ["acepto si me mandan el recibo en papel", "si pero no acepto los mensajes",
                                  "ok sigue, sí pero no acepto la parte de los mensajes"])
def test_a_conditional_or_partial_spanish_yes_is_no_acceptance(backend, text):
    chat = Conversation(language="es")
    up_to_terms(chat)
    chat.form_turn(text, "affirm", 0.95)
    assert chat.slots["outcome"] is None and not registered(backend)
