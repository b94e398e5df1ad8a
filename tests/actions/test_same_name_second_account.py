"""The second account of the same member in one conversation, in English and Spanish, against the real
backend API (tests/actions/conftest.py; Peña holds 3100000101, the house, and 3100000142, the barn):

- "ok now the barn please, 3100000142 same name", "el mismo nombre" is the name of the account just
  registered in this conversation: one try, confirmed as on file; without a registration here to
  take it from, the name is asked and no try is spent;
- a member whose first message said there are several accounts ("my house and also my barn") is
  offered, after the first registration, to add the other one; anyone else is not.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start

WORDS = {
    "en": dict(both="I want to sign up my house and also my barn", yes="yes", pet="2",
               barn="ok now the barn please, 3100000142 same name", at_step="same as before",
               found="Thanks, I found account 3100000142 for Peña.",
               offer="You mentioned another account: send its number to add it too.",
               asked="What is the last name or business name on account 3100000142?"),
    "es": dict(both="quiero registrar mi casa y también el rancho", yes="sí, acepto", pet="2",
               barn="ahora el rancho por favor, 3100000142 el mismo nombre", at_step="el mismo de antes",
               found="Gracias, encontré la cuenta 3100000142 a nombre de Peña.",
               offer="Nos dijo que tiene otra cuenta: envíe su número para agregarla también.",
               asked="¿Qué apellido o nombre de empresa aparece en la cuenta 3100000142?"),
}


def house_registered(language: str, first: str) -> tuple[Conversation, str]:
    """The house (3100000101, Pena) registered in a conversation that started with ``first``."""
    chat = Conversation(language=language)
    replies = chat.start(first)
    for text in ("3100000101", "Pena", "pena@example.com", "78701", WORDS[language]["pet"], "Rex",
                 WORDS[language]["yes"]):
        replies = chat.form_turn(text)
    assert chat.slots["outcome"] == "registered", replies
    return chat, joined(replies)


@pytest.mark.parametrize("language", ["en", "es"])
def test_same_name_is_the_name_of_the_account_registered_here(backend, language):
    chat, _ = house_registered(language, sign_up_start(language))
    reply = joined(chat.start(WORDS[language]["barn"], "register"))
    assert WORDS[language]["found"] in reply, reply
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 2


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_same_as_before_at_the_name_step(backend, language):
    chat, _ = house_registered(language, sign_up_start(language))
    chat.start(sign_up_start(language), "register")
    chat.form_turn("3100000142")
    reply = joined(chat.form_turn(WORDS[language]["at_step"]))
    assert WORDS[language]["found"] in reply, reply
    assert name_attempts(backend) == 2


@pytest.mark.parametrize("language", ["en", "es"])
def test_same_name_with_nothing_registered_here_asks_for_the_name_without_a_try(backend, language):
    chat = Conversation(language=language)
    reply = joined(chat.start(WORDS[language]["barn"], "register"))
    assert WORDS[language]["asked"] in reply, reply
    assert name_attempts(backend) == 0 and not chat.failures("member_name")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_member_who_said_there_are_two_accounts_is_offered_the_other(backend, language):
    chat, reply = house_registered(language, WORDS[language]["both"])
    assert WORDS[language]["offer"] in reply, reply
    reply = joined(chat.start(WORDS[language]["barn"], "register"))
    assert WORDS[language]["found"] in reply and WORDS[language]["offer"] not in reply, reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_offer_without_another_account_mentioned(backend, language):
    _chat, reply = house_registered(language, sign_up_start(language))
    assert WORDS[language]["offer"] not in reply, reply
