"""Attacker round atk5: a login of one's own mails a stranger's address without bound.

Whoever has a login (their own account, their own phone or no phone on file) may ask to move it to
any address: the new address gets a confirmation link, or, when another login has it, a notice that
someone asked. Those mails were bounded only by the conversation's 10-minute guard (one every 10
minutes: some 140 a day to the member's mailbox from one login) and on the account page by nothing.
They now count in the new address's day (``link_mails.DAILY_ADDRESS_MAILS``) on both ways in, and
the account page's requests in the login's own link mails of the day too."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend.accounts import email_change, link_mails
from backend.notify import dispatch
from backend.storage.models import Login, Notification, utcnow
from tests.support.attacker_steps import moves_asked_from_own_phone
from tests.support.member_rows import add_neighbour, login, login_with_two
from tests.support.member_rows import NEIGHBOUR_EMAIL as MEMBER_EMAIL

STRANGER_BOX = "someone.else@example.org"


def _mails_to(db, address):
    with db() as session:
        return session.scalars(
            select(Notification.kind).where(
                Notification.to_address == address, Notification.status != dispatch.CANCELLED
            )
        ).all()


def test_the_conversation_mails_a_member_s_address_at_most_its_day_whatever_the_spacing(session_factory, settings):
    db = session_factory
    add_neighbour(db)  # the member's active login at MEMBER_EMAIL
    start = utcnow() - timedelta(hours=5)
    times = [start + timedelta(minutes=11 * turn) for turn in range(12)]
    outcomes = moves_asked_from_own_phone(db, settings, MEMBER_EMAIL, times)
    # Each request 11 minutes after the last passed the 10-minute guard: ten notices a day (the
    # stranger's own login's budget) said "someone asked to use your address".
    sent = _mails_to(db, MEMBER_EMAIL)
    assert sent == [dispatch.EMAIL_IN_USE] * link_mails.DAILY_ADDRESS_MAILS
    held = outcomes[link_mails.DAILY_ADDRESS_MAILS :]
    assert {(o.result, o.link) for o in held} == {(email_change.CONFIRMATION_SENT, link_mails.DAILY_LIMIT)}
    assert all(o.notification_ids == [] for o in held)


def test_the_account_page_mails_an_address_at_most_its_day(session_factory, settings):
    db = session_factory
    _house, _barn, login_id = login_with_two(db, settings)
    add_neighbour(db)
    start = utcnow() - timedelta(hours=5)
    held = []
    for turn in range(20):
        with db() as session, session.begin():
            why, _ids = email_change.request_signed_in(
                session, settings, session.get(Login, login_id), MEMBER_EMAIL, now=start + timedelta(minutes=11 * turn)
            )
        held.append(why)
    assert _mails_to(db, MEMBER_EMAIL) == [dispatch.EMAIL_IN_USE] * link_mails.DAILY_ADDRESS_MAILS
    assert held == [None] * link_mails.DAILY_ADDRESS_MAILS + [link_mails.DAILY_LIMIT] * 15


def test_the_account_page_mails_at_most_the_login_s_links_of_the_day(session_factory, settings):
    db = session_factory
    house, _barn, login_id = login_with_two(db, settings)
    now = utcnow()
    held = []
    for turn in range(14):
        with db() as session, session.begin():
            why, _ids = email_change.request_signed_in(
                session, settings, session.get(Login, login_id), f"box{turn}@example.org", now=now
            )
        held.append(why)
    assert held == [None] * link_mails.DAILY_LINK_MAILS + [link_mails.DAILY_LIMIT] * 4
    assert login(db, house).email != STRANGER_BOX


def test_the_same_address_asked_again_at_once_sends_nothing_and_keeps_the_link(session_factory, settings):
    db = session_factory
    _house, _barn, login_id = login_with_two(db, settings)
    now = utcnow()
    for _turn in range(20):
        with db() as session, session.begin():
            email_change.request_signed_in(session, settings, session.get(Login, login_id), STRANGER_BOX, now=now)
    assert _mails_to(db, STRANGER_BOX) == [dispatch.EMAIL_CONFIRM]
    with db() as session:
        assert session.scalars(select(email_change.EmailChange.status)).all() == ["pending"]
