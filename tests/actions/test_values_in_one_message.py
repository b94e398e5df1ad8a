"""Several values in one message, in English and Spanish, against the real backend API
(tests/actions/conftest.py; member "Tran", account 7001230125, ZIP 78725):
"7001230125, Tran, tran.v@example.com, 78725".

- each value is read once and confirmed in one reply that thanks once ("Thanks, I found account
  ... I will use ... That matches our records.");
- the e-mail address is confirmed as when given alone, also when the message starts the sign-up
  and Rasa filled the ``email`` slot from its entity before the form ran.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start

MESSAGE = "7001230125, Tran, tran.v@example.com, 78725"
SAID = {
    "en": ("Thanks, I found account 7001230125 for Tran.", "I will use tran.v@example.com.",
           "That matches our records."),
    "es": ("Gracias, encontré la cuenta 7001230125 a nombre de Tran.", "Usaré tran.v@example.com.",
           "Coincide con nuestros registros."),
}
THANKS = {"en": "thanks", "es": "gracias"}


def confirmation(replies: list[str], language: str) -> str:
    """The one reply that confirms the values (the one naming the account)."""
    [reply] = [reply for reply in replies if "7001230125" in reply]
    return reply


def assert_confirmed_once_thanked_once(replies: list[str], language: str) -> None:
    reply = confirmation(replies, language)
    assert " ".join(SAID[language]) in reply, reply
    assert reply.lower().count(THANKS[language]) == 1, reply
    assert joined(replies).count("tran.v@example.com") == 1 and "78725" not in joined(replies)


@pytest.mark.parametrize("language", ["en", "es"])
def test_values_at_the_account_question_are_confirmed_in_one_reply_thanking_once(backend, language):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    replies = chat.form_turn(MESSAGE)
    assert_confirmed_once_thanked_once(replies, language)
    assert chat.slots["email"] == "tran.v@example.com" and chat.slots["identity_proof"] == "verified"
    assert chat.slots["requested_slot"] == "security_question"
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_values_in_the_first_message_confirm_the_address_rasa_filled_from_its_entity(backend, language):
    chat = Conversation(language=language)
    replies = chat.start(MESSAGE, "inform",
                         extracted={"account_number": "7001230125", "email": "tran.v@example.com"})
    assert_confirmed_once_thanked_once(replies, language)
    assert chat.slots["email"] == "tran.v@example.com" and chat.slots["requested_slot"] == "security_question"
    assert name_attempts(backend) == 1
