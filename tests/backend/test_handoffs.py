"""Live handoff data (backend.staff.handoffs): queueing by staffed hours, redaction, one claim per race, audit.

Every test runs on SQLite and PostgreSQL (``db_url``); the race matters most on
PostgreSQL, where the two claims are really parallel transactions.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from backend import staff
from backend.core.staffed_hours import parse
from backend.staff import handoffs as h
from backend.storage.models import AuditEntry, Handoff
from tests.support.backend_helpers import all_at_once

HOURS = parse("Mon-Fri 07:00-21:00 America/Chicago")
CHICAGO = ZoneInfo("America/Chicago")
FRIDAY_NOON = datetime(2026, 12, 4, 12, 0, tzinfo=CHICAGO)
FRIDAY_NIGHT = datetime(2026, 12, 4, 22, 0, tzinfo=CHICAGO)


@pytest.fixture
def db(session_factory):
    return session_factory


@pytest.fixture
def agents(db):
    with db() as session:
        ids = [staff.create_staff(session, f"agent{i}@example.com", "a long enough password").id for i in (1, 2)]
        session.commit()
    return ids


def ask(db, *, channel="sms", sender="s1", now=FRIDAY_NOON, hours=HOURS):
    with db() as session:
        result = h.request_handoff(session, hours, channel=channel, sender_key=sender, language="es",
                                   step="member_name", now=now)
        session.commit()
        return result


def test_staffed_hours_queue_the_conversation_once(db):
    assert ask(db).result == h.QUEUED
    assert ask(db).result == h.QUEUED  # asking again keeps the same place
    with db() as session:
        queued = h.queue(session)
        assert [(q.channel, q.language, q.step, q.status) for q in queued] == [
            ("sms", "es", "member_name", "waiting")]


def test_outside_staffed_hours_sms_waits_for_the_morning_and_web_chat_is_not_queued(db):
    sms = ask(db, now=FRIDAY_NIGHT)
    assert sms.result == h.QUEUED_AFTER_HOURS
    assert sms.as_json()["back_at"].startswith("2026-12-07T07:00")  # Monday, Chicago time
    assert sms.as_json()["back_weekday"] == 0 and sms.as_json()["back_time"] == "07:00"
    web = ask(db, channel="web", sender="w1", now=FRIDAY_NIGHT)
    assert web.result == h.AFTER_HOURS
    with db() as session:
        assert [q.channel for q in h.queue(session)] == ["sms"]


def test_no_staffed_hours_means_no_queue(db):
    assert ask(db, hours=None).result == h.UNSTAFFED
    with db() as session:
        assert h.queue(session) == []


def test_member_messages_are_redacted_as_in_transcripts(db):
    ask(db)
    with db() as session:
        handoff = h.open_handoff(session, "sms", "s1")
        h.add_member_message(session, handoff, "my ssn is 123-45-6789 and zip 78701, mail ana@example.com",
                             reply_to="+15125550100")
        session.commit()
        text = h.messages_after(session, handoff.id)[0].text
    assert "6789" not in text and "78701" not in text and "ana@example.com" not in text
    assert "[redacted]" in text


def test_two_agents_racing_for_one_handoff_one_wins(db, agents):
    for round_ in range(10):
        ask(db, sender=f"race{round_}")
        with db() as session:
            handoff_id = h.open_handoff(session, "sms", f"race{round_}").id

        def take(index):
            with db() as session:
                try:
                    h.claim(session, handoff_id, agents[index], now=FRIDAY_NOON)
                    session.commit()
                    return "won"
                except h.HandoffError as exc:
                    session.rollback()
                    return exc.code

        results = all_at_once(2, take)
        assert sorted(results) == ["taken", "won"]
        with db() as session:
            row = session.get(Handoff, handoff_id)
            assert row.claimed_by == agents[results.index("won")]
            claims = session.scalars(select(AuditEntry).where(AuditEntry.action == h.CLAIM,
                                                              AuditEntry.detail == f"handoff {handoff_id}")).all()
            assert len(claims) == 1


def test_reply_hand_back_and_close_are_the_claiming_agent_s_and_audited(db, agents):
    ask(db)
    ask(db, sender="s2")
    with db() as session:
        first, second = (h.open_handoff(session, "sms", s).id for s in ("s1", "s2"))
        with pytest.raises(h.HandoffError):
            h.add_agent_reply(session, first, agents[0], "hello")  # not claimed yet
        h.claim(session, first, agents[0])
        with pytest.raises(h.HandoffError):
            h.add_agent_reply(session, first, agents[1], "hello")  # someone else's
        h.add_agent_reply(session, first, agents[0], "Hi, this is Ana from member services.")
        h.end(session, first, agents[0], back_to_assistant=True)
        h.claim(session, second, agents[1])
        h.end(session, second, agents[1], back_to_assistant=False)
        session.commit()
        assert session.get(Handoff, first).status == "returned"
        assert session.get(Handoff, first).first_answer_at is not None
        assert session.get(Handoff, second).status == "closed"
        assert h.open_handoff(session, "sms", "s1") is None
        trail = [(e.staff.email, e.action) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert trail == [("agent1@example.com", h.CLAIM), ("agent1@example.com", h.REPLY),
                     ("agent1@example.com", h.HAND_BACK), ("agent2@example.com", h.CLAIM),
                     ("agent2@example.com", h.CLOSE)]
    # A new request after the hand-back opens a new handoff.
    assert ask(db).result == h.QUEUED


def test_dashboard_figures_count_handoffs_per_day_and_the_median_wait_for_a_first_answer(db, agents):
    from datetime import timedelta, timezone

    monday = datetime(2026, 12, 7, 15, 0, tzinfo=timezone.utc)
    with db() as session:
        for index, (sender, delay) in enumerate((("a", 2), ("b", 6), ("c", None))):
            now = monday + timedelta(days=index // 2)
            h.request_handoff(session, HOURS, channel="sms", sender_key=sender, language="en", step=None, now=now)
            handoff = h.open_handoff(session, "sms", sender)
            if delay is not None:
                h.claim(session, handoff.id, agents[0], now=now)
                h.add_agent_reply(session, handoff.id, agents[0], "Hello", now=now + timedelta(minutes=delay))
        session.commit()
        stats = h.handoff_stats(session, start=monday.replace(hour=0), end=monday.replace(hour=0) + timedelta(days=3))
    assert [count for _, count in stats.per_day] == [2, 1, 0]
    assert stats.total == 3 and stats.answered == 2 and stats.median_first_answer_minutes == 4


def test_a_web_chat_nobody_took_before_hours_ended_lapses_an_sms_waits_and_a_claimed_one_stays(db, agents):
    for channel, sender in (("web", "w1"), ("sms", "s1"), ("web", "w2")):
        ask(db, channel=channel, sender=sender)
    with db() as session:
        h.claim(session, h.open_handoff(session, "web", "w2").id, agents[0])
        lapsed = {s: h.lapse_unattended(h.open_handoff(session, c, s), HOURS, FRIDAY_NIGHT)
                  for c, s in (("web", "w1"), ("sms", "s1"), ("web", "w2"))}
        assert lapsed == {"w1": True, "s1": False, "w2": False}
        assert not h.lapse_unattended(h.open_handoff(session, "sms", "s1"), HOURS, FRIDAY_NOON)
        # Staffed hours switched off: nobody will come for a waiting one.
        assert h.lapse_unattended(h.open_handoff(session, "sms", "s1"), None, FRIDAY_NOON)
        session.commit()
        assert [(q.channel, q.sender_key) for q in h.queue(session)] == [("web", "w2")]
