"""Every answer in one message, the Terms accepted last, against the real backend API (member
"Garza", account 1001234567, ZIP 78620).

"security question is my pet's name which is Smulan, and I accept the terms and conditions" kept
the choice and dropped its answer; "pregunta de seguridad: mascota, se llamaba Tito, y sí, acepto
los términos" dropped both; a numbered choice ("security question 2 pet name Rusty") was asked for
again; at the menu "la 3, Escuela Lanier, y acepto los términos" read the Terms as part of the
answer and asked for it again. The choice and the answer are kept, the Terms accepted at the end
are no part of the answer (``security_answer.without_accepted_terms``), the answer is stored
hashed, never echoed, and the message redacted; the Terms come next, shown with the member's yes
acknowledged.
"""

from __future__ import annotations

import pytest

from actions.security_answer import without_accepted_terms
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import (
    Conversation,
    joined,
    stored_answer_hash,
    to_the_answer,
    to_the_question,
)
from tests.support.security_choice import latest_message_id
from tests.support.terms_said import PLAIN_QUESTION, SAID, YES

EVERYTHING = [
    ("en", "Hi, I want online access. Here's everything at once: account 1001234567, name Garza, email "
           "erik.lindqvist@fastmail.com, ZIP 78620, security question is my pet's name which is Smulan, and I "
           "accept the terms and conditions.", "Smulan"),
    ("es", "Hola! Quiero el acceso en línea. Cuenta 1001234567, apellido Garza, correo lucia.ibanez@gmail.com, "
           "código postal 78620, pregunta de seguridad: mascota, se llamaba Tito, y sí, acepto los términos y "
           "condiciones.", "Tito"),
    # the choice by its number
    ("en", "Hi, sign me up: account 1001234567, name Garza, email g@example.com, zip 78620, security question 2 "
           "pet name Rusty, and yes I agree to the terms", "Rusty"),
    ("es", "Hola quiero registrarme, cuenta 1001234567, Garza, g@example.com, codigo postal 78620, la pregunta de "
           "seguridad la 2 mi perro Chato, y si acepto los terminos", "Chato"),
]
ANSWER_FIRST = {"en": "First I need your answer", "es": "Primero necesito su respuesta"}


@pytest.mark.parametrize(("language", "text", "answer"), EVERYTHING)
def test_every_answer_and_the_terms_in_the_first_message(backend, language, text, answer):
    chat = Conversation(language=language)
    reply = joined(chat.start(text))
    assert chat.slots["security_question"] == "2" and chat.slots["security_answer"] == "stored", reply
    assert verify_answer(stored_answer_hash(backend), answer)
    assert answer.lower() not in reply.lower()
    assert chat.slots["redact_message_id"] == latest_message_id(chat)
    # The Terms are shown, the member's words acknowledged; their yes counts only now.
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None
    assert SAID[language] in reply and PLAIN_QUESTION[language] not in reply, reply
    chat.form_turn(YES[language])
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize(
    ("language", "text", "answer"),
    [
        ("es", "la 3, Escuela Lanier, y acepto los términos", "Escuela Lanier"),
        ("en", "3, Lanier High, and I accept the terms", "Lanier High"),
    ],
)
def test_a_choice_its_answer_and_the_terms_at_the_menu(backend, language, text, answer):
    chat = to_the_question(language)
    reply = joined(chat.form_turn(text))
    assert ANSWER_FIRST[language] not in reply, reply
    assert chat.slots["security_question"] == "3" and chat.slots["security_answer"] == "stored"
    assert verify_answer(stored_answer_hash(backend), answer), "the Terms are no part of the answer"
    assert "lanier" not in reply.lower()
    assert chat.slots["redact_message_id"] == latest_message_id(chat)


@pytest.mark.parametrize(
    ("language", "text", "answer"),
    [
        ("es", "Escuela Lanier, y acepto los términos", "Escuela Lanier"),
        ("en", "Lanier High, and I accept the terms and conditions", "Lanier High"),
    ],
)
def test_an_answer_and_the_terms_at_the_answer_step(backend, language, text, answer):
    chat = to_the_answer(language, "3")
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None
    assert SAID[language] in reply, reply


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("la 3, Escuela Lanier, y acepto los términos", "la 3, Escuela Lanier"),
        ("my pet's name which is Smulan, and I accept the terms and conditions.", "my pet's name which is Smulan"),
        ("mascota, se llamaba Tito, y sí, acepto los términos y condiciones.", "mascota, se llamaba Tito"),
        ("Rex, and I don't accept the terms", "Rex, and I don't accept the terms"),
        ("yes I accept the terms", "yes I accept the terms"),
    ],
)
def test_the_terms_accepted_last_are_cut_off(text, left):
    assert without_accepted_terms(text) == left
