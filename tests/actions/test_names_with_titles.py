"""A full name with a title, in brackets or after "soy", names the account, in English and Spanish,
against the real backend API (tests/actions/conftest.py):

- "the account holder is Mr. Bartholomew Fairbanks." is one try that matches "Fairbanks" (the title's
  dot ends no name, the backend reads given names and a title before the last name: common.titles);
- "account holder Mrs. Gloria Kessler", "(Lindqvist)" beside the number, "y soy Olvera" after it give
  the name in the first message; the ZIP sent with it is then checked, never set aside;
- at the name step "Sra. Olvera", "Mrs. Gloria Kessler", "(Lindqvist)" are the name, one try;
- only the name on file is said back ("Kessler", "Olvera"), never the title or given names typed;
- a ZIP sent while the name is still missing is set aside, as before (the member file holds it only
  as a hash salted per member: nothing can check it before the name matched).
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members

MEMBERS = (dict(account="8100000125", name="Fairbanks", zip="78125", last4="0125"),
           dict(account="8100000140", name="Kessler", zip="78140", last4="0140"),
           dict(account="8100000138", name="Olvera", zip="78138", last4="0138"),
           dict(account="8100000127", name="Lindqvist", zip="78127", last4="0127"))
FOUND = {"en": "Thanks, I found account {account} for {name}.",
         "es": "Gracias, encontré la cuenta {account} a nombre de {name}."}
MATCHES = {"en": "matches our records", "es": "coincide con nuestros registros"}
HELD_BACK = ("ask for it again then", "se los pediré otra vez")


@pytest.mark.parametrize(("language", "message", "account", "said"), [
    ("en", "I'd like to register for online access. Account 8100000140, account holder Mrs. Gloria Kessler.",
     "8100000140", "Kessler"),  # the whole name tried; only the name on file said back
    ("es", "Quiero registrarme. Cuenta 8100000140, titular la Sra. Gloria Kessler.", "8100000140",
     "Kessler"),
    ("es", "el numero de cuenta es 8100000138 y soy Olvera", "8100000138", "Olvera"),
    ("en", "Hi, I want to sign up. Account 8100000127 (Lindqvist)", "8100000127", "Lindqvist"),
    ("es", "Hola, quiero registrarme, cuenta 8100000127 (Lindqvist)", "8100000127", "Lindqvist"),
])
def test_the_name_in_the_first_message(backend, language, message, account, said):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = Conversation(language=language)
    reply = joined(chat.start(message))
    assert FOUND[language].format(account=account, name=said) in reply, reply
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_title_s_dot_ends_no_name_and_the_zip_after_it_is_checked(backend, language):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    holder = ("The account number is 8100000125; the account holder is Mr. Bartholomew Fairbanks."
              if language == "en" else "El número de cuenta es 8100000125; el titular es el Sr. Bartholomew Fairbanks.")
    reply = joined(chat.form_turn(holder))
    # the whole name after the title is tried (one try, a match); only the name on file is said back
    assert FOUND[language].format(account="8100000125", name="Fairbanks") in reply, reply
    assert name_attempts(backend) == 1
    reply = joined(chat.form_turn("bart@fairbanks.example.com, 78125"))
    assert MATCHES[language] in reply.lower(), reply  # thanked once: "Got it, I will use ... That matches ..."
    assert not any(words in reply for words in HELD_BACK), reply


@pytest.mark.parametrize(("language", "text", "said"), [
    ("es", "Sra. Olvera", "Olvera"),  # only the name on file is said back, never the title
    ("es", "es la Sra. Doña María Olvera", "Olvera"),
    ("en", "Mrs. Gloria Kessler", "Kessler"),
    ("en", "(Lindqvist)", "Lindqvist"),
    ("es", "(Lindqvist)", "Lindqvist"),
])
def test_a_name_with_a_title_or_brackets_at_the_name_step(backend, language, text, said):
    load_members(backend.session, backend.settings, *MEMBERS)
    account = {"Olvera": "8100000138", "Kessler": "8100000140", "Lindqvist": "8100000127"}[said.split()[-1]]
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(account)
    reply = joined(chat.form_turn(text))
    assert FOUND[language].format(account=account, name=said) in reply, reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_zip_before_the_name_matched_is_still_set_aside(backend, language):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn("8100000125")
    reply = joined(chat.form_turn("bart@fairbanks.example.com 78125"))
    assert any(words in reply for words in HELD_BACK), reply
    reply = joined(chat.form_turn("Fairbanks"))
    assert FOUND[language].format(account="8100000125", name="Fairbanks") in reply, reply
    assert chat.slots["requested_slot"] == "identity_proof"
