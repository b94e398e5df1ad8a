"""Server-side sessions and sign-in throttling (backend.accounts.websessions), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from backend.accounts import websessions
from backend.storage.models import utcnow


def test_a_session_lives_until_ended_and_only_its_hash_is_stored(session_factory):
    now = utcnow()
    with session_factory() as session:
        token = websessions.start(session, websessions.STAFF, 7, now)
        session.commit()
        row = websessions.current(session, websessions.STAFF, token, now + timedelta(minutes=5))
        assert row is not None and row.subject_id == 7
        assert token not in row.id_hash
        assert websessions.current(session, websessions.MEMBER, token, now) is None  # another kind
        websessions.end(session, token)
        session.commit()
        assert websessions.current(session, websessions.STAFF, token, now) is None


def test_idle_and_absolute_timeouts(session_factory):
    now = utcnow()
    with session_factory() as session:
        token = websessions.start(session, websessions.STAFF, 1, now)
        moment = now
        for _ in range(23):  # busy all day, one request every 29 minutes
            moment += timedelta(minutes=29)
            assert websessions.current(session, websessions.STAFF, token, moment) is not None
        moment += timedelta(minutes=29)  # 11 h 36 min... then past 12 h
        moment = now + timedelta(hours=12)
        assert websessions.current(session, websessions.STAFF, token, moment) is None
        idle = websessions.start(session, websessions.STAFF, 1, now)
        assert websessions.current(session, websessions.STAFF, idle, now + timedelta(minutes=30)) is None
        session.commit()


def test_end_all_ends_only_that_account(session_factory):
    with session_factory() as session:
        mine = [websessions.start(session, websessions.MEMBER, 1) for _ in range(3)]
        theirs = websessions.start(session, websessions.MEMBER, 2)
        assert websessions.end_all(session, websessions.MEMBER, 1) == 3
        session.commit()
        assert all(websessions.current(session, websessions.MEMBER, t) is None for t in mine)
        assert websessions.current(session, websessions.MEMBER, theirs) is not None


def test_delays_grow_and_are_capped():
    pair = websessions.RULES["pair"]
    assert [websessions.delay_for(pair, n).total_seconds() for n in range(1, 9)] == [0, 0, 0, 1, 2, 4, 8, 16]
    assert websessions.delay_for(pair, 1000) == timedelta(minutes=15)
    assert websessions.delay_for(websessions.RULES["account"], 1000) == timedelta(minutes=1)
    assert websessions.delay_for(websessions.RULES["client"], 1000) == timedelta(minutes=5)


def test_throttle_keys_do_not_depend_on_whether_the_account_exists_and_store_nothing_typed():
    keys = websessions.throttle_keys(websessions.MEMBER, " Jane@Example.com", "192.0.2.1")
    assert keys == websessions.throttle_keys(websessions.MEMBER, "jane@example.com ", "192.0.2.1")
    assert all("jane" not in key for key in keys.values())


def test_waits_follow_failures_and_success_clears_the_account(session_factory):
    now = utcnow()
    keys = websessions.throttle_keys(websessions.MEMBER, "jane@example.com", "192.0.2.1")
    with session_factory() as session:
        for _ in range(5):
            websessions.record_failure(session, keys, now)
        assert websessions.wait_seconds(session, keys, now) == 2
        assert websessions.wait_seconds(session, keys, now + timedelta(seconds=2)) == 0
        websessions.record_success(session, keys)
        assert websessions.wait_seconds(session, keys, now) == 0
        session.commit()


def test_old_failures_are_forgotten(session_factory):
    now = utcnow()
    keys = websessions.throttle_keys(websessions.STAFF, "a@coop.example", "192.0.2.1")
    with session_factory() as session:
        for _ in range(10):
            websessions.record_failure(session, keys, now)
        websessions.record_failure(session, keys, now + timedelta(days=2))
        assert websessions.wait_seconds(session, keys, now + timedelta(days=2)) == 0
        session.commit()
