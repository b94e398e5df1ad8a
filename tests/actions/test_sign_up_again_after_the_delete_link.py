"""Signing up again in the web chat right after deleting with the link mailed in the same chat, in the
words of a play-test's member, in English and Spanish, against the real backend: "ok I deleted it with the
link. hmm, now I'd like to sign up again after all, same account" (read as a mail not received, which
resent the deletion's link) heard "This account has no online registration, so there is nothing to
delete"; after REGISTER the account number was asked from scratch, though the chat had proven it; and the
deletion's start said "you already confirmed it is yours" before "I sent a link to confirm the deletion".

A sign-up asked for is a sign-up, whatever the model read; the account the chat proved is signed up
again (its proof not asked anew, another account still the member's to name); the deletion's start says
the chat showed the account is theirs, and the link confirms the deletion itself."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined
from tests.support.deleting_in_a_conversation import (
    WORDS,
    activate_latest,
    answer_until_done,
    asks_to_delete,
    delete_by_latest_link,
)

AGAIN = {"en": "ok I deleted it with the link. hmm, now I'd like to sign up again after all, same account",
         "es": "ok ya lo borré con el enlace. mmm, ahora quiero volver a registrarme, la misma cuenta"}
NOTHING_TO_DELETE = ("nothing to delete", "nada que borrar")
SAME_ACCOUNT = {"en": "I will sign up account ending in 67 again", "es": "Voy a registrar otra vez la cuenta que termina en 67"}
EMAIL_QUESTION = {"en": "What e-mail address", "es": "¿Qué correo electrónico"}
REGISTERED = {"en": "You are registered!", "es": "¡Su registro está listo!"}
ALREADY_CONFIRMED = ("already confirmed", "ya ha confirmado")
LINK_TO_CONFIRM = {"en": "I sent a link to confirm the deletion", "es": "para confirmar que quiere borrarlo"}


def deleted_in_the_web_chat(backend, language: str) -> tuple[Conversation, str]:
    """A member signs up in the web chat, activates, asks to delete (the account proven in this chat: no
    proof asked again), says yes and deletes with the mailed link; the chat and the deletion's replies."""
    chat = Conversation(language=language, channel="web")
    chat.start(WORDS[language]["register"])
    answer_until_done(chat, language)
    activate_latest(backend)
    said = asks_to_delete(chat, language)
    said += "\n" + joined(answer_until_done(chat, language)[1])
    assert chat.slots["outcome"] == "delete_link_sent", said
    delete_by_latest_link(backend)
    return chat, said


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent,action", [("email_not_received", "action_resend_email"), ("unregister", None),
                                           ("affirm", None)])
def test_signing_up_again_after_the_link_signs_the_proven_account_up(backend, language, intent, action):
    chat, _ = deleted_in_the_web_chat(backend, language)
    said = joined(chat.message(AGAIN[language], intent, action=action))
    assert not any(words in said for words in NOTHING_TO_DELETE), said
    assert chat.slots["goal"] == "register" and chat.active_loop == "registration_form", said
    assert SAME_ACCOUNT[language] in said and EMAIL_QUESTION[language] in said, said
    asked, replies = answer_until_done(chat, language)
    assert "account_number" not in asked and "identity_proof" not in asked
    assert REGISTERED[language] in joined(replies)


@pytest.mark.parametrize("language", ["en", "es"])
def test_register_after_the_link_offers_the_proven_account(backend, language):
    chat, _ = deleted_in_the_web_chat(backend, language)
    said = joined(chat.message("REGISTER" if language == "en" else "REGISTRARME", "register"))
    assert SAME_ACCOUNT[language] in said and chat.slots["requested_slot"] == "email", said


@pytest.mark.parametrize("language", ["en", "es"])
def test_another_account_number_signs_that_one_up_instead(backend, language):
    chat, _ = deleted_in_the_web_chat(backend, language)
    said = joined(chat.message({"en": "sign me up again for account 6001112223",
                                "es": "quiero registrarme otra vez, cuenta 6001112223"}[language], "register"))
    assert SAME_ACCOUNT[language] not in said and chat.slots["account_number"] == "6001112223", said


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_deletion_replies_agree_on_what_the_link_confirms(backend, language):
    _, said = deleted_in_the_web_chat(backend, language)
    assert LINK_TO_CONFIRM[language] in said, said
    assert not any(words in said for words in ALREADY_CONFIRMED), said
