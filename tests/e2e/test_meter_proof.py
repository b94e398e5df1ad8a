"""A PEC-style co-op end to end (COOPBOT_PROOFS=meter): real web app, API, action server and Rasa.

The conversation files share one stack with the default proofs (tests/e2e/test_conversations.py),
so this co-op gets its own stack. Members register with the meter number as printed on the bill;
the bot never asks for the ZIP or SSN/TIN, refuses a ZIP without counting it, and keeps the
meter number out of every reply and of the stored conversation.
"""

from __future__ import annotations

import pytest

from tests.support.conversation_tests import MEMBERS_CSV, load_members, play
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e

MEMBERS = load_members()
# Their meter numbers in tests/conversations/members.csv.
METERS = {"Aguilar": "C0001", "Baker": "C0002"}


@pytest.fixture(scope="module")
def pec_stack(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("pec"), members_csv=MEMBERS_CSV,
               extra_env={"COOPBOT_VERIFY_POLICY": "bill", "COOPBOT_PROOFS": "meter"}) as instance:
        yield instance


def test_a_member_registers_by_text_with_the_meter_number(pec_stack):
    play(pec_stack, {
        "file": "test_meter_proof.py", "name": "PEC-style: meter number by text", "channel": "sms",
        "member": "Aguilar",
        "turns": [
            {"say": "register", "asked": "account_number"},
            {"say": "{account}", "asked": "member_name"},
            {"say": "{name}", "asked": "email"},
            {"say": "{email}", "asked": "identity_proof",
             "reply_has": "meter number printed on your bill", "reply_lacks": ["ZIP", "SSN"]},
            {"say": "c-0001", "asked": "security_question", "reply_has": "matches our records"},
            {"say": "2", "asked": "security_answer"},
            {"say": "Rufus", "asked": "terms_accepted", "reply_lacks": "Rufus"},
            {"say": "yes", "asked": None, "reply_has": "spam"},
        ],
        "outcome": "registered", "mail": "activation",
        "secrets": ["c-0001", METERS["Aguilar"], "Rufus"],
    }, MEMBERS)


def test_on_the_web_chat_a_zip_is_refused_and_a_wrong_meter_number_is_not_echoed(pec_stack):
    play(pec_stack, {
        "file": "test_meter_proof.py", "name": "PEC-style: zip refused, meter by chat", "channel": "chat",
        "member": "Baker",
        "turns": [
            {"say": "I want to sign up for online access", "asked": "account_number"},
            {"say": "{account}", "asked": "member_name"},
            {"say": "{name}", "asked": "email"},
            {"say": "{email}", "asked": "identity_proof"},
            {"say": "my zip is {zip}", "asked": "identity_proof", "reply_has": "does not check that one"},
            {"say": "C0003", "asked": "identity_proof", "reply_has": "does not match"},
            {"say": "my meter number is c0002", "asked": "security_question"},
            {"say": "2", "asked": "security_answer"},
            {"say": "Biscuit", "asked": "terms_accepted"},
            {"say": "yes", "asked": None, "reply_has": "spam"},
        ],
        "outcome": "registered", "mail": "activation",
        "secrets": ["C0003", "c0002", METERS["Baker"], "Biscuit"],
    }, MEMBERS)
