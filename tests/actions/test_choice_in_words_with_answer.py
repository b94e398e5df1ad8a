"""A security question picked in words ("Number one, please", "the second one", "la número uno", "la de la
prepa") with its answer after it, and an answer with a remark around it ("Merlot (the vineyard dog)"): the
choice is read, the answer alone is stored (never the joining words nor the remark) and never said back."""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import joined, stored_answer_hash, to_the_answer, to_the_question
from tests.support.replies import reply_in
from tests.support.security_choice import chooses_only, chooses_with_answer


@pytest.mark.parametrize(
    ("language", "text", "number", "answer"),
    [
        ("en", "Number one, please: Kowalczyk.", 1, "Kowalczyk"),
        ("en", "Number two please, Rex", 2, "Rex"),
        ("en", "he says high school, Llano High School", 3, "Llano High School"),
        ("en", "the second one, Biscuit", 2, "Biscuit"),
        ("en", "number three: Lanier High", 3, "Lanier High"),
        ("en", "the high school one, Burnet High", 3, "Burnet High"),
        ("es", "La número uno, por favor: Kowalczyk.", 1, "Kowalczyk"),
        ("es", "la número dos por favor, Firulais", 2, "Firulais"),
        ("es", "la de la prepa, Preparatoria Lanier", 3, "Preparatoria Lanier"),
        ("es", "dice que la de la escuela, Escuela Llano", 3, "Escuela Llano"),
        ("es", "la segunda, Canela", 2, "Canela"),
    ],
)
def test_a_choice_in_words_and_its_answer_are_both_read(backend, language, text, number, answer):
    chooses_with_answer(backend, language, text, number, answer)


@pytest.mark.parametrize(
    ("language", "text", "number", "answer"),
    [
        ("en", "2 - Merlot (the vineyard dog)", 2, "Merlot"),
        ("en", "the pet one, Merlot (he guards the vines)", 2, "Merlot"),
        ("es", "2 - Canela (la perrita del rancho)", 2, "Canela"),
        ("es", "la de la mascota, Canela (es la perrita del rancho)", 2, "Canela"),
    ],
)
def test_a_remark_in_brackets_is_no_part_of_the_answer(backend, language, text, number, answer):
    chat, reply = chooses_with_answer(backend, language, text, number, answer)
    assert "vineyard" not in reply and "vines" not in reply and "rancho" not in reply


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("en", "Number one, please", 1),
        ("en", "he says high school", 3),
        ("es", "La número uno, por favor", 1),
        ("es", "dice que la de la prepa", 3),
    ],
)
def test_a_choice_in_words_alone_asks_its_answer(backend, language, text, number):
    chooses_only(backend, language, text, number)


@pytest.mark.parametrize(
    ("language", "answer", "remark"),
    [
        ("en", "Merlot", " (the vineyard dog)"),
        ("en", "Merlot", " - the vineyard dog"),
        ("es", "Canela", " (la perrita del rancho)"),
        ("es", "Canela", ", la perrita del rancho"),
    ],
)
def test_a_remark_after_the_answer_alone_is_not_stored(backend, language, answer, remark):
    chat = to_the_answer(language, "2")
    reply = joined(chat.form_turn(answer + remark))
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    assert reply_in(language, messages.confirm_answer, 2) in reply
    assert answer.lower() not in reply.lower() and "vineyard" not in reply and "rancho" not in reply


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "I'll do pet, the shop cat is Mouser"), ("es", "la de la mascota, la gata de la tienda se llama Michi y es muy buena")],
)
def test_an_answer_in_a_sentence_still_asks_for_the_answer_alone(backend, language, text):
    chat = to_the_question(language)
    reply = joined(chat.form_turn(text))
    assert stored_answer_hash(backend) is None
    assert reply_in(language, messages.answer_only, 2) in reply
