"""The audit trail: which member of staff did what, and when (e.g. who opened which transcript).

Its own module because recording is called from every other part of the
console (sign-in, transcripts, labelling, export) while the page that reads
the trail is for admins only; keeping the action names in one place keeps the
recorded entries and their labels in step.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from backend.storage.models import AuditEntry
from backend.staff.paging import page_before


VIEW_TRANSCRIPT = "view_transcript"
SIGN_IN = "sign_in"
LABEL_MESSAGE = "label_message"
EXPORT_NLU = "export_nlu"
VIEW_ACCOUNT = "view_account"  # an account's security page (failures, lock-outs, notices)
SEARCH_ACCOUNT = "search_account"  # conversations searched by account number
MFA_ENROL = "mfa_enrol"  # a first code confirmed the account's second factor
MFA_RESET = "mfa_reset"  # ``coopbot staff reset-mfa`` cleared it

AUDIT_ACTIONS = {
    VIEW_TRANSCRIPT: "Opened transcript",
    SIGN_IN: "Signed in",
    LABEL_MESSAGE: "Labelled a message",
    EXPORT_NLU: "Exported training data",
    VIEW_ACCOUNT: "Opened an account's security page",
    SEARCH_ACCOUNT: "Searched conversations by account number",
    MFA_ENROL: "Set up the second factor",
    MFA_RESET: "Second factor reset from the command line",
    "check_answer": "Checked a security answer",
    "lift_lockout": "Lifted a lock-out",
    "handoff_claim": "Took a conversation from the queue",
    "handoff_reply": "Answered a member",
    "handoff_back": "Handed a conversation back to the assistant",
    "handoff_close": "Closed a handed-off conversation",
    "handoff_link": "Had a link mailed to a member in a handoff",
}


def record_audit(
    session: Session,
    staff_id: int,
    action: str,
    *,
    conversation_id: int | None = None,
    detail: str | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    entry = AuditEntry(staff_id=staff_id, action=action, conversation_id=conversation_id, detail=detail)
    if now is not None:
        entry.created_at = now
    session.add(entry)
    return entry


def audit_page(
    session: Session, *, before_id: int | None = None, limit: int = 50
) -> tuple[list[AuditEntry], int | None]:
    """Newest entries first; returns the entries and the id to continue before, if any."""
    query = select(AuditEntry).options(joinedload(AuditEntry.staff)).order_by(AuditEntry.id.desc())
    return page_before(session, query, AuditEntry.id, before_id, limit)
