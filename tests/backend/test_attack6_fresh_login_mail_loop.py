"""Attacker round 6: a stranger holding the bill of an account with no phone on file mails an
address of their choice without bound. The day's link mails are counted per login, and a brand-new
login's first activation link is bound by nothing; correcting the pending sign-up's address to an
address that has a login (any login: the stranger's own, another member's) withdraws the pending
login, and correcting back makes a brand-new login at the first address, whose first activation goes
out again. Once the login's offers are spent, nothing at all holds the loop back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backend.accounts import link_mails, registration
from backend.notify import dispatch
from backend.storage.models import ACTIVE, Member, Notification, utcnow
from tests.support.attacker_steps import sign_up_again_from_own_phone
from tests.support.backend_helpers import GARZA, OBRIEN, load_members
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import add_registration

STRANGER = "web-stranger"
VICTIM = "victim@example.com"      # no login: the address the stranger floods
WITH_A_LOGIN = "target@example.com"  # any address with a live login


def _register(db, settings, address, now):
    with db() as session:
        outcome = registration.register(session, settings, STRANGER, address, True, now=now)
    return outcome.as_json(), outcome.notification_ids


def test_alternating_with_an_address_that_has_a_login_does_not_flood_a_free_address(session_factory, settings):
    db = session_factory
    load_members(db, settings, GARZA, OBRIEN)
    with db() as session:
        member_id = session.scalars(select(Member.id).where(Member.account_number == GARZA["account"])).one()
    add_registration(db, member_id, email=WITH_A_LOGIN, status=ACTIVE)
    verified_steps(db, settings, STRANGER, OBRIEN)  # no phone on file: bill data alone settles it
    now = utcnow() - timedelta(hours=2)
    for turn in range(20):
        _register(db, settings, VICTIM, now + timedelta(minutes=2 * turn))
        _register(db, settings, WITH_A_LOGIN, now + timedelta(minutes=2 * turn + 1))
    with db() as session:
        mailed = session.scalar(select(func.count(Notification.id)).where(
            Notification.to_address == VICTIM, Notification.kind == dispatch.ACTIVATION))
    # What a login's day allows a stranger (its first activation and the bill-data corrections).
    assert mailed <= link_mails.DAILY_BILL_LINK_MAILS + 1, mailed


def test_signing_up_again_from_one_s_own_phone_does_not_flood_an_address(session_factory, settings):
    db = session_factory
    sign_up_again_from_own_phone(db, settings, [VICTIM] * 12)
    with db() as session:
        mailed = session.scalar(select(func.count(Notification.id)).where(Notification.to_address == VICTIM))
    assert mailed <= link_mails.DAILY_LINK_MAILS, mailed
