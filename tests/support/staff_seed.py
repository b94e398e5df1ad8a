"""Conversations for the staff-console tests, written straight into the models.

``seed_demo`` writes eight conversations whose funnel, medians and outcomes
the tests know by heart (see ``DEMO_FUNNEL``); ``bulk_conversations`` inserts
many plain rows quickly for the pagination-at-scale test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from backend import staff as staff_data
from backend.storage.models import Conversation, TranscriptMessage

AGENT_EMAIL = "agent@coop.example"
ADMIN_EMAIL = "admin@coop.example"
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Msg:
    direction: str  # "in" (member) or "out" (assistant)
    text: str
    intent: str | None = None
    confidence: float | None = None
    fallback: bool = False
    step: str | None = None


def member(text: str, intent: str | None = None, confidence: float | None = None, **kwargs) -> Msg:
    return Msg("in", text, intent, confidence, **kwargs)


def bot(text: str, step: str | None = None) -> Msg:
    return Msg("out", text, step=step)


def add_conversation(
    session: Session,
    *,
    started_at: datetime,
    channel: str = "sms",
    outcome: str = "in_progress",
    step_reached: str = "started",
    last_step: str | None = None,
    account_number: str | None = None,
    sender_masked: str | None = "***-***-1234",
    email_masked: str | None = None,
    messages: list[Msg] = (),
    minutes: float | None = None,
    completed: bool = False,
) -> Conversation:
    """One conversation; its messages one minute apart, last activity at the last message (or ``minutes``)."""
    span = timedelta(minutes=minutes if minutes is not None else max(len(messages) - 1, 0))
    conversation = Conversation(
        channel=channel,
        sender_key=f"seed-{started_at.timestamp()}-{channel}-{account_number}",
        sender_masked=sender_masked,
        started_at=started_at,
        last_active_at=started_at + span,
        step_reached=step_reached,
        last_step=last_step or step_reached,
        outcome=outcome,
        account_number=account_number,
        email_masked=email_masked,
        message_count=len(messages),
        fallback_count=sum(1 for m in messages if m.fallback),
        completed_at=started_at + span if completed else None,
    )
    session.add(conversation)
    session.flush()
    step = len(messages) and span / max(len(messages) - 1, 1)
    for index, msg in enumerate(messages):
        session.add(
            TranscriptMessage(
                conversation_id=conversation.id,
                direction=msg.direction,
                text=msg.text,
                created_at=started_at + index * step,
                step=msg.step,
                intent=msg.intent,
                confidence=msg.confidence,
                is_fallback=msg.fallback,
            )
        )
    session.flush()
    return conversation


# Furthest step of the eight demo conversations: 2 registered, and one each
# stopping at email, identity_proof, member_name, started; two at account_number.
DEMO_FUNNEL = {
    "started": (8, 1),
    "account_number": (7, 2),
    "member_name": (5, 1),
    "email": (4, 1),
    "identity_proof": (3, 1),
    "security_question": (2, 0),
    "security_answer": (2, 0),
    "terms_accepted": (2, 0),
    "registered": (2, 0),
}


@dataclass
class Demo:
    registered_sms: Conversation
    registered_web: Conversation
    abandoned: Conversation
    active: Conversation
    locked_out: Conversation
    human: Conversation
    opted_out: Conversation
    already: Conversation
    fallback_message_id: int = 0
    low_confidence_message_id: int = 0
    redacted_message_id: int = 0
    all: list[Conversation] = field(default_factory=list)


def seed_demo(session: Session, now: datetime) -> Demo:
    """Eight conversations from the last few hours (commit is the caller's)."""
    registered_sms = add_conversation(
        session, started_at=now - timedelta(hours=2), channel="sms", outcome="registered",
        step_reached="registered", account_number="123456789", email_masked="j***@e***.com", completed=True,
        minutes=6,
        messages=[
            member("I want to sign up for online access", "register", 0.97),
            bot("Sure! What is your account number?", step="account_number"),
            member("123456789", "inform", 0.92, step="account_number"),
            bot("Thanks. What is the last name or business name on the account?", step="member_name"),
            member("Garcia", "inform", 0.88, step="member_name"),
            bot("What e-mail address should we use?", step="email"),
            member("it's j***@e***.com", "inform", 0.9, step="email"),
            bot("Please send your mailing ZIP code or the last 4 digits of your SSN/TIN.", step="identity_proof"),
            member("[redacted]", "inform", 0.85, step="identity_proof"),
            bot("Done! We sent the activation link to j***@e***.com. Check your spam folder too."),
        ],
    )
    registered_web = add_conversation(
        session, started_at=now - timedelta(hours=3), channel="web", outcome="registered",
        step_reached="registered", account_number="222333444", sender_masked=None, completed=True, minutes=10,
        messages=[
            member("register please", "register", 0.95),
            bot("What is your account number?", step="account_number"),
            member("222333444 Smith Farms", "inform", 0.91, step="account_number"),
            member("yes I accept", "affirm", 0.99, step="terms_accepted"),
            bot("Done! Check your e-mail (and spam folder)."),
        ],
    )
    abandoned = add_conversation(
        session, started_at=now - timedelta(hours=4), channel="sms", step_reached="email", last_step="email",
        account_number="333444555",
        messages=[
            member("sign me up", "register", 0.93),
            bot("What e-mail address should we use?", step="email"),
            member("wat does that mean", "nlu_fallback", 0.31, fallback=True, step="email"),
            member("my zip is [redacted] ok", "nlu_fallback", 0.22, fallback=True, step="email"),
        ],
    )
    active = add_conversation(
        session, started_at=now - timedelta(minutes=5), channel="web", step_reached="account_number",
        sender_masked=None, messages=[member("hi, register", "register", 0.9), bot("Your account number?")],
    )
    locked_out = add_conversation(
        session, started_at=now - timedelta(hours=5), channel="sms", outcome="locked_out",
        step_reached="identity_proof", account_number="555666777",
        messages=[member("[redacted]", "inform", 0.8, step="identity_proof"), bot("Too many tries.")],
    )
    human = add_conversation(
        session, started_at=now - timedelta(hours=6), channel="web", outcome="human_requested",
        step_reached="member_name", sender_masked=None,
        messages=[member("can i talk to someone real", "greet", 0.45, step="member_name"),
                  bot("Call us at 1-888-554-4732.")],
    )
    opted_out = add_conversation(
        session, started_at=now - timedelta(hours=7), channel="sms", outcome="opted_out",
        messages=[member("STOP", "stop", 0.99), bot("You are unsubscribed.")],
    )
    already = add_conversation(
        session, started_at=now - timedelta(hours=8), channel="sms", outcome="already_registered",
        step_reached="account_number", account_number="777888999",
        messages=[member("777888999", "inform", 0.9, step="account_number")],
    )
    demo = Demo(registered_sms, registered_web, abandoned, active, locked_out, human, opted_out, already)
    demo.all = [registered_sms, registered_web, abandoned, active, locked_out, human, opted_out, already]
    demo.fallback_message_id = abandoned.messages[2].id
    demo.redacted_message_id = abandoned.messages[3].id
    demo.low_confidence_message_id = human.messages[0].id
    return demo


def create_staff_users(session: Session) -> None:
    staff_data.create_staff(session, AGENT_EMAIL, PASSWORD, staff_data.AGENT)
    staff_data.create_staff(session, ADMIN_EMAIL, PASSWORD, staff_data.ADMIN)


OUTCOME_CYCLE = ("registered", "in_progress", "locked_out", "human_requested",
                 "opted_out", "already_registered", "unsubscribed", "reset_sent")


def bulk_conversations(session: Session, count: int, now: datetime, *, chunk: int = 10_000) -> None:
    """``count`` plain conversations one minute apart (pairs share a timestamp to exercise the id tie-break)."""
    for first in range(0, count, chunk):
        rows = []
        for index in range(first, min(first + chunk, count)):
            last_active = now - timedelta(minutes=index // 2)
            rows.append(
                {
                    "channel": "sms" if index % 2 else "web",
                    "sender_key": f"bulk-{index}",
                    "sender_masked": "***-***-0000",
                    "started_at": last_active - timedelta(minutes=4),
                    "last_active_at": last_active,
                    "step_reached": "account_number",
                    "last_step": "account_number",
                    "outcome": OUTCOME_CYCLE[index % len(OUTCOME_CYCLE)],
                    "account_number": f"{100000000 + index}",
                    "message_count": 2,
                    "fallback_count": 0,
                }
            )
        session.execute(insert(Conversation), rows)
