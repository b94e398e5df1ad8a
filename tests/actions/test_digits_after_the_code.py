"""Digits alone after the texted code: an answer made of digits, or the code sent once more.

Account numbers have 6 to 12 digits, so digits alone were read as another account at any step:
"8675309" at "What is your pet's name?" was said back ("... on account 8675309?"), checked with
the name (a try spent) and kept in clear in the replies; the code sent again after it was
confirmed likewise. At the answer's question digits alone are the answer (stored hashed, never
said back); six of them once the code was confirmed are that code again, and nothing is done.
"""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import (
    Conversation,
    at_the_code,
    joined,
    name_attempts,
    stored_answer_hash,
    to_the_answer,
)
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code
from tests.support.replies import reply_in
from backend.privacy.hashing import verify_answer
from tests.support.security_choice import latest_message_id


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("answer", ["8675309", "20211225", "1999", "555 1212"])
def test_digits_alone_at_the_answer_are_the_answer_never_an_account(backend, language, answer):
    chat = to_the_answer(language, "2")
    tries = name_attempts(backend)
    reply = joined(chat.form_turn(answer))
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    assert chat.slots["account_number"] == "1001234567" and chat.slots["requested_slot"] == "terms_accepted"
    assert answer not in reply and name_attempts(backend) == tries, reply
    assert chat.slots["redact_message_id"] == latest_message_id(chat)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_code_sent_again_after_it_was_confirmed_is_not_said_back(backend, language):
    add_alvarez(backend)
    chat: Conversation = at_the_code(language)
    code = last_code(backend)
    chat.form_turn(code)
    chat.form_turn("2")
    asked = chat.slots["requested_slot"]
    assert chat.slots["one_time_code"] == "verified" and asked == "security_answer"
    tries = name_attempts(backend)
    reply = joined(chat.form_turn(code))
    assert reply_in(language, messages.code_already_confirmed) in reply and code not in reply, reply
    assert chat.slots["account_number"] == ALVAREZ["account"] and chat.slots["requested_slot"] == asked
    assert name_attempts(backend) == tries and stored_answer_hash(backend) is None
