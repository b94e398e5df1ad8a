"""The dashboard's figures: the funnel, registrations per day, median turns and minutes, fallback rate.

Read-only aggregate queries over a date range, kept together so the figures
on the dashboard are defined (and tested) in one place.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from backend.storage.models import Conversation, TranscriptMessage
from backend.staff.outcomes import STEP_LABELS, STEPS


@dataclass(frozen=True)
class FunnelStep:
    step: str
    label: str
    reached: int  # conversations that got at least this far
    stopped: int  # ... and got no further
    members_reached: int = 0  # members (one sender on one channel) whose furthest step is at least this
    members_stopped: int = 0  # ... and whose furthest step it is


@dataclass(frozen=True)
class CompletionStats:
    completed: int
    median_turns: float | None  # member messages in a registered conversation
    median_minutes: float | None  # from the first message to registered
    member_messages: int
    fallbacks: int

    @property
    def fallback_rate(self) -> float | None:
        return self.fallbacks / self.member_messages if self.member_messages else None


def _started_between(start: datetime, end: datetime):
    return and_(Conversation.started_at >= start, Conversation.started_at < end)


def _index(step: str | None) -> int:
    return STEPS.index(step) if step in STEPS else 0


def funnel(session: Session, *, start: datetime, end: datetime) -> list[FunnelStep]:
    """How many conversations, and how many members, started in [start, end) reached each step.

    ``step_reached`` is the furthest step of a conversation, so a conversation
    counts for its own step and every step before it. A member is one sender on one
    channel (a phone number, a chat): one member's thread may be several conversations
    (a STOP, a day's silence, an ending and a "thanks"), and the member counts once,
    at the furthest step of any of them, so a member who registered is no drop-out.
    """
    rows = session.execute(
        select(Conversation.channel, Conversation.sender_key, Conversation.step_reached)
        .where(_started_between(start, end))
    ).all()
    furthest = [0] * len(STEPS)
    best: dict[tuple[str, str], int] = {}
    for channel, sender_key, step in rows:
        furthest[_index(step)] += 1
        member = (channel, sender_key)
        best[member] = max(best.get(member, 0), _index(step))
    members = [0] * len(STEPS)
    for index in best.values():
        members[index] += 1
    last = len(STEPS) - 1
    return [
        # Nobody "stops" at registered: it is the end of the road.
        FunnelStep(step, STEP_LABELS[step], sum(furthest[index:]), furthest[index] if index < last else 0,
                   sum(members[index:]), members[index] if index < last else 0)
        for index, step in enumerate(STEPS)
    ]


def registrations_per_day(session: Session, *, start: datetime, end: datetime) -> list[tuple[date, int]]:
    """Conversations that ended registered, per UTC day of completion, every day of the range listed."""
    stamps = session.scalars(
        select(Conversation.completed_at).where(
            Conversation.outcome == "registered",
            Conversation.completed_at >= start,
            Conversation.completed_at < end,
        )
    )
    # Grouped here rather than in SQL: "the date of a timestamp in UTC" is
    # spelled differently on SQLite and PostgreSQL.
    per_day: dict[date, int] = {}
    for stamp in stamps:
        day = stamp.astimezone(timezone.utc).date()
        per_day[day] = per_day.get(day, 0) + 1
    days = []
    day = start.astimezone(timezone.utc).date()
    last = (end - timedelta(microseconds=1)).astimezone(timezone.utc).date()
    while day <= last:
        days.append((day, per_day.get(day, 0)))
        day += timedelta(days=1)
    return days


def completion_stats(session: Session, *, start: datetime, end: datetime) -> CompletionStats:
    """Medians over registered conversations started in the range; fallback rate over their member messages."""
    c, m = Conversation, TranscriptMessage
    completed = session.execute(
        select(c.id, c.started_at, c.completed_at).where(
            _started_between(start, end), c.outcome == "registered", c.completed_at.is_not(None)
        )
    ).all()
    minutes = [(done - began).total_seconds() / 60 for _, began, done in completed]
    turns_by_id = dict(
        session.execute(
            select(m.conversation_id, func.count())
            .join(c, c.id == m.conversation_id)
            .where(_started_between(start, end), c.outcome == "registered", m.direction == "in")
            .group_by(m.conversation_id)
        ).all()
    )
    turns = [turns_by_id.get(ident, 0) for ident, _, _ in completed]
    total, fallbacks = session.execute(
        select(func.count(), func.coalesce(func.sum(case((m.is_fallback, 1), else_=0)), 0))
        .select_from(m)
        .join(c, c.id == m.conversation_id)
        .where(_started_between(start, end), m.direction == "in")
    ).one()
    return CompletionStats(
        completed=len(completed),
        median_turns=statistics.median(turns) if turns else None,
        median_minutes=statistics.median(minutes) if minutes else None,
        member_messages=int(total),
        fallbacks=int(fallbacks),
    )
