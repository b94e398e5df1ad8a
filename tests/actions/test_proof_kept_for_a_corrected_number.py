"""The ZIP / last 4 sent with an account number and name that did not match is kept (sealed by the
backend, never in a slot, the message redacted) and checked with the corrected number in the turn
that corrects it: "sorry, wrong number, it's 5101000021" proves the account, nothing asked again.
Against the real backend API, in English and Spanish."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined
from tests.support.backend_helpers import load_members

WRONG = dict(account="5101000012", name="Okafor", zip="78812", last4="1212")
FAIRBANKS = dict(account="5101000021", name="Fairbanks", zip="78821", last4="2233")
WORDS = {
    "en": dict(first="I'd like to register: account 5101000012, name Fairbanks, email fairbanks.farm@example.com, "
                     "SSN last 4 {last4}",
               fix="sorry, wrong number, it's 5101000021", matches="matches our records",
               mismatch="do not match our records", proof_asked="To protect your account"),
    "es": dict(first="quiero registrarme: cuenta 5101000012, apellido Fairbanks, correo fairbanks.farm@example.com, "
                     "ultimos 4 del seguro social {last4}",
               fix="perdón, número equivocado, es 5101000021", matches="oincide con nuestros registros",
               mismatch="no coinciden con nuestros registros", proof_asked="Para proteger su cuenta"),
}


def corrected(backend, language: str, last4: str) -> tuple[Conversation, str, str]:
    load_members(backend.session, backend.settings, WRONG, FAIRBANKS)
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    first = joined(chat.start(words["first"].format(last4=last4)))
    assert chat.failures("member_name") == 1 and last4 not in first, first
    latest = [e for e in chat.events if e.get("event") == "user"][-1]
    assert chat.slots["redact_message_id"] == latest["message_id"]
    return chat, first, joined(chat.form_turn(words["fix"]))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_last_4_given_with_a_wrong_number_proves_the_corrected_one(backend, language):
    chat, _, said = corrected(backend, language, "2233")
    words = WORDS[language]
    assert words["matches"] in said and words["proof_asked"] not in said, said
    assert chat.slots["identity_proof"] == "verified" and chat.slots["account_number"] == "5101000021"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wrong_last_4_kept_is_one_mismatch(backend, language):
    chat, _, said = corrected(backend, language, "9999")
    assert WORDS[language]["mismatch"] in said and "9999" not in said, said
    assert chat.slots["identity_proof"] is None and chat.failures("identity_proof") == 1
