"""Leaving for later or coming back answers no question (a fourth play-test): "stop, I'll finish
later" at the security answer was saved as the answer, and "ok, one sec" / "ok back, where were we"
at the Terms accepted them and registered the member. Such words are no answer and no consent; the
answers so far are kept and the pending question is asked again."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_to, stored_answer_hash, to_the_answer


def registered(chat: Conversation) -> bool:
    return chat.slots["outcome"] == "registered"


@pytest.mark.parametrize(("language", "text", "said"), [
    ("en", "stop, I'll finish later", "I'll keep your answers"),
    ("es", "para, luego sigo", "guardo sus respuestas"),
    ("en", "ok back, where were we", "Welcome back"),
])
def test_leaving_or_coming_back_at_the_answer_stores_no_answer(backend, language, text, said):
    chat = to_the_answer(language, "3")
    reply = joined(chat.form_turn(text))
    assert said in reply, reply
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
    assert chat.slots["outcome"] == "paused" or chat.slots["requested_slot"] == "security_answer"
    chat.message("Lanier High")
    assert chat.slots["security_answer"] == "stored"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "ok, one sec"),
    ("en", "ok back, where were we"),
    ("es", "ok, ya regresé"),
    ("en", "wait, I need to go, I'll text you later"),
    ("es", "ok, espéreme tantito"),
])
def test_stepping_away_or_back_at_the_terms_is_no_consent(backend, language, text):
    chat = sign_up_to(Conversation(language=language), "terms_accepted")
    reply = joined(chat.form_turn(text, "affirm", 0.9))
    assert not registered(chat), reply
    assert chat.slots["terms_accepted"] is None
    assert chat.slots["outcome"] == "paused" or chat.slots["requested_slot"] == "terms_accepted"
    assert not (chat.slots["failures"] or {}).get("terms_accepted")
    chat.message("yes I accept" if language == "en" else "sí, acepto", "affirm")
    assert registered(chat)


@pytest.mark.parametrize(("language", "text"), [("en", "yes I accept, I have to go now"), ("es", "sí, acepto. ya me voy")])
def test_a_clear_yes_with_a_goodbye_still_accepts(backend, language, text):
    chat = sign_up_to(Conversation(language=language), "terms_accepted")
    chat.form_turn(text, "affirm", 0.9)
    assert registered(chat)
