"""A stray first message the model reads as a yes ("x"): nothing was asked, so there is nothing to agree
to. The play-test's member read "Great. To sign up for online access, send your account number."; the
reply says what this number is for and how to start (the greeting's), never "Great.". A yes in words
("ok", "sí", "sounds good") still hears "Great." and how to start. In English and Spanish, against the
real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from tests.support.action_conversation import Conversation, joined
from tests.support.replies import reply_in

GREAT = {"en": "Great.", "es": "Muy bien."}


@pytest.mark.parametrize("text", ["x", "xx", ".", "👍"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_garbled_first_message_hears_how_to_start(backend, language, text):
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.message(text, intent="affirm", confidence=0.6))
    assert not said.startswith(GREAT[language]) and reply_in(language, messages.affirm_idle) not in said, said
    before, after = reply_in(language, messages.intro, CoopConfig(coop_name="COOP")).split("COOP")
    assert said.startswith(before) and said.endswith(after), said


@pytest.mark.parametrize(("language", "text"), [("en", "ok"), ("en", "sounds good"), ("es", "sí"), ("es", "va")])
def test_a_yes_in_words_still_hears_great(backend, language, text):
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.message(text, intent="affirm"))
    assert said == reply_in(language, messages.affirm_idle), said
