"""A security question named with a typo, in English and Spanish (``actions.question_typos``): at the
menu it is the question chosen, never its answer; at the answer step a message that only names the
question (spelt right or not) is never stored; an answer close to a name ("Hill School") still is."""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import joined, stored_answer_hash, to_the_answer, to_the_question
from tests.support.replies import reply_in
from tests.support.security_choice import answered_next, chooses_only, chooses_with_answer


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("en", "hi school", 3),
        ("en", "high schol", 3),
        ("en", "hihg school", 3),
        ("en", "the hi scool one", 3),
        ("en", "mother maiden", 1),
        ("en", "moms maiden name", 1),
        ("en", "mothr maidn", 1),
        ("en", "pet", 2),
        ("es", "mascota", 2),
        ("es", "mascta", 2),
        ("es", "escuela", 3),
        ("es", "la de la escula", 3),
        ("es", "prepa", 3),
        ("es", "secundaria", 3),
        ("es", "apellido de soltera de mi mamá", 1),
        ("es", "apellido de soltra", 1),
    ],
)
def test_a_misspelt_choice_is_the_question_never_its_answer(backend, language, text, number):
    chat, _ = chooses_only(backend, language, text, number)
    answered_next(backend, chat, language, number, "lanier hs")


@pytest.mark.parametrize(("language", "text"), [("en", "hi school"), ("es", "la escula")])
def test_a_misspelt_choice_read_as_a_greeting_is_still_the_choice(backend, language, text):
    chat = to_the_question(language)
    chat.form_turn(text, intent="greet")
    assert not chat.rejected and chat.slots["security_question"] == "3"
    assert stored_answer_hash(backend) is None and chat.slots["requested_slot"] == "security_answer"


@pytest.mark.parametrize(
    ("language", "text", "answer"),
    [
        (
            "en",
            "hmm which one would she remember... high schol i guess, she went to st. thomas more",
            "St. Thomas More",
        ),
        ("es", "mmm cuál se acordará ella... la escula creo, ella fue a la Benito Juárez", "Benito Juárez"),
    ],
)
def test_a_misspelt_choice_in_a_sentence_keeps_its_answer(backend, language, text, answer):
    _, reply = chooses_with_answer(backend, language, text, 3, answer)
    assert answer.split()[-1].lower() not in reply.lower()


@pytest.mark.parametrize(
    ("language", "question", "text"),
    [
        ("en", "3", "hi school"),
        ("en", "3", "high school"),
        ("en", "3", "hihg school"),
        ("en", "2", "pet name"),
        ("en", "2", "pet nam"),
        ("es", "3", "la escula"),
        ("es", "3", "escuela secundaria"),
        ("es", "1", "apellido de soltra"),
        ("es", "2", "nombre de mi mascota"),
    ],
)
def test_the_question_s_own_name_at_the_answer_step_is_never_stored(backend, language, question, text):
    chat = to_the_answer(language, question)
    reply = joined(chat.form_turn(text))
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
    assert chat.slots["security_question"] == question and chat.slots["requested_slot"] == "security_answer"
    assert reply_in(language, messages.ask_security_answer, int(question)) in reply


@pytest.mark.parametrize(
    ("language", "question", "text"),
    [
        ("en", "3", "Hill School"),
        ("en", "1", "Madden"),
        ("es", "2", "Mascot"),
        ("es", "1", "Mader"),
    ],
)
def test_an_answer_close_to_a_question_s_name_is_stored(backend, language, question, text):
    chat = to_the_answer(language, question)
    chat.form_turn(text)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), text)
