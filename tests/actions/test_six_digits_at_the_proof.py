"""Six digits alone at the ZIP / last-4 question, with no code texted ("000000", "786201": a ZIP with a
digit too many, a code pasted by mistake): never taken as a new account number, no try spent, never
echoed, the message kept out of the record; the reply says a ZIP has 5 digits, that only the SSN or
Tax ID's last 4 are needed, and how to give another account number. Against the real backend API."""

from __future__ import annotations

import pytest

from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import Conversation, joined, name_attempts, to_the_proof

SAYS = {"en": ("6 digits", "a ZIP code has 5", "last 4", "word account"),
        "es": ("6 dígitos", "un código postal tiene 5", "últimos 4", "palabra cuenta")}
ACCOUNT_WORD = {"en": "account", "es": "cuenta"}


def marked(chat: Conversation) -> bool:
    latest = [e for e in chat.events if e.get("event") == "user"][-1]
    return chat.slots["redact_message_id"] == latest["message_id"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("digits", ["000000", "786201"])
def test_six_digits_alone_at_the_proof_spend_nothing(backend, language, digits):
    chat = Conversation(language=language, channel="sms")
    to_the_proof(chat)
    tries = name_attempts(backend)
    said = joined(chat.form_turn(digits))
    assert all(words in said for words in SAYS[language]), said
    assert digits not in said and septets(to_gsm7(said)) <= MAX_SEPTETS
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"] == "Garza"
    assert chat.slots["requested_slot"] == "identity_proof"
    assert chat.failures("identity_proof") == 0 and chat.failures("member_name") == 0
    assert name_attempts(backend) == tries and marked(chat)
    chat.form_turn("78620")
    assert chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize("language", ["en", "es"])
def test_six_digits_with_the_word_account_are_another_account(backend, language):
    chat = Conversation(language=language, channel="sms")
    to_the_proof(chat)
    chat.form_turn(f"{ACCOUNT_WORD[language]} 400777")
    assert chat.slots["account_number"] == "400777"
