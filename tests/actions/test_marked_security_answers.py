"""A security answer inside a wordy choice or a correction is kept, in English and Spanish
(``security_answer.marked_answer``): what follows "the answer is", "answer:", "la respuesta es",
"se llama" / "se yama", "its name is", or the last spelled form after "with two r's:" is the answer,
stored hashed and never said back."""

from __future__ import annotations

import pytest

from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import (
    Conversation,
    joined,
    sign_up_start,
    sign_up_to,
    stored_answer_hash,
    to_the_answer,
)
from tests.support.security_choice import chooses_with_answer, latest_message_id


@pytest.mark.parametrize(
    ("language", "text", "number", "answer"),
    [
        (
            "en",
            "I shall select the question concerning the secondary school I attended. The answer is Westlake.",
            3,
            "Westlake",
        ),
        ("en", "the pet one. answer: Biscuit", 2, "Biscuit"),
        (
            "es",
            "Quisiera escoger la pregunta sobre la escuela secundaria a la que asistí. La respuesta es Colegio Americano.",
            3,
            "Colegio Americano",
        ),
        ("es", "la d mi mascota se yama firulais", 2, "firulais"),
    ],
)
def test_an_answer_in_a_wordy_choice_is_kept(backend, language, text, number, answer):
    _, reply = chooses_with_answer(backend, language, text, number, answer)
    assert answer.split()[-1].lower() not in reply.lower()


@pytest.mark.parametrize(
    ("language", "question", "text", "answer"),
    [
        ("en", "2", "its name is Burek", "Burek"),
        ("en", "3", "The answer is Westlake.", "Westlake"),
        ("es", "2", "se yama firulais", "firulais"),
        ("es", "3", "la respuesta es Colegio Americano", "Colegio Americano"),
    ],
)
def test_a_marked_answer_at_the_answer_step(backend, language, question, text, answer):
    chat = to_the_answer(language, question)
    chat.form_turn(text)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)


@pytest.mark.parametrize(
    ("language", "text", "answer"),
    [
        ("en", "It's Burek with two r's: Burrek", "Burrek"),
        ("es", "Es Burek con dos r: Burrek", "Burrek"),
        ("es", "perdón, la respuesta es Burrek", "Burrek"),
    ],
)
def test_a_respelling_at_the_terms_stores_its_last_form(backend, language, text, answer):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language), "2", "Burek")
    reply = joined(chat.form_turn(text))
    assert chat.slots["terms_accepted"] is not True
    assert verify_answer(stored_answer_hash(backend), answer)
    assert answer.lower() not in reply.lower()
    assert chat.slots["security_question"] == "2" and chat.slots["requested_slot"] == "terms_accepted"
    assert chat.slots["redact_message_id"] == latest_message_id(chat)
