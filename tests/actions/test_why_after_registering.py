"""A why asked once the sign-up is done ("just curious, why did you need my zip code earlier?"): the
reason, and nothing after it. The play-test's member, just registered, read "To sign up, send your
account number." after the reason, as if the sign-up had not happened. Before any sign-up the same
why still ends with how to start one. In English and Spanish, against the real backend API
(tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from tests.support.action_conversation import Conversation, joined
from tests.support.replies import reply_in

WHY_ZIP = {"en": "just curious, why did you need my zip code earlier?",
           "es": "solo por curiosidad, ¿por qué necesitaban mi código postal?"}


def _registered(language: str) -> Conversation:
    chat = Conversation(language=language, channel="sms")
    chat.start("quiero registrarme" if language == "es" else "sign up")
    for text in ("1001234567", "Garza", "g@example.com", "78620", "2", "Rex", "sí" if language == "es" else "yes"):
        chat.form_turn(text)
    assert chat.slots["outcome"] == "registered" and chat.active_loop is None
    return chat


@pytest.mark.parametrize("intent", ["out_of_scope", "help"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reason_alone_once_registered(backend, language, intent):
    chat = _registered(language)
    said = joined(chat.message(WHY_ZIP[language], intent=intent))
    assert reply_in(language, messages.why_step, None, CoopConfig(), "identity_proof")[:40] in said, said
    assert reply_in(language, messages.to_sign_up) not in said, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_before_any_sign_up_the_reason_says_how_to_start(backend, language):
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.message(WHY_ZIP[language], intent="out_of_scope"))
    assert reply_in(language, messages.to_sign_up) in said, said
