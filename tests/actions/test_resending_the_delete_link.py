"""A member whose link to confirm a deletion was mailed asks for it again ("send the delete link
again", "no me llegó el enlace para borrar, mándelo otra vez"): the deletion's link is what is sent
again, or the reply says honestly that one went minutes ago and still works (the backend's 10-minute
guard decides), never the reply of a registered member ("your login is already active, sign in")
nor a resent activation link. In a new conversation, where no deletion of its own is known, the
deletion starts again. English and Spanish, against the real backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from actions.answers import names_the_delete_link
from backend.accounts import online_access
from backend.notify import dispatch
from backend.storage.models import Notification, RegistrationDraft, utcnow
from tests.support.action_conversation import Conversation, joined
from tests.support.deleting_in_a_conversation import (
    ANSWERS,
    DELETE_LINK,
    WORDS,
    answer_until_done,
    arrived,
    asks_to_delete,
    delete_by_latest_link,
    registered_and_activated,
)

AGAIN = {"en": ["send the delete link again", "can you resend the deletion link"],
         "es": ["no me llegó el enlace para borrar, mándelo otra vez", "reenvíeme el enlace para borrar"]}
RECENT = {"en": "a few minutes ago, so I did not send another", "es": "Hace unos minutos mandé un enlace"}
NEW_LINK = {"en": "I sent a new link to confirm the deletion to g***@e***.com",
            "es": "Le mandé a g***@e***.com un enlace nuevo para confirmar que quiere borrarlo"}
FIRST_LINK = {"en": "I sent a link to confirm the deletion", "es": "le mandé un enlace a"}
# What a registered member hears, or an activation resent: never the answer to a deletion's resend.
NEVER = {"en": ["already active", "sign in", "activation", "no sign-up from this conversation"],
         "es": ["ya está activa", "iniciar sesión", "activación", "No tengo un registro de esta conversación"]}
ACCOUNT_QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}
NEW_DELETION = {"en": "I can send a new link to confirm the deletion",
                "es": "Puedo mandarle un enlace nuevo para confirmar que quiere borrarlo"}
EXPIRED = {"en": "identity check expires", "es": "verificación de identidad vence"}
NOTHING_LEFT = {"en": "nothing to delete", "es": "no hay nada que borrar"}
AFTER_THE_STEPS = {"en": "as soon as these questions are answered", "es": "en cuanto responda estas preguntas"}


def _mails(backend, kind: str) -> int:
    """How many mails of ``kind`` the backend queued so far (counted as it commits, before answering)."""
    with backend.session() as session:
        return session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == kind))


def _deletion_mailed(chat: Conversation, language: str) -> None:
    """The member asks to delete and says yes: the link to confirm it is mailed."""
    asks_to_delete(chat, language)
    _, replies = answer_until_done(chat, language)
    assert FIRST_LINK[language] in joined(replies) and chat.slots["outcome"] == "delete_link_sent", replies


def _resend(chat: Conversation, text: str) -> str:
    """The member asks for the mail again (the model reads ``email_not_received``, whose rule resends)."""
    return joined(chat.message(text, "email_not_received", action="action_resend_email"))


def _ten_minutes_pass(backend) -> None:
    """The deletion mails were queued 11 minutes ago: the 10-minute guard no longer holds them back."""
    with backend.session() as session, session.begin():
        session.execute(update(Notification).where(Notification.kind == dispatch.DELETE_CONFIRM)
                        .values(created_at=utcnow() - timedelta(minutes=11)))


def _never_a_registered_members_reply(said: str, language: str) -> None:
    assert not any(words in said for words in NEVER[language]), said


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
def test_a_resend_minutes_after_the_deletion_link_says_that_link_stands(backend, language, which):
    chat = registered_and_activated(backend, language)
    _deletion_mailed(chat, language)
    deletions, activations = _mails(backend, dispatch.DELETE_CONFIRM), _mails(backend, dispatch.ACTIVATION)

    said = _resend(chat, AGAIN[language][which])

    assert RECENT[language] in said and "g***@e***.com" in said, said
    _never_a_registered_members_reply(said, language)
    assert _mails(backend, dispatch.DELETE_CONFIRM) == deletions and _mails(backend, dispatch.ACTIVATION) == activations
    assert chat.slots["outcome"] == "delete_link_sent"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_resend_after_ten_minutes_mails_a_new_deletion_link_that_deletes(backend, language):
    chat = registered_and_activated(backend, language)
    _deletion_mailed(chat, language)
    arrived(backend, DELETE_LINK, 1)
    _ten_minutes_pass(backend)

    said = _resend(chat, AGAIN[language][0])

    assert NEW_LINK[language] in said, said
    _never_a_registered_members_reply(said, language)
    assert _mails(backend, dispatch.DELETE_CONFIRM) == 2
    assert delete_by_latest_link(backend, 2) == online_access.VALID


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_pending_sign_up_gets_the_deletion_link_again_never_its_activation(backend, language):
    """Signed up, not activated yet, deletion asked: "send it again" is the deletion's link."""
    chat = Conversation(language=language, channel="sms")
    chat.start(WORDS[language]["register"])
    answer_until_done(chat, language)
    _deletion_mailed(chat, language)
    activations = _mails(backend, dispatch.ACTIVATION)

    said = _resend(chat, AGAIN[language][0])

    assert RECENT[language] in said, said
    _never_a_registered_members_reply(said, language)
    assert _mails(backend, dispatch.ACTIVATION) == activations


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_deletion_only_conversation_resends_its_link(backend, language):
    """No sign-up in this conversation, only the deletion: never "no sign-up to resend"."""
    registered_and_activated(backend, language)
    chat = Conversation(language=language, channel="web")
    _deletion_mailed(chat, language)
    _ten_minutes_pass(backend)

    said = _resend(chat, "send it again" if language == "en" else "mándelo otra vez")

    assert NEW_LINK[language] in said, said
    _never_a_registered_members_reply(said, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_link_asked_in_words_the_model_reads_as_a_deletion_is_resent_without_a_second_yes(backend, language):
    """ "mándeme otra vez el enlace para eliminar mi registro" (read as a deletion, or unsure) once
    the link went: that link again, no "Delete your online account registration?" asked."""
    chat = registered_and_activated(backend, language)
    _deletion_mailed(chat, language)
    text = ("resend the link to delete my account" if language == "en"
            else "mándeme otra vez el enlace para eliminar mi registro")

    for intent in ("unregister", "nlu_fallback"):
        said = joined(chat.message(text, intent, confidence=0.5))
        assert RECENT[language] in said, (intent, said)
        assert chat.slots["requested_slot"] is None and chat.active_loop is None, intent
        assert chat.slots["outcome"] == "delete_link_sent"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_lapsed_proof_is_asked_again_and_then_the_link_goes_without_a_second_yes(backend, language):
    chat = registered_and_activated(backend, language)
    _deletion_mailed(chat, language)
    _ten_minutes_pass(backend)
    lapsed = utcnow() - timedelta(hours=3)
    with backend.session() as session, session.begin():
        session.execute(update(RegistrationDraft).where(RegistrationDraft.conversation_id == chat.sender)
                        .values(verified_at=lapsed, name_matched_at=lapsed))

    said = _resend(chat, AGAIN[language][0])
    said += joined(chat.follow_up_form())

    assert EXPIRED[language] in said and NEW_LINK[language] not in said, said
    _never_a_registered_members_reply(said, language)
    asked, replies = answer_until_done(chat, language)
    assert "identity_proof" in asked and "confirm_unsubscribe" not in asked, asked
    assert FIRST_LINK[language] in joined(replies) and chat.slots["outcome"] == "delete_link_sent", replies


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_resend_once_the_login_was_deleted_says_nothing_is_left(backend, language):
    chat = registered_and_activated(backend, language)
    _deletion_mailed(chat, language)
    assert delete_by_latest_link(backend) == online_access.VALID

    said = _resend(chat, AGAIN[language][0])

    assert NOTHING_LEFT[language] in said, said
    _never_a_registered_members_reply(said, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_in_a_new_conversation_the_deletion_starts_again(backend, language):
    """The link was asked for in an earlier conversation; this one knows of none: the deletion starts
    (the account proven again, its one yes), never "already active, sign in"."""
    _deletion_mailed(registered_and_activated(backend, language), language)
    _ten_minutes_pass(backend)
    chat = Conversation(language=language, channel="web")

    said = _resend(chat, AGAIN[language][0])

    assert NEW_DELETION[language] in said and ACCOUNT_QUESTION[language] in said, said
    _never_a_registered_members_reply(said, language)
    asked, replies = answer_until_done(chat, language)
    assert asked == ["account_number", "member_name", "identity_proof", "confirm_unsubscribe"], asked
    assert FIRST_LINK[language] in joined(replies) and chat.slots["outcome"] == "delete_link_sent", replies


@pytest.mark.parametrize("language", ["en", "es"])
def test_asked_for_before_the_deletion_s_questions_are_done_it_says_when_it_goes(backend, language):
    registered_and_activated(backend, language)
    chat = Conversation(language=language, channel="sms")
    asks_to_delete(chat, language)
    chat.form_turn(ANSWERS[language]["account_number"])
    chat.form_turn(ANSWERS[language]["member_name"])
    assert chat.slots["requested_slot"] == "identity_proof"

    said = joined(chat.form_turn(AGAIN[language][0], "email_not_received"))
    assert chat.rejected, said  # a side request: its rule answers, then the form asks again
    said += joined(chat.run("action_resend_email")[1]) + joined(chat.follow_up_form())

    assert AFTER_THE_STEPS[language] in said, said
    _never_a_registered_members_reply(said, language)
    assert chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize("text", AGAIN["en"] + AGAIN["es"] + [
    "resend the link to delete my account", "I never got the email to delete my account",
    "send me the deletion email again please", "the delete link never came", "el enlace para borrar no llegó",
    "no me llegó el correo para borrar mi cuenta", "mándeme otra vez el enlace para eliminar mi registro",
])
def test_the_delete_link_named_in_any_words_is_that_link(text):
    assert names_the_delete_link(text)


@pytest.mark.parametrize("text", [
    "send it again", "resend", "I didn't get the activation email", "no me llegó el correo",
    "delete my email address from the account", "change my email and delete my account", "delete my online access",
])
def test_a_resend_or_a_deletion_that_names_no_delete_link_is_none(text):
    assert not names_the_delete_link(text)
