"""A yes sent after the sign-up is over, as a fifth play-test's member did it, in English and
Spanish, against the real backend API (tests/actions/conftest.py): after "this account already has
an online registration ... a link went to ... a few minutes ago" (or after the registration), "yes I
accept" hears that the member is all set and where the link went, never an invitation to sign up."""

from __future__ import annotations

import pytest

from actions import messages
from actions.language import speaking
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to

YES = {"en": "yes I accept", "es": "sí, acepto"}
INVITES = {"en": "send your account number", "es": "envíe su número de cuenta"}


def registered_here(language: str) -> Conversation:
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    chat.form_turn(YES[language], "affirm")
    assert chat.slots["outcome"] == "registered"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_yes_after_already_registered_says_all_set(backend, language):
    registered_here("en")
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in ("1001234567", "Garza", "other@example.com", "78620"):
        reply = joined(chat.form_turn(text))
    assert chat.slots["outcome"] == "already_registered" and chat.active_loop is None, reply
    replies = chat.message(YES[language], "affirm")
    with speaking(language):
        assert replies == [messages.all_set(chat.slots["email_masked"])], replies
    assert INVITES[language] not in joined(replies)
    assert chat.slots["goal"] is None and chat.active_loop is None


@pytest.mark.parametrize("language", ["en", "es"])
def test_yes_after_the_registration_says_all_set(backend, language):
    chat = registered_here(language)
    replies = chat.message(YES[language], "affirm")
    assert INVITES[language] not in joined(replies) and chat.slots["email_masked"] in joined(replies), replies


def test_a_yes_with_nothing_done_still_says_how_to_sign_up(backend):
    replies = Conversation(language="en").message("yes", "affirm")
    assert INVITES["en"] in joined(replies)
