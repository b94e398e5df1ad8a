"""Live handoff: a member's conversation queued for a person, held by one, then handed back or closed.

The life of a handoff (docs/handoff.md): the action server asks for one through the
API when a member asks for a person (:func:`request_handoff`); during staffed hours
(``COOPBOT_STAFFED_HOURS``) it waits in the queue, and an SMS request waits outside
them too (an agent can text back in the morning). While it is open the web app
stores the member's messages here (:func:`add_member_message`, redacted exactly as
transcripts are) instead of sending them to Rasa; an agent claims it
(:func:`claim`: one conditional UPDATE, so two agents racing get one winner on any
database), replies, and hands it back (Rasa's tracker was never touched, so the
registration resumes where it was) or closes it. Every agent action is in the audit log.

Everything is read from the database, so the console's live queue and the widget's
polling work across web workers and hosts. Callers commit.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from backend.core.staffed_hours import StaffedHours
from backend.privacy import transcripts
from backend.staff.audit import record_audit
from backend.storage.models import (
    CLAIMED,
    CLOSED,
    OPEN_HANDOFF,
    RETURNED,
    WAITING,
    Handoff,
    HandoffMessage,
    utcnow,
)
from common.redaction import redact

# Who wrote a line: the member, an agent, or the assistant (its first words after a hand-back).
MEMBER, AGENT, ASSISTANT = "member", "agent", "assistant"
CHANNELS = ("sms", "web")

# What :func:`request_handoff` answers (the API's ``result``).
QUEUED = "queued"  # staffed now: a person answers here shortly
QUEUED_AFTER_HOURS = "queued_after_hours"  # SMS outside staffed hours: answered when staff are back
AFTER_HOURS = "after_hours"  # web chat outside staffed hours: not queued
UNSTAFFED = "unstaffed"  # COOPBOT_STAFFED_HOURS unset: the phone number only

# Audit actions (backend.staff.audit.AUDIT_ACTIONS labels them).
CLAIM, REPLY, HAND_BACK, CLOSE = "handoff_claim", "handoff_reply", "handoff_back", "handoff_close"
LINK = "handoff_link"  # a reset or activation link mailed at an agent's request (webhook/staff/handoffs.py)


class HandoffError(Exception):
    """An agent action that does not apply (already claimed by another, already ended)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Requested:
    """The answer to a member's request for a person."""

    result: str
    back_at: datetime | None = None  # outside staffed hours: when staff are back (co-op's zone)

    def as_json(self) -> dict:
        body: dict = {"result": self.result}
        if self.back_at is not None:
            body.update(back_at=self.back_at.isoformat(), back_weekday=self.back_at.weekday(),
                        back_time=self.back_at.strftime("%H:%M"))
        return body


def open_handoff(session: Session, channel: str, sender_key: str, *, lock: bool = False) -> Handoff | None:
    """The sender's waiting or claimed handoff, if any."""
    query = select(Handoff).where(Handoff.channel == channel, Handoff.sender_key == sender_key,
                                  Handoff.status.in_(OPEN_HANDOFF))
    if lock:
        query = query.with_for_update()
    return session.scalars(query.limit(1)).first()


def request_handoff(session: Session, hours: StaffedHours | None, *, channel: str, sender_key: str,
                    language: str | None, step: str | None, now: datetime | None = None) -> Requested:
    """Queue the conversation for a person when the schedule allows; say what the member is told.

    Asking again while one is open keeps the one there is (same place in the queue).
    """
    now = now or utcnow()
    if hours is None:
        return Requested(UNSTAFFED)
    staffed = hours.is_open(now)
    back_at = None if staffed else hours.next_opening(now)
    if not staffed and channel != "sms":
        return Requested(AFTER_HOURS, back_at)
    if open_handoff(session, channel, sender_key) is None:
        conversation = transcripts.latest_conversation(session, channel, sender_key)
        try:
            with session.begin_nested():
                session.add(Handoff(channel=channel, sender_key=sender_key, language=language, step=step,
                                    conversation_id=conversation.id if conversation else None,
                                    status=WAITING, created_at=now, last_activity_at=now))
        except IntegrityError:
            pass  # a concurrent request opened it: the unique index keeps one open per sender
    return Requested(QUEUED if staffed else QUEUED_AFTER_HOURS, back_at)


def lapse_unattended(handoff: Handoff, hours: StaffedHours | None, now: datetime) -> bool:
    """Close a handoff nobody can take any more; return whether it was closed.

    A web chat still waiting when the staffed hours end (or any waiting handoff once
    staffed hours are switched off) would leave the member talking to nobody: the
    member's message then goes to the assistant again. A claimed handoff stays with
    its agent, and an SMS one waits for the morning by design.
    """
    if handoff.status != WAITING:
        return False
    if hours is not None and (handoff.channel == "sms" or hours.is_open(now)):
        return False
    handoff.status = CLOSED
    handoff.ended_at = now
    handoff.last_activity_at = now
    handoff.reply_to = None
    return True


def belongs_to_its_ask(session: Session, handoff: Handoff) -> None:
    """Tie the handoff to the transcript conversation its request was recorded in.

    The request comes while the turn is being answered, before the turn is written: the
    sender's latest conversation then is none (a first message) or an ended one (a new
    conversation starts with this turn). Once the turn is written, the conversation that
    holds the ask (``asked_for_person_at``) is the handoff's, so the console counts it queued.
    """
    conversation = transcripts.latest_conversation(session, handoff.channel, handoff.sender_key)
    if conversation is not None and conversation.asked_for_person_at is not None:
        handoff.conversation_id = conversation.id


def add_member_message(session: Session, handoff: Handoff, text: str, *, reply_to: str | None = None,
                       now: datetime | None = None) -> HandoffMessage:
    """Keep a member's message for the agent, redacted as transcripts redact it (common.redaction)."""
    now = now or utcnow()
    message = HandoffMessage(handoff=handoff, author=MEMBER, text=redact(text), created_at=now)
    session.add(message)
    handoff.last_activity_at = now
    if reply_to and handoff.channel == "sms":
        handoff.reply_to = reply_to[:16]
    return message


def remember_reply_to(session: Session, channel: str, sender_key: str, reply_to: str) -> None:
    """The number agent replies go to, for an SMS handoff opened during the member's last turn."""
    handoff = open_handoff(session, channel, sender_key)
    if handoff is not None and handoff.channel == "sms" and handoff.reply_to != reply_to[:16]:
        handoff.reply_to = reply_to[:16]


def queue(session: Session, *, limit: int = 200) -> list[Handoff]:
    """Open handoffs, newest activity first (what the console's live queue shows)."""
    return list(session.scalars(
        select(Handoff).options(joinedload(Handoff.agent))
        .where(Handoff.status.in_(OPEN_HANDOFF))
        .order_by(Handoff.last_activity_at.desc(), Handoff.id.desc()).limit(limit)
    ))


def get(session: Session, handoff_id: int) -> Handoff | None:
    return session.get(Handoff, handoff_id, populate_existing=True)


def messages_after(session: Session, handoff_id: int, after_id: int = 0) -> list[HandoffMessage]:
    return list(session.scalars(
        select(HandoffMessage).where(HandoffMessage.handoff_id == handoff_id, HandoffMessage.id > after_id)
        .order_by(HandoffMessage.id)
    ))


def messages_to_member(session: Session, channel: str, sender_key: str, after_id: int = 0,
                       *, limit: int = 50) -> list[HandoffMessage]:
    """What agents (and the assistant at a hand-back) said to this sender after ``after_id``, oldest first.

    The web widget polls this; it reads the database, so any web worker on any host answers it.
    """
    return list(session.scalars(
        select(HandoffMessage).join(Handoff)
        .where(Handoff.channel == channel, Handoff.sender_key == sender_key,
               HandoffMessage.author.in_((AGENT, ASSISTANT)), HandoffMessage.id > after_id)
        .order_by(HandoffMessage.id).limit(limit)
    ))


def claim(session: Session, handoff_id: int, staff_id: int, *, now: datetime | None = None) -> Handoff:
    """Give a waiting handoff to this agent; :class:`HandoffError` ``taken`` when another got it first.

    One conditional UPDATE (status still waiting): of two agents racing, the
    database lets exactly one row change, whatever the isolation level.
    """
    now = now or utcnow()
    changed = session.execute(
        update(Handoff).where(Handoff.id == handoff_id, Handoff.status == WAITING)
        .values(status=CLAIMED, claimed_by=staff_id, claimed_at=now, last_activity_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    handoff = get(session, handoff_id)
    if handoff is None:
        raise HandoffError("not_found")
    if changed != 1:
        raise HandoffError("mine" if handoff.claimed_by == staff_id and handoff.status == CLAIMED else "taken")
    record_audit(session, staff_id, CLAIM, conversation_id=handoff.conversation_id,
                 detail=f"handoff {handoff.id}", now=now)
    return handoff


def _held_by(session: Session, handoff_id: int, staff_id: int) -> Handoff:
    handoff = get(session, handoff_id)
    if handoff is None:
        raise HandoffError("not_found")
    if handoff.status != CLAIMED:
        raise HandoffError("not_claimed" if handoff.status == WAITING else "ended")
    if handoff.claimed_by != staff_id:
        raise HandoffError("taken")
    return handoff


def add_agent_reply(session: Session, handoff_id: int, staff_id: int, text: str,
                    *, now: datetime | None = None) -> HandoffMessage:
    """Store the agent's reply (already checked by the caller, see webhook.staff.handoffs) and audit it."""
    now = now or utcnow()
    handoff = _held_by(session, handoff_id, staff_id)
    message = HandoffMessage(handoff=handoff, author=AGENT, staff_id=staff_id, text=text, created_at=now)
    session.add(message)
    handoff.last_activity_at = now
    if handoff.first_answer_at is None:
        handoff.first_answer_at = now
    session.flush()
    record_audit(session, staff_id, REPLY, conversation_id=handoff.conversation_id,
                 detail=f"handoff {handoff.id}", now=now)
    return message


def end(session: Session, handoff_id: int, staff_id: int, *, back_to_assistant: bool,
        now: datetime | None = None) -> Handoff:
    """Hand back to the assistant (``returned``) or close; forget the SMS number either way."""
    now = now or utcnow()
    handoff = _held_by(session, handoff_id, staff_id)
    handoff.status = RETURNED if back_to_assistant else CLOSED
    handoff.ended_at = now
    handoff.last_activity_at = now
    record_audit(session, staff_id, HAND_BACK if back_to_assistant else CLOSE,
                 conversation_id=handoff.conversation_id, detail=f"handoff {handoff.id}", now=now)
    return handoff


def add_closing_words(session: Session, handoff: Handoff, text: str, *, now: datetime | None = None) -> HandoffMessage:
    """What the member is told as the handoff ends (and the assistant's first words after a hand-back).

    Kept as lines of the handoff so that the web widget, which polls for them, shows them too.
    """
    message = HandoffMessage(handoff=handoff, author=ASSISTANT, text=text, created_at=now or utcnow())
    session.add(message)
    return message


def forget_reply_to(handoff: Handoff) -> None:
    """Called once the last text of an ended handoff went out: the number is not kept."""
    handoff.reply_to = None


@dataclass(frozen=True)
class HandoffStats:
    """For the dashboard: handoffs asked for per UTC day, and how long members waited for a first answer."""

    per_day: list[tuple[date, int]]
    answered: int
    median_first_answer_minutes: float | None

    @property
    def total(self) -> int:
        return sum(count for _, count in self.per_day)


def handoff_stats(session: Session, *, start: datetime, end: datetime) -> HandoffStats:
    """Handoffs created in [start, end): per day (every day listed), and the median time to an agent's first reply."""
    rows = session.execute(
        select(Handoff.created_at, Handoff.first_answer_at)
        .where(Handoff.created_at >= start, Handoff.created_at < end)
    ).all()
    counts: dict[date, int] = {}
    waits = []
    for created, answered in rows:
        day = created.astimezone(timezone.utc).date()
        counts[day] = counts.get(day, 0) + 1
        if answered is not None:
            waits.append((answered - created).total_seconds() / 60)
    days, day = [], start.astimezone(timezone.utc).date()
    last = (end - timedelta(microseconds=1)).astimezone(timezone.utc).date()
    while day <= last:
        days.append((day, counts.get(day, 0)))
        day += timedelta(days=1)
    return HandoffStats(days, len(waits), statistics.median(waits) if waits else None)


def handoffs_of_conversations(session: Session, conversation_ids: list[int]) -> dict[int, int]:
    """Conversation id -> its latest handoff's id, for the conversations that led to one
    (the misunderstood-messages view links a misunderstanding to the handoff it caused)."""
    if not conversation_ids:
        return {}
    rows = session.execute(
        select(Handoff.conversation_id, Handoff.id).where(Handoff.conversation_id.in_(set(conversation_ids)))
        .order_by(Handoff.id)
    ).all()
    return {conversation_id: handoff_id for conversation_id, handoff_id in rows}
