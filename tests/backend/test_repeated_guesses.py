"""The same wrong value sent again in one conversation counts once; a different one always counts.

A member whose turn the web app stopped waiting for (after 10 s) is told to try
again, though the check may already have been counted; sending the same answer
again, or by accident twice, must not spend the conversation's three failures.
The attacker's view: three different wrong values still lock as before, and only
a keyed hash of a value is kept. On SQLite and PostgreSQL, like every database test;
fifty sends of one value at once: ``tests/backend/test_budgets_concurrency.py``.
"""

from __future__ import annotations

from string import hexdigits

import pytest
from sqlalchemy import func, select

from backend.identity import possession as p
from backend.identity import verification as v
from backend.storage.models import Lockout, RegistrationDraft, VerificationAttempt, utcnow
from tests.support.backend_helpers import GARZA, OBRIEN, load_members
from tests.support.backend_helpers import verified as verified_steps
from tests.support.one_time_code import GARZA_WITH_PHONE, texted_code


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, GARZA_WITH_PHONE, OBRIEN)
    return session_factory


def check(db, settings, conversation, name, account=GARZA["account"], now=None):
    with db() as session:
        return v.check_account(session, conversation, account, name, now=now, settings=settings)


def verify(db, settings, conversation, now=None, **secret):
    with db() as session:
        return v.verify_secret(session, settings, conversation, now=now, **secret)


def failures(db, *where) -> int:
    with db() as session:
        return session.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.succeeded.is_(False), *where)) or 0


def test_an_attacker_with_the_bill_trying_three_different_zips_is_locked(db, settings):
    now = utcnow()
    assert check(db, settings, "a", "Garza", now=now).result == v.MATCH
    assert verify(db, settings, "a", now=now, zip_code="78621").attempts_left == 2
    assert verify(db, settings, "a", now=now, zip_code="78622").attempts_left == 1
    locked = verify(db, settings, "a", now=now, zip_code="78623")
    assert (locked.result, locked.lock_scope) == (v.LOCKED, v.CONVERSATION_SCOPE)
    assert verify(db, settings, "a", now=now, zip_code="78620").result == v.LOCKED
    assert failures(db) == 3


def test_the_same_wrong_zip_twice_counts_once_then_the_right_one_verifies(db, settings):
    now = utcnow()
    assert check(db, settings, "m", "Garza", now=now).result == v.MATCH
    first = verify(db, settings, "m", now=now, zip_code="78621")
    # The turn was dropped; the member sends the same ZIP again (spaced differently), twice.
    assert verify(db, settings, "m", now=now, zip_code=" 78621 ") == first
    assert verify(db, settings, "m", now=now, zip_code="78621-0000") == first
    assert first.as_json() == {"result": "mismatch", "attempts_left": 2}
    assert verify(db, settings, "m", now=now, zip_code="78620").result == v.VERIFIED
    # Counted once: for the conversation, the source and the account alike (one row).
    assert failures(db) == 1
    with db() as session:
        hashes = session.scalars(select(VerificationAttempt.guess_hash).where(
            VerificationAttempt.succeeded.is_(False))).all()
        assert session.scalar(select(func.count()).select_from(Lockout)) == 0
    assert len(hashes) == 1 and len(hashes[0]) == 64 and set(hashes[0]) <= set(hexdigits)  # a keyed hash


def test_the_same_wrong_last_four_twice_counts_once(db, settings):
    now = utcnow()
    check(db, settings, "m", "Garza", now=now)
    assert verify(db, settings, "m", now=now, tax_id_last4="1111").attempts_left == 2
    assert verify(db, settings, "m", now=now, tax_id_last4=" 1111").attempts_left == 2
    assert verify(db, settings, "m", now=now, tax_id_last4="4321").result == v.VERIFIED
    assert failures(db) == 1


def test_the_same_wrong_name_twice_counts_once_a_different_one_counts(db, settings):
    now = utcnow()
    assert check(db, settings, "m", "Garcia", now=now).as_json() == {"result": "no_match", "attempts_left": 2}
    assert check(db, settings, "m", "  GARCIA ", now=now).attempts_left == 2
    # "Garcia Smith" and "Garcia, Smith" test different names: each counts.
    assert check(db, settings, "m", "Garcia Smith", now=now).attempts_left == 1
    assert check(db, settings, "m", "Garcia, Smith", now=now).result == v.LOCKED
    assert failures(db) == 3


def test_a_repeat_counts_only_within_its_conversation_step_and_account(db, settings):
    now = utcnow()
    check(db, settings, "one", "Garza", now=now)
    check(db, settings, "two", "Garza", now=now)
    verify(db, settings, "one", now=now, zip_code="78621")
    # Another conversation, another account, another step: each a guess of its own.
    assert verify(db, settings, "two", now=now, zip_code="78621").attempts_left == 2
    assert check(db, settings, "one", OBRIEN["name"], account=OBRIEN["account"], now=now).result == v.MATCH
    assert verify(db, settings, "one", now=now, zip_code="78621").attempts_left == 1
    assert failures(db) == 3


def test_the_same_wrong_code_twice_is_one_try(db, settings):
    now = utcnow()
    verified_steps(db, settings, "web", GARZA_WITH_PHONE, now=now)
    with db() as session:
        assert p.send_code(session, settings, "web", now=now).result == p.CODE_SENT
    code = texted_code(settings)
    wrong = "000000" if code != "000000" else "111111"
    answers = []
    for typed in (wrong, wrong, f"{wrong[:3]}-{wrong[3:]}"):
        with db() as session:
            answers.append(p.check_code(session, settings, "web", typed, now=now).as_json())
    assert answers == [{"result": "mismatch", "attempts_left": 2}] * 3
    with db() as session:
        assert session.get(RegistrationDraft, "web").code_tries == 1
        assert p.check_code(session, settings, "web", code, now=now).result == p.VERIFIED
    assert failures(db, VerificationAttempt.step == v.CODE_STEP) == 1

