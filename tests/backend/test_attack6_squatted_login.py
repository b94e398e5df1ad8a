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

from sqlalchemy import select

from backend.accounts import email_change, registration
from backend.accounts import online_access as accounts
from backend.notify import dispatch
from backend.privacy import tokens
from backend.storage import pending
from backend.storage.models import ACTIVE, PENDING, Login, Member, Notification, Registration
from tests.support.backend_helpers import GARZA, load_members, outbox_mails, parts
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



def _signs_up_from_own_phone(db, settings, conversation, who):
    """``who``'s number, name and ZIP, the phone on file proven by code, then a sign-up at MEMBER_EMAIL."""
    verified_steps(db, settings, conversation, who)
    prove_phone(db, settings, conversation)
    with db() as session:
        return registration.register(session, settings, conversation, MEMBER_EMAIL, True)

def test_a_login_squatted_on_the_member_s_address_cannot_carry_the_member_s_account_away(
        session_factory, settings):
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    # 1. The stranger signs up their own account with the member's address (before the member does).
    assert _signs_up_from_own_phone(db, settings, "web-squat", STRANGER).result == registration.CREATED
    # 2. The member signs up, from their own phone, with their own address; they are told to open the
    # link mailed to it, and they do: their account joins the squatted login.
    assert _signs_up_from_own_phone(db, settings, "sms-member", MEMBER).result == registration.CREATED
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


def _squatted_then_the_member_signs_up(db, settings, member=MEMBER, conversation="sms-member", stranger=STRANGER):
    """The stranger's own account makes a login with the member's address (from the stranger's own phone
    when ``stranger`` has one on file); then the member signs up with it (from their own phone when
    ``member`` has one on file)."""
    load_members(db, settings, member, stranger)
    verified_steps(db, settings, "web-squat", stranger)
    if stranger.get("phone"):
        prove_phone(db, settings, "web-squat")
    with db() as session:
        assert registration.register(session, settings, "web-squat", MEMBER_EMAIL, True).result == registration.CREATED
    verified_steps(db, settings, conversation, member)
    if member.get("phone"):
        prove_phone(db, settings, conversation)
    with db() as session:
        assert registration.register(session, settings, conversation, MEMBER_EMAIL, True).result == registration.CREATED


def _the_stranger_asks_to_move_the_login(db, settings, conversation="web-move"):
    verified_steps(db, settings, conversation, STRANGER)
    prove_phone(db, settings, conversation)
    with db() as session:
        return email_change.request_from_conversation(session, settings, conversation, ATTACKER)


# The stranger's account without a phone on file: its sign-up proved bill data alone.
STRANGER_ON_BILL = {key: value for key, value in STRANGER.items() if key != "phone"}


def test_the_member_s_phone_proven_sign_up_withdraws_a_never_activated_login_made_on_bill_data(
        session_factory, settings):
    """The member's mailbox had two mails: "Activate your online account" (the stranger's login: the
    page named no account) and "Add another account". Now the member's sign-up makes the address's
    login the member's own when the stranger's login was made on bill data alone: the stranger's
    activation link no longer works, and the member's mail is the activation of a login made with the
    member's account. (A login made from the stranger's own phone is not withdrawn: from here it looks
    like the member's own sign-up, ``test_rev7_squatter_displaces_member``; the next test.)"""
    db = session_factory
    _squatted_then_the_member_signs_up(db, settings, stranger=STRANGER_ON_BILL)
    strangers = _registration_of(db, STRANGER["account"])
    members = _registration_of(db, MEMBER["account"])
    with db() as session, session.begin():
        assert accounts.activate(session, mint(db, strangers.id), "a long enough password 7",
                                 settings).state != accounts.ACTIVATED
    with db() as session:
        member_s = session.get(Registration, members.id)
        assert member_s.login.email == MEMBER_EMAIL
        assert [r.member.account_number for r in member_s.login.live_registrations()] == [MEMBER["account"]]
        # Nobody tells the stranger's side that the address's owner signed up: no mail or text about the
        # stranger's account besides those of the stranger's own sign-up.
        assert list(session.scalars(select(Notification.kind).where(Notification.registration_id == strangers.id))) \
            == [dispatch.ACTIVATION]
    # The stranger's account holds no login any more: asking to move it moves nothing.
    verified_steps(db, settings, "web-move", STRANGER_ON_BILL)
    with db() as session:
        assert email_change.request_from_conversation(session, settings, "web-move", ATTACKER).result \
            == registration.NOT_REGISTERED


def test_a_login_made_from_the_stranger_s_phone_stays_and_the_member_s_account_waits_for_the_mailbox(
        session_factory, settings):
    """Both sign-ups proved a phone, each its own account's: neither withdraws the other. The member's
    account becomes a pending addition to the login at the member's address, whose reader decides
    (the activation mail names the stranger's account, the offer the member's). Whatever the reader
    presses, the stranger's phone does not move the login away from the address."""
    db = session_factory
    _squatted_then_the_member_signs_up(db, settings)
    strangers = _registration_of(db, STRANGER["account"])
    members = _registration_of(db, MEMBER["account"])
    with db() as session:
        assert session.get(Registration, strangers.id).status == PENDING
        member_s = session.get(Registration, members.id)
        assert member_s.status == PENDING and pending.is_addition(member_s)
    with db() as session, session.begin():
        assert accounts.confirm_addition(session, settings, mint(db, members.id, tokens.ADD)).state == accounts.VALID
    outcome = _the_stranger_asks_to_move_the_login(db, settings)
    assert outcome.result == email_change.APPROVAL_SENT, outcome.as_json()
    dispatch.deliver_after_commit(settings, db, outcome.notification_ids)
    assert [m["To"] for m in outbox_mails(settings.outbox_dir) if m["To"] == ATTACKER] == []


def test_a_stranger_s_account_on_the_member_s_login_does_not_move_it_without_approval(session_factory, settings):
    """Played live on the two-replica stack (PostgreSQL, Redis): the stranger signed in at their own
    address with the member's account on the login (paperless billing, unsubscribe); the member kept
    only the 7-day undo mail. The member's login, activated, is offered the stranger's account, and
    the member (misled) adds it: the stranger's phone proves one account of two."""
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    assert _signs_up_from_own_phone(db, settings, "sms-member", MEMBER).result == registration.CREATED
    members = _registration_of(db, MEMBER["account"])
    with db() as session, session.begin():
        assert accounts.activate(session, mint(db, members.id), "a long enough password 7",
                                 settings).state == accounts.ACTIVATED
    assert _signs_up_from_own_phone(db, settings, "web-squat", STRANGER).result == registration.CREATED
    strangers = _registration_of(db, STRANGER["account"])
    with db() as session, session.begin():
        assert accounts.confirm_addition(session, settings, mint(db, strangers.id, tokens.ADD)).state == accounts.VALID
    outcome = _the_stranger_asks_to_move_the_login(db, settings)
    # The login holds the member's account: its (proven) address must approve a move asked by another account.
    assert outcome.result == email_change.APPROVAL_SENT, outcome.as_json()
    dispatch.deliver_after_commit(settings, db, outcome.notification_ids)
    assert [m["To"] for m in outbox_mails(settings.outbox_dir) if m["To"] == ATTACKER] == []


def test_a_still_pending_login_with_the_member_s_account_on_it_needs_its_address_s_approval(
        session_factory, settings):
    """``POST /api/email-change`` on a login never activated: the member (no phone on file, so the sign-up
    joins the stranger's login) added their account to it. Neither the stranger's phone nor the
    stranger's own sign-up conversation (which made the login) moves it without its address's approval."""
    db = session_factory
    member = dict(GARZA)
    _squatted_then_the_member_signs_up(db, settings, member, "web-member")
    members = _registration_of(db, member["account"])
    with db() as session, session.begin():
        assert accounts.confirm_addition(session, settings, mint(db, members.id, tokens.ADD)).state == accounts.VALID
    assert _the_stranger_asks_to_move_the_login(db, settings).result == email_change.APPROVAL_SENT
    with db() as session:
        outcome = email_change.request_from_conversation(session, settings, "web-squat", ATTACKER)
    assert outcome.result == email_change.APPROVAL_SENT, outcome.as_json()
    # Signing up again from the stranger's phone does not take the login, the member's account on it, away.
    with db() as session:
        assert registration.register(session, settings, "web-move", MEMBER_EMAIL, True).result == registration.CREATED
    with db() as session:
        member_s = session.get(Registration, members.id)
        assert (member_s.status, member_s.login.email) == (ACTIVE, MEMBER_EMAIL)


def test_the_activation_and_add_account_mails_name_the_account_they_are_for(session_factory, settings):
    """The member's mailbox gets the stranger's activation mail: it names the stranger's account (last
    four digits), so the member sees it is not theirs; an offer to add an account names it too."""
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    outcome = _signs_up_from_own_phone(db, settings, "web-squat", STRANGER)
    dispatch.deliver_after_commit(settings, db, outcome.notification_ids)
    with db() as session, session.begin():
        assert accounts.activate(session, mint(db, _registration_of(db, STRANGER["account"]).id),
                                 "a long enough password 7", settings).state == accounts.ACTIVATED
    outcome = _signs_up_from_own_phone(db, settings, "sms-member", MEMBER)
    dispatch.deliver_after_commit(settings, db, outcome.notification_ids)
    activation, offer = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == MEMBER_EMAIL
                         and re.search(r"/(activate|add)/", parts(m)[0])]
    assert "account ending in 0001" in parts(activation)[0] and "0001</strong>" in parts(activation)[1]
    assert "account to add ends in 4567" in parts(offer)[0] and "4567</strong>" in parts(offer)[1]
