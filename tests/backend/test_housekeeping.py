"""backend.storage.retention on SQLite and PostgreSQL: old registration drafts are deleted, idle handoffs closed;
and the chores every background sender runs (backend.ops.chores), in the web workers and the sender process."""

from __future__ import annotations

import signal
from datetime import timedelta
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from backend.storage import retention as housekeeping
from backend.accounts import registration as reg
from backend.identity import verification as v
from backend import staff
from backend.core.staffed_hours import parse
from backend.staff import handoffs as h
from backend.storage.models import (
    Conversation,
    Handoff,
    HandoffMessage,
    Registration,
    RegistrationDraft,
    SmsInbound,
    TranscriptMessage,
    utcnow,
)
from backend.notify import dispatch
from backend.ops import cli
from backend.privacy import answer_mentions
from tests.support.backend_helpers import GARZA, load_members, wait_for
from webhook import gunicorn_conf

real_start_retry_thread = dispatch.start_retry_thread


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


def test_the_sms_answers_kept_for_twilio_retries_are_deleted_after_a_day(session_factory, settings):
    """Each inbound SMS keeps the TwiML texted back (full e-mail addresses, account numbers) for
    Twilio's retries: a day, not for ever."""
    now = utcnow()
    reply = "<Response><Message>Got it, I will use maria@example.com.</Message></Response>"
    with session_factory() as session, session.begin():
        for sid, age in (("SMold", timedelta(days=1, minutes=1)), ("SMtoday", timedelta(hours=23))):
            session.add(SmsInbound(message_sid=sid, phone_key="k", received_at=now - age, status="done",
                                   response_xml=reply))
    with session_factory() as session, session.begin():
        housekeeping.prune(session, now)
    with session_factory() as session:
        kept = session.execute(select(SmsInbound.message_sid, SmsInbound.response_xml)).all()
    assert kept == [("SMtoday", reply)]


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


def _answer_words(session_factory, conversation: str) -> str | None:
    with session_factory() as session:
        return session.get(RegistrationDraft, conversation).security_answer_words


def test_the_web_workers_housekeeping_forgets_an_expired_answer_s_keyed_hash(session_factory, settings,
                                                                             monkeypatch):
    """The retry thread each web worker starts (``webhook/gunicorn_conf.py``) runs
    ``answer_mentions.forget_expired``: the keyed hash of a registration's security answer is cleared
    once its link has expired, not kept for the draft's week. The sender process of its own
    (``coopbot notify run``) is handed the same chores (the next test)."""
    load_members(session_factory, settings, GARZA)
    now = utcnow()
    _verified_draft(session_factory, settings, "lapsed", now)
    with session_factory() as session:
        assert reg.store_security_answer(session, "lapsed", 1, "Ortiz", now=now, settings=settings) == reg.STORED
    with session_factory() as session:
        assert reg.register(session, settings, "lapsed", "maria@example.com", True).result == reg.CREATED
    with session_factory() as session, session.begin():  # its link expired a minute ago
        session.execute(update(Registration).values(
            created_at=now - timedelta(hours=settings.activation_ttl_hours, minutes=1)))
    assert _answer_words(session_factory, "lapsed")
    started = []
    monkeypatch.setattr(dispatch, "start_retry_thread", lambda *args, **kwargs: started.append(
        real_start_retry_thread(*args, **{**kwargs, "interval": 0.05})))
    app = SimpleNamespace(config={"COOPBOT": settings}, extensions={"coopbot.sessions": session_factory})
    gunicorn_conf.post_worker_init(SimpleNamespace(wsgi=app))
    try:
        wait_for(lambda: _answer_words(session_factory, "lapsed") is None)
    finally:
        started[0].stop()


def test_the_sender_process_runs_the_web_workers_chores(session_factory, settings, monkeypatch):
    """``coopbot notify run`` (the production profile's sender, when the web workers start no retry
    thread) hands its loop the same chores, ``answer_mentions.forget_expired`` among them."""
    sent_with = []
    monkeypatch.setattr(dispatch, "run_sender", lambda *args, **kwargs: sent_with.append(kwargs["chores"]))
    monkeypatch.setattr(signal, "signal", lambda *_: None)  # the test process keeps its own handlers
    monkeypatch.setattr(cli, "load_settings", lambda: settings)
    monkeypatch.setattr(cli, "_session_factory", lambda _settings: session_factory)
    assert CliRunner().invoke(cli.notify_run, []).exit_code == 0
    assert answer_mentions.forget_expired in sent_with[0] and reg.close_lapsed in sent_with[0]


# Live handoffs (docs/handoff.md): an SMS one holds the member's number while open.
PHONE = "+15125550142"
HOURS = parse("Mon-Fri 07:00-21:00 America/Chicago")


def _handoff(session_factory, sender: str, at, *, transcript: bool = True) -> int:
    """An SMS handoff asked for at ``at`` (after a transcript line, when ``transcript``), with one member text."""
    with session_factory() as session:
        if transcript:
            conversation = Conversation(channel="sms", sender_key=sender, started_at=at, last_active_at=at)
            session.add(conversation)
            session.add(TranscriptMessage(conversation=conversation, direction="in", text="agent", created_at=at))
            session.flush()
        h.request_handoff(session, HOURS, channel="sms", sender_key=sender, language="en", step="email", now=at)
        handoff = h.open_handoff(session, "sms", sender)
        h.add_member_message(session, handoff, "are you there?", reply_to=PHONE, now=at)
        session.commit()
        return handoff.id


def _handoffs(session_factory) -> dict[int, tuple[str, str | None, int]]:
    """Every handoff row: status, the number column as stored, and how many lines it has."""
    with session_factory() as session:
        return {
            row.id: (row.status, row.reply_to, len(row.messages))
            for row in session.scalars(select(Handoff))
        }


def _prune(session_factory, now) -> None:
    with session_factory() as session, session.begin():
        housekeeping.prune(session, now)


def test_a_handoff_nobody_ended_is_closed_after_a_week_and_its_number_is_gone(session_factory):
    with session_factory() as session:
        agent = staff.create_staff(session, "agent@example.com", "a long enough password").id
        session.commit()
    now = utcnow()
    waiting = _handoff(session_factory, "waiting", now - timedelta(days=8))
    claimed = _handoff(session_factory, "claimed", now - timedelta(days=9))
    with session_factory() as session:
        h.claim(session, claimed, agent, now=now - timedelta(days=8))
        session.commit()
    # Ended, but its last text never went out, so the number was never forgotten.
    ended = _handoff(session_factory, "ended", now - timedelta(days=9))
    with session_factory() as session:
        h.claim(session, ended, agent, now=now - timedelta(days=9))
        h.end(session, ended, agent, back_to_assistant=False, now=now - timedelta(days=8))
        session.commit()
    recent = _handoff(session_factory, "recent", now - timedelta(days=6, hours=23))

    _prune(session_factory, now)

    rows = _handoffs(session_factory)
    assert rows[waiting] == ("closed", None, 1)
    assert rows[claimed] == ("closed", None, 1)
    assert rows[ended] == ("closed", None, 1)  # its transcript is kept, and so are its lines
    assert rows[recent] == ("waiting", PHONE, 1)  # still open: agent replies can be texted
    with session_factory() as session:
        assert session.scalars(select(Handoff.id).where(Handoff.reply_to == PHONE)).all() == [recent]
        # The member's next text goes to the assistant again.
        assert h.open_handoff(session, "sms", "waiting") is None
        assert h.open_handoff(session, "sms", "recent").id == recent
        # The closed one no longer takes an agent's reply.
        with pytest.raises(h.HandoffError):
            h.add_agent_reply(session, claimed, agent, "Still there?")


def test_a_closed_handoffs_lines_are_kept_with_its_transcript_and_pruned_with_it(session_factory):
    now = utcnow()
    kept = _handoff(session_factory, "kept", now - timedelta(days=40))
    pruned = _handoff(session_factory, "pruned", now - timedelta(days=40))
    lately = _handoff(session_factory, "lately", now - timedelta(days=40))
    no_transcript = _handoff(session_factory, "none", now - timedelta(days=40), transcript=False)
    _prune(session_factory, now - timedelta(days=30))  # all four are closed (idle for 10 days)
    with session_factory() as session:
        session.get(Handoff, lately).last_activity_at = now - timedelta(days=1)
        session.commit()
    assert {status for status, _, _ in _handoffs(session_factory).values()} == {"closed"}

    # Deleting transcripts (their conversations) leaves the handoffs without one.
    with session_factory() as session, session.begin():
        session.execute(delete(Conversation).where(Conversation.sender_key.in_(["pruned", "lately"])))
    _prune(session_factory, now)

    rows = _handoffs(session_factory)
    assert set(rows) == {kept, lately}  # "lately" went quiet only a day ago
    assert rows[kept] == ("closed", None, 1)
    with session_factory() as session:
        lines = session.scalars(select(HandoffMessage.handoff_id)).all()
        assert sorted(lines) == sorted([kept, lately])
        assert pruned not in lines and no_transcript not in lines
