"""The Spanish lead-ins of a security answer are read as the English ones are (a play-test: "la 3 escuela,
fui a la Dripping Springs High" at the question menu heard "Envíe solo la respuesta, en pocas palabras",
while "High school. I went to San Marcos High." was taken): only the answer's words are stored (the
backend's hash of the normalised answer matches the bare answer), never said back."""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import joined, stored_answer_hash, to_the_answer
from tests.support.replies import reply_in
from tests.support.security_choice import chooses_with_answer


@pytest.mark.parametrize(
    ("language", "text", "number", "answer"),
    [
        ("en", "High school. I went to San Marcos High.", 3, "San Marcos High"),
        ("en", "3, I attended Dripping Springs High", 3, "Dripping Springs High"),
        ("es", "la 3 escuela, fui a la Dripping Springs High", 3, "Dripping Springs High"),
        ("es", "la 3, estudié en la Lanier High", 3, "Lanier High"),
        ("es", "la de la escuela, fui al Wimberley High", 3, "Wimberley High"),
        ("es", "la 3, me gradué de Travis High School", 3, "Travis High School"),
        ("es", "la 2, mi mascota se llama Firulais", 2, "Firulais"),
        ("es", "la del perro, se llamaba Canela", 2, "Canela"),
        ("en", "the pet one, my dog's name is Rex", 2, "Rex"),
    ],
)
def test_a_lead_in_with_the_choice_leaves_the_bare_answer(backend, language, text, number, answer):
    chooses_with_answer(backend, language, text, number, answer)


@pytest.mark.parametrize(
    ("language", "question", "text", "answer"),
    [
        ("en", "3", "I went to San Marcos High", "San Marcos High"),
        ("en", "2", "my pet's name is Rex", "Rex"),
        ("es", "3", "fui a la Dripping Springs High", "Dripping Springs High"),
        ("es", "3", "estudié en la San Marcos High", "San Marcos High"),
        ("es", "2", "mi mascota se llama Firulais", "Firulais"),
        ("es", "2", "se llamaba Canela", "Canela"),
    ],
)
def test_a_lead_in_at_the_answer_leaves_the_bare_answer(backend, language, question, text, answer):
    chat = to_the_answer(language, question)
    reply = joined(chat.form_turn(text))
    assert reply_in(language, messages.answer_only, int(question)) not in reply, reply
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer), reply
    assert answer.lower() not in reply.lower()
