"""Attacker round 6: a stranger's five bill-data mails stop the signed-in member's own "add another
account", and the page says a link was mailed.

The signed-in member adds a second account on the account page (``registration.add_to_login``). The
offer to their own login is counted as a stranger's (``_offer_addition``: the page's flow did not
"make" the login), so once a stranger holding the first account's bill has had five resets mailed
that day, nothing is made or mailed, and the answer is the one of a mail sent ("open the link we
mailed"). docs/security.md: "a member who can prove the phone, or sign in, never is [held back] by
a stranger's doing"."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backend.accounts import link_mails, online_access as accounts, registration
from backend.notify import dispatch
from backend.storage.models import Login, Member, Notification, utcnow
from tests.support.backend_helpers import GARZA, OBRIEN, load_members
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import add_registration, mint

OWNER = "obrien@example.com"


def test_a_stranger_s_resets_do_not_stop_the_signed_in_member_adding_an_account(session_factory, settings):
    db = session_factory
    load_members(db, settings, OBRIEN, GARZA)  # neither has a phone on file: the bill data settle it
    with db() as session:
        member_id = session.scalars(select(Member.id).where(Member.account_number == OBRIEN["account"])).one()
    registration_id = add_registration(db, member_id, email=OWNER)
    with db() as session, session.begin():
        assert accounts.activate(session, mint(db, registration_id), "a long enough password 7",
                                 settings).state == accounts.ACTIVATED
    with db() as session:
        login_id = session.scalars(select(Login.id).where(Login.email == OWNER)).one()
    start = utcnow() - timedelta(hours=3)
    verified_steps(db, settings, "web-stranger", OBRIEN)
    for turn in range(link_mails.DAILY_BILL_LINK_MAILS):
        with db() as session:
            assert registration.password_reset(session, settings, "web-stranger",
                                               now=start + timedelta(minutes=11 * turn)).notification_ids
    # The member, signed in, adds their second account on the account page.
    verified_steps(db, settings, "page-member", GARZA)
    with db() as session:
        outcome = registration.add_to_login(session, settings, "page-member", login_id, now=start + timedelta(hours=2))
    assert outcome.result == registration.CREATED
    with db() as session:
        offers = session.scalar(select(func.count(Notification.id)).where(
            Notification.kind == dispatch.ADD_ACCOUNT, Notification.to_address == OWNER))
    assert offers == 1 and outcome.notification_ids
