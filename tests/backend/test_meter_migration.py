"""Migration 0016 replaces the clear meter numbers of the member file with keyed hashes.

A database is filled the way the previous schema (0015) stored members, meter numbers in
clear, then upgraded with the server secret: every member still proves the account with
the meter number as printed on the bill (in any spacing and case), a wrong one is still a
counted guess, a re-import of the same file changes nothing, and no meter number is left
anywhere in the database. Without the secret a database holding members is refused.
Runs on SQLite and PostgreSQL (a fresh database of its own, since the shared one is at head).
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from backend.accounts.members_import import import_members, secret_fields
from backend.identity import verification as v
from backend.storage.db import make_engine, make_session_factory
from backend.storage.migrate import upgrade
from backend.storage.models import Base
from tests.support.at_rest import app_database_text
from webhook.cli import cli

BEFORE = "0015_members_closed"
SECRET_KEY = "test-secret-key"  # the secret_key of tests/conftest.py's settings
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
# account, meter as the older importer stored it (upper case), name, ZIP
MEMBERS = [("1001234567", "AB12345", "Garza", "78620"), ("2009876543", "77310042", "Doe", "78701"),
           ("300111222", "Q9", "Smith", "78702")]


def _old_database(url: str) -> None:
    upgrade(url, BEFORE)
    engine = make_engine(url)
    with engine.begin() as conn:
        for member_id, (account, meter, name, zip_code) in enumerate(MEMBERS, start=1):
            fields = secret_fields(SECRET_KEY, zip_code, None)
            conn.execute(text(
                "INSERT INTO members (id, account_number, meter_number, last_name_or_business, name_key, "
                "secret_salt, mailing_zip_hash, tax_id_hash, phone, created_at, updated_at) VALUES (:id, "
                ":account, :meter, :name, :key, :salt, :zip, NULL, NULL, :t, :t)"),
                {"id": member_id, "account": account, "meter": meter, "name": name, "key": name.lower(),
                 "salt": fields["secret_salt"], "zip": fields["mailing_zip_hash"], "t": T0})
    engine.dispose()


def test_every_member_still_proves_the_account_with_the_meter_number_and_none_is_kept(unmigrated_url,
                                                                                       settings_for):
    _old_database(unmigrated_url)
    upgrade(unmigrated_url, secret_key=SECRET_KEY)
    settings = settings_for(unmigrated_url, proofs="meter", verify_policy="bill")
    engine = make_engine(unmigrated_url)
    factory = make_session_factory(engine)
    try:
        assert "meter_number" not in {c["name"] for c in inspect(engine).get_columns("members")}
        with factory() as session:
            stored = app_database_text(session, Base)
        for _, meter, _, _ in MEMBERS:
            assert meter not in stored and meter.lower() not in stored.lower()

        typed = {"1001234567": "ab-12 345", "2009876543": "7731 0042", "300111222": "q9"}
        for index, (account, _, name, _) in enumerate(MEMBERS):
            with factory() as session:
                assert v.check_account(session, f"c{index}", account, name, settings=settings).result == v.MATCH
            with factory() as session:
                result = v.verify_secret(session, settings, f"c{index}", meter_number=typed[account])
            assert result.result == v.VERIFIED, account
        # Hashed with each row's own salt: another member's meter number proves nothing.
        with factory() as session:
            assert v.check_account(session, "wrong", "1001234567", "Garza", settings=settings).result == v.MATCH
        with factory() as session:
            assert v.verify_secret(session, settings, "wrong", meter_number="77310042").result == v.MISMATCH

        # The next nightly import of the same file finds every migrated row unchanged.
        csv_text = "account_number,meter_number,last_name_or_business,mailing_zip,tax_id_last4,phone\n" + "".join(
            f"{account},{meter},{name},{zip_code},,\n" for account, meter, name, zip_code in MEMBERS)
        report = import_members(factory, io.StringIO(csv_text), SECRET_KEY)
        assert (report.unchanged, report.updated, report.inserted) == (3, 0, 0)
    finally:
        engine.dispose()


def test_without_the_server_secret_a_database_holding_members_is_refused_unchanged(unmigrated_url):
    _old_database(unmigrated_url)
    with pytest.raises(RuntimeError, match="COOPBOT_SECRET_KEY"):
        upgrade(unmigrated_url)
    engine = make_engine(unmigrated_url)
    try:
        with engine.connect() as conn:
            meters = sorted(row[0] for row in conn.execute(text("SELECT meter_number FROM members")))
    finally:
        engine.dispose()
    assert meters == sorted(meter for _, meter, _, _ in MEMBERS)


def test_coopbot_db_upgrade_hashes_them_with_the_server_secret(unmigrated_url, tmp_path, monkeypatch):
    """The operator's command passes the secret it reads (COOPBOT_SECRET_KEY, else var/secret_key)."""
    _old_database(unmigrated_url)
    monkeypatch.setenv("COOPBOT_DATABASE_URL", unmigrated_url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(cli, ["db", "upgrade"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    engine = make_engine(unmigrated_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT secret_salt, meter_hash FROM members ORDER BY id")).all()
    finally:
        engine.dispose()
    assert [meter_hash for _, meter_hash in rows] == [
        secret_fields(SECRET_KEY, zip_code, None, salt, meter_number=meter)["meter_hash"]
        for (salt, _), (_, meter, _, zip_code) in zip(rows, MEMBERS)]


def test_an_empty_database_needs_no_secret(unmigrated_url):
    upgrade(unmigrated_url)
    engine = make_engine(unmigrated_url)
    try:
        assert "meter_hash" in {c["name"] for c in inspect(engine).get_columns("members")}
    finally:
        engine.dispose()
