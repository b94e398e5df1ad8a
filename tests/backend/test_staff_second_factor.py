"""The staff console's second factor in the backend (``backend.staff.second_factor``), SQLite and PostgreSQL.

The clock is passed in: codes of the steps either side are accepted, two steps away
refused; each step signs in once; the key is sealed at rest under its own purpose key
and bound to its row; a reset clears it.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pyotp
import pytest
from sqlalchemy import select, text

from backend import staff as staff_data
from backend.core import keys
from backend.privacy import sealing
from backend.staff import second_factor
from backend.storage.db import transaction
from backend.storage.models import StaffUser

MASTER = "test-secret-key"
NOW = datetime(2026, 12, 6, 12, 0, 10, tzinfo=timezone.utc)


def code_at(key: str, moment: datetime) -> str:
    return pyotp.TOTP(key).at(moment)


@pytest.fixture
def enrolled(session_factory):
    """An agent whose key is made (not yet confirmed); returns (staff id, key)."""
    with transaction(session_factory) as session:
        user = staff_data.create_staff(session, "agent@coop.example", "a long staff password")
        return user.id, second_factor.enrolment_key(session, user, MASTER)


def check(session_factory, staff_id: int, code: str, now: datetime = NOW, master: str = MASTER) -> bool:
    with transaction(session_factory) as session:
        return second_factor.check_code(session, session.get(StaffUser, staff_id), code, master, now)


def test_a_first_code_confirms_the_key_and_the_steps_either_side_count(session_factory, enrolled):
    staff_id, key = enrolled
    with session_factory() as session:
        assert not second_factor.is_enrolled(session.get(StaffUser, staff_id))
    assert not check(session_factory, staff_id, code_at(key, NOW + timedelta(seconds=60)))  # two steps ahead
    assert not check(session_factory, staff_id, code_at(key, NOW - timedelta(seconds=60)))  # two steps behind
    assert check(session_factory, staff_id, code_at(key, NOW - timedelta(seconds=30)))  # a slow phone clock
    with session_factory() as session:
        user = session.get(StaffUser, staff_id)
        assert second_factor.is_enrolled(user) and user.mfa_confirmed_at == NOW
    assert check(session_factory, staff_id, code_at(key, NOW))
    spaced = code_at(key, NOW + timedelta(seconds=30))
    assert check(session_factory, staff_id, f"{spaced[:3]} {spaced[3:]}")  # typed in two groups


def test_each_step_signs_in_once_and_never_an_earlier_one(session_factory, enrolled):
    staff_id, key = enrolled
    code = code_at(key, NOW)
    assert check(session_factory, staff_id, code)
    assert not check(session_factory, staff_id, code)  # replayed within its step
    assert not check(session_factory, staff_id, code, NOW + timedelta(seconds=25))  # still in the window
    assert not check(session_factory, staff_id, code_at(key, NOW - timedelta(seconds=30)))  # an older step
    assert check(session_factory, staff_id, code_at(key, NOW + timedelta(seconds=30)))
    with session_factory() as session:
        assert session.get(StaffUser, staff_id).mfa_last_step == second_factor.time_step(NOW) + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "１２３４５６"])
def test_anything_but_six_digits_is_refused(session_factory, enrolled, typed):
    staff_id, _ = enrolled
    assert not check(session_factory, staff_id, typed)


def test_the_key_is_sealed_in_its_row_never_stored_in_clear(session_factory, enrolled):
    staff_id, key = enrolled
    with session_factory() as session:
        # Every column of the row as the database returns it, not as the model reads it.
        row = session.execute(text("SELECT * FROM staff_users WHERE id = :id"), {"id": staff_id}).mappings().one()
    stored = row["mfa_secret"]
    assert stored.startswith(sealing.VERSION)
    for column, value in row.items():
        assert key not in str(value) and key.lower() not in str(value), column
    assert sealing.unseal(keys.derive(MASTER, keys.STAFF_TOTP), stored, f"staff_users/{staff_id}/mfa_secret") == key
    with pytest.raises(sealing.Unreadable):  # another purpose's key does not open it
        sealing.unseal(keys.derive(MASTER, keys.SESSION), stored, f"staff_users/{staff_id}/mfa_secret")
    with pytest.raises(sealing.Unreadable):  # nor does another master secret
        sealing.unseal(keys.derive("another master", keys.STAFF_TOTP), stored, f"staff_users/{staff_id}/mfa_secret")

    # Copied onto a colleague's row (someone who can write the database), it opens nothing.
    with transaction(session_factory) as session:
        other = staff_data.create_staff(session, "other@coop.example", "a long staff password")
        other.mfa_secret, other.mfa_confirmed_at = stored, NOW
        other_id = other.id
    assert not check(session_factory, other_id, code_at(key, NOW))


def test_two_sealings_of_one_key_differ(session_factory, enrolled):
    secret = keys.derive(MASTER, keys.STAFF_TOTP)
    assert sealing.seal(secret, "KEY", "ctx") != sealing.seal(secret, "KEY", "ctx")  # a fresh nonce each


def test_the_same_key_is_shown_until_confirmed_then_a_reset_makes_a_new_one(session_factory, enrolled):
    staff_id, key = enrolled
    with transaction(session_factory) as session:
        assert second_factor.enrolment_key(session, session.get(StaffUser, staff_id), MASTER) == key
    assert check(session_factory, staff_id, code_at(key, NOW))
    with transaction(session_factory) as session:
        user = session.get(StaffUser, staff_id)
        assert second_factor.reset(session, user) is True
        assert (user.mfa_secret, user.mfa_confirmed_at, user.mfa_last_step) == (None, None, None)
        assert second_factor.reset(session, user) is False  # nothing left to clear
        fresh = second_factor.enrolment_key(session, user, MASTER)
    assert fresh != key
    assert not check(session_factory, staff_id, code_at(key, NOW + timedelta(seconds=30)))  # the old phone
    assert check(session_factory, staff_id, code_at(fresh, NOW))


def test_a_key_sealed_under_another_master_secret_is_refused_and_logged_without_it(session_factory, enrolled, caplog):
    staff_id, key = enrolled
    assert check(session_factory, staff_id, code_at(key, NOW))
    assert not check(session_factory, staff_id, code_at(key, NOW + timedelta(seconds=30)), master="rotated")
    assert "coopbot staff reset-mfa" in caplog.text and key not in caplog.text
    with session_factory() as session:  # nothing of the factor changed: a reset is the way out
        assert session.scalar(select(StaffUser.mfa_last_step).where(StaffUser.id == staff_id)) == (
            second_factor.time_step(NOW)
        )


def test_the_set_up_uri_names_the_account_and_the_console(session_factory, enrolled):
    _, key = enrolled
    uri = second_factor.provisioning_uri(key, "agent@coop.example", "Pedernales Electric Cooperative staff")
    parsed = pyotp.parse_uri(uri)
    assert uri.startswith("otpauth://totp/")
    assert (parsed.secret, parsed.name, parsed.issuer) == (
        key,
        "agent@coop.example",
        "Pedernales Electric Cooperative staff",
    )
    assert (parsed.digits, parsed.interval) == (6, 30)
    assert second_factor.grouped("ABCDEFGHIJKL") == "ABCD EFGH IJKL"


def test_two_sign_ins_racing_with_one_code_let_one_through(session_factory, enrolled):
    staff_id, key = enrolled
    code = code_at(key, NOW)
    # PostgreSQL: both read the row, then both try the step at once. SQLite queues writers
    # at BEGIN IMMEDIATE, so there the second transaction starts after the first one ended.
    both_read = threading.Barrier(2) if session_factory.kw["bind"].dialect.name != "sqlite" else None
    results = []

    def sign_in_with_the_code():
        with transaction(session_factory) as session:
            user = session.get(StaffUser, staff_id)
            if both_read is not None:
                both_read.wait(timeout=10)
            results.append(second_factor.check_code(session, user, code, MASTER, NOW))

    racers = [threading.Thread(target=sign_in_with_the_code) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=30)
    assert sorted(results) == [False, True]
