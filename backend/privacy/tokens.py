"""Single-use link tokens (activation, password reset).

A token is 32 random bytes from ``secrets`` (256 bits), URL-safe; only its
SHA-256 is stored. Minting happens when the mail is sent, so the clear token
exists only in that mail. Consuming is a separate, explicit step (POST), so a
mail scanner that prefetches the link consumes nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.privacy.hashing import token_hash
from backend.storage.models import LinkToken, utcnow

ACTIVATE = "activate"
RESET = "reset"
DELETE = "delete"    # confirms deleting the online registration (mailed to the address on file)
CANCEL = "cancel"    # "not you?": revokes a new registration (mailed to the previous address)
ADD = "add"          # confirms adding a proven account to a login (mailed to the login's address)
# Purposes whose link sets a password (the /activate page); the others have pages of their own.
PASSWORD_PURPOSES = (ACTIVATE, RESET)
# Links mailed to the login's own address (a "not you?" cancel link goes to an earlier contact).
LOGIN_PURPOSES = (ACTIVATE, RESET, DELETE, ADD)


def new_token() -> str:
    """A fresh clear token (for links whose hash is kept on a row of their own)."""
    return secrets.token_urlsafe(32)


def mint(session: Session, registration_id: int, purpose: str, ttl: timedelta) -> str:
    """Create a token for ``registration_id``; return the clear token (never stored)."""
    token = new_token()
    session.add(
        LinkToken(
            registration_id=registration_id,
            purpose=purpose,
            token_hash=token_hash(token),
            expires_at=utcnow() + ttl,
        )
    )
    return token


def find(session: Session, token: str, purpose: str | None = None) -> LinkToken | None:
    """The stored token row for a clear token (used, expired or not), or None."""
    query = select(LinkToken).where(LinkToken.token_hash == token_hash(token))
    if purpose:
        query = query.where(LinkToken.purpose == purpose)
    return session.scalars(query).first()


def is_expired(row: LinkToken, now: datetime | None = None) -> bool:
    return row.expires_at <= (now or utcnow())


def void(session: Session, registration_ids: list[int], purposes: tuple[str, ...], now: datetime) -> int:
    """Expire every unused link of these purposes for these registrations; how many there were."""
    if not registration_ids:
        return 0
    return session.execute(
        update(LinkToken).where(LinkToken.registration_id.in_(registration_ids), LinkToken.purpose.in_(purposes),
                                LinkToken.used_at.is_(None), LinkToken.expires_at > now)
        .values(expires_at=now).execution_options(synchronize_session=False)).rowcount or 0
