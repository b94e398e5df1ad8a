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
from sqlalchemy import select

from backend.accounts import online_access as accounts, registration as reg
from backend.core.errors import StepOutOfOrder
from backend.identity import verification as v
from backend.storage.models import Member, utcnow
from tests.support.backend_helpers import OBRIEN, load_members
from tests.support.member_rows import add_registration, mint

OWNER = "obrien@example.com"


def _origin(db, conversation, source):
    with db() as session:
        v.remember_origin(session, conversation, "web", source)
        session.commit()


@pytest.mark.xfail(strict=True, reason="attack6: five wrong ZIPs from strangers lock the account, and the lock "
                   "also refuses the member's own password reset (mailed only to the address on file); "
                   "an account with no phone on file then has no way back into its login")
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
        _origin(db, conversation, f"network-{index}")
        with db() as session:
            assert v.check_account(session, conversation, OBRIEN["account"], OBRIEN["name"], now=now,
                                   settings=settings).result == v.MATCH
        with db() as session:
            v.verify_secret(session, settings, conversation, zip_code="11111", now=now)
    # The member, from home, asks for a reset with the right number, name and ZIP.
    _origin(db, "chat-member", "network-home")
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
    assert outcome.result == reg.SENT and outcome.notification_ids
