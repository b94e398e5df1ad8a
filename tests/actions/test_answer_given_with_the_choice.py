"""The security answer given with the choice, in the member's own words, is the answer stored: "3 and it's
Lake Travis High" stored "and it's Lake Travis High", "la 3, fui a la prepa de Blanco" stored "de Blanco",
and "la primera: Villarreal" or "We'll use the mother's maiden name question, which is Pemberton." were
asked for again. Each stores what the member will type when asked for it later (the backend compares
answers only case-, accent- and spacing-insensitively: "Blanco High" is no "Blanco"), never says it back,
and keeps the message out of the record.
A yes to the Terms said in such a message is heard: whenever the Terms come, they are shown with their link
and the member asked to confirm ("You said you accept ..."), never asked as if nothing was said."""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import Conversation, joined, stored_answer_hash, to_the_answer
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code
from tests.support.replies import reply_in
from tests.support.security_choice import chooses_with_answer, latest_message_id
from tests.support.terms_said import PLAIN_QUESTION, SAID, YES


@pytest.mark.parametrize(
    ("language", "text", "number", "answer"),
    [
        # the word joining the answer to the choice, and "it's" / "es" after it, are no part of it
        ("en", "3 and it's Lake Travis High", 3, "Lake Travis High"),
        ("en", "3 and it's Marble Falls High", 3, "Marble Falls High"),
        ("en", "2 and its Rex", 2, "Rex"),
        ("en", "1, and it is Garcia", 1, "Garcia"),
        ("en", "number 2 and the answer is Rex", 2, "Rex"),
        ("en", "the pet one and it's Rex", 2, "Rex"),
        ("es", "la 2 y es Canela", 2, "Canela"),
        ("es", "la 1 y se llama Rocky", 1, "Rocky"),
        ("es", "la 3 y es Lanier High", 3, "Lanier High"),
        # a school named by its town: the town is the answer
        ("es", "la 3, fui a la prepa de Blanco", 3, "Blanco"),
        ("es", "la 3, fui a la prepa de Llano", 3, "Llano"),
        ("es", "la de la escuela, estudié en la secundaria de Llano", 3, "Llano"),
        ("en", "3, I went to Wimberley High", 3, "Wimberley High"),
        ("en", "the school one, I went to Dripping Springs High School", 3, "Dripping Springs High School"),
        # the choice by its place in the menu, or said for a business ("we"), with its answer
        ("en", "We would prefer the third question; the owner attended Dripping Springs High School.", 3,
         "Dripping Springs High School"),
        ("en", "We'll use the mother's maiden name question, which is Pemberton.", 1, "Pemberton"),
        ("en", "the first one, Garcia", 1, "Garcia"),
        ("es", "la primera: Villarreal", 1, "Villarreal"),
        ("es", "la segunda: Canela", 2, "Canela"),
        # already read so, and kept so
        ("es", "la segunda, mi perrita se llama Canela", 2, "Canela"),
        ("es", "2, mi gato se llama Michi", 2, "Michi"),
        ("es", "1, el apellido de soltera de mi madre es Schäfer", 1, "Schäfer"),
        ("en", "I shall choose the first question; my mother's maiden name is Albrecht", 1, "Albrecht"),
        ("en", "pet's name, se llama Rocky", 2, "Rocky"),
        ("en", "mother's maiden name, es Boudreaux", 1, "Boudreaux"),
        ("en", "3 Wimberley High", 3, "Wimberley High"),
    ],
)
def test_the_answer_given_with_the_choice_is_stored_without_the_words_around_it(backend, language, text, number,
                                                                                answer):
    chooses_with_answer(backend, language, text, number, answer)


@pytest.mark.parametrize(
    ("language", "text", "answer"),
    [
        ("en", "Pepper, as I wrote above", "Pepper"),
        ("en", "Rusty, like I said", "Rusty"),
        ("en", "as I mentioned before, Rusty", "Rusty"),
        ("es", "Canela, como le dije", "Canela"),
        ("es", "Chato, como ya le escribí arriba", "Chato"),
    ],
)
def test_a_remark_about_saying_it_before_is_no_part_of_the_answer(backend, language, text, answer):
    chat = to_the_answer(language, "2")
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    assert reply_in(language, messages.answer_only, 2) not in reply
    assert reply_in(language, messages.confirm_answer, 2) in reply and answer.lower() not in reply.lower()
    assert chat.slots["redact_message_id"] == latest_message_id(chat)


WITH_THE_CODE = {
    "en": f"I want to register. Account {ALVAREZ['account']}, {ALVAREZ['name']}, a@example.com, zip "
          f"{ALVAREZ['zip']}, I'll do my pet's name which is Pepper, and I accept the terms and conditions.",
    "es": f"Quiero registrarme. Cuenta {ALVAREZ['account']}, {ALVAREZ['name']}, a@example.com, código postal "
          f"{ALVAREZ['zip']}, la de mi mascota, se llama Pepper, y sí, acepto los términos y condiciones.",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_terms_accepted_before_the_code_are_acknowledged_after_it(backend, language):
    """The Terms come turns later, after the texted code: the yes said in the first message is still heard."""
    add_alvarez(backend)
    chat = Conversation(language=language)
    chat.start(WITH_THE_CODE[language])
    assert chat.slots["requested_slot"] == "one_time_code"
    reply = joined(chat.form_turn(last_code(backend)))
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), "Pepper")
    assert chat.slots["requested_slot"] == "terms_accepted"
    assert SAID[language] in reply and PLAIN_QUESTION[language] not in reply, reply
    chat.form_turn(YES[language])
    assert chat.slots["outcome"] == "registered"


NO_ANSWER_YET = {
    "en": "Hi, sign me up: account 1001234567, name Garza, email g@example.com, zip 78620, and I accept the terms",
    "es": "Hola, quiero registrarme: cuenta 1001234567, Garza, g@example.com, código postal 78620, y acepto los "
          "términos",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_terms_accepted_first_are_acknowledged_once_when_their_turn_comes(backend, language):
    chat = Conversation(language=language)
    chat.start(NO_ANSWER_YET[language])
    assert chat.slots["requested_slot"] == "security_question"
    chat.form_turn("2")
    reply = joined(chat.form_turn("Rex"))
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None
    assert SAID[language] in reply and PLAIN_QUESTION[language] not in reply, reply
    # Shown once with the member's words heard: asked again, it is the usual question.
    again = joined(chat.form_turn("hmm"))
    assert SAID[language] not in again and PLAIN_QUESTION[language] in again, again
    chat.form_turn(YES[language])
    assert chat.slots["outcome"] == "registered"
