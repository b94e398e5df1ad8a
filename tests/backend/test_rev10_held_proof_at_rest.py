"""A held proof never taken (the member left after "wrong number") does not stay readable in the
database past its 30 minutes: the sender's housekeeping pass (``retention.prune``, then every chore)
clears it, though the draft itself is kept for days. Else a database copy and the server key would read a member's SSN last 4 for a week. SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from backend.identity import held_proof, verification as v
from backend.ops.chores import HOUSEKEEPING_CHORES
from backend.storage import retention
from backend.storage.models import RegistrationDraft
from tests.support.backend_helpers import load_members

WRONG = dict(account="5101000012", name="Okafor", zip="78812", last4="1212")
T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, WRONG)
    return session_factory


def _held(db, conversation):
    with db() as session:
        return session.execute(select(RegistrationDraft.held_proof, RegistrationDraft.held_proof_at)
                               .where(RegistrationDraft.conversation_id == conversation)).first()


def _housekeeping(db, settings, now):
    with db() as session:
        retention.prune(session, now)
        for chore in HOUSEKEEPING_CHORES:
            chore(session, settings, now)
        session.commit()


def test_a_held_proof_never_taken_is_cleared_once_stale(db, settings):
    with db() as session:
        assert v.check_account(session, "rest1", WRONG["account"], "Fairbanks", now=T0).result == v.NO_MATCH
    with db() as session:
        held_proof.hold(session, settings, "rest1", None, "2233", now=T0)
    _housekeeping(db, settings, T0 + timedelta(minutes=5))
    assert _held(db, "rest1").held_proof is not None  # still within its minutes: kept for the correction
    _housekeeping(db, settings, T0 + held_proof.HELD_FOR + timedelta(minutes=1))
    row = _held(db, "rest1")
    assert row is not None and row.held_proof is None and row.held_proof_at is None
