"""Verification under concurrency: exact guess counting and no verify of a switched account.

Runs on SQLite and PostgreSQL (``db_url``); the PostgreSQL runs are the ones
that matter (real parallel transactions; SQLite serialises writers anyway).
"""

from __future__ import annotations


import pytest
from sqlalchemy import func, select

from backend.identity import verification as v
from backend.core.errors import StepOutOfOrder
from backend.storage.models import RegistrationDraft, VerificationAttempt, utcnow
from tests.support.backend_helpers import GARZA, GARZA_RANCH, all_at_once, load_members

THREADS = 50


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, GARZA, GARZA_RANCH)
    return session_factory


def test_fifty_parallel_wrong_guesses_record_at_most_the_limit(db, settings):
    now = utcnow()
    for index in range(THREADS):
        with db() as session:
            assert v.check_account(session, f"g{index}", GARZA["account"], "Garza", now=now).result == v.MATCH

    def guess(index):
        with db() as session:
            # Thread 9 sends the right ZIP: it may win only while the account is not yet locked.
            zip_code = GARZA["zip"] if index == 9 else f"{11111 + index:05d}"
            return v.verify_secret(session, settings, f"g{index}", zip_code=zip_code, now=now).result

    results = all_at_once(THREADS, guess)
    with db() as session:
        # Against the account; the wrong ZIPs given once it is locked count for their conversations
        # and sources only (through the lock, docs/security.md), never for the account.
        wrong = session.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.step == v.SECRET_STEP, VerificationAttempt.succeeded.is_(False),
            VerificationAttempt.member_id.is_not(None)))
        right = session.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.step == v.SECRET_STEP, VerificationAttempt.succeeded.is_(True)))
    assert wrong == v.ACCOUNT_DAILY_LIMIT
    # Four guesses hear "mismatch"; the fifth locks the account and every later one is refused.
    assert results.count(v.MISMATCH) == v.ACCOUNT_DAILY_LIMIT - 1
    # The right ZIP is verified only if it came before the fifth wrong guess.
    if results[9] == v.VERIFIED:
        assert right == 1
    else:
        assert results[9] == v.LOCKED and right == 0
    assert results.count(v.LOCKED) == THREADS - (v.ACCOUNT_DAILY_LIMIT - 1) - results.count(v.VERIFIED)


def test_a_verify_racing_an_account_switch_never_verifies_the_other_account(db, settings):
    with db() as session:
        ranch = session.scalar(select(v.Member.id).where(v.Member.account_number == GARZA_RANCH["account"]))
    for attempt in range(20):
        conversation = f"switch{attempt}"
        with db() as session:
            assert v.check_account(session, conversation, GARZA["account"], "Garza").result == v.MATCH

        def step(index):
            with db() as session:
                if index == 0:
                    try:
                        return v.verify_secret(session, settings, conversation, zip_code=GARZA["zip"]).result
                    except StepOutOfOrder:
                        return None  # the switch found the ranch locked (Garza's ZIP counted against it)
                return v.check_account(session, conversation, GARZA_RANCH["account"], "Garza Ranch").result

        all_at_once(2, step)
        with db() as session:
            draft = session.get(RegistrationDraft, conversation)
            # Garza's ZIP may verify Garza, never the ranch the conversation switched to.
            assert not (draft.member_id == ranch and draft.verified_at is not None)


def test_fifty_new_chats_at_once_from_one_client_open_exactly_the_limit(session_factory):
    """``backend.identity.chat_quota``: the client's first row is created once, and its count is exact."""
    from backend.identity import chat_quota

    now = utcnow()

    def open_chat(_index):
        with session_factory() as session:
            allowed = chat_quota.allow(session, "c" * 32, 20, now=now)
            session.commit()
            return allowed

    assert all_at_once(THREADS, open_chat).count(True) == 20
