"""backend.accounts on SQLite and PostgreSQL: what the pages and the API rely on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.privacy import tokens
from backend.storage.models import ACTIVE, PENDING, UNSUBSCRIBED, Notification, Registration, utcnow
from tests.support.member_rows import EMAIL, add_member, add_registration, link_rows, mint

GOOD = "correct horse battery"


@pytest.fixture
def pending(session_factory):
    return add_registration(session_factory, add_member(session_factory))


def _activate(session_factory, settings, token, password=GOOD, now=None):
    with session_factory() as db, db.begin():
        return accounts.activate(db, token, password, settings, now=now)


def _authenticate(session_factory, password, now=None, email=EMAIL):
    with session_factory() as db, db.begin():
        found = accounts.authenticate(db, email, password, now=now)
        return found.live_registrations()[0].id if found else None  # the account of the login signed in


def test_page_state_reads_without_consuming(session_factory, settings, pending):
    token = mint(session_factory, pending)
    with session_factory() as db:
        assert accounts.activation_page_state(db, token).state == accounts.VALID
        assert accounts.activation_page_state(db, "nope").state == accounts.UNKNOWN
        later = utcnow() + timedelta(hours=25)
        assert accounts.activation_page_state(db, token, now=later).state == accounts.EXPIRED
    assert _activate(session_factory, settings, token).state == accounts.ACTIVATED
    with session_factory() as db:
        assert accounts.activation_page_state(db, token).state == accounts.USED


def test_activation_spends_every_other_link_of_the_registration(session_factory, settings, pending):
    older, newer = mint(session_factory, pending), mint(session_factory, pending)
    assert _activate(session_factory, settings, newer).state == accounts.ACTIVATED
    # An older mail cannot set the password again.
    assert _activate(session_factory, settings, older, "other passphrase here").state == accounts.USED
    assert all(row.used_at is not None for row in link_rows(session_factory, pending))


def test_invalid_password_consumes_nothing(session_factory, settings, pending):
    token = mint(session_factory, pending)
    result = _activate(session_factory, settings, token, "password123")
    assert result.state == accounts.INVALID_PASSWORD and result.errors
    assert [row.used_at for row in link_rows(session_factory, pending)] == [None]


def test_authenticate_never_locks_a_member_out(session_factory, settings, pending):
    """Delays live in the web app (backend.accounts.websessions); no number of failures locks the account."""
    _activate(session_factory, settings, mint(session_factory, pending))
    start = utcnow()
    assert _authenticate(session_factory, GOOD, start) == pending
    for _ in range(accounts.MAX_FAILED_LOGINS * 3):
        assert _authenticate(session_factory, "wrong", start) is None
    assert _authenticate(session_factory, GOOD, start) == pending
    with session_factory() as db:
        row = db.get(Registration, pending).login
        assert row.failed_logins == 0 and row.login_locked_until is None


def test_authenticate_is_case_insensitive_on_email_and_refuses_unknown(session_factory, settings, pending):
    _activate(session_factory, settings, mint(session_factory, pending))
    assert _authenticate(session_factory, GOOD, email="  Jane.Doe@Example.COM ") == pending
    assert _authenticate(session_factory, GOOD, email="someone@example.com") is None


def test_pending_registration_cannot_sign_in(session_factory, pending):
    assert _authenticate(session_factory, GOOD) is None


def test_unsubscribe_scrubs_notifies_once_and_expires_links(session_factory, settings, pending):
    _activate(session_factory, settings, mint(session_factory, pending))
    reset = mint(session_factory, pending, tokens.RESET, timedelta(hours=2))
    with session_factory() as db, db.begin():
        registration = db.get(Registration, pending)
        accounts.set_paperless(db, registration, True)
        assert accounts.unsubscribe(db, registration) is True
        assert accounts.unsubscribe(db, registration) is False  # a second click changes nothing
    with session_factory() as db:
        row = db.get(Registration, pending)
        assert row.status == UNSUBSCRIBED and row.unsubscribed_at is not None
        assert (row.login.password_hash, row.login.security_answer_hash, row.paperless_billing) == (None, None, False)
        assert row.login.status == UNSUBSCRIBED
        kinds = db.scalars(select(Notification.kind).where(Notification.registration_id == pending)
                           .order_by(Notification.id)).all()
        assert kinds == ["activated", "unsubscribed"]
        assert accounts.activation_page_state(db, reset).state == accounts.EXPIRED
    # Registering again is allowed: the partial unique index covers live registrations only.
    again = add_registration(session_factory, row.member_id)
    with session_factory() as db:
        assert db.get(Registration, again).status == PENDING


def test_reset_link_on_a_pending_registration_activates_it(session_factory, settings, pending):
    token = mint(session_factory, pending, tokens.RESET, timedelta(hours=2))
    result = _activate(session_factory, settings, token)
    assert result.state == accounts.ACTIVATED and result.purpose == tokens.RESET
    with session_factory() as db:
        assert db.get(Registration, pending).status == ACTIVE
        assert _notices(db, pending) == [("activated", "email", EMAIL, "pending")]


def _notices(db, registration_id):
    rows = db.scalars(select(Notification).where(Notification.registration_id == registration_id)
                      .order_by(Notification.id))
    return [(n.kind, n.channel, n.to_address, n.status) for n in rows]


def test_activation_queues_the_activated_mail_once(session_factory, settings, pending):
    token = mint(session_factory, pending)
    with session_factory() as db:
        assert accounts.activate(db, token, GOOD, settings).state == accounts.ACTIVATED
        db.rollback()  # the mail exists exactly when the activation does
        assert _notices(db, pending) == []
    assert _activate(session_factory, settings, token).state == accounts.ACTIVATED
    assert _activate(session_factory, settings, token).state == accounts.USED  # a second submit
    # A later password reset of the active account is not an activation: no second mail.
    assert _activate(session_factory, settings, mint(session_factory, pending, tokens.RESET)).state == (
        accounts.ACTIVATED)
    with session_factory() as db:
        assert _notices(db, pending) == [("activated", "email", EMAIL, "pending")]
