"""A code of the wrong length sent after a pause at the code ("give me a few min", then "54995"): one
reply says what is wrong, then the code question; no welcome back before them (a play-test's member
read three messages)."""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import Conversation, sign_up_start
from tests.support.one_time_code import ALVAREZ, add_alvarez
from tests.support.replies import reply_in

AWAY = {"en": "that's the store cell, my manager has it. give me a few min", "es": "ahorita vuelvo, lo tiene mi hijo"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_five_digit_code_after_a_pause_hears_one_reply_and_the_question(backend, language):
    add_alvarez(backend)
    chat = Conversation(language=language, channel="web")
    chat.start(sign_up_start(language))
    for text in (ALVAREZ["account"], ALVAREZ["name"], "a@example.com", ALVAREZ["zip"]):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "one_time_code"
    chat.form_turn(AWAY[language], "never_mind")
    if chat.rejected:
        chat.run("action_never_mind")
    assert chat.slots["outcome"] == "paused"
    replies = chat.message("54995", "inform", action="action_start_flow")
    assert reply_in(language, messages.welcome_back) not in replies, replies
    assert replies[0] == reply_in(language, messages.bad_code, False), replies
    assert len(replies) == 2, replies
    assert chat.slots["requested_slot"] == "one_time_code"
