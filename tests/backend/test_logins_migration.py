"""Migration 0011 turns every registration into a login holding that one account.

A database is filled the way the previous schema (0009) stored members and
registrations, then upgraded: every member still signs in with the same
password on the real web app and sees the same account, a deleted registration
stays a deleted login, and new logins can be made afterwards. Runs on SQLite
and PostgreSQL (a fresh database of its own, since the shared one is at head).
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select, text

from backend.accounts import online_access as accounts
from backend.accounts.members_import import secret_fields
from backend.privacy.hashing import hash_answer, hash_password
from backend.storage.db import make_engine, make_session_factory
from backend.storage.migrate import upgrade
from backend.storage.models import ACTIVE, PENDING, UNSUBSCRIBED, Login, Registration
from tests.support.member_rows import text_of

BEFORE = "0009_secrets_claimed_email"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
SECRET_KEY = "test-secret-key"  # the secret_key of tests/conftest.py's settings


def _member(conn, member_id: int, account: str, name: str) -> None:
    fields = secret_fields(SECRET_KEY, "78701", None)
    conn.execute(text(
        "INSERT INTO members (id, account_number, meter_number, last_name_or_business, name_key, secret_salt, "
        "mailing_zip_hash, tax_id_hash, phone, created_at, updated_at) VALUES (:id, :account, 'M1', :name, "
        ":key, :salt, :zip, NULL, NULL, :t, :t)"),
        {"id": member_id, "account": account, "name": name, "key": name.lower(), "salt": fields["secret_salt"],
         "zip": fields["mailing_zip_hash"], "t": T0})


def _registration(conn, registration_id: int, member_id: int, email: str, status: str, password: str | None,
                  paperless: bool = False, language: str | None = None) -> None:
    conn.execute(text(
        "INSERT INTO registrations (id, member_id, email, security_question, security_answer_hash, password_hash, "
        "terms_version, terms_accepted_at, status, paperless_billing, conversation_id, created_at, activated_at, "
        "unsubscribed_at, failed_logins, login_locked_until, possession, language) VALUES (:id, :member, :email, "
        "2, :answer, :password, '2026-01', :t, :status, :paperless, NULL, :t, :activated, :gone, 3, NULL, "
        "'sms', :language)"),
        {"id": registration_id, "member": member_id, "email": email, "answer": hash_answer("Rex"),
         "password": hash_password(password) if password else None, "status": status, "paperless": paperless,
         "t": T0, "activated": T0 if status != PENDING else None,
         "gone": T0 if status == UNSUBSCRIBED else None, "language": language})


def _old_database(url: str) -> None:
    upgrade(url, BEFORE)
    engine = make_engine(url)
    with engine.begin() as conn:
        _member(conn, 1, "1001234567", "Doe")
        _member(conn, 2, "2009876543", "Garza")
        _member(conn, 3, "300111222", "Smith")
        _registration(conn, 1, 1, "old.doe@example.com", UNSUBSCRIBED, None)
        _registration(conn, 2, 1, "jane.doe@example.com", ACTIVE, "correct horse battery", paperless=True)
        _registration(conn, 3, 2, "rosa.garza@example.com", ACTIVE, "otra contraseña larga", language="es")
        _registration(conn, 4, 3, "sam.smith@example.com", PENDING, None)
        if conn.dialect.name == "postgresql":
            # As if the app had inserted them: the sequences are past the ids above.
            for table in ("members", "registrations"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)"))
    engine.dispose()


def test_every_registration_becomes_a_login_with_its_one_account(unmigrated_url):
    _old_database(unmigrated_url)
    upgrade(unmigrated_url, secret_key=SECRET_KEY)
    engine = make_engine(unmigrated_url)
    factory = make_session_factory(engine)
    try:
        with factory() as db:
            logins = {login.email: login for login in db.scalars(select(Login))}
            assert {email: login.status for email, login in logins.items()} == {
                "old.doe@example.com": UNSUBSCRIBED, "jane.doe@example.com": ACTIVE,
                "rosa.garza@example.com": ACTIVE, "sam.smith@example.com": PENDING}
            jane = logins["jane.doe@example.com"]
            assert [(r.member.account_number, r.status, r.paperless_billing) for r in jane.registrations] == [
                ("1001234567", ACTIVE, True)]
            assert jane.failed_logins == 3 and jane.security_question == 2
            assert logins["rosa.garza@example.com"].language == "es"
            assert logins["old.doe@example.com"].live_registrations() == []
            assert [r.member_id for r in logins["sam.smith@example.com"].live_registrations()] == [3]

            # Every member signs in with the password they had; the deleted one does not.
            assert accounts.authenticate(db, "Jane.Doe@example.com", "correct horse battery") is jane
            assert accounts.authenticate(db, "rosa.garza@example.com", "otra contraseña larga").email == (
                "rosa.garza@example.com")
            assert accounts.authenticate(db, "jane.doe@example.com", "wrong password") is None
            assert accounts.authenticate(db, "old.doe@example.com", "") is None

            # New logins and accounts get ids after the migrated ones (PostgreSQL's sequence moved on).
            login = Login(email="new@example.com", status=PENDING)
            db.add(Registration(member_id=1, login=Login(email="x@example.com", status=UNSUBSCRIBED),
                                terms_version="2026-01", terms_accepted_at=T0, status=UNSUBSCRIBED))
            db.add(login)
            db.flush()
            assert login.id > 4
            db.rollback()
    finally:
        engine.dispose()


def test_a_migrated_member_signs_in_on_the_web_and_sees_the_same_account(unmigrated_url, make_app):
    _old_database(unmigrated_url)
    upgrade(unmigrated_url, secret_key=SECRET_KEY)
    app = make_app(unmigrated_url, testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    response = client.post("/login", data={"email": "jane.doe@example.com", "password": "correct horse battery"})
    assert response.status_code == 303
    page = text_of(client.get("/account"))
    assert "jane.doe@example.com" in page and "******4567" in page and "Paperless billing On" in page
    assert "9876543" not in page and "Unsubscribe this account" not in page
