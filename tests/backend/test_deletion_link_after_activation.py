"""A member asks to delete a pending sign-up, then activates it (which spends every unused link of the
registration, the "confirm deleting" one too), then asks to delete again minutes later: the new link
goes out, since the one mailed before is dead, within the day's link mails. While the link mailed
minutes ago still works, nothing new goes out and the answer says so (``link`` "none"), never a
mail it did not queue. On SQLite and PostgreSQL (``session_factory``)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from backend.accounts import online_access, registration
from backend.notify import dispatch
from backend.storage.models import Notification
from tests.support.backend_helpers import (
    ACTIVATE_LINK,
    GARZA,
    LOGIN_PASSWORD,
    deliver_outcome,
    load_members,
    outbox_mails,
    parts,
    register_in,
)
from tests.support.backend_helpers import verified as verified_steps

ADDRESS = "garza@example.com"
CONVERSATION = "sms-garza"
DELETE_LINK = re.compile(r"/delete/([A-Za-z0-9_-]{40,})")


def _links(settings, pattern) -> list[str]:
    return [match.group(1) for mail in outbox_mails(settings.outbox_dir) if mail["To"] == ADDRESS
            for match in [pattern.search(parts(mail)[0])] if match]


def _ask_to_delete(db, settings):
    """The conversation asks for the "confirm deleting" link, which is sent as the API sends it."""
    with db() as session:
        outcome = registration.unsubscribe(session, settings, CONVERSATION)
    deliver_outcome(settings, db, outcome)
    return outcome


def _a_deletion_asked_then_the_sign_up_activated(db, settings) -> None:
    load_members(db, settings, GARZA)
    verified_steps(db, settings, CONVERSATION, GARZA)
    deliver_outcome(settings, db, register_in(db, settings, CONVERSATION, ADDRESS))
    first = _ask_to_delete(db, settings)
    assert first.notification_ids and first.as_json().get("link") is None
    with db() as session:
        assert online_access.activate(session, _links(settings, ACTIVATE_LINK)[-1], LOGIN_PASSWORD,
                                      settings).state == online_access.ACTIVATED
        session.commit()
    with db() as session:
        # The member's first link is dead now: "This link no longer works".
        assert online_access.link_state(session, _links(settings, DELETE_LINK)[-1], "delete").state == online_access.USED


def test_a_second_deletion_request_mails_a_new_link_when_the_first_died_with_the_activation(
        session_factory, settings):
    db = session_factory
    _a_deletion_asked_then_the_sign_up_activated(db, settings)

    again = _ask_to_delete(db, settings)
    assert again.result == registration.CONFIRMATION_SENT
    assert again.notification_ids, "the link replacing a dead one is mailed"
    assert again.as_json().get("link") is None
    links = _links(settings, DELETE_LINK)
    assert len(links) == 2
    with db() as session:
        assert online_access.delete_by_link(session, links[-1]).state == online_access.VALID
        session.commit()


def test_while_the_link_mailed_minutes_ago_works_none_goes_and_the_answer_says_so(session_factory, settings):
    db = session_factory
    _a_deletion_asked_then_the_sign_up_activated(db, settings)
    assert _ask_to_delete(db, settings).notification_ids

    third = _ask_to_delete(db, settings)
    assert third.result == registration.CONFIRMATION_SENT and not third.notification_ids
    assert third.as_json().get("link") == registration.NO_LINK
    assert len(_links(settings, DELETE_LINK)) == 2
    with db() as session:
        assert session.scalar(select(func.count(Notification.id)).where(
            Notification.kind == dispatch.DELETE_CONFIRM)) == 2
