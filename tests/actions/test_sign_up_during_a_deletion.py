"""A request to sign up or add an account while a deletion is under way starts the sign-up afresh.

An SMS conversation had left a deletion half-done ("Delete your online account registration? Reply
YES" pending, or its proof asked). "I want to add another account to my login, same email as before"
was read as a correction of the account being deleted: the new account number was checked against
the deletion's name (a try spent) and the member was asked "Delete your online account registration?"
again. The words ask for another goal: the deletion is dropped, said in one line (nothing deleted),
and the new account is checked with its own name.
"""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members
from tests.support.deleting_in_a_conversation import DELETE_LINK, asks_to_delete, links_in, registered_and_activated
from tests.support.replies import reply_in

NEW_ACCOUNT, NEW_NAME, NEW_ZIP = "1006547789", "Lindqvist", "78127"
ADDS = {"en": "I want to add another account to my login, same email as before",
        "es": "quiero agregar otra cuenta a mi usuario, el mismo correo de antes"}
SIGNS_UP = {"en": "actually I want to register another account", "es": "mejor quiero registrar otra cuenta"}


@pytest.fixture
def backend(backend_with):
    started = backend_with()
    load_members(started.session, started.settings, dict(account=NEW_ACCOUNT, name=NEW_NAME, zip=NEW_ZIP,
                                                          last4="7789"))
    return started


def _the_new_account_signs_up(backend, chat: Conversation, language: str) -> str:
    """The new account, its name and ZIP; every reply joined. Its name is checked once, with it."""
    tries = name_attempts(backend)
    said = joined(chat.message(NEW_ACCOUNT))
    assert chat.slots["requested_slot"] == "member_name", said
    assert name_attempts(backend) == tries, "no earlier name is checked against the new account"
    said += "\n" + joined(chat.message(NEW_NAME))
    assert name_attempts(backend) == tries + 1
    assert not chat.failures("member_name")
    said += "\n" + joined(chat.message(NEW_ZIP))
    assert chat.slots["goal"] == "register", said
    assert chat.slots["identity_proof"] == "verified", said
    return said


@pytest.mark.parametrize("language", ["en", "es"])
def test_adding_an_account_at_the_deletion_s_yes_starts_its_sign_up(backend, language):
    chat = registered_and_activated(backend, language)
    asks_to_delete(chat, language)
    chat.message("1001234567")
    assert chat.slots["requested_slot"] == "confirm_unsubscribe"

    said = joined(chat.message(ADDS[language], intent="register"))

    assert said.startswith(reply_in(language, messages.sign_up_instead_of_deleting)), said
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "account_number"
    assert not chat.failures("confirm_unsubscribe")
    said = _the_new_account_signs_up(backend, chat, language)
    assert reply_in(language, messages.ask_confirm_unsubscribe) not in said, said
    assert reply_in(language, messages.ask_confirm_unsubscribe_short) not in said, said
    assert not links_in(backend, DELETE_LINK), "nothing deleted without the YES and the link"


@pytest.mark.parametrize("language", ["en", "es"])
def test_signing_up_at_the_deletion_s_proof_starts_afresh(backend, language):
    chat = Conversation(language=language, channel="sms")
    asks_to_delete(chat, language)
    chat.message("1001234567")
    chat.message("Garza")
    assert chat.slots["requested_slot"] == "identity_proof"

    said = joined(chat.message(SIGNS_UP[language], intent="inform"))

    assert reply_in(language, messages.sign_up_instead_of_deleting) in said, said
    assert chat.slots["account_number"] is None and chat.slots["member_name"] is None
    _the_new_account_signs_up(backend, chat, language)
    assert not links_in(backend, DELETE_LINK)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "yes, delete my registration"), ("en", "continue"), ("es", "sí, bórrelo"), ("es", "sigamos"),
])
def test_the_deletion_s_own_answers_keep_the_deletion(backend, language, text):
    chat = Conversation(language=language, channel="sms")
    asks_to_delete(chat, language)
    chat.message("1001234567")
    said = joined(chat.message(text))
    assert chat.slots["goal"] == "unsubscribe", said
    assert reply_in(language, messages.sign_up_instead_of_deleting) not in said
