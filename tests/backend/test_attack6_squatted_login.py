"""Attacker round 6: a stranger squats the member's e-mail address with a login of their own, then
moves it, with the member's account on it, to the stranger's address.

The stranger (their own co-op account, their own phone) signs up first with the member's address: a
pending login made with the stranger's account. When the member then signs up with their own address
(their phone proven), their account becomes a pending *addition* to that login, and the member is
answered as for a new address; the mail to their own mailbox has a link, and they press it: their
account is active on a login they never made. The stranger's account made that login, so a phone
proof of it moves the login without the current address's approval (``email_change.needs_approval``),
and a login never activated has its old address neither told nor kept for an undo. The stranger
activates it at their own address and signs in to the member's account."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from backend.accounts import email_change, registration
from backend.accounts import online_access as accounts
from backend.notify import dispatch
from backend.privacy import tokens
from backend.storage.models import ACTIVE, Login, Member, Registration
from tests.support.backend_helpers import load_members, outbox_mails, parts
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import mint
from tests.support.one_time_code import GARZA_WITH_PHONE as MEMBER, prove_phone

MEMBER_EMAIL = "maria.garza@example.com"
ATTACKER = "thief@example.net"
# The stranger's own account, with the stranger's own phone on file.
STRANGER = dict(account="1009990001", name="Reyes", zip="78701", phone="+15125550188")


def _registration_of(db, account):
    with db() as session:
        return session.scalars(select(Registration).join(Registration.member)
                               .where(Member.account_number == account)).one()


@pytest.mark.xfail(strict=True, reason="attack6: a login the stranger's own account made with the member's address "
                   "takes the member's sign-up as a pending addition, and the stranger's phone proof then moves it "
                   "(with the member's account on it) to the stranger's address without any approval")
def test_a_login_squatted_on_the_member_s_address_cannot_carry_the_member_s_account_away(
        session_factory, settings):
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    # 1. The stranger signs up their own account with the member's address (before the member does).
    verified_steps(db, settings, "web-squat", STRANGER)
    prove_phone(db, settings, "web-squat")
    with db() as session:
        assert registration.register(session, settings, "web-squat", MEMBER_EMAIL, True).result == registration.CREATED
    # 2. The member signs up, from their own phone, with their own address; they are told to open the
    # link mailed to it, and they do: their account joins the squatted login.
    verified_steps(db, settings, "sms-member", MEMBER)
    prove_phone(db, settings, "sms-member")
    with db() as session:
        assert registration.register(session, settings, "sms-member", MEMBER_EMAIL, True).result == registration.CREATED
    members = _registration_of(db, MEMBER["account"])
    with db() as session, session.begin():
        if members.status != ACTIVE:
            accounts.confirm_addition(session, settings, mint(db, members.id, tokens.ADD))
    # 3. The stranger proves their own account again and moves "their" login to their own address.
    verified_steps(db, settings, "web-move", STRANGER)
    prove_phone(db, settings, "web-move")
    with db() as session:
        outcome = email_change.request_from_conversation(session, settings, "web-move", ATTACKER)
    dispatch.deliver_after_commit(settings, db, outcome.notification_ids)
    confirmations = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == ATTACKER]
    for mail in confirmations:
        found = re.search(r"/email/([A-Za-z0-9_-]{40,})", parts(mail)[0])
        if found:
            with db() as session, session.begin():
                email_change.confirm(session, found.group(1))
    # 4. "Forgot password" for the stranger's own account: the login's activation link, now at the
    # stranger's address; they set a password and sign in to a login holding the member's account.
    with db() as session:
        reset = registration.password_reset(session, settings, "web-move")
    dispatch.deliver_after_commit(settings, db, reset.notification_ids)
    for mail in [m for m in outbox_mails(settings.outbox_dir) if m["To"] == ATTACKER]:
        found = re.search(r"/activate/([A-Za-z0-9_-]{40,})", parts(mail)[0])
        if found:
            with db() as session, session.begin():
                accounts.activate(session, found.group(1), "a long enough password 7", settings)
    with db() as session:
        member_s_login = session.get(Registration, members.id).login
        # The member's account must never end up on a login at the stranger's address.
        assert member_s_login.email != ATTACKER, (member_s_login.email, member_s_login.status,
                                                  session.get(Registration, members.id).status)
        assert session.scalars(select(Login.email).join(Registration)
                               .where(Registration.id == members.id)).one() == MEMBER_EMAIL


@pytest.mark.xfail(strict=True, reason="attack6: the member opens the first mail (the stranger's activation: the page "
                   "names no account) and then the addition; the stranger's account is active on the member's login "
                   "and its phone proof moves the login, the member's account on it, with no approval")
def test_a_stranger_s_account_on_the_member_s_login_does_not_move_it_without_approval(session_factory, settings):
    """Played live on the two-replica stack (PostgreSQL, Redis): the stranger signed in at their own
    address with the member's account on the login (paperless billing, unsubscribe); the member kept
    only the 7-day undo mail."""
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    verified_steps(db, settings, "web-squat", STRANGER)
    prove_phone(db, settings, "web-squat")
    with db() as session:
        assert registration.register(session, settings, "web-squat", MEMBER_EMAIL, True).result == registration.CREATED
    verified_steps(db, settings, "sms-member", MEMBER)
    prove_phone(db, settings, "sms-member")
    with db() as session:
        assert registration.register(session, settings, "sms-member", MEMBER_EMAIL, True).result == registration.CREATED
    # The member opens both mails in their mailbox: "Activate your online account" (the stranger's
    # login; the page shows no account number) and "Add another account".
    strangers = _registration_of(db, STRANGER["account"])
    with db() as session, session.begin():
        assert accounts.activate(session, mint(db, strangers.id), "a long enough password 7",
                                 settings).state == accounts.ACTIVATED
    members = _registration_of(db, MEMBER["account"])
    with db() as session, session.begin():
        accounts.confirm_addition(session, settings, mint(db, members.id, tokens.ADD))
    verified_steps(db, settings, "web-move", STRANGER)
    prove_phone(db, settings, "web-move")
    with db() as session:
        outcome = email_change.request_from_conversation(session, settings, "web-move", ATTACKER)
    # The login holds the member's account: its (proven) address must approve a move asked by another account.
    assert outcome.result == email_change.APPROVAL_SENT, outcome.as_json()
