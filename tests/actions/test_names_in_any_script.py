"""Names written with letters of any script, in English and Spanish, against the real backend API
(tests/actions/conftest.py): the member file holds "Nguyễn" (U+1EC5, a letter with two
diacritics).

- the name as printed, alone or in a sentence, is the name and matches; so does "Nguyen", since
  the backend folds accents when it compares (and the reply says "Nguyễn", as the file spells it);
- a name typed decomposed (the letter and its combining marks) is read the same;
- Polish, Turkish and Nordic letters are read as a name (one try, checked by the backend), never
  refused as "not a name";
- a text that is no name is answered with the question as it was asked, the account included.
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts

ACCOUNT = "7001230103"  # "Nguyễn" in the member file
START = {"en": "sign up", "es": "quiero registrarme"}
FOUND = {"en": "Thanks, I found account 7001230103 for {name}.",
         "es": "Gracias, encontré la cuenta 7001230103 a nombre de {name}."}
NO_MATCH = {"en": "I could not match account 7001230103", "es": "No pude encontrar la cuenta 7001230103"}
ASKED = {"en": "What is the last name or business name on account 7001230103?",
         "es": "¿Qué apellido o nombre de empresa aparece en la cuenta 7001230103?"}


def at_the_name_step(language: str) -> Conversation:
    chat = Conversation(language=language)
    chat.start(START[language])
    chat.form_turn(ACCOUNT)
    assert chat.slots["requested_slot"] == "member_name"
    return chat


@pytest.mark.parametrize(("language", "text", "name"), [
    ("en", "Nguyễn", "Nguyễn"),
    ("en", "my last name is Nguyễn", "Nguyễn"),
    # said back as the member file spells it: its accents, composed as stored
    ("en", "Nguyen", "Nguyễn"),
    ("en", unicodedata.normalize("NFD", "Nguyễn"), "Nguyễn"),
    ("es", "Nguyễn", "Nguyễn"),
    ("es", "mi apellido es Nguyễn", "Nguyễn"),
    ("es", "a nombre de Nguyễn, gracias", "Nguyễn"),
])
def test_a_name_with_two_diacritics_on_a_letter_matches(backend, language, text, name):
    chat = at_the_name_step(language)
    reply = joined(chat.form_turn(text))
    assert FOUND[language].format(name=name) in reply
    assert chat.slots["requested_slot"] == "email"
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("text", ["Wałęsa", "Şahin", "Ødegård", "Dvořák", "Đặng"])
def test_letters_of_any_script_are_read_as_a_name(backend, language, text):
    """Another member's name at this account: tried as a name (one try), not refused unread."""
    chat = at_the_name_step(language)
    reply = joined(chat.form_turn(text))
    assert NO_MATCH[language] in reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_text_that_is_no_name_gets_the_question_with_its_account(backend, language):
    chat = at_the_name_step(language)
    reply = joined(chat.form_turn("G"))
    assert ASKED[language] in reply
    assert name_attempts(backend) == 0
