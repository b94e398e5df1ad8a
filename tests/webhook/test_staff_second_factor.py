"""The staff console's second factor through Flask's test client, on SQLite and PostgreSQL.

A right password opens only the set-up page (or the code page): nothing else of the
console until the code is right. Wrong codes are refused and wait like wrong
passwords; a code replayed within its step is refused; ``coopbot staff reset-mfa``
clears the factor; the key is stored sealed; ``COOPBOT_STAFF_MFA=off`` asks no code.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from backend.accounts import websessions
from backend.storage.db import transaction
from backend.storage.models import AuditEntry, StaffUser, utcnow
from tests.support.staff_pages import CODE_PAGE, authenticator, csrf_token, enter_code, page_text, sign_in
from tests.support.staff_seed import ADMIN_EMAIL, AGENT_EMAIL, PASSWORD, create_staff_users, seed_demo
from webhook.cli import cli

WRONG_CODE = "That code is wrong or was already used. Wait for the next code of your authenticator app and try again."


@pytest.fixture
def demo(session_factory):
    with transaction(session_factory) as session:
        create_staff_users(session)
        return seed_demo(session, utcnow())


def password_only(client, email=AGENT_EMAIL, password=PASSWORD):
    """The first step alone: the page it leads to (followed)."""
    page = client.get("/staff/sign-in").get_data(as_text=True)
    return client.post(
        "/staff/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )


def test_a_new_account_sets_up_its_factor_before_any_console_page(client, demo, session_factory):
    setup = password_only(client)
    assert setup.request.path == CODE_PAGE
    text_shown = page_text(setup)
    assert "Set up your second factor" in text_shown
    key = re.search(r'id="totp-key"[^>]*>([A-Z2-7 ]+)<', setup.get_data(as_text=True)).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    html = setup.get_data(as_text=True)
    assert f"secret={key.replace(' ', '')}" in html and "otpauth://totp/" in html
    assert 'src="data:image/svg+xml' in html  # the QR code, inline
    assert "agent@coop.example (agent)" not in text_shown and "Dashboard" not in text_shown  # no menu
    assert setup.headers["Cache-Control"] == "no-store"

    pages = [
        "/staff/",
        "/staff/conversations",
        f"/staff/conversations/{demo.abandoned.id}",
        "/staff/misunderstood",
        "/staff/outbox",
        "/staff/handoffs",
        "/staff/handoffs.json",
        "/staff/audit",
        "/staff/accounts/123456789",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 302, path
        assert urlsplit(response.headers["Location"]).path == CODE_PAGE, path
    everywhere = client.post("/staff/sign-out-everywhere", data={"csrf_token": csrf_token(html)})
    assert urlsplit(everywhere.headers["Location"]).path == CODE_PAGE
    with session_factory() as session:  # nothing was opened, and no sign-in recorded
        assert session.scalars(select(AuditEntry.action)).all() == []
        assert session.scalar(select(StaffUser.mfa_confirmed_at).where(StaffUser.email == AGENT_EMAIL)) is None

    signed_in = enter_code(client, client.get(CODE_PAGE), AGENT_EMAIL)
    assert "agent@coop.example (agent)" in page_text(signed_in)
    assert client.get(f"/staff/conversations/{demo.abandoned.id}").status_code == 200
    with session_factory() as session:
        assert session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all() == [
            "mfa_enrol",
            "sign_in",
            "view_transcript",
        ]

    # From now on: password, then code; the key is never shown again.
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(signed_in.get_data(as_text=True))})
    again = password_only(client)
    assert "Enter your code" in page_text(again) and 'id="totp-key"' not in again.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302
    assert "agent@coop.example (agent)" in page_text(enter_code(client, again, AGENT_EMAIL))


def test_the_code_page_needs_the_password_first(client, demo):
    response = client.get(CODE_PAGE)
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/staff/sign-in"
    posted = client.post(CODE_PAGE, data={"code": "123456"})
    assert posted.status_code == 400  # no CSRF token, no half sign-in: nothing is checked
    assert client.get("/staff/").status_code == 302


def test_wrong_codes_are_refused_and_wait_like_wrong_passwords(client, demo, session_factory):
    sign_in(client)  # the factor set up
    dashboard = client.get("/staff/").get_data(as_text=True)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(dashboard)})
    phone = authenticator(client.application)

    code_page = password_only(client)
    for _ in range(3):  # the free failures of the address with this client
        refused = enter_code(client, code_page, code=phone.wrong_code(AGENT_EMAIL))
        assert refused.status_code == 401 and WRONG_CODE in page_text(refused)
        assert client.get("/staff/").status_code == 302
    waiting = enter_code(client, code_page, code=phone.wrong_code(AGENT_EMAIL))
    assert waiting.status_code == 401
    right = phone.code(AGENT_EMAIL)
    right_but_waiting = enter_code(client, code_page, code=right)  # even the right code waits now
    assert right_but_waiting.status_code == 429
    assert re.search(r"Too many tries\. Please wait \d+ seconds?, then try again\.", page_text(right_but_waiting))
    assert client.get("/staff/").status_code == 302

    # The password waits as well (the same keys), and once right it buys no fresh code guesses.
    assert password_only(client).status_code == 429
    expire_waits(session_factory)
    code_page = password_only(client)
    assert code_page.request.path == CODE_PAGE
    assert enter_code(client, code_page, code=phone.wrong_code(AGENT_EMAIL)).status_code == 401
    assert enter_code(client, code_page, code=right).status_code == 429  # the count went on: a wait at once
    expire_waits(session_factory)
    assert "agent@coop.example (agent)" in page_text(enter_code(client, code_page, code=right))
    with session_factory() as session:  # the right code cleared the address's keys
        keys = websessions.throttle_keys(websessions.STAFF, AGENT_EMAIL, "127.0.0.1")
        assert websessions.wait_seconds(session, {k: keys[k] for k in ("pair", "account")}) == 0


def expire_waits(session_factory):
    with transaction(session_factory) as session:
        for row in session.scalars(select(websessions.SignInThrottle)):
            row.next_allowed_at = utcnow() - timedelta(seconds=1)


def test_a_code_replayed_within_its_step_is_refused(app, demo):
    sign_in(app.test_client())  # the factor set up on the first day
    office = app.test_client()
    phone = authenticator(app)
    used = phone.code(AGENT_EMAIL)  # the code the next sign-in types ...
    assert "agent@coop.example (agent)" in page_text(enter_code(office, password_only(office), code=used))

    # ... read over the agent's shoulder and typed at once elsewhere, with the stolen password.
    stranger = app.test_client()
    replayed = enter_code(stranger, password_only(stranger), code=used)
    assert replayed.status_code == 401 and WRONG_CODE in page_text(replayed)
    assert stranger.get("/staff/").status_code == 302


def test_reset_mfa_clears_the_factor_ends_the_sessions_and_is_audited(
    client, demo, session_factory, settings, monkeypatch
):
    sign_in(client)
    with session_factory() as session:
        old_sealed = session.scalar(select(StaffUser.mfa_secret).where(StaffUser.email == AGENT_EMAIL))
    old_key = authenticator(client.application).key(AGENT_EMAIL)
    monkeypatch.setenv("COOPBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", "test-secret-key")
    runner = CliRunner()

    listing = runner.invoke(cli, ["staff", "list"])
    assert [line.split()[-2:] for line in listing.output.splitlines()[1:]] == [["not", "yet"], ["set", "up"]]
    result = runner.invoke(cli, ["staff", "reset-mfa", "Agent@Coop.Example"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Cleared the second factor of agent@coop.example: a new one is set up at the next sign-in (1 session ended)."
    )
    assert client.get("/staff/").status_code == 302  # signed out
    with session_factory() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.email == AGENT_EMAIL))
        assert (user.mfa_secret, user.mfa_confirmed_at, user.mfa_last_step) == (None, None, None)
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "mfa_reset")).all()
        assert (entry.staff_id, entry.detail) == (user.id, "coopbot staff reset-mfa")
    unknown = runner.invoke(cli, ["staff", "reset-mfa", "nobody@coop.example"])
    assert unknown.exit_code != 0 and "There is no staff account for nobody@coop.example." in unknown.output

    setup = password_only(client)  # the password leads to setting up a new key
    assert "Set up your second factor" in page_text(setup)
    assert old_key.upper() not in setup.get_data(as_text=True).replace(" ", "")
    assert "agent@coop.example (agent)" in page_text(enter_code(client, setup, AGENT_EMAIL))
    with session_factory() as session:
        assert session.scalar(select(StaffUser.mfa_secret).where(StaffUser.email == AGENT_EMAIL)) != old_sealed

    # An admin's audit page says what happened.
    admin = client.application.test_client()
    sign_in(admin, ADMIN_EMAIL)
    assert "Second factor reset from the command line" in page_text(admin.get("/staff/audit"))


def test_the_key_is_never_stored_or_logged_in_clear(client, demo, session_factory, caplog):
    caplog.set_level(logging.DEBUG)
    sign_in(client)
    key = authenticator(client.application).key(AGENT_EMAIL)
    assert len(key) == 32
    with session_factory() as session:
        tables = ("staff_users", "audit_log", "web_sessions", "sign_in_throttle")
        for table in tables:
            for row in session.execute(text(f"SELECT * FROM {table}")).mappings():
                for column, value in row.items():
                    assert key not in str(value).upper().replace(" ", ""), f"{table}.{column}"
        sealed = session.scalar(select(StaffUser.mfa_secret).where(StaffUser.email == AGENT_EMAIL))
    assert sealed.startswith("v1.")
    assert key not in caplog.text and key.lower() not in caplog.text


def test_with_the_factor_off_the_password_alone_signs_in(make_app, settings, session_factory):
    with transaction(session_factory) as session:
        create_staff_users(session)
    client = make_app(settings.model_copy(update={"staff_mfa": "off"}), testing=True).test_client()
    signed_in = password_only(client)
    assert signed_in.request.path == "/staff/"
    assert "agent@coop.example (agent)" in page_text(signed_in)
    assert client.get(CODE_PAGE).status_code == 302  # no half sign-in to finish


def test_a_half_finished_sign_in_lapses_and_cancel_ends_it(client, demo, session_factory):
    page = password_only(client)
    with transaction(session_factory) as session:
        row = session.scalars(select(websessions.WebSession)).one()
        assert row.kind == websessions.STAFF_PENDING
        row.created_at = utcnow() - timedelta(minutes=21)
    lapsed = client.get(CODE_PAGE, follow_redirects=True)
    assert lapsed.request.path == "/staff/sign-in"
    assert "Your sign-in took too long. Please sign in again." in page_text(lapsed)

    page = password_only(client)
    cancelled = client.post(
        "/staff/sign-out", data={"csrf_token": csrf_token(page.get_data(as_text=True))}, follow_redirects=True
    )
    assert "You are signed out." in page_text(cancelled)
    with session_factory() as session:
        assert session.scalars(select(websessions.WebSession)).all() == []
    assert client.get(CODE_PAGE).status_code == 302
