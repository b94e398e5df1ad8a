"""Attacker round 6: the stranger's lock keeps the member of an account with no phone on file from
their own password reset.

A password reset in the conversation is the only way back into a login ("forgot your password? chat
with us"), and the link goes only to the address on file. The stranger sends five wrong ZIPs (account
number and name are on the bill); the account is locked for a day, ten a month for 30 days. The member
with a phone on file can still text from it; the member of an account with **no** phone on file cannot
reset at all, in any channel, for as long as the stranger keeps sending wrong ZIPs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.accounts import online_access as accounts, registration as reg
from backend.core.errors import StepOutOfOrder
from backend.identity import verification as v
from backend.notify import dispatch
from backend.storage.models import Member, Notification, VerificationAttempt, utcnow
from tests.support.attacker_steps import OWNER, locked_by_strangers, origin, through_the_lock
from tests.support.backend_helpers import OBRIEN, load_members
from tests.support.member_rows import add_registration, mint

def test_a_stranger_s_lock_does_not_keep_the_member_from_a_reset_link_to_the_address_on_file(
        session_factory, settings):
    db = session_factory
    load_members(db, settings, OBRIEN)
    with db() as session:
        member_id = session.scalars(select(Member.id)).one()
    registration_id = add_registration(db, member_id, email=OWNER)
    with db() as session, session.begin():
        assert accounts.activate(session, mint(db, registration_id), "a long enough password 7",
                                 settings).state == accounts.ACTIVATED
    now = utcnow() - timedelta(minutes=30)
    for index in range(5):  # the stranger: five chats from five networks, each one wrong ZIP
        conversation = f"chat-stranger-{index}"
        origin(db, conversation, f"network-{index}")
        with db() as session:
            assert v.check_account(session, conversation, OBRIEN["account"], OBRIEN["name"], now=now,
                                   settings=settings).result == v.MATCH
        with db() as session:
            v.verify_secret(session, settings, conversation, zip_code="11111", now=now)
    # The member, from home, asks for a reset with the right number, name and ZIP.
    origin(db, "chat-member", "network-home")
    later = now + timedelta(minutes=10)
    with db() as session:
        v.check_account(session, "chat-member", OBRIEN["account"], OBRIEN["name"], now=later, settings=settings)
    try:
        with db() as session:
            v.verify_secret(session, settings, "chat-member", zip_code=OBRIEN["zip"], now=later)
        with db() as session:
            outcome = reg.password_reset(session, settings, "chat-member", now=later)
    except StepOutOfOrder as refused:
        pytest.fail(f"the member's reset was refused: {refused.code}")
    assert outcome.result == reg.SENT
    with db() as session:  # queued for the retry thread (nothing is delivered before the answer)
        assert session.scalar(select(func.count(Notification.id)).where(
            Notification.kind == dispatch.PASSWORD_RESET, Notification.to_address == OWNER)) == 1


def test_through_the_lock_a_wrong_zip_is_answered_as_a_right_one_mails_nothing_and_signs_up_nothing(
        session_factory, settings):
    from backend.identity import budget

    db = session_factory
    later = locked_by_strangers(db, settings)
    with db() as session:
        counted = session.scalar(select(func.count(VerificationAttempt.id)))
    wrong_checked, wrong = through_the_lock(db, settings, "chat-guesser", "22222", later)
    right_checked, right = through_the_lock(db, settings, "chat-member", OBRIEN["zip"],
                                             later + timedelta(minutes=11))
    # The guesser hears what the member hears, at the ZIP and at the reset: no guess at the ZIP.
    assert wrong_checked == right_checked and wrong_checked["result"] == v.LOCKED
    assert wrong.as_json() == right.as_json() == {"result": reg.SENT, "email_masked": right.email_masked,
                                                  "link": "password_reset"}
    # Nothing is delivered before the answer (the time taken tells nothing): only the right ZIP's
    # link is queued, for the retry thread.
    assert not wrong.notification_ids and not right.notification_ids
    with db() as session:
        assert session.scalar(select(func.count(Notification.id)).where(
            Notification.kind == dispatch.PASSWORD_RESET)) == 1
        # Each ZIP, right or wrong, is counted alike against its conversation and network, never the
        # account: reaching a limit tells nothing of which value was right.
        for chat in ("chat-guesser", "chat-member"):
            assert session.scalars(select(VerificationAttempt.member_id).where(
                VerificationAttempt.conversation_id == chat,
                VerificationAttempt.succeeded.is_(False))).all() == [None]
        assert session.scalar(select(func.count(VerificationAttempt.id))) == counted + 2
        member = session.scalars(select(Member)).one()
        assert budget.account_lock(session, member, later)[0] is not None  # still locked
    # Through the lock only links to the address on file: no sign-up, no address change.
    with pytest.raises(StepOutOfOrder):
        with db() as session:
            reg.register(session, settings, "chat-member", "new@example.com", True, now=later)
