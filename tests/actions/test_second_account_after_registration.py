"""Two accounts in one conversation, the whole path, in English and Spanish, against the real backend
API (tests/actions/conftest.py; Peña holds 3100000101, the house, and 3100000142, the barn): another
account brought with words of adding waits while the first is signed up ("Let's finish account ending
in 01 first"), the registration's reply offers it, and once the first is registered the member's
"now the other account, 3100000142 Pena" is the second account's sign-up, its name read with it: never
the hold again, never "I did not register you" about the account just registered."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start

WORDS = {
    "en": dict(
        both="I have two accounts, my house and also my barn, I want to sign up both",
        first="the first one is 3100000101 Pena",
        adds="I also have the barn account to add, 3100000142",
        yes="yes",
        now="now the other account, 3100000142 Pena",
        same="same email as before",
        hold="Let's finish account ending in 01 first",
        declined="I have not registered you",
        offer="You mentioned another account",
        found="Thanks, I found account 3100000142 for Peña.",
        email="What e-mail address",
    ),
    "es": dict(
        both="hola, tengo dos cuentas, la de mi casa y la del rancho. las quiero registrar las dos",
        first="la primera es 3100000101 Pena",
        adds="también tengo otra cuenta para agregar, la 3100000142",
        yes="sí",
        now="ahora la otra cuenta, 3100000142 Pena",
        same="el mismo correo",
        hold="Terminemos primero la cuenta que termina en 01",
        declined="no hice su registro",
        offer="Nos dijo que tiene otra cuenta",
        found="Gracias, encontré la cuenta 3100000142 a nombre de Peña.",
        email="¿Qué correo electrónico",
    ),
}


def first_registered(language: str, start: str, adds: bool) -> tuple[Conversation, str]:
    """The house registered over SMS in a conversation that began with ``start``; with ``adds``, the
    barn's number brought with words of adding at the ZIP step (held: the hold's reply asserted)."""
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    chat.start(start)
    replies = []
    for text in (words["first"], "pena@example.com", "78701", "2", "Rex", words["yes"]):
        if adds and text == "78701":
            said = joined(chat.form_turn(words["adds"]))
            assert words["hold"] in said and chat.slots["account_number"] == "3100000101", said
        replies = chat.form_turn(text)
    assert chat.slots["outcome"] == "registered", replies
    return chat, joined(replies)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("held", [False, True], ids=["mentioned", "held"])
def test_the_other_account_after_the_first_is_registered_starts_its_sign_up(backend, language, held):
    words = WORDS[language]
    chat, reply = first_registered(language, words["both"] if not held else sign_up_start(language), held)
    assert words["offer"] in reply, reply
    said = joined(chat.message(words["now"], intent="inform", confidence=0.87))
    assert words["hold"] not in said and words["declined"] not in said, said
    assert words["found"] in said and words["email"] in said, said
    assert chat.slots["account_number"] == "3100000142" and chat.slots["requested_slot"] == "email"
    assert not chat.slots["other_account_held"]
    for text in (words["same"], "78742", words["yes"]):
        replies = chat.form_turn(text)
    assert chat.slots["outcome"] == "registered" and words["declined"] not in joined(replies), replies
    assert words["offer"] not in joined(replies), replies


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_other_account_while_the_first_is_under_way_still_waits(backend, language):
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    chat.start(words["both"])
    chat.form_turn(words["first"])
    said = joined(chat.form_turn(words["now"]))
    assert words["hold"] in said and words["email"] in said, said
    assert chat.slots["account_number"] == "3100000101" and chat.slots["requested_slot"] == "email"
