"""A name read from a sentence is said back without the words around it, in English and Spanish, with
members of data/demo_members.csv, against the real backend API (tests/actions/conftest.py):

- "Administro las cabañas Blanco River Cabins L.L.C., cuenta 23107764", "I run the rental cabins Blanco
  River Cabins L.L.C. acct 23107764": a business name printed with capitals before its legal form starts
  at its first capital ("cabañas" is no part of it);
- "the account is held under the surname O'Brien-Smith", "la cuenta está a nombre de la familia
  O'Brien-Smith": the words that say what the name is ("the surname", "la familia") are no part of it.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

# data/demo_members.csv (no phone, so no code is texted)
BLANCO = dict(account="23107764", name="Blanco River Cabins L.L.C.", zip="78606", last4="2233")
OBRIEN = dict(account="1001876543", name="O'Brien-Smith", zip="78676", last4="2468")

FOUND = {"en": "Thanks, I found account {account} for {name}",
         "es": "Gracias, encontré la cuenta {account} a nombre de {name}"}
SAID = [
    ("es", "Administro las cabañas Blanco River Cabins L.L.C., cuenta 23107764", BLANCO),
    ("en", "I run the rental cabins Blanco River Cabins L.L.C. acct 23107764", BLANCO),
    ("en", "the account is held under the surname O'Brien-Smith, acct 1001876543", OBRIEN),
    ("es", "la cuenta está a nombre de la familia O'Brien-Smith, cuenta 1001876543", OBRIEN),
]


@pytest.mark.parametrize(("language", "text", "member"), SAID)
def test_the_name_is_said_back_without_the_words_of_the_sentence(backend, language, text, member):
    load_members(backend.session, backend.settings, member)
    chat = Conversation(language=language)
    said = joined(chat.start(text))
    assert FOUND[language].format(**member) in said, said
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 1, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_printed_name_sent_alone_keeps_its_lower_case_first_word(backend, language):
    """Only the words of a sentence are cut: "blanco River Cabins L.L.C." sent alone at the name question
    is the whole name, never "River Cabins L.L.C." (a wrong name, a try spent)."""
    load_members(backend.session, backend.settings, BLANCO)
    chat = Conversation(language=language)
    chat.start("23107764")
    said = joined(chat.message("blanco River Cabins L.L.C."))
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 1, said
