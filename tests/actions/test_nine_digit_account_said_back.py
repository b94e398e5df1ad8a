"""A nine-digit account number, once it matched with the name, is said back by more than its last two
digits, in English and Spanish, against the real backend API (tests/actions/conftest.py): "Thanks, I
found account 50010**00 for Whitaker." Before the match it is "ending in 00" (the nine digits may be
anyone's SSN); after it, all but the sixth and seventh digits (common.account_refs.shown_after_match:
with the last two shown before, an SSN's last four stay as unknown as they were), never all nine.
"""

from __future__ import annotations

import pytest

from common import account_refs
from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members

NINE = "500100200"
ASKED = {"en": "What is the last name or business name on account ending in 00?",
         "es": "¿Qué apellido o nombre de empresa aparece en la cuenta que termina en 00?"}
FOUND = {"en": "Thanks, I found account 50010**00 for Whitaker.",
         "es": "Gracias, encontré la cuenta 50010**00 a nombre de Whitaker."}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_nine_digit_account_matched_with_its_name_is_said_by_seven_digits(backend, language):
    load_members(backend.session, backend.settings, dict(account=NINE, name="Whitaker", zip="78016", last4="1600"))
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    reply = joined(chat.form_turn(NINE))
    assert ASKED[language] in reply and "50010" not in reply, reply
    reply = joined(chat.form_turn("whitaker"))
    assert FOUND[language] in reply and NINE not in reply and "0200" not in reply, reply
    assert account_refs.is_reference(chat.slots["account_number"]) and name_attempts(backend) == 1


def test_the_shown_number_hides_what_an_ssn_s_last_four_would_add():
    shown = account_refs.shown_after_match("123456789")
    assert shown == "12345**89"
    # the last four of an SSN ("6789") as unknown as "ending in 89" left them: its first two hidden
    assert "6789" not in shown and "67" not in shown and shown.endswith(account_refs.shown_digits("123456789"))
