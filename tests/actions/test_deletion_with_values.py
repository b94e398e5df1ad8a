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


@pytest.mark.parametrize(("language", "text", "intent"), [
    ("en", "no, never mind, better delete it", "never_mind"),
    ("en", "No. Please delete my online access instead.", "deny"),
    ("es", "ay no, mejor bórrelo, creo que mi esposo ya lo tenía registrado", "deny"),
    ("es", "no, quiero BORRAR mi registro en linea", "register"),
    ("es", "NO quiero registrarme, quiero eliminar mi acceso en linea", "register"),
])
def test_a_deletion_after_a_no_is_a_deletion(backend, language, text, intent):
    """A deletion that begins with "no" (answering what was asked before) was read as a refusal
    ("OK. Text REGISTER any time") or as a sign-up ("Claro, puedo registrarle")."""
    chat = Conversation(language=language)
    said = joined(chat.message(text, intent))
    assert chat.slots["goal"] == "unsubscribe", said
    assert reply_in(language, messages.switch_started, "unsubscribe") in said


@pytest.mark.parametrize(("language", "text", "intent"), [
    ("en", "never mind, cancel it", "never_mind"),
    ("en", "no, don't delete anything", "deny"),
    ("es", "no, no lo borre", "deny"),
    ("es", "olvidelo, no quiero inscribirme", "never_mind"),
])
def test_a_no_without_a_plain_deletion_is_no_deletion(backend, language, text, intent):
    chat = Conversation(language=language)
    chat.message(text, intent)
    assert chat.slots["goal"] != "unsubscribe"
