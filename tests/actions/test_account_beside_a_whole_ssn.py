"""The account number sent with a whole SSN is kept; the SSN never is.

"hi, I want online access. account 1004420987, my SSN is 512-44-6677" got the "do not send your whole
SSN" warning, and then the account number was asked again: the number in the same message was
dropped. Then "Schmidt, zip 78624 and last four 6677" was read at the account step ("An account
number has 6 to 12 digits"). The warning is still given and the message redacted, the whole SSN
never stored nor echoed; the account number beside it is checked, and the name asked next.
"""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import Conversation, joined
from tests.support.backend_helpers import load_members
from tests.support.replies import reply_in

ACCOUNT, NAME, ZIP, LAST4 = "1004420987", "Schmidt", "78624", "6677"
FIRST = {"en": "hi, I want online access. account 1004420987, my SSN is 512-44-6677",
         "es": "hola, quiero acceso en línea. cuenta 1004420987, mi seguro social es 512-44-6677"}
NAME_WITH_PROOF = {"en": "Schmidt, zip 78624 and last four 6677",
                   "es": "Schmidt, código postal 78624 y últimos cuatro 6677"}


@pytest.fixture
def backend(backend_with):
    started = backend_with()
    load_members(started.session, started.settings, dict(account=ACCOUNT, name=NAME, zip=ZIP, last4=LAST4))
    return started


def _started(language: str) -> tuple[Conversation, str]:
    chat = Conversation(language=language, channel="sms")
    return chat, joined(chat.start(FIRST[language]))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_account_beside_a_whole_ssn_is_kept_and_the_name_asked(backend, language):
    chat, said = _started(language)
    assert reply_in(language, messages.full_ssn_refused) in said, said
    assert chat.slots["account_number"] == ACCOUNT, said
    assert chat.slots["requested_slot"] == "member_name", said
    assert chat.slots["redact_message_id"] == chat.events[[e["event"] for e in chat.events].index("user")]["message_id"]
    for digits in ("512", "6677", "446677"):
        assert digits not in said.replace("-", "")
    assert not any("512-44-6677" in str(value) for value in chat.slots.values())


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_name_with_the_zip_and_last_four_is_read_at_the_name_step(backend, language):
    chat, _ = _started(language)
    said = joined(chat.message(NAME_WITH_PROOF[language]))
    assert chat.slots["member_name"] and chat.slots["identity_proof"] == "verified", said
    assert not chat.failures("account_number") and not chat.failures("member_name")
    assert "6 to 12" not in said and "6 a 12" not in said, said
    assert chat.slots["requested_slot"] == "email", said
