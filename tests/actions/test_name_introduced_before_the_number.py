"""A name the member introduced themselves with in a greeting, before any sign-up ("Hello this is Dorothy
Johnson", then the account number), in the words of a play-test's member (SMS), in English and Spanish,
against the real backend: the name was asked as if nothing was said ("What is the last name or business
name on account ...?"; she replied "Johnson, like I said").

The name question offers the introduced name, and a YES tries it (one try, as if typed there); it is
never tried unasked (the writer may act for another, and a try is the backend's security budget), so the
number alone spends nothing; a greeting with no name ("this is my first time") is asked as before."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

JOHNSON = dict(account="1009090078", name="Johnson", zip="78801")
HELLO = {"en": "Hello this is Dorothy Johnson", "es": "Hola, soy Dorothy Johnson"}
FIRST_TIME = {"en": "Hello this is my first time", "es": "Hola, soy nueva en esto"}
OFFERED = {"en": "You said you are Dorothy Johnson. Is account 1009090078 in that name?",
           "es": "Usted dijo que es Dorothy Johnson. ¿La cuenta 1009090078 está a ese nombre?"}
YES = {"en": "yes", "es": "sí"}
FOUND = {"en": "Thanks, I found account 1009090078 for Johnson.",
         "es": "Gracias, encontré la cuenta 1009090078 a nombre de Johnson."}
NAME_ASKED = {"en": "What is the last name or business name on account 1009090078?",
              "es": "¿Qué apellido o nombre de empresa aparece en la cuenta 1009090078?"}


def greeted_then_the_number(backend, language: str, greeting: str, member: dict = JOHNSON) -> tuple[Conversation, str]:
    load_members(backend.session, backend.settings, member)
    chat = Conversation(language=language, channel="sms")
    chat.message(greeting, "greet")
    assert chat.active_loop is None and name_attempts(backend) == 0
    return chat, joined(chat.message(JOHNSON["account"], "inform"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_introduced_name_is_offered_and_a_yes_tries_it(backend, language):
    chat, said = greeted_then_the_number(backend, language, HELLO[language])
    assert OFFERED[language] in said and NAME_ASKED[language] not in said, said
    assert name_attempts(backend) == 0, "never tried unasked"
    said = joined(chat.form_turn(YES[language], "affirm"))
    assert FOUND[language] in said and chat.slots["requested_slot"] == "email", said
    assert name_attempts(backend) == 1 and chat.failures("member_name") == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_name_typed_again_is_the_one_try(backend, language):
    chat, _ = greeted_then_the_number(backend, language, HELLO[language])
    said = joined(chat.form_turn({"en": "Johnson, like I said", "es": "Johnson, como le dije"}[language]))
    assert FOUND[language] in said, said
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_greeting_without_a_name_asks_the_name_as_before(backend, language):
    chat, said = greeted_then_the_number(backend, language, FIRST_TIME[language])
    assert NAME_ASKED[language] in said and "YES" not in said and "SÍ" not in said, said
    assert name_attempts(backend) == 0
