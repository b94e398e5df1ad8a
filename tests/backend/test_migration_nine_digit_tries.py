"""Migration 0010 clears the nine-digit numbers earlier versions kept in the guess counts."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from backend.storage.migrate import upgrade


def test_nine_digit_numbers_tried_before_are_cleared_and_the_rows_stay(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0009_secrets_claimed_email")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for tried in ("731552094", "1001234567", "h0123456789a", None):
                connection.execute(text(
                    "INSERT INTO verification_attempts (conversation_id, step, succeeded, created_at, account_tried) "
                    "VALUES ('c', 'name', 0, '2026-12-01 10:00:00', :tried)"), {"tried": tried})
        upgrade(url)
        with engine.connect() as connection:
            kept = [row[0] for row in connection.execute(
                text("SELECT account_tried FROM verification_attempts ORDER BY id"))]
    finally:
        engine.dispose()
    assert kept == [None, "1001234567", "h0123456789a", None]
