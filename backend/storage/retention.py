"""Deleting rows that have outlived their use (run by the web app's retry thread).

A registration draft (``models.RegistrationDraft``) holds what one
conversation proved and its security-answer hash. The proof itself expires
after ``verification.VERIFIED_FOR`` (2 hours), but the draft also lets the same
conversation resend its activation mail or repeat a register request
idempotently, so it is kept for ``DRAFT_RETENTION`` after its last change.
After that nobody needs it, and a hash of a security answer should not linger.

A live handoff (``models.Handoff``, docs/handoff.md) of an SMS conversation holds
the member's phone number while it is open, so agent replies can be texted. A
handoff nobody hands back or closes would keep it for ever, so one with no
activity for ``HANDOFF_IDLE_LIMIT`` is closed and every number older than that is
cleared. Its lines (``models.HandoffMessage``) belong to the conversation's
transcript and are kept exactly as long: once the transcript's conversation row
is deleted, the ended handoff and its lines go once idle for the same week.

An e-mail change (``models.EmailChange``) holds a login's old and new address and
the hashes of its links. It is settled once no link of it can act any more: a
confirmed (or undone) change when the old address's undo window is over
(``revert_until``; the old address is reserved until then,
``backend.accounts.email_change.reserved_by``), any other when its confirmation
link expired. It is deleted ``EMAIL_CHANGE_RETENTION`` after that, so a link
opened a little late still hears that it no longer works; each account keeps
its ``email_changed`` / ``email_change_undone`` events.

An inbound SMS (``models.SmsInbound``) keeps the whole answer texted back
(``response_xml``), so that a webhook Twilio retries gets the same answer. That
answer holds full e-mail addresses, account numbers and names (transcripts mask
them) and outlives any conversation an operator deletes, so the row goes after
``SMS_REPLY_RETENTION``: Twilio retries within minutes, and the per-phone rate
limit reads only the last minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from backend.storage.models import (
    CLOSED,
    OPEN_HANDOFF,
    ChatQuota,
    ConversationSource,
    EmailChange,
    Handoff,
    HandoffMessage,
    RegistrationDraft,
    SmsInbound,
)

DRAFT_RETENTION = timedelta(days=7)
SOURCE_RETENTION = timedelta(days=31)
# A week covers a weekend and a holiday of an SMS handoff waiting for the morning.
HANDOFF_IDLE_LIMIT = timedelta(days=7)
EMAIL_CHANGE_RETENTION = timedelta(days=7)
SMS_REPLY_RETENTION = timedelta(days=1)


def prune(session: Session, now: datetime) -> int:
    """Delete drafts untouched for ``DRAFT_RETENTION``; return how many. The caller commits.

    Conversation sources (channel and client pseudonym, for guess counting) go
    after ``SOURCE_RETENTION``, once no limit can need them; new-chat counts
    once their hour is over; inbound SMS with the answers texted back after
    ``SMS_REPLY_RETENTION``. Handoffs: see :func:`_prune_handoffs`; e-mail changes:
    :func:`prune_email_changes`.
    """
    _prune_handoffs(session, now)
    prune_email_changes(session, now)
    session.execute(delete(ChatQuota).where(ChatQuota.window_start < now - ChatQuota.WINDOW)
                    .execution_options(synchronize_session=False))
    session.execute(delete(SmsInbound).where(SmsInbound.received_at < now - SMS_REPLY_RETENTION)
                    .execution_options(synchronize_session=False))
    session.execute(
        delete(ConversationSource)
        .where(ConversationSource.updated_at < now - SOURCE_RETENTION)
        .execution_options(synchronize_session=False)
    )
    return session.execute(
        delete(RegistrationDraft)
        .where(RegistrationDraft.updated_at < now - DRAFT_RETENTION)
        .execution_options(synchronize_session=False)
    ).rowcount


def prune_email_changes(session: Session, now: datetime) -> int:
    """Delete e-mail changes settled for ``EMAIL_CHANGE_RETENTION``; return how many."""
    before = now - EMAIL_CHANGE_RETENTION
    settled = or_(
        and_(EmailChange.revert_until.is_not(None), EmailChange.revert_until < before),  # the undo window
        and_(EmailChange.revert_until.is_(None), EmailChange.expires_at < before),  # never confirmed
    )
    return session.execute(delete(EmailChange).where(settled).execution_options(synchronize_session=False)).rowcount


def _prune_handoffs(session: Session, now: datetime) -> None:
    """Close handoffs idle for ``HANDOFF_IDLE_LIMIT``, clear old numbers, drop lines of deleted transcripts.

    The number of an ended handoff is normally cleared once its last text went out;
    one whose last text never did is cleared here too. A handoff whose conversation
    row was deleted (the foreign key is set to NULL) or never existed has no
    transcript to belong to, so once ended and idle as long (the widget may still poll
    its closing words, an SMS may still be sending them) it goes with its lines.
    """
    idle_since = now - HANDOFF_IDLE_LIMIT
    session.execute(
        update(Handoff)
        .where(Handoff.status.in_(OPEN_HANDOFF), Handoff.last_activity_at < idle_since)
        .values(status=CLOSED, ended_at=now, last_activity_at=now, reply_to=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Handoff)
        .where(Handoff.reply_to.is_not(None), Handoff.status.not_in(OPEN_HANDOFF),
               Handoff.last_activity_at < idle_since)
        .values(reply_to=None)
        .execution_options(synchronize_session=False)
    )
    orphans = select(Handoff.id).where(Handoff.conversation_id.is_(None), Handoff.status.not_in(OPEN_HANDOFF),
                                       Handoff.last_activity_at < idle_since)
    session.execute(delete(HandoffMessage).where(HandoffMessage.handoff_id.in_(orphans))
                    .execution_options(synchronize_session=False))
    session.execute(delete(Handoff).where(Handoff.id.in_(orphans))
                    .execution_options(synchronize_session=False))
