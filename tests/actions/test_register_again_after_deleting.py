"""A member who registered, activated, deleted the online access through the "confirm deleting" link
and signs up again in the same SMS conversation, in English and Spanish, against the real backend.

The deleted login's security question and answer are gone with it: the second sign-up asks them
again and finishes with a new activation link, never "your identity check has expired" again and
again (the conversation had kept skipping the question for the address it signed up with first).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.accounts import online_access
from backend.storage.models import ACTIVE, Login
from tests.support.action_conversation import joined
from tests.support.deleting_in_a_conversation import (
    EMAIL,
    WORDS,
    activate_latest,
    answer_until_done,
    asks_to_delete,
    delete_by_latest_link,
    links_in,
    registered_and_activated,
)
from tests.support.backend_helpers import ACTIVATE_LINK

EXPIRED = {"en": "identity check expires", "es": "verificación de identidad vence"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_registering_again_after_deleting_asks_the_security_question_and_finishes(backend, language):
    chat = registered_and_activated(backend, language)
    asks_to_delete(chat, language)
    answer_until_done(chat, language)
    assert chat.slots["outcome"] == "delete_link_sent"
    assert delete_by_latest_link(backend) == online_access.VALID

    activations = len(links_in(backend, ACTIVATE_LINK))
    said = joined(chat.message(WORDS[language]["again"], intent="register"))
    asked, replies = answer_until_done(chat, language)
    replies = [said, *replies]
    assert "security_question" in asked and "security_answer" in asked, asked
    assert asked.index("security_question") < asked.index("terms_accepted"), asked
    assert not any(EXPIRED[language] in reply for reply in replies), replies
    assert chat.slots["outcome"] == "registered", replies
    activate_latest(backend, activations + 1)


def _deleted_on_the_account_page(backend) -> None:
    """The member deletes the whole login on the signed-in account page, outside the conversation."""
    with backend.session() as session:
        login = session.scalars(select(Login).where(Login.email == EMAIL, Login.status == ACTIVE)).one()
        assert online_access.unsubscribe_login(session, login)
        session.commit()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_login_deleted_outside_the_conversation_is_asked_every_step_in_order(backend, language):
    """The backend tells, at the proof, that the account has no login any more: the new sign-up asks
    the security question and answer before the Terms, as any new registration does."""
    chat = registered_and_activated(backend, language)
    _deleted_on_the_account_page(backend)

    activations = len(links_in(backend, ACTIVATE_LINK))
    said = joined(chat.message(WORDS[language]["again"], intent="register"))
    asked, replies = answer_until_done(chat, language)
    replies = [said, *replies]
    assert "security_question" in asked and "security_answer" in asked, asked
    assert not any(EXPIRED[language] in reply for reply in replies), replies
    assert asked.count("identity_proof") == 1 and asked.count("terms_accepted") == 1, asked
    assert asked.index("security_question") < asked.index("terms_accepted"), asked
    assert asked.count("security_question") == 1 and asked.count("security_answer") == 1, asked
    assert chat.slots["outcome"] == "registered", replies
    activate_latest(backend, activations + 1)
