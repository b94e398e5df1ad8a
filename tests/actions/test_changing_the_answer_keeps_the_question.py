"""A request to change the security answer keeps its question, in English and Spanish: the answer is
asked again and the new one stored for the same question; only a request naming another question
switches it. ("On second thought, I would rather change that answer" once switched to question 2.)"""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to, stored_answer_hash
from tests.support.replies import reply_in


def after_the_answer(language: str):
    """A sign-up at the Terms whose mother's maiden name "Ashworth" was saved."""
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language), "1", "Ashworth")
    assert chat.slots["security_question"] == "1" and chat.slots["security_answer"] == "stored"
    return chat


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "On second thought, I would rather change that answer."),
        ("en", "let me change my answer"),
        ("en", "can I redo the answer"),
        ("en", "CHANGE ANSWER"),
        ("es", "quiero cambiar la respuesta"),
        ("es", "mejor cambio mi respuesta"),
        ("es", "me equivoqué en la respuesta"),
        ("es", "pensándolo bien, prefiero cambiar la respuesta"),
    ],
)
def test_changing_the_answer_keeps_the_question(backend, language, text):
    chat = after_the_answer(language)
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_question"] == "1" and chat.slots["requested_slot"] == "security_answer"
    assert chat.slots["terms_accepted"] is not True
    assert reply_in(language, messages.ask_security_answer, 1) in reply
    assert reply_in(language, messages.ask_security_answer, 2) not in reply
    chat.form_turn("Ashford")
    assert chat.slots["security_question"] == "1" and chat.slots["security_answer"] == "stored"
    assert verify_answer(stored_answer_hash(backend), "Ashford")
    assert chat.slots["requested_slot"] == "terms_accepted"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I'd rather use the pet one"),
        ("es", "mejor la de la mascota"),
    ],
)
def test_naming_another_question_switches_it(backend, language, text):
    chat = after_the_answer(language)
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_question"] == "2" and chat.slots["requested_slot"] == "security_answer"
    assert reply_in(language, messages.ask_security_answer, 2) in reply
