"""Members who asked for a person: one definition for the transcript, the dashboard and the queue.

A conversation "asked for a person" when the assistant answered a request for one
(its ``outcome`` slot became "human_requested"): the transcript writer marks the
moment (``Conversation.asked_for_person_at``) and keeps the conversation going, since
the member may go on and register there. A conversation recorded before that mark
existed ended on the outcome "human_requested" instead; both count.

Whether anyone could take it is the handoff's part: the conversation was queued for
an agent when a :class:`Handoff` belongs to it, and was otherwise told the co-op's
phone number (no staffed hours, or a web chat outside them). The queue page lists
the recent ones nobody was queued for, so "nobody is waiting" and "asked for a
person" never contradict each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from backend.privacy.transcripts import HUMAN_REQUESTED
from backend.storage.models import Conversation, Handoff


def asked_for_a_person():
    """The SQL condition: the conversation asked for a person (the one definition)."""
    c = Conversation
    return or_(c.asked_for_person_at.is_not(None), c.outcome == HUMAN_REQUESTED)


def asked_at(conversation: Conversation) -> datetime | None:
    """When the member asked (None when they did not); an older row's ending stands for it."""
    if conversation.asked_for_person_at is not None:
        return conversation.asked_for_person_at
    if conversation.outcome == HUMAN_REQUESTED:
        return conversation.completed_at or conversation.last_active_at
    return None


def _has_handoff():
    return exists().where(Handoff.conversation_id == Conversation.id)


@dataclass(frozen=True)
class AskCounts:
    """For the dashboard: conversations started in the range that asked for a person."""

    asked: int
    queued: int  # ... and were queued for an agent (a handoff)

    @property
    def told_the_number(self) -> int:
        return self.asked - self.queued


def ask_counts(session: Session, *, start: datetime, end: datetime) -> AskCounts:
    c = Conversation
    in_range = and_(c.started_at >= start, c.started_at < end, asked_for_a_person())
    asked = session.scalar(select(func.count()).select_from(c).where(in_range))
    queued = session.scalar(select(func.count()).select_from(c).where(in_range, _has_handoff()))
    return AskCounts(int(asked or 0), int(queued or 0))


def not_queued_since(session: Session, since: datetime, *, limit: int = 50) -> list[Conversation]:
    """Conversations active since ``since`` that asked for a person and were never queued, newest first."""
    c = Conversation
    return list(session.scalars(
        select(c).where(c.last_active_at >= since, asked_for_a_person(), ~_has_handoff())
        .order_by(c.last_active_at.desc(), c.id.desc()).limit(limit)
    ))


def handoff_of(session: Session, conversation_id: int) -> int | None:
    """The latest handoff the conversation was queued as, if any."""
    return session.scalar(select(func.max(Handoff.id)).where(Handoff.conversation_id == conversation_id))


def same_member(session: Session, conversation: Conversation, *, limit: int = 20) -> list[Conversation]:
    """The sender's other conversations on the same channel (one member's history), newest first.

    A conversation ends at an outcome or after 24 hours of silence, so one phone's thread
    may be several conversations; staff read them together.
    """
    c = Conversation
    return list(session.scalars(
        select(c).where(c.channel == conversation.channel, c.sender_key == conversation.sender_key,
                        c.id != conversation.id)
        .order_by(c.last_active_at.desc(), c.id.desc()).limit(limit)
    ))
