"""A ZIP / last 4 sent with an account number and name that did not match is held sealed for minutes
and checked once with the corrected account, as any proof (same budget, same answers). SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from backend.identity import held_proof, verification as v
from backend.storage.models import RegistrationDraft
from tests.support.backend_helpers import load_members

WRONG = dict(account="5101000012", name="Okafor", zip="78812", last4="1212")
FAIRBANKS = dict(account="5101000021", name="Fairbanks", zip="78821", last4="2233")
T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, WRONG, FAIRBANKS)
    return session_factory


def held_after_a_wrong_number(db, settings, conversation, **proof):
    with db() as session:
        assert v.check_account(session, conversation, WRONG["account"], "Fairbanks", now=T0).result == v.NO_MATCH
    with db() as session:
        assert held_proof.hold(session, settings, conversation, proof.get("zip"), proof.get("last4"), now=T0).result \
            == held_proof.HELD
    with db() as session:
        found = v.check_account(session, conversation, FAIRBANKS["account"], "Fairbanks", now=T0 + timedelta(minutes=1))
    assert found.result == v.MATCH


def test_the_held_last_4_proves_the_corrected_account_once(db, settings):
    held_after_a_wrong_number(db, settings, "held1", last4="2233")
    with db() as session:
        sealed = session.scalar(select(RegistrationDraft.held_proof).where(RegistrationDraft.conversation_id == "held1"))
    assert sealed and "2233" not in sealed  # sealed at rest
    with db() as session:
        result = held_proof.check_held(session, settings, "held1", now=T0 + timedelta(minutes=1))
    assert result.result == v.VERIFIED and result.proof_method == "last4"
    with db() as session:
        assert held_proof.check_held(session, settings, "held1", now=T0 + timedelta(minutes=1)).result \
            == held_proof.NONE_HELD


def test_a_wrong_held_zip_is_a_mismatch_counted_like_one_typed(db, settings):
    held_after_a_wrong_number(db, settings, "held2", zip="78899")
    with db() as session:
        result = held_proof.check_held(session, settings, "held2", now=T0 + timedelta(minutes=1))
    # the name miss and this wrong ZIP: one try left of the conversation's 3
    assert result.result == v.MISMATCH and result.proof_method == "zip" and result.attempts_left == 1


def test_a_stale_held_proof_is_dropped(db, settings):
    held_after_a_wrong_number(db, settings, "held3", last4="2233")
    with db() as session:
        assert held_proof.check_held(session, settings, "held3", now=T0 + held_proof.HELD_FOR + timedelta(minutes=1)
                                     ).result == held_proof.NONE_HELD
