"""backend.storage.retention on SQLite and PostgreSQL: old registration drafts are deleted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend.storage import retention as housekeeping
from backend.accounts import registration as reg
from backend.identity import verification as v
from backend.storage.models import RegistrationDraft, utcnow
from backend.notify import dispatch
from tests.support.backend_helpers import GARZA, load_members, wait_for


def _drafts(session_factory) -> set[str]:
    with session_factory() as session:
        return set(session.scalars(select(RegistrationDraft.conversation_id)))


def _verified_draft(session_factory, settings, conversation: str, now) -> None:
    """A conversation that proved its identity and stored a security answer, a second apart, until ``now``."""
    second = timedelta(seconds=1)
    with session_factory() as session:
        v.check_account(session, conversation, GARZA["account"], GARZA["name"], now=now - 2 * second)
    with session_factory() as session:
        v.verify_secret(session, settings, conversation, zip_code=GARZA["zip"], now=now - second)
    with session_factory() as session:
        reg.store_security_answer(session, conversation, 1, "Ortiz", now=now)


def test_prune_deletes_drafts_untouched_for_a_week(session_factory, settings):
    load_members(session_factory, settings, GARZA)
    now = utcnow()
    _verified_draft(session_factory, settings, "old", now - timedelta(days=8))
    _verified_draft(session_factory, settings, "last-week", now - timedelta(days=6, hours=23))
    _verified_draft(session_factory, settings, "today", now - timedelta(minutes=5))
    with session_factory() as session, session.begin():
        assert housekeeping.prune(session, now) == 1
    assert _drafts(session_factory) == {"last-week", "today"}
    with session_factory() as session, session.begin():
        assert housekeeping.prune(session, now) == 0  # nothing more to do
    # The drafts that stay still work: today's conversation is verified and may register.
    with session_factory() as session:
        assert reg.register(session, settings, "today", "maria@example.com", True).result == reg.CREATED


def test_the_retry_thread_prunes(session_factory, settings):
    load_members(session_factory, settings, GARZA)
    _verified_draft(session_factory, settings, "old", utcnow() - timedelta(days=30))
    _verified_draft(session_factory, settings, "today", utcnow())
    thread = dispatch.start_retry_thread(settings, session_factory, interval=0.05)
    try:
        wait_for(lambda: _drafts(session_factory) == {"today"})
    finally:
        thread.stop()
    assert not thread.is_alive()
