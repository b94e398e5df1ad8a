"""Identity verification: both steps, tolerant matching, limits, lockouts and their expiry."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.identity import verification as v
from backend.core.errors import BadInput, StepOutOfOrder
from backend.storage.models import Lockout, VerificationAttempt, utcnow
from tests.support.backend_helpers import BRANDT, GARZA, GARZA_RANCH, MULLER, OBRIEN, load_members


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, GARZA, GARZA_RANCH, OBRIEN, MULLER, BRANDT)
    return session_factory


def check(db, conversation, account, name, now=None, settings=None):
    with db() as session:
        return v.check_account(session, conversation, account, name, now=now, settings=settings)


def verify(db, settings, conversation, now=None, **secret):
    with db() as session:
        return v.verify_secret(session, settings, conversation, now=now, **secret)


@pytest.mark.parametrize("account, name", [
    ("1001234567", "Garza"),
    ("100-123-4567", "maria garza"),
    ("20456789", "garza ranch"),
    ("20456789", "Garza Ranch, L.L.C."),
    ("1001876543", "OBrien Smith"),
    ("000452318", "muller"),
])
def test_step_one_matches_tolerantly(db, settings, account, name):
    result = check(db, "c1", account, name, settings=settings)
    assert result.result == v.MATCH
    assert result.attempts_left == 3


def test_a_nine_digit_number_is_kept_only_as_a_keyed_hash_and_checked_by_its_reference(db, settings):
    # Nine digits may be an SSN: the guess counts hold a keyed hash, and the reference the
    # dialogue keeps finds the account (and no account) like the number does.
    from backend.identity import account_refs

    assert check(db, "c1", "987654321", "Brandt", settings=settings).result == v.NO_MATCH
    reference = account_refs.reference(settings, BRANDT["account"])
    assert check(db, "c2", reference, "brandt", settings=settings).result == v.MATCH
    unknown = account_refs.reference(settings, "104452319")
    assert check(db, "c3", unknown, "brandt", settings=settings).as_json() == check(
        db, "c4", reference, "Garza", settings=settings).as_json() == {"result": "no_match", "attempts_left": 2}
    with db() as session:
        tried = session.scalars(select(VerificationAttempt.account_tried)).all()
    assert not any(value and value.isdigit() and len(value) == 9 for value in tried)
    assert account_refs.tried_key(settings, BRANDT["account"]) in tried


def test_nine_digits_that_start_with_000_are_an_account_number_like_any_other(db, settings):
    # No SSN or tax ID starts with 000: Müller's 000452318 is counted as the number itself.
    from backend.identity import account_refs

    assert not account_refs.could_be_ssn(MULLER["account"]) and account_refs.could_be_ssn(BRANDT["account"])
    assert check(db, "c1", MULLER["account"], "Smith", settings=settings).result == v.NO_MATCH
    with db() as session:
        assert session.scalars(select(VerificationAttempt.account_tried)).all() == [MULLER["account"]]
    assert check(db, "c2", MULLER["account"], "muller").result == v.MATCH  # no key needed


def test_unknown_account_and_wrong_name_answer_identically(db):
    unknown = check(db, "c1", "1999999999", "Garza")
    wrong_name = check(db, "c2", "1001234567", "Garcia")
    person_for_business = check(db, "c3", "20456789", "Garza")
    assert unknown == wrong_name == person_for_business
    assert unknown.as_json() == {"result": "no_match", "attempts_left": 2}


def test_step_two_with_zip_or_last_four(db, settings):
    assert check(db, "zip", GARZA["account"], "Garza").result == v.MATCH
    result = verify(db, settings, "zip", zip_code="78620-0001")
    assert result.result == v.VERIFIED
    assert result.registration_status == "none"
    assert result.email_masked is None

    assert check(db, "tin", GARZA["account"], "Garza").result == v.MATCH
    assert verify(db, settings, "tin", tax_id_last4="4321").result == v.VERIFIED
    with db() as session:
        assert v.is_verified(v.get_draft(session, "tin"))


def test_step_two_mismatch_and_member_without_tax_id(db, settings):
    check(db, "c1", GARZA["account"], "Garza")
    assert verify(db, settings, "c1", zip_code="78621").as_json() == {"result": "mismatch", "attempts_left": 2}
    assert verify(db, settings, "c1", tax_id_last4="1234").result == v.MISMATCH
    with db() as session:
        assert not v.is_verified(v.get_draft(session, "c1"))
    # Müller has no tax id on file: any last four is a mismatch, the ZIP works.
    check(db, "c2", MULLER["account"], "Müller", settings=settings)
    assert verify(db, settings, "c2", tax_id_last4="0000").result == v.MISMATCH
    assert verify(db, settings, "c2", zip_code="78624").result == v.VERIFIED


def test_both_secrets_given_must_both_match(db, settings):
    check(db, "c1", GARZA["account"], "Garza")
    assert verify(db, settings, "c1", zip_code="78620", tax_id_last4="0000").result == v.MISMATCH
    assert verify(db, settings, "c1", zip_code="78620", tax_id_last4="4321").result == v.VERIFIED


def test_step_two_needs_step_one(db, settings):
    with pytest.raises(StepOutOfOrder):
        verify(db, settings, "fresh", zip_code="78620")
    check(db, "c1", GARZA["account"], "Garcia")  # a failed step 1 proves nothing
    with pytest.raises(StepOutOfOrder):
        verify(db, settings, "c1", zip_code="78620")


def test_malformed_input_is_rejected_without_counting(db, settings):
    with pytest.raises(BadInput):
        check(db, "c1", "12345", "Garza")
    with pytest.raises(BadInput):
        check(db, "c1", "1001234567", "   ")
    check(db, "c1", GARZA["account"], "Garza")
    for secret in ({"zip_code": "7862"}, {"tax_id_last4": "43210"}, {}):
        with pytest.raises(BadInput):
            verify(db, settings, "c1", **secret)
    with db() as session:
        failures = session.scalar(select(func.count()).select_from(VerificationAttempt)
                                  .where(VerificationAttempt.succeeded.is_(False)))
    assert failures == 0


def test_three_failures_lock_the_conversation_for_an_hour(db, settings):
    now = utcnow()
    assert check(db, "c1", GARZA["account"], "Smith", now).attempts_left == 2
    assert check(db, "c1", "1999999999", "Garza", now).attempts_left == 1
    check(db, "c1", GARZA["account"], "Garza", now)
    locked = verify(db, settings, "c1", now=now, zip_code="11111")
    assert locked.result == v.LOCKED
    assert locked.locked_until == now + v.LOCKOUT_DURATION
    # Locked: even the right answers are refused, and nothing more is counted.
    assert check(db, "c1", GARZA["account"], "Garza", now + timedelta(minutes=59)).result == v.LOCKED
    # Another conversation is not affected (the account has 3 failures of 5).
    assert check(db, "c2", GARZA["account"], "Garza", now).result == v.MATCH
    # After the hour the conversation starts afresh with three attempts.
    later = now + v.LOCKOUT_DURATION + timedelta(seconds=1)
    result = check(db, "c1", GARZA["account"], "Garza", later)
    assert (result.result, result.attempts_left) == (v.MATCH, 3)
    assert verify(db, settings, "c1", now=later, zip_code="78620").result == v.VERIFIED


def _wrong_secret(db, settings, conversation, now, account=GARZA):
    assert check(db, conversation, account["account"], account["name"], now).result == v.MATCH
    return verify(db, settings, conversation, now=now, zip_code="11111")


def test_five_wrong_secrets_lock_the_account_for_every_conversation(db, settings):
    now = utcnow()
    for index in range(4):
        assert _wrong_secret(db, settings, f"c{index}", now).result == v.MISMATCH
    fifth = _wrong_secret(db, settings, "c4", now)
    assert (fifth.result, fifth.lock_scope) == (v.LOCKED, v.ACCOUNT_SCOPE)
    assert fifth.locked_until == now + v.DAY
    # The right ZIP from a fresh conversation is refused too, and is not counted.
    later = now + timedelta(hours=23)
    step_one = check(db, "c5", GARZA["account"], "Garza", later)
    assert (step_one.result, step_one.lock_scope) == (v.LOCKED, v.ACCOUNT_SCOPE)
    # Other accounts are not affected.
    assert check(db, "c5", GARZA_RANCH["account"], "Garza Ranch", now).result == v.MATCH
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Lockout).where(Lockout.member_id.is_not(None))) == 1
    # After the day the oldest guess leaves the window: one more guess, then locked again.
    next_day = now + v.DAY + timedelta(minutes=1)
    assert check(db, "d", GARZA["account"], "Garza", next_day).result == v.MATCH
    assert verify(db, settings, "d", now=next_day, zip_code="78620").result == v.VERIFIED


def test_the_budget_escalates_to_ten_wrong_secrets_in_thirty_days(db, settings):
    start = utcnow()
    guesses = 0
    results = []
    for day in range(30):
        now = start + timedelta(days=day, minutes=day)
        for attempt in range(6):
            # Many conversations from many numbers and web clients, all against one account.
            with db() as session:
                channel = "sms" if attempt % 2 else "web"
                v.remember_origin(session, f"d{day}-{attempt}", channel, f"{channel}-{day}-{attempt}")
                session.commit()
            result = _wrong_secret(db, settings, f"d{day}-{attempt}", now) \
                if check(db, f"d{day}-{attempt}", GARZA["account"], "Garza", now).result == v.MATCH else None
            results.append(result.result if result else v.LOCKED)
    with db() as session:
        guesses = session.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.step == v.SECRET_STEP, VerificationAttempt.succeeded.is_(False)))
    assert guesses == v.ACCOUNT_MONTHLY_LIMIT
    assert results.count(v.MISMATCH) == v.ACCOUNT_MONTHLY_LIMIT - 2  # the 5th and the 10th guess lock
    # Spent: locked even with the right ZIP, until the oldest guess is 30 days old.
    with db() as session:
        member = session.scalars(select(v.Member).where(v.Member.account_number == GARZA["account"])).one()
        until, level = v.account_lock(session, member, start + timedelta(days=29))
    assert level == v.MONTHLY and until == start + v.MONTH


def test_wrong_names_never_lock_the_account(db, settings):
    now = utcnow()
    for index in range(20):
        assert check(db, f"n{index}", GARZA["account"], f"Wrong{index}", now).result == v.NO_MATCH
    assert check(db, "owner", GARZA["account"], "Garza", now).result == v.MATCH
    assert verify(db, settings, "owner", now=now, zip_code="78620").result == v.VERIFIED


def test_locked_unknown_and_wrong_name_answer_identically(db, settings):
    now = utcnow()
    for index in range(5):
        _wrong_secret(db, settings, f"lock{index}", now)
    locked_wrong_name = check(db, "x1", GARZA["account"], "Smith", now)
    unknown = check(db, "x2", "1999999999", "Garza", now)
    wrong_name = check(db, "x3", OBRIEN["account"], "Garza", now)
    assert locked_wrong_name == unknown == wrong_name == v.CheckResult(v.NO_MATCH, attempts_left=2)
    # Only with the right name is the lock told, with how to unlock it.
    told = check(db, "x4", GARZA["account"], "Garza", now)
    assert (told.result, told.lock_scope, told.unlock) == (v.LOCKED, v.ACCOUNT_SCOPE, v.UNLOCK_MEMBER_SERVICES)


def test_a_source_failing_one_account_three_times_is_paused_for_that_account_only(db, settings):
    now = utcnow()
    with db() as session:
        for index in range(4):
            v.remember_origin(session, f"s{index}", "web", "client-a")
        v.remember_origin(session, "other", "web", "client-b")
        session.commit()
    for index in range(3):
        assert check(db, f"s{index}", GARZA["account"], "Wrong", now).result == v.NO_MATCH
    # The same network may not try that account again today, even with the right name ...
    paused = check(db, "s3", GARZA["account"], "Garza", now + timedelta(hours=23))
    assert (paused.result, paused.lock_scope) == (v.LOCKED, v.SOURCE_SCOPE)
    assert paused.locked_until == now + v.DAY
    # ... but a member of another account behind the same address goes on, as does another network.
    assert check(db, "s3", OBRIEN["account"], "O'Brien-Smith", now).result == v.MATCH
    assert check(db, "other", GARZA["account"], "Garza", now).result == v.MATCH
    assert check(db, "s3", GARZA["account"], "Garza", now + v.DAY + timedelta(minutes=1)).result == v.MATCH


def test_a_comma_does_not_test_two_names(db):
    # "Garza, Smith" is read as the last name Garza only.
    assert check(db, "c1", OBRIEN["account"], "Garza, O'Brien-Smith").result == v.NO_MATCH
    assert check(db, "c2", GARZA["account"], "Garza, Smith").result == v.MATCH


def test_verified_identity_expires(db, settings):
    now = utcnow()
    check(db, "c1", GARZA["account"], "Garza", now)
    verify(db, settings, "c1", now=now, zip_code="78620")
    with db() as session:
        draft = v.get_draft(session, "c1")
        assert v.is_verified(draft, now + v.VERIFIED_FOR)
        assert not v.is_verified(draft, now + v.VERIFIED_FOR + timedelta(seconds=1))


def test_forget_conversation_keeps_attempts_and_locks(db, settings):
    now = utcnow()
    for _ in range(3):
        check(db, "c1", GARZA["account"], "Wrong", now)
    with db() as session:
        v.forget_conversation(session, "c1")
    assert check(db, "c1", GARZA["account"], "Garza", now).result == v.LOCKED


def test_unknown_wrong_name_and_locked_do_the_same_database_work(db, settings):
    """Timing: the three step-1 failures run the same statements (a proxy that does not flake)."""
    from sqlalchemy import event

    now = utcnow()
    for index in range(5):
        _wrong_secret(db, settings, f"lock{index}", now)

    def statements(conversation, account, name):
        seen = []
        with db() as session:
            engine = session.get_bind()
            listener = lambda conn, cursor, statement, *rest: seen.append(statement.split()[0])
            event.listen(engine, "before_cursor_execute", listener)
            try:
                v.check_account(session, conversation, account, name, now=now)
            finally:
                event.remove(engine, "before_cursor_execute", listener)
        return seen

    locked = statements("t1", GARZA["account"], "Smith")
    unknown = statements("t2", "1999999999", "Smith")
    wrong_name = statements("t3", OBRIEN["account"], "Smith")
    assert locked == unknown == wrong_name


def test_a_reference_reads_its_candidates_through_an_index_at_300000_members(session_factory, settings):
    # Finding a reference's account must not read every member on each attempt (a cheap
    # denial of service): the nine-digit members ending in its two digits come from an index.
    from sqlalchemy import insert, text

    from backend.identity import account_refs
    from backend.storage.models import Member
    from tests.support.query_plans import query_plan

    with session_factory() as session:
        for first in range(0, 300_000, 20_000):
            session.execute(insert(Member), [
                {"account_number": f"{100000000 + index}" if index % 3 else f"{1000000000 + index}",
                 "meter_hash": "0" * 64, "last_name_or_business": "Bulk", "name_key": "bulk",
                 "secret_salt": "0" * 32, "mailing_zip_hash": "0" * 64}
                for index in range(first, first + 20_000)])
        session.commit()
        session.execute(text("ANALYZE"))
        session.commit()
        plan = query_plan(session, account_refs.candidates_query("89"))
        assert "ix_members_nine_digit_tail" in plan, plan
        assert "Seq Scan" not in plan and not re.search(r"^SCAN members$", plan, re.M), plan
        found = session.scalars(account_refs.candidates_query("89")).all()
    assert len(found) == 2000 and all(len(m.account_number) == 9 and m.account_number.endswith("89") for m in found)
    reference = account_refs.reference(settings, "100000089")
    assert check(session_factory, "c1", reference, "bulk", settings=settings).result == v.MATCH
