"""Right after "OK, let's start over.", "I want to sign up for online access" starts the sign-up
("Sure, I can sign you up ...", the account number asked), never "OK, nothing changed. Let's continue
where we were.": nothing was under way to continue. Mid-sign-up the same words still keep every
answer and say nothing changed. English and Spanish, against the real backend."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start

WORDS = {
    "en": dict(again="I want to sign up for online access", started="Sure, I can sign you up",
               unchanged="nothing changed", start_over="start over", over="let's start over"),
    "es": dict(again="quiero registrarme para el acceso en linea", started="Claro, puedo registrarle",
               unchanged="todo sigue igual", start_over="empezar de nuevo", over="empecemos de nuevo"),
}


def _started_over(language: str) -> Conversation:
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    assert chat.slots["requested_slot"] == "email"
    chat.form_turn(WORDS[language]["start_over"], intent="start_over", confidence=0.99)
    assert chat.rejected  # the rule's action answers
    _, said = chat.run("action_start_over")
    said += chat.follow_up_form()
    assert chat.slots["requested_slot"] == "account_number" and not chat.slots["account_number"], said
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_sign_up_words_right_after_starting_over_start_the_sign_up(backend, language):
    words = WORDS[language]
    chat = _started_over(language)
    said = joined(chat.form_turn(words["again"], intent="register", confidence=0.97))
    assert words["started"] in said and words["unchanged"] not in said, said
    assert chat.slots["requested_slot"] == "account_number"


@pytest.mark.parametrize("language", ["en", "es"])
def test_sign_up_words_mid_sign_up_keep_the_answers(backend, language):
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    said = joined(chat.form_turn(words["again"], intent="register", confidence=0.97))
    assert words["unchanged"] in said and words["started"] not in said, said
    assert chat.slots["account_number"] == "1001234567" and chat.slots["requested_slot"] == "member_name"
