"""How long a held proof lives. One never taken (the member left after "wrong number") does not stay
readable in the database past its 30 minutes: the sender's housekeeping pass (``retention.prune``,
then every chore) clears it, though the draft itself is kept for days; else a database copy and the
server key would read a member's SSN last 4 for a week. A proof typed after the hold spends it.
SQLite and PostgreSQL."""

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


FAIRBANKS = dict(account="5101000021", name="Fairbanks", zip="78821", last4="2233")
NEIGHBOUR = dict(account="5101000039", name="Fairbanks", zip="78821", last4="4455")


@pytest.fixture
def household(session_factory, settings):
    load_members(session_factory, settings, WRONG, FAIRBANKS, NEIGHBOUR)
    return session_factory


def test_a_proof_typed_after_the_hold_takes_its_place(household, settings):
    """"wrong number, it's 5101000021 Fairbanks, last 4 2233": the typed proof is the one checked, and
    the held one is spent with it. Never checked later against another account the conversation
    names (a proof the member never gave for it, counted against that account's budget)."""
    db = household
    with db() as session:
        assert v.check_account(session, "rest2", WRONG["account"], "Fairbanks", now=T0).result == v.NO_MATCH
    with db() as session:
        held_proof.hold(session, settings, "rest2", None, "2233", now=T0)
    with db() as session:
        assert v.check_account(session, "rest2", FAIRBANKS["account"], "Fairbanks",
                               now=T0 + timedelta(minutes=1)).result == v.MATCH
    with db() as session:
        assert v.verify_secret(session, settings, "rest2", tax_id_last4="2233",
                               now=T0 + timedelta(minutes=1)).result == v.VERIFIED
    with db() as session:
        assert v.check_account(session, "rest2", NEIGHBOUR["account"], "Fairbanks",
                               now=T0 + timedelta(minutes=2)).result == v.MATCH
    with db() as session:
        assert held_proof.check_held(session, settings, "rest2", now=T0 + timedelta(minutes=2)).result \
            == held_proof.NONE_HELD
