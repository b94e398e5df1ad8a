"""The last 4 of the SSN / Tax ID told in a sentence at the proof: "it ends in 4321", "termina en
4321" are read as the last 4 and checked (one try, like any answer), never said back nor asked
again, in English and Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start, to_the_proof
from tests.support.backend_helpers import GARZA
from tests.support.security_choice import latest_message_id

SENTENCES = {"en": ["it ends in {last4}", "It ends in {last4}.", "my social ends with {last4}"],
             "es": ["termina en {last4}", "Termina en {last4}.", "mi seguro social termina con {last4}"]}
INTENTS = ["inform", "out_of_scope", "nlu_fallback", "ask_safety"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("sentence", range(3))
@pytest.mark.parametrize("intent", INTENTS)
def test_the_last_4_in_a_sentence_is_checked_and_never_said_back(backend, language, sentence, intent):
    chat = Conversation(language=language, channel="sms")
    to_the_proof(chat, GARZA["account"], GARZA["name"], start=sign_up_start(language))
    assert chat.slots["requested_slot"] == "identity_proof"
    text = SENTENCES[language][sentence].format(last4=GARZA["last4"])
    replies = chat.form_or_side_turn(text, intent=intent, confidence=0.5)
    said = joined(replies)
    assert chat.slots["identity_proof"] == "verified", replies
    assert chat.slots["requested_slot"] != "identity_proof", replies
    assert GARZA["last4"] not in said, replies
    assert chat.slots["redact_message_id"] == latest_message_id(chat)  # the message is redacted


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wrong_last_4_in_a_sentence_counts_one_try(backend, language):
    chat = Conversation(language=language, channel="sms")
    to_the_proof(chat, GARZA["account"], GARZA["name"], start=sign_up_start(language))
    text = SENTENCES[language][0].format(last4="9876")
    said = joined(chat.form_or_side_turn(text, intent="inform"))
    assert chat.failures("identity_proof") == 1 and chat.slots["identity_proof"] != "verified", said
    assert "9876" not in said, said
