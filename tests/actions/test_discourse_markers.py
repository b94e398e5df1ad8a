"""Discourse markers and fillers around an answer are never a name, in English and Spanish,
against the real backend API (tests/actions/conftest.py): "dale, es 1001234567" at the account
question gives the number, the name is asked next and no name try is spent; a marker set off
before a name at the name question is dropped ("dale, Garza"); a real name that equals a marker,
sent alone when the name is asked ("Dale"), is still that name, one try.
"""

from __future__ import annotations

import pytest

from actions.extract import parse
from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start

NAME_ASKED = {"en": "What is the last name or business name on account 1001234567?",
              "es": "¿Qué apellido o nombre de empresa aparece en la cuenta 1001234567?"}
FOUND = {"en": "Thanks, I found account 1001234567 for Garza.",
         "es": "Gracias, encontré la cuenta 1001234567 a nombre de Garza."}


def _at_the_name_step(language: str) -> Conversation:
    """A sign-up in ``language`` whose account number is given: the name is asked."""
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    return chat


@pytest.mark.parametrize(("language", "text"), [
    ("es", "dale, es 1001234567"),
    ("es", "va, es 1001234567"),
    ("es", "órale 1001234567"),
    ("es", "bueno pues mira, es el 1001234567"),
    ("es", "oiga, este, 1001234567"),
    ("es", "sale, aquí está: 1001234567"),
    ("es", "ahí va 1001234567"),
    ("en", "ok well, here you go 1001234567"),
    ("en", "um, so it's 1001234567"),
    ("en", "alright, sure: 1001234567"),
    ("en", "okay here it is 1001234567"),
])
def test_markers_around_the_account_number_cost_no_name_try(backend, language, text):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    reply = joined(chat.form_turn(text))
    assert chat.slots["account_number"] == "1001234567"
    assert chat.slots["requested_slot"] == "member_name"
    assert NAME_ASKED[language] in reply, reply
    assert "could not match" not in reply and "No pude encontrar" not in reply, reply
    assert name_attempts(backend) == 0


@pytest.mark.parametrize(("language", "text"), [
    ("es", "dale, es 1001234567, Garza"),
    ("es", "quiero registrarme, dale: 1001234567 garza"),
    ("en", "ok well here you go, 1001234567 Garza"),
])
def test_the_name_beside_the_number_is_still_read(backend, language, text):
    chat = Conversation(language=language)
    reply = joined(chat.start(text))
    assert FOUND[language] in reply, reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("language", "text"), [
    ("es", "dale, Garza"),
    ("es", "mira, es Garza"),
    ("es", "aquí está: Garza"),
    ("en", "well, Garza"),
    ("en", "here you go: Garza"),
])
def test_a_marker_before_the_name_is_dropped(backend, language, text):
    reply = joined(_at_the_name_step(language).form_turn(text))
    assert FOUND[language] in reply, reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("name", ["Dale", "Sale", "Bueno", "Well", "Dale Ranch"])
def test_a_name_equal_to_a_marker_is_a_name_when_asked(name):
    assert parse(name, "member_name").name == name
    assert parse(f"1001234567, {name}", "account_number").name in (None, name)


@pytest.mark.parametrize(("language", "text"), [("es", "Dale"), ("en", "Dale")])
def test_a_marker_alone_at_the_name_question_is_one_try(backend, language, text):
    reply = joined(_at_the_name_step(language).form_turn(text))
    assert "could not match" in reply or "No pude encontrar" in reply, reply
    assert name_attempts(backend) == 1
