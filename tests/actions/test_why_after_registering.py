"""A why asked once the sign-up is done ("just curious, why did you need my zip code earlier?"): the
reason, and nothing after it. The play-test's member, just registered, read "To sign up, send your
account number." after the reason, as if the sign-up had not happened. Before any sign-up the same
why still ends with how to start one. In English and Spanish, against the real backend API
(tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from tests.support.action_conversation import Conversation, joined, registered
from tests.support.replies import reply_in

WHY_ZIP = {"en": "just curious, why did you need my zip code earlier?",
           "es": "solo por curiosidad, ¿por qué necesitaban mi código postal?"}


@pytest.mark.parametrize("intent", ["out_of_scope", "help"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reason_alone_once_registered(backend, language, intent):
    chat = registered(language, "sms")
    said = joined(chat.message(WHY_ZIP[language], intent=intent))
    assert reply_in(language, messages.why_step, None, CoopConfig(), "identity_proof")[:40] in said, said
    assert reply_in(language, messages.to_sign_up) not in said, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_before_any_sign_up_the_reason_says_how_to_start(backend, language):
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.message(WHY_ZIP[language], intent="out_of_scope"))
    assert reply_in(language, messages.to_sign_up) in said, said
