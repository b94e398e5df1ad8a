"""A stranger holding the bill asks for resets and deletion links every 10 minutes to spend the
login's link mails for the day; the member who proves the phone on file still gets a reset link
(the two budgets of ``backend.accounts.link_mails``), and a mail the member's own budget holds
back is answered plainly, never "a link went a few minutes ago" (docs/security.md). So is an offer
to add another account to the login that the day's mails held back: never "open the link I sent"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from actions import messages
from backend.accounts import link_mails, registration
from backend.notify import dispatch
from backend.storage.models import ACTIVE, Member, Notification, Registration, utcnow
from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import give_login
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code
from tests.support.replies import LONG, reply_in

OWNER = "alvarez.owner@example.com"
RESET_SENT = {"en": "I sent a password reset link to the e-mail address at a***@e***.com",
              "es": "Le mandé un enlace para cambiar la contraseña al correo a***@e***.com"}
STOPPED = {"en": "No more links go to the e-mail address at a***@e***.com today, so I did not send one. "
                 "Please call member services at",
           "es": "Hoy ya no se mandan más enlaces al correo a***@e***.com, así que no mandé uno. "
                 "Llame a"}
RECENT = {"en": "a few minutes ago", "es": "Hace unos minutos"}


def _the_stranger_spends_the_day(backend) -> int:
    """Resets and deletion links asked on the bill alone, one every 11 minutes over the last hours
    (never held back by the 10-minute guard); returns how many were mailed."""
    start = utcnow() - timedelta(hours=4)
    mailed = 0
    for turn in range(12):
        conversation = f"web-stranger-{turn}"
        verified_steps(backend.session, backend.settings, conversation, ALVAREZ)
        ask = registration.password_reset if turn % 2 == 0 else registration.unsubscribe
        with backend.session() as session:
            outcome = ask(session, backend.settings, conversation, now=start + timedelta(minutes=11 * turn))
        assert outcome.result == registration.IF_REGISTERED  # the phone is not proven: told nothing
        mailed += bool(outcome.notification_ids)
    return mailed


def _reset_mails(backend) -> int:
    with backend.session() as session:
        return len(session.scalars(select(Notification.id).where(
            Notification.kind == dispatch.PASSWORD_RESET, Notification.asked_on_bill.is_(False))).all())


def _sign_up_with_the_code(backend, language: str) -> str:
    """The member signs up from the web chat and types the code texted to the phone on file: the
    reply to the code."""
    chat = Conversation(language=language, channel="web")
    chat.start(sign_up_start(language))
    chat.form_turn(f"{ALVAREZ['account']} {ALVAREZ['name']}")
    chat.form_turn(ALVAREZ["zip"])
    return joined(chat.form_turn(last_code(backend)))


@pytest.fixture
def with_login(backend_on_each_database):
    backend = add_alvarez(backend_on_each_database)
    give_login(backend, ALVAREZ["account"], OWNER)
    return backend


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_strangers_requests_leave_the_member_who_proves_the_phone_a_reset_link(with_login, language):
    spent = _the_stranger_spends_the_day(with_login)
    reply = _sign_up_with_the_code(with_login, language)
    assert RESET_SENT[language] in reply, reply
    assert RECENT[language] not in reply
    assert spent == link_mails.DAILY_BILL_LINK_MAILS  # the owner got 5 of the stranger's 12 asks
    assert _reset_mails(with_login) == 1  # queued for the member, on the member's own budget


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reset_the_members_own_budget_holds_back_is_answered_plainly(with_login, language):
    with with_login.session() as session, session.begin():
        registration_id = session.scalars(select(Registration.id).join(Member).where(
            Member.account_number == ALVAREZ["account"], Registration.status == ACTIVE)).one()
        earlier = utcnow() - timedelta(hours=2)
        for index in range(link_mails.DAILY_LINK_MAILS):  # the member's own, older than the 10-minute guard
            session.add(Notification(kind=dispatch.PASSWORD_RESET, registration_id=registration_id,
                                     to_address=OWNER, status=dispatch.SENT,
                                     created_at=earlier + timedelta(minutes=index),
                                     next_attempt_at=earlier))
    reply = _sign_up_with_the_code(with_login, language)
    assert STOPPED[language] in reply, reply
    assert RECENT[language] not in reply and RESET_SENT[language] not in reply
    assert _reset_mails(with_login) == link_mails.DAILY_LINK_MAILS  # nothing new queued


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_sign_up_whose_link_the_day_s_mails_held_back_is_told_no_link_went(language):
    """A pending sign-up's corrected address, over the day's link mails: the answer's ``link`` is
    ``daily_limit`` and the reply promises no link (``registered_for``)."""
    reply = reply_in(language, messages.registered_for, messages.LINKS_STOPPED, "a***@e***.com", LONG)
    assert STOPPED[language] in reply, reply
    assert "I sent" not in reply and "Open the link" not in reply and "mandé un enlace" not in reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_offer_to_the_login_the_day_s_mails_held_back_is_told_no_link_went(with_login, language):
    """Once a stranger spent the login's mails of the day, another account is signed up with the
    login's address: the offer to add it is neither made nor mailed, and the reply says so and whom
    to call, as the other replies of the day's budget do; it never claims a link was sent."""
    _the_stranger_spends_the_day(with_login)
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in ("1001234567", "Garza", OWNER, "78620", "2", "Rex"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "terms_accepted"
    reply = joined(chat.form_turn("yes" if language == "en" else "sí", intent="affirm", confidence=0.99))
    assert STOPPED[language] in reply, reply
    assert reply_in(language, messages.registered, "a***@e***.com", LONG) not in reply
    assert "Open the link" not in reply and "Abra el enlace" not in reply
    with with_login.session() as session:
        assert not session.scalars(select(Notification.id).where(Notification.kind == dispatch.ADD_ACCOUNT)).all()
        assert not session.scalars(select(Registration.id).join(Member).where(
            Member.account_number == "1001234567")).all()
