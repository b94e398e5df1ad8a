"""Deleting rows that have outlived their use (run by the web app's retry thread).

A registration draft (``models.RegistrationDraft``) holds what one
conversation proved and its security-answer hash. The proof itself expires
after ``verification.VERIFIED_FOR`` (2 hours), but the draft also lets the same
conversation resend its activation mail or repeat a register request
idempotently, so it is kept for ``DRAFT_RETENTION`` after its last change.
After that nobody needs it, and a hash of a security answer should not linger.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from backend.storage.models import ChatQuota, ConversationSource, RegistrationDraft

DRAFT_RETENTION = timedelta(days=7)
SOURCE_RETENTION = timedelta(days=31)


def prune(session: Session, now: datetime) -> int:
    """Delete drafts untouched for ``DRAFT_RETENTION``; return how many. The caller commits.

    Conversation sources (channel and client pseudonym, for guess counting) go
    after ``SOURCE_RETENTION``, once no limit can need them; new-chat counts
    once their hour is over.
    """
    session.execute(delete(ChatQuota).where(ChatQuota.window_start < now - ChatQuota.WINDOW)
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
