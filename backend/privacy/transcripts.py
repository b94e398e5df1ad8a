"""Transcripts: every member message and bot reply, redacted before it is written.

Staff read these rows (the console lists conversations, their furthest step
and outcome, and opens the chat). The raw text of a member message is never
stored: a message the dialogue marked as secret (its ``message_id`` is in the
``redact_message_id`` slot: a ZIP, last four or security answer) is replaced
entirely by ``[redacted]``, and so is one that holds the conversation's security
answer (:mod:`backend.privacy.answer_mentions`: earlier lines are redacted when
the answer is stored); everything else goes through :func:`common.redaction.redact`,
and a message sent at a step that asks for digits (``DIGIT_STEPS``) that the dialogue
read no answer from first loses every number (:func:`common.redaction.redact_numbers`).

A conversation is one sender's run of turns on one channel; the next message
after 24 hours of silence, or after the conversation ended (an outcome was
reached), starts a new one. Asking for a person is no ending: the assistant
gives the number (or queues the conversation) and the member may go on here in
the same Rasa session, so the ask is marked (``asked_for_person_at``, the
outcome "human_requested" until a real ending replaces it) and the conversation
stays open.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.storage.models import Conversation, Member, RegistrationDraft, TranscriptMessage, utcnow
from common import account_refs
from common.masking import mask_email
from common.redaction import REDACTED, redact, redact_reply
from common.secret_shapes import may_be_tax_id

# The registration steps in the order the form asks them (requested_slot values),
# framed by "started" and "registered"; step_reached is the furthest one seen.
STEPS = (
    "started",
    "account_number",
    "member_name",
    "email",
    "identity_proof",
    "security_question",
    "security_answer",
    "terms_accepted",
    "registered",
)
# Steps whose answer is a secret: when Rasa could not say whether a message was
# one, a message sent while the member was at one of these is dropped whole.
SECRET_STEPS = frozenset({"identity_proof", "security_answer", "one_time_code"})
# Of these, the steps whose secret is digits (the ZIP or last 4, the texted code): a message the
# dialogue read no answer from is kept there with every number removed (webhook.relay).
DIGIT_STEPS = frozenset({"identity_proof", "one_time_code"})

OUTCOMES = frozenset({
    "registered", "already_registered", "locked_out", "human_requested",
    "unsubscribed", "reset_sent", "resent", "opted_out", "delete_link_sent", "email_change_sent",
})
IN_PROGRESS = "in_progress"
# Not an ending: the member may go on with the assistant after it (see the module's docstring).
HUMAN_REQUESTED = "human_requested"

NEW_CONVERSATION_AFTER = timedelta(hours=24)
FALLBACK_INTENT = "nlu_fallback"
LOW_CONFIDENCE = 0.5


def public_values(settings) -> tuple[str, ...]:
    """What the bot may say in clear about the co-op itself: its support number and sender address."""
    return (settings.support_phone, settings.mail_from)


def _reply_text(reply) -> str:
    return reply if isinstance(reply, str) else getattr(reply, "text", "") or ""


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def latest_conversation(session: Session, channel: str, sender_key: str) -> Conversation | None:
    return session.scalars(
        select(Conversation)
        .where(Conversation.sender_key == sender_key, Conversation.channel == channel)
        .order_by(Conversation.id.desc())
        .limit(1)
    ).first()


def current_step(session: Session, channel: str, sender_key: str) -> str | None:
    """The step the sender was last at (None when no conversation is going on)."""
    conversation = latest_conversation(session, channel, sender_key)
    if conversation is None or conversation.completed_at is not None:
        return None
    return conversation.last_step


def previous_member_text(session: Session, channel: str, sender_key: str) -> str | None:
    """The sender's latest message recorded so far (redacted as kept), None when there is none:
    the language of a turn weighs it (two messages in a row in another language switch)."""
    conversation = latest_conversation(session, channel, sender_key)
    if conversation is None:
        return None
    return session.scalar(select(TranscriptMessage.text)
                          .where(TranscriptMessage.conversation_id == conversation.id,
                                 TranscriptMessage.direction == "in")
                          .order_by(TranscriptMessage.id.desc()).limit(1))


def _open_conversation(session: Session, channel: str, sender_key: str, sender_masked: str | None,
                       now: datetime) -> Conversation:
    """The sender's current conversation, or a new one."""
    previous = latest_conversation(session, channel, sender_key)
    if (
        previous is not None
        and previous.completed_at is None
        and _aware(previous.last_active_at) > now - NEW_CONVERSATION_AFTER
    ):
        return previous
    conversation = Conversation(
        channel=channel,
        sender_key=sender_key,
        sender_masked=sender_masked,
        started_at=now,
        last_active_at=now,
        step_reached="started",
        outcome=IN_PROGRESS,
        message_count=0,
        fallback_count=0,
    )
    session.add(conversation)
    return conversation


def _slot_outcome_of_last_session(session: Session, channel: str, sender_key: str,
                                  now: datetime) -> str | None:
    """The outcome an earlier conversation took from Rasa's ``outcome`` slot, within Rasa's session.

    Rasa keeps the slot for the rest of its session (24 h), so a member who writes
    "thanks" after registering must not count as a second registration.
    """
    return session.scalars(
        select(Conversation.outcome)
        .where(
            Conversation.sender_key == sender_key,
            Conversation.channel == channel,
            Conversation.completed_at.is_not(None),
            Conversation.completed_at > now - NEW_CONVERSATION_AFTER,
            Conversation.outcome != "opted_out",
        )
        .order_by(Conversation.id.desc())
        .limit(1)
    ).first()


def _further(current: str | None, candidate: str | None) -> str | None:
    if candidate not in STEPS:
        return current
    if current not in STEPS or STEPS.index(candidate) > STEPS.index(current):
        return candidate
    return current


def is_fallback(intent: str | None, confidence: float | None) -> bool:
    if intent is None:
        return False
    return intent == FALLBACK_INTENT or (confidence is not None and confidence < LOW_CONFIDENCE)


def shown_account_number(slots: dict, session: Session | None = None, conversation_id: str | None = None) -> str | None:
    """The account number staff may see and search for this conversation.

    Nine digits could be an SSN sent for the account number (docs/security.md): the
    dialogue keeps such a number only as a keyed reference (``common.account_refs``),
    and staff see it only once it matched an account with its name (the slot
    ``member_name`` is set only on a match): then it is that account's number, read
    from the conversation's registration draft. Any other account number at once.
    """
    account_number = slots.get("account_number")
    if not account_number:
        return None
    if account_refs.is_reference(account_number):
        if not slots.get("member_name") or session is None or not conversation_id:
            return None
        return session.scalar(
            select(Member.account_number).join(RegistrationDraft, RegistrationDraft.member_id == Member.id)
            .where(RegistrationDraft.conversation_id == conversation_id,
                   RegistrationDraft.name_matched_at.is_not(None)))
    account_number = str(account_number)[:12]
    if may_be_tax_id(account_number) and not slots.get("member_name"):
        return None
    return account_number


def record_turn(
    session: Session,
    *,
    channel: str,
    sender_key: str,
    sender_masked: str | None,
    member_text: str | None,
    secret: bool,
    replies: Iterable,
    intent: str | None,
    confidence: float | None,
    slots: dict | None,
    now: datetime | None = None,
    public: Iterable[str] = (),
) -> Conversation:
    """Write one turn (the member's message, then the bot's replies) and update its conversation.

    ``slots`` are the tracker slots after the turn (empty when Rasa could not be
    asked); ``member_text`` None records only replies (e.g. an SMS opt-out
    confirmation for a message that is not kept). ``public`` are the co-op's
    own phone numbers and addresses, left readable in the bot's replies
    (:func:`common.redaction.redact_reply`). The caller commits.
    """
    now = now or utcnow()
    slots = slots or {}
    stale_outcome = _slot_outcome_of_last_session(session, channel, sender_key, now)
    conversation = _open_conversation(session, channel, sender_key, sender_masked, now)
    if sender_masked and not conversation.sender_masked:
        conversation.sender_masked = sender_masked

    # The member's message answers the question asked before it; the replies belong to the new step.
    answered_step = conversation.last_step
    step = slots.get("requested_slot") or None
    fallback = is_fallback(intent, confidence)
    count = 0
    if member_text is not None:
        session.add(TranscriptMessage(
            conversation=conversation,
            direction="in",
            text=REDACTED if secret else redact(member_text),
            created_at=now,
            step=answered_step,
            intent=intent,
            confidence=confidence,
            is_fallback=fallback,
        ))
        count += 1
    for reply in replies:
        session.add(TranscriptMessage(
            conversation=conversation,
            direction="out",
            text=redact_reply(_reply_text(reply), public),
            created_at=now,
            step=step,
        ))
        count += 1

    conversation.message_count = (conversation.message_count or 0) + count
    if fallback:
        conversation.fallback_count = (conversation.fallback_count or 0) + 1
    conversation.last_active_at = now
    if slots:
        conversation.last_step = step
        conversation.step_reached = _further(conversation.step_reached, step)
    account_number = shown_account_number(slots, session, sender_key)
    if account_number:
        conversation.account_number = account_number
    email = slots.get("email")
    if email and "@" in str(email):
        conversation.email_masked = mask_email(str(email))

    outcome = slots.get("outcome")
    if outcome == HUMAN_REQUESTED and outcome != stale_outcome:
        mark_asked_for_person(conversation, now)
    elif outcome in OUTCOMES and outcome != stale_outcome:
        set_outcome(conversation, outcome, now)
    return conversation


def mark_asked_for_person(conversation: Conversation, now: datetime) -> None:
    """The member asked for a person: noted once, the conversation left open for what follows.

    Rasa keeps the ``outcome`` slot for the next turns, so only the first turn marks it; the
    outcome reads "human_requested" until a real ending (registered, locked out ...) replaces it.
    """
    if conversation.asked_for_person_at is None:
        conversation.asked_for_person_at = now
    if conversation.outcome == IN_PROGRESS:
        conversation.outcome = HUMAN_REQUESTED


def set_outcome(conversation: Conversation, outcome: str, now: datetime | None = None) -> None:
    """Mark a conversation finished with ``outcome`` (one of :data:`OUTCOMES`)."""
    now = now or utcnow()
    conversation.outcome = outcome
    conversation.completed_at = now
    if outcome == "registered":
        conversation.step_reached = "registered"
