"""A member asks to delete a sign-up still pending, activates it (its "confirm deleting" link dies with
the activation: "This link no longer works"), then asks again in the same SMS conversation, in English
and Spanish, against the real backend: the reply that says a link was sent comes with a new link that
works; asked once more at once, the reply says the link went minutes ago and no mail is claimed."""

from __future__ import annotations

import pytest

from backend.accounts import online_access
from tests.support.action_conversation import Conversation, joined
from tests.support.backend_helpers import ACTIVATE_LINK
from tests.support.deleting_in_a_conversation import (
    DELETE_LINK,
    WORDS,
    activate_latest,
    answer_until_done,
    arrived,
    asks_to_delete,
    delete_by_latest_link,
    links_in,
)

SENT = {"en": "I sent a link to confirm the deletion", "es": "le mandé un enlace a"}
RECENT = {"en": "a few minutes ago, so I did not send another", "es": "Hace unos minutos mandé un enlace"}


def _deletion_asked(chat: Conversation, language: str) -> str:
    said = asks_to_delete(chat, language)
    _, replies = answer_until_done(chat, language)
    assert chat.slots["outcome"] == "delete_link_sent", replies
    return joined([said, *replies])


@pytest.mark.parametrize("language", ["en", "es"])
def test_asking_again_after_the_activation_killed_the_link_mails_a_new_one(backend, language):
    chat = Conversation(language=language, channel="sms")
    chat.start(WORDS[language]["register"])
    answer_until_done(chat, language)
    assert chat.slots["outcome"] == "registered"
    assert SENT[language] in _deletion_asked(chat, language)
    arrived(backend, DELETE_LINK, 1)
    activate_latest(backend)
    with backend.session() as session:
        assert online_access.link_state(session, links_in(backend, DELETE_LINK)[-1],
                                        "delete").state == online_access.USED

    assert SENT[language] in _deletion_asked(chat, language)
    assert delete_by_latest_link(backend, 2) == online_access.VALID
    assert len(links_in(backend, ACTIVATE_LINK)) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_asking_again_while_the_link_still_works_says_it_went_minutes_ago(backend, language):
    chat = Conversation(language=language, channel="sms")
    chat.start(WORDS[language]["register"])
    answer_until_done(chat, language)
    assert SENT[language] in _deletion_asked(chat, language)
    arrived(backend, DELETE_LINK, 1)
    activate_latest(backend)
    assert SENT[language] in _deletion_asked(chat, language)
    arrived(backend, DELETE_LINK, 2)

    said = _deletion_asked(chat, language)
    assert RECENT[language] in said and SENT[language] not in said, said
    assert len(links_in(backend, DELETE_LINK)) == 2
