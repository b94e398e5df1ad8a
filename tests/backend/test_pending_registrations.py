"""A pending registration does not hold an account for ever, played by a stranger and by the member.

- The stranger (an account with no phone on file, the member's bill in hand, a login of their own)
  makes the account a pending addition to that login: it holds the account only until its link
  expires (COOPBOT_ACTIVATION_TTL_HOURS); then the member signs up, and the stranger's links are void.
  Asking for the link again (the member's own attempt mails it) never keeps it alive.
- The member with a typo in the address: from the phone on file, a new sign-up replaces the never
  activated registration at once, and the typo address is told.
- A stranger without the phone cannot replace a pending registration before it expires, and an
  active registration is never replaced (reset or deletion through the address on file only).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.accounts import registration as reg
from backend.identity import possession as p
from backend.identity import verification as v
from backend.notify import dispatch, notices
from backend.notify.consent import phone_key
from backend.storage.models import (
    ACTIVE, LIVE_STATUSES, PENDING, UNSUBSCRIBED, LinkToken, Login, Notification, Registration, utcnow,
)
from tests.support.backend_helpers import GARZA, GARZA_RANCH, OBRIEN, load_members, outbox_mails, parts
from tests.support.backend_helpers import verified as verified_steps
from tests.support.backend_helpers import (ACTIVATE_LINK, ADD_LINK, LOGIN_PASSWORD as PASSWORD,
                                           deliver_outcome as deliver, own_active_login,
                                           register_in as register)
from tests.support.one_time_code import prove_phone, texts

MEMBER = GARZA                                         # no phone on file
PHONE = "+15125550188"
PHONE_MEMBER = dict(GARZA_RANCH, phone=PHONE)          # a phone on file
STRANGER = OBRIEN                                      # the stranger's own account
STRANGER_EMAIL = "stranger@example.org"




def registrations_of(db, member):
    with db() as session:
        return session.scalars(select(Registration).where(Registration.member.has(account_number=member["account"]))
                               .order_by(Registration.id)).all()


def last_mail_to(settings, address):
    return [mail for mail in outbox_mails(settings.outbox_dir) if mail["To"] == address][-1]


def from_the_phone_on_file(db, settings):
    """A conversation texting from the phone on file: its sender id is the phone's pseudonym."""
    conversation = phone_key(settings.secret_key, PHONE)
    with db() as session:
        v.remember_origin(session, conversation, "sms", conversation)
        session.commit()
    return conversation


@pytest.fixture
def db(session_factory, settings):
    """The stranger has an active login for their own account."""
    load_members(session_factory, settings, MEMBER, PHONE_MEMBER, STRANGER)
    own_active_login(session_factory, settings, STRANGER, STRANGER_EMAIL)
    return session_factory


def stranger_login_id(db):
    with db() as session:
        return accounts.authenticate(session, STRANGER_EMAIL, PASSWORD).id


def test_the_stranger_s_pending_addition_expires_and_then_the_member_registers(db, settings):
    # The stranger, signed in, adds the member's account (the page flow): a pending addition.
    verified_steps(db, settings, "page-stranger", MEMBER)
    with db() as session:
        added = reg.add_to_login(session, settings, "page-stranger", stranger_login_id(db))
    assert added.result == reg.CREATED
    deliver(settings, db, added)
    [addition] = registrations_of(db, MEMBER)
    assert addition.status == PENDING and addition.email == STRANGER_EMAIL

    # Before it expires, the member's sign-up is refused, and the reply says what was done.
    verified_steps(db, settings, "member-early", MEMBER)
    early = register(db, settings, "member-early", "maria@example.com")
    assert (early.result, early.link) == (reg.ALREADY_REGISTERED, reg.NO_LINK)  # mailed moments ago
    hour_later = utcnow() + timedelta(hours=1)
    verified_steps(db, settings, "member-hour", MEMBER, now=hour_later)
    again = register(db, settings, "member-hour", "maria@example.com", now=hour_later)
    assert (again.result, again.link) == (reg.ALREADY_REGISTERED, dispatch.ADD_ACCOUNT)
    deliver(settings, db, again, now=hour_later)
    # The addition mailed again works only until the first one's time is over: nobody keeps it alive.
    with db() as session:
        expiries = session.scalars(select(LinkToken.expires_at).where(LinkToken.registration_id == addition.id)).all()
    deadline = addition.created_at + timedelta(hours=settings.activation_ttl_hours)
    assert len(expiries) == 2 and max(expiries) <= deadline + timedelta(seconds=1)
    stale_link = ADD_LINK.search(parts(last_mail_to(settings, STRANGER_EMAIL))[0]).group(1)

    # Once its link has expired, the member registers with their own address.
    later = addition.created_at + timedelta(hours=settings.activation_ttl_hours, minutes=1)
    result = verified_steps(db, settings, "member-later", MEMBER, now=later)
    assert result.registration_status == "none"  # the lapsed addition no longer counts
    outcome = register(db, settings, "member-later", "maria@example.com", now=later)
    assert outcome.as_json() == {"result": "created", "email_masked": "m***@e***.com"}
    old, new = registrations_of(db, MEMBER)
    assert (old.status, new.status, new.email) == (UNSUBSCRIBED, PENDING, "maria@example.com")
    # The stranger's login keeps only its own account, and the stranger's link adds nothing.
    with db() as session:
        login = accounts.authenticate(session, STRANGER_EMAIL, PASSWORD)
        assert [r.member.account_number for r in login.live_registrations()] == [STRANGER["account"]]
        assert accounts.confirm_addition(session, settings, stale_link).state != accounts.VALID
        session.rollback()


def test_a_lapsed_addition_made_by_chat_gives_way_too(db, settings):
    """Same through the chat: registering the account with the stranger's (login) address."""
    start = utcnow()
    verified_steps(db, settings, "chat-stranger", MEMBER, now=start)
    made = register(db, settings, "chat-stranger", STRANGER_EMAIL, now=start)
    assert made.result == reg.CREATED
    # A stranger asking again in the chat before it lapses does not replace it (no phone proof).
    verified_steps(db, settings, "chat-stranger-2", MEMBER, now=start + timedelta(hours=2))
    assert register(db, settings, "chat-stranger-2", "other@example.org",
                    now=start + timedelta(hours=2)).result == reg.ALREADY_REGISTERED
    later = start + timedelta(hours=settings.activation_ttl_hours, seconds=1)
    verified_steps(db, settings, "member", MEMBER, now=later)
    with db() as session:  # the deletion request no longer goes to the stranger either
        assert reg.unsubscribe(session, settings, "member", now=later).result == reg.NOT_REGISTERED
    with db() as session:
        assert reg.password_reset(session, settings, "member", now=later).result == reg.NOT_REGISTERED
    assert register(db, settings, "member", "maria@example.com", now=later).result == reg.CREATED
    assert [r.status for r in registrations_of(db, MEMBER)] == [UNSUBSCRIBED, PENDING]


def test_the_member_with_the_phone_replaces_a_typo_registration_at_once(db, settings):
    # Web chat with a typo, the code from the phone: pending at the typo address.
    verified_steps(db, settings, "web-typo", PHONE_MEMBER)
    prove_phone(db, settings, "web-typo")
    typo = register(db, settings, "web-typo", "maria@gmial.com")
    assert typo.result == reg.CREATED
    deliver(settings, db, typo)
    typo_link = ACTIVATE_LINK.search(parts(last_mail_to(settings, "maria@gmial.com"))[0]).group(1)

    # Later, a sign-up texted from the phone on file, with the right address.
    conversation = from_the_phone_on_file(db, settings)
    result = verified_steps(db, settings, conversation, PHONE_MEMBER)
    assert (result.possession, result.registration_status) == (p.SMS, "none")  # the sign-up goes on
    outcome = register(db, settings, conversation, "maria@gmail.com")
    assert outcome.as_json() == {"result": "created", "email_masked": "m***@g***.com"}
    deliver(settings, db, outcome)
    old, new = registrations_of(db, PHONE_MEMBER)
    assert (old.status, new.status, new.email) == (UNSUBSCRIBED, PENDING, "maria@gmail.com")
    # The typo address hears of it, and its link no longer works.
    notice = last_mail_to(settings, "maria@gmial.com")
    assert "replaced" in notice["Subject"] and "by text" in parts(notice)[0]
    with db() as session:
        assert accounts.activate(session, typo_link, PASSWORD, settings).state != accounts.ACTIVATED
        session.rollback()
        kinds = session.scalars(select(Notification.kind).where(Notification.to_address == "maria@gmial.com")).all()
    assert notices.REPLACED in kinds
    # The right address activates.
    token = ACTIVATE_LINK.search(parts(last_mail_to(settings, "maria@gmail.com"))[0]).group(1)
    with db() as session:
        assert accounts.activate(session, token, PASSWORD, settings).state == accounts.ACTIVATED
        session.commit()


def test_the_one_time_code_also_replaces_a_pending_registration(db, settings):
    verified_steps(db, settings, "web-typo", PHONE_MEMBER)
    prove_phone(db, settings, "web-typo")
    assert register(db, settings, "web-typo", "maria@gmial.com").result == reg.CREATED
    result = verified_steps(db, settings, "web-again", PHONE_MEMBER)
    assert (result.possession, result.registration_status) == (p.CODE_REQUIRED, "none")
    prove_phone(db, settings, "web-again")
    assert register(db, settings, "web-again", "maria@gmail.com").result == reg.CREATED
    assert [r.status for r in registrations_of(db, PHONE_MEMBER)] == [UNSUBSCRIBED, PENDING]


def test_a_stranger_without_the_phone_cannot_replace_a_pending_registration(db, settings):
    verified_steps(db, settings, "web-member", PHONE_MEMBER)
    prove_phone(db, settings, "web-member")
    assert register(db, settings, "web-member", "maria@example.com").result == reg.CREATED
    # The stranger holds the bill but not the phone: no code, no registration, nothing replaced.
    verified_steps(db, settings, "web-stranger", PHONE_MEMBER)
    with pytest.raises(reg.StepOutOfOrder):
        register(db, settings, "web-stranger", STRANGER_EMAIL)
    [kept] = registrations_of(db, PHONE_MEMBER)
    assert (kept.status, kept.email) == (PENDING, "maria@example.com")


def test_bill_data_alone_waits_for_the_link_to_expire_on_an_account_without_a_phone(db, settings):
    verified_steps(db, settings, "member", MEMBER)
    assert register(db, settings, "member", "maria@example.com").result == reg.CREATED
    verified_steps(db, settings, "stranger", MEMBER)
    outcome = register(db, settings, "stranger", STRANGER_EMAIL)
    assert (outcome.result, outcome.email_masked) == (reg.ALREADY_REGISTERED, "m***@e***.com")
    [kept] = registrations_of(db, MEMBER)
    assert (kept.status, kept.email) == (PENDING, "maria@example.com")


def test_an_active_registration_is_never_replaced(db, settings):
    verified_steps(db, settings, "web-member", PHONE_MEMBER)
    prove_phone(db, settings, "web-member")
    deliver(settings, db, register(db, settings, "web-member", "maria@example.com"))
    token = ACTIVATE_LINK.search(parts(last_mail_to(settings, "maria@example.com"))[0]).group(1)
    with db() as session:
        assert accounts.activate(session, token, PASSWORD, settings).state == accounts.ACTIVATED
        session.commit()
    # Even from the phone on file, and long after any activation time: a reset link to the address on file.
    much_later = utcnow() + timedelta(days=30)
    conversation = from_the_phone_on_file(db, settings)
    result = verified_steps(db, settings, conversation, PHONE_MEMBER, now=much_later)
    assert (result.possession, result.registration_status) == (p.SMS, "active")
    outcome = register(db, settings, conversation, "someone.else@example.org", now=much_later)
    assert (outcome.result, outcome.link) == (reg.ALREADY_REGISTERED, dispatch.PASSWORD_RESET)
    [kept] = registrations_of(db, PHONE_MEMBER)
    assert (kept.status, kept.email) == (ACTIVE, "maria@example.com")
    assert not [t for t in texts(settings) if "replaced" in t["body"]]


def test_housekeeping_closes_lapsed_pending_registrations_and_frees_their_address(db, settings):
    """The retry thread's pass: the stranger's lapsed addition leaves the stranger's login, and a lapsed
    first registration's login goes with it (its address is free again); nothing fresh or active is touched."""
    start = utcnow()
    verified_steps(db, settings, "stranger", MEMBER, now=start)
    with db() as session:
        assert reg.add_to_login(session, settings, "stranger", stranger_login_id(db), now=start).result == reg.CREATED
    verified_steps(db, settings, "web-typo", PHONE_MEMBER)
    prove_phone(db, settings, "web-typo")
    assert register(db, settings, "web-typo", "maria@gmial.com").result == reg.CREATED
    fresh_time = start + timedelta(hours=settings.activation_ttl_hours - 1)
    later = utcnow() + timedelta(hours=settings.activation_ttl_hours, minutes=1)
    with db() as session:
        assert reg.close_lapsed(session, settings, fresh_time) == 0
        assert reg.close_lapsed(session, settings, later) == 2
        session.commit()
    with db() as session:
        assert reg.close_lapsed(session, settings, later) == 0  # idempotent
    [addition] = registrations_of(db, MEMBER)
    [typo] = registrations_of(db, PHONE_MEMBER)
    assert addition.status == typo.status == typo.login.status == UNSUBSCRIBED
    with db() as session:
        login = accounts.authenticate(session, STRANGER_EMAIL, PASSWORD)
        assert login.status == ACTIVE and [r.member.account_number for r in login.live_registrations()] == [
            STRANGER["account"]]
        assert session.scalars(select(Login).where(Login.email == "maria@gmial.com",
                                                   Login.status.in_(LIVE_STATUSES))).all() == []
