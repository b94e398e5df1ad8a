"""The name found is said back as the member file spells it, in English and Spanish, against the real
backend API (tests/actions/conftest.py): "garza ranch llc" is confirmed as "Garza Ranch LLC", "pena" as
"Peña"; "Maria Garza" (given names before the name on file) as "Garza", never the words around it.
Where the match forgave more (a legal suffix not typed, punctuation) the name is said as typed, so the
reply never holds a word of the record the member did not type.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start

FOUND = {"en": "Thanks, I found account {account} for {name}.",
         "es": "Gracias, encontré la cuenta {account} a nombre de {name}."}


def found_after(language: str, account: str, typed: str) -> tuple[Conversation, str]:
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(account)
    return chat, joined(chat.form_turn(typed))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("account", "typed", "said"), [
    ("20456789", "garza ranch llc", "Garza Ranch LLC"),
    ("3100000101", "pena", "Peña"),
    ("500123456789", "MULLER", "Müller"),
    ("1001234567", "Maria Garza", "Garza"),  # given names before it: only the name on file
])
def test_the_name_is_confirmed_as_the_member_file_spells_it(backend, language, account, typed, said):
    chat, reply = found_after(language, account, typed)
    assert FOUND[language].format(account=account, name=said) in reply, reply
    assert typed not in reply
    assert chat.slots["member_name"] and chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("account", "typed"), [
    ("20456789", "garza ranch"),  # the file's "LLC" was not typed
    ("3005551212", "obrien smith"),  # the file's apostrophe and dash
])
def test_a_name_matched_more_loosely_is_said_as_typed(backend, language, account, typed):
    _chat, reply = found_after(language, account, typed)
    assert FOUND[language].format(account=account, name=typed) in reply, reply
    assert "LLC" not in reply and "O'Brien" not in reply
