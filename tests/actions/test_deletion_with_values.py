"""A deletion request that carries the account's values is a deletion, whatever the model read.

"please delete my online account, acct 1001234567 name garza zip 78620" holds more values than
words of asking, and the model reads it as ``inform``; outside a flow ``inform`` starts the
sign-up, and the member's "yes" to the next question would have gone on signing up. The words
ask to delete: the deletion flow starts (and asks before anything is deleted).
"""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import Conversation, joined
from tests.support.replies import reply_in


@pytest.mark.parametrize(("language", "text"), [
    ("en", "please delete my online account, acct 1001234567 name garza zip 78620"),
    ("en", "Kindly remove my online registration. Account 1001234567, Garza."),
    ("es", "borra mi cuenta en linea, cuenta 1001234567 Garza"),
    ("es", "quiero dar de baja mi acceso en línea, cuenta 1001234567 apellido Garza"),
])
def test_a_deletion_with_its_values_read_as_inform_starts_the_deletion(backend, language, text):
    chat = Conversation(language=language)
    said = joined(chat.message(text, "inform"))
    assert chat.slots["goal"] == "unsubscribe", said
    assert reply_in(language, messages.switch_started, "unsubscribe") in said
    assert reply_in(language, messages.switch_started, "register") not in said


@pytest.mark.parametrize(("language", "text"), [
    ("en", "sign me up please, account 1001234567 Garza"),
    ("en", "cancel my paper bills, account 1001234567 Garza"),
    ("es", "quiero registrarme, cuenta 1001234567 Garza"),
])
def test_other_messages_with_values_still_start_the_sign_up(backend, language, text):
    chat = Conversation(language=language)
    chat.message(text, "inform")
    assert chat.slots["goal"] == "register"
