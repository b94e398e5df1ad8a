"""Every budget is exact when fifty requests spend it at once, on SQLite and PostgreSQL.

The attacker's view: fifty conversations (or agents, or chat clients) hit one
budget in the same instant. The clock is a ``TickingClock``: each request reads
its own time, as the wall clock would, so a request that read the time before
it held the lock (and counted attempts "up to now") would miss the attempts
committed while it waited. Each test counts what the database holds afterwards:
the attempts evaluated, the lock-out rows, events and notices (exactly one each).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.identity import chat_quota
from backend.identity import possession
from backend.identity import source_budget
from backend.staff import security as staff_security
from backend.accounts import registration as reg
from backend.identity import verification as v
from backend.storage.models import (
    AuditEntry,
    Lockout,
    Member,
    Notification,
    SecurityEvent,
    VerificationAttempt,
    utcnow,
)
from backend.notify.notices import LOCKED as NOTICE_LOCKOUT
from backend.notify.notices import LOCKOUT as LOCKOUT_EVENT
from backend.staff.accounts import create_staff
from tests.support.backend_helpers import GARZA, OBRIEN, TickingClock, all_at_once, load_members
from tests.support.backend_helpers import verified as verified_steps

THREADS = 50
PHONE = "+15125550123"
WITH_PHONE = dict(GARZA, phone=PHONE)


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, WITH_PHONE, OBRIEN)
    return session_factory


def count(db, model, *where) -> int:
    with db() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def member_id(db, account=GARZA["account"]) -> int:
    with db() as session:
        return session.scalar(select(Member.id).where(Member.account_number == account))


def matched(db, conversations, now, member=WITH_PHONE):
    for conversation in conversations:
        with db() as session:
            assert v.check_account(session, conversation, member["account"], member["name"], now=now).result == v.MATCH


def assert_one_lockout(db, garza: int) -> None:
    """Exactly one lock-out: its row, its event and its notice (a text to the phone on file)."""
    assert count(db, Lockout, Lockout.member_id == garza) == 1
    assert count(db, SecurityEvent, SecurityEvent.member_id == garza, SecurityEvent.kind == LOCKOUT_EVENT) == 1
    assert count(db, Notification, Notification.kind == NOTICE_LOCKOUT) == 1


def test_fifty_wrong_zips_at_once_count_five_and_lock_once(db, settings):
    start = utcnow()
    conversations = [f"z{index}" for index in range(THREADS)]
    matched(db, conversations, start)
    clock = TickingClock(start)

    def guess(index):
        with db() as session:
            return v.verify_secret(session, settings, conversations[index], zip_code="11111", now=clock).result

    results = all_at_once(THREADS, guess)
    garza = member_id(db)
    assert count(db, VerificationAttempt, VerificationAttempt.step == v.SECRET_STEP,
                 VerificationAttempt.succeeded.is_(False),
                 # against the account: once it is locked, a wrong ZIP counts for its conversation
                 # and source only (through the lock, docs/security.md)
                 VerificationAttempt.member_id.is_not(None)) == v.ACCOUNT_DAILY_LIMIT
    assert results.count(v.MISMATCH) == v.ACCOUNT_DAILY_LIMIT - 1
    assert results.count(v.LOCKED) == THREADS - (v.ACCOUNT_DAILY_LIMIT - 1)
    assert_one_lockout(db, garza)


def test_the_tenth_wrong_secret_in_thirty_days_locks_once_under_fifty_at_once(db, settings):
    start = utcnow() - timedelta(days=3)
    garza = member_id(db)
    # Nine wrong guesses on earlier days (5 then 4: the first five locked the account for a day).
    for index in range(9):
        day = start + timedelta(days=index // 5, minutes=index)
        matched(db, [f"old{index}"], day)
        with db() as session:
            assert v.verify_secret(session, settings, f"old{index}", zip_code="11111", now=day).result in (
                v.MISMATCH, v.LOCKED)
    assert count(db, Lockout, Lockout.member_id == garza) == 1
    now = utcnow()
    conversations = [f"m{index}" for index in range(THREADS)]
    matched(db, conversations, now)
    clock = TickingClock(now)

    def guess(index):
        with db() as session:
            return v.verify_secret(session, settings, conversations[index], zip_code="11111", now=clock)

    results = all_at_once(THREADS, guess)
    assert count(db, VerificationAttempt, VerificationAttempt.step == v.SECRET_STEP,
                 VerificationAttempt.succeeded.is_(False),
                 # against the account: once it is locked, a wrong ZIP counts for its conversation
                 # and source only (through the lock, docs/security.md)
                 VerificationAttempt.member_id.is_not(None)) == v.ACCOUNT_MONTHLY_LIMIT
    assert [r.result for r in results].count(v.MISMATCH) == 0
    assert count(db, Lockout, Lockout.member_id == garza) == 2
    assert count(db, SecurityEvent, SecurityEvent.kind == LOCKOUT_EVENT, SecurityEvent.detail == v.MONTHLY) == 1
    assert count(db, Notification, Notification.kind == NOTICE_LOCKOUT) == 2


def test_fifty_code_requests_for_one_member_text_five_codes(db, settings):
    now = utcnow()
    conversations = [f"c{index}" for index in range(THREADS)]
    matched(db, conversations, now)
    clock = TickingClock(now)
    sent = []

    def sender(_settings, _session, to, body):
        sent.append(to)

    def ask(index):
        with db() as session:
            return possession.send_code(session, settings, conversations[index], now=clock, sender=sender).result

    results = all_at_once(THREADS, ask)
    assert results.count(possession.CODE_SENT) == possession.MAX_SENDS_PER_MEMBER
    assert results.count(possession.TOO_MANY_CODES) == THREADS - possession.MAX_SENDS_PER_MEMBER
    assert len(sent) == possession.MAX_SENDS_PER_MEMBER
    assert count(db, SecurityEvent, SecurityEvent.kind == "code_sent") == possession.MAX_SENDS_PER_MEMBER


def test_fifty_wrong_codes_at_once_are_heard_within_every_budget(db, settings):
    """Five conversations hold a code; fifty wrong codes at once: three tries per code, five per account."""
    now = utcnow()
    conversations = [f"k{index}" for index in range(possession.MAX_SENDS_PER_MEMBER)]
    matched(db, conversations, now)
    codes = []
    for conversation in conversations:
        with db() as session:
            assert possession.send_code(session, settings, conversation, now=now,
                                        sender=lambda *args: codes.append(args[-1])).result == possession.CODE_SENT
    clock = TickingClock(now)
    # Fifty different wrong codes (the same one sent again would be one guess).
    wrong = [f"{900000 + index}" for index in range(THREADS * 2) if not any(f"{900000 + index}" in text
                                                                            for text in codes)][:THREADS]

    def guess(index):
        with db() as session:
            return possession.check_code(session, settings, conversations[index % len(conversations)],
                                         wrong[index], now=clock).result

    results = all_at_once(THREADS, guess)
    wrong = count(db, VerificationAttempt, VerificationAttempt.step == v.CODE_STEP,
                  VerificationAttempt.succeeded.is_(False))
    assert wrong == v.ACCOUNT_DAILY_LIMIT
    # The guess that spends the account's budget answers "locked"; so may the third wrong
    # code of one conversation (its own limit), depending on how the fifty interleave.
    assert results.count(possession.MISMATCH) < v.ACCOUNT_DAILY_LIMIT
    assert results.count(possession.MISMATCH) + results.count(possession.LOCKED) == len(results) - results.count(
        possession.EXPIRED)
    for conversation in conversations:
        assert count(db, VerificationAttempt, VerificationAttempt.conversation_id == conversation,
                     VerificationAttempt.step == v.CODE_STEP) <= possession.CODE_TRIES
    assert_one_lockout(db, member_id(db))


def test_fifty_staff_checks_of_one_callers_answer_evaluate_five(db, settings):
    now = utcnow()
    verified_steps(db, settings, "reg", OBRIEN)  # no phone on file: registers on bill data
    with db() as session:
        assert reg.register(session, settings, "reg", "obrien@example.com", True).result == reg.CREATED
        staff = [create_staff(session, f"agent{index}@coop.example", "a long staff password").id
                 for index in range(5)]
        session.commit()
    clock = TickingClock(now)

    def check(index):
        with db() as session:
            member = session.scalars(select(Member).where(Member.account_number == OBRIEN["account"])).one()
            result = staff_security.check_answer(session, staff[index % 5], member, "wrong answer", now=clock)
            session.commit()
            return result

    results = all_at_once(THREADS, check)
    assert results.count(staff_security.NO_MATCH) == staff_security.ANSWER_CHECKS_PER_HOUR
    assert results.count(staff_security.LIMITED) == THREADS - staff_security.ANSWER_CHECKS_PER_HOUR
    assert count(db, AuditEntry, AuditEntry.action == staff_security.CHECK_ANSWER) == THREADS


def test_fifty_new_chats_at_once_open_the_allowance_then_wait(session_factory):
    now = utcnow()
    clock = TickingClock(now)

    def open_chat(_index):
        with session_factory() as session:
            wait = chat_quota.admit(session, "c" * 32, 20, now=clock)
            session.commit()
            return wait

    waits = all_at_once(THREADS, open_chat)
    assert waits.count(timedelta(0)) == 20
    # Everyone else is told a short wait, not an hour.
    assert all(timedelta(0) < wait <= chat_quota.FIRST_DELAY for wait in waits if wait)


def test_fifty_wrong_names_from_one_network_at_once_evaluate_the_free_five(db, settings):
    now = utcnow()
    conversations = [f"n{index}" for index in range(THREADS)]
    with db() as session:
        for conversation in conversations:
            v.remember_origin(session, conversation, "web", "net-a")
        session.commit()
    clock = TickingClock(now)

    def guess(index):
        with db() as session:
            return v.check_account(session, conversations[index], f"{1500000000 + index}", "Smith", now=clock)

    results = all_at_once(THREADS, guess)
    assert count(db, VerificationAttempt, VerificationAttempt.source_key == "net-a") == source_budget.FREE_FAILURES
    assert [r.result for r in results].count(v.NO_MATCH) == source_budget.FREE_FAILURES
    waited = [r for r in results if r.result == v.LOCKED]
    assert len(waited) == THREADS - source_budget.FREE_FAILURES
    assert {r.lock_scope for r in waited} == {v.SOURCE_SCOPE}
    assert max(r.locked_until for r in waited) <= now + source_budget.FIRST_DELAY + timedelta(seconds=1)


def test_fifty_wrong_names_for_one_account_from_one_network_evaluate_three(db, settings):
    now = utcnow()
    conversations = [f"p{index}" for index in range(THREADS)]
    with db() as session:
        for conversation in conversations:
            v.remember_origin(session, conversation, "web", "net-b")
        session.commit()
    clock = TickingClock(now)

    def guess(index):
        with db() as session:
            return v.check_account(session, conversations[index], GARZA["account"], f"Wrong{index}", now=clock)

    results = all_at_once(THREADS, guess)
    assert count(db, VerificationAttempt, VerificationAttempt.source_key == "net-b") == source_budget.PAIR_LIMIT
    assert [r.result for r in results].count(v.NO_MATCH) == source_budget.PAIR_LIMIT
    assert {r.lock_scope for r in results if r.result == v.LOCKED} == {v.SOURCE_SCOPE}
    # Wrong names never lock the account itself.
    assert count(db, Lockout, Lockout.member_id.is_not(None)) == 0


def test_fifty_sends_of_one_wrong_zip_in_one_conversation_count_once(db, settings):
    """A dropped turn resent, many times at once: one failure, for the conversation and the account."""
    now = utcnow()
    matched(db, ["same"], now)
    clock = TickingClock(now)

    def guess(index):
        with db() as session:
            return v.verify_secret(session, settings, "same", zip_code="11111", now=clock).as_json()

    assert all_at_once(THREADS, guess) == [{"result": v.MISMATCH, "attempts_left": 2}] * THREADS
    assert count(db, VerificationAttempt, VerificationAttempt.succeeded.is_(False)) == 1
