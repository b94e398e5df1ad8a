"""A member who proved the account in this conversation (a sign-up) and then asks to delete the online
access is not asked to prove it again: the deletion asks its YES at once, and the link to confirm goes
to the address on file as always. Only this conversation's proof of that very account, while the
backend still holds it: another account named is proven anew, and a proof that lapsed is asked again
after the YES. English and Spanish, against the real backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from backend.storage.models import RegistrationDraft, utcnow
from tests.support.action_conversation import Conversation, joined
from tests.support.deleting_in_a_conversation import ANSWERS, WORDS, answer_until_done

KEPT = {"en": "you already confirmed it is yours in this conversation",
        "es": "ya ha confirmado en esta conversación que es suya"}
ACCOUNT_QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}
SENT = {"en": "I sent a link to confirm the deletion", "es": "le mandé un enlace a"}
EXPIRED = {"en": "identity check expires", "es": "verificación de identidad vence"}


def _signed_up(language: str) -> Conversation:
    chat = Conversation(language=language, channel="sms")
    chat.start(WORDS[language]["register"])
    answer_until_done(chat, language)
    assert chat.slots["outcome"] == "registered"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_deletion_right_after_the_sign_up_asks_only_its_yes(backend, language):
    chat = _signed_up(language)
    said = joined(chat.message(WORDS[language]["delete"], intent="unregister"))
    assert KEPT[language] in said and "1001234567" in said, said
    assert ACCOUNT_QUESTION[language] not in said, said
    assert chat.slots["requested_slot"] == "confirm_unsubscribe"
    asked, replies = answer_until_done(chat, language)
    assert asked == ["confirm_unsubscribe"], asked
    assert SENT[language] in joined(replies) and chat.slots["outcome"] == "delete_link_sent", replies


@pytest.mark.parametrize("language", ["en", "es"])
def test_another_account_named_in_the_request_is_proven_anew(backend, language):
    chat = _signed_up(language)
    said = joined(chat.message(f"{WORDS[language]['delete']} 6001112223", intent="unregister"))
    assert KEPT[language] not in said, said
    assert chat.slots["identity_proof"] is None and chat.slots["requested_slot"] != "confirm_unsubscribe"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_proof_that_lapsed_is_asked_again_after_the_yes(backend, language):
    chat = _signed_up(language)
    chat.message(WORDS[language]["delete"], intent="unregister")
    lapsed = utcnow() - timedelta(hours=3)
    with backend.session() as session, session.begin():
        session.execute(update(RegistrationDraft).where(RegistrationDraft.conversation_id == chat.sender)
                        .values(verified_at=lapsed, name_matched_at=lapsed))
    said = joined(chat.form_turn(ANSWERS[language]["confirm_unsubscribe"]))
    assert EXPIRED[language] in said and SENT[language] not in said, said
    chat.follow_up_form()
    asked, replies = answer_until_done(chat, language)
    assert "identity_proof" in asked and "confirm_unsubscribe" not in asked, asked
    assert SENT[language] in joined(replies) and chat.slots["outcome"] == "delete_link_sent", replies
