"""Notices to the contact on file: what happened to the account, and how to undo it.

Every new registration (link mailed, activation), every deletion and every
lock-out is announced to the member's phone on file by text and to the
previous e-mail address where there is one. The notices are ``Notification``
rows queued in the same transaction as the change (see ``backend.notify.dispatch``),
and each is also a ``SecurityEvent`` that staff see per account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from backend.config import Settings
from backend.models import Member, SecurityEvent

LOCKOUT = "lockout"


def event(session: Session, member_id: int | None, kind: str, now: datetime, channel: str | None = None,
          detail: str | None = None) -> None:
    session.add(SecurityEvent(member_id=member_id, kind=kind, channel=channel, detail=detail, created_at=now))


def lockout(session: Session, settings: Settings | None, member: Member, channel: str | None,
            level: str | None, now: datetime) -> None:
    """The account was just locked after too many wrong guesses."""
    event(session, member.id, LOCKOUT, now, channel, level)


def revoke_by_link(session: Session, token: str, now: datetime | None = None):
    """POST behind a "not you? cancel" link: revoke the new registration once. The caller commits."""
    from backend import accounts, tokens
    from backend.models import utcnow

    now = now or utcnow()
    row = tokens.find(session, token, tokens.CANCEL)
    if row is None:
        return accounts.LinkState(accounts.UNKNOWN)
    link = accounts._state_of(row, now)
    if link.state != accounts.VALID or not accounts._consume(session, row, now):
        session.refresh(row)
        return accounts._state_of(row, now)
    registration = row.registration
    accounts.revoke(session, registration, now)
    event(session, registration.member_id, "revoked", now, "email", "cancel link")
    return accounts.LinkState(accounts.VALID, row.purpose, registration)
