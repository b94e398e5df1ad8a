"""Undoing a new registration on a "not me" from a contact on file (docs/security.md).

The notices (``backend.notify.notices``) tell the member's contacts on file of a
new registration made on bill data alone, with a way to undo it: a NOTME reply
from the phone on file, or the cancel link mailed to the address the new
registration replaced. Here the undo itself: the registration is revoked, its
sessions end, and the member hears of it. A registration proven through the
phone on file is never undone this way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.accounts import online_access as accounts
from backend.core.config import Settings
from backend.notify.consent import phone_key
from backend.notify.notices import REPLY_WINDOW, REVOCABLE, _tell_cancelled, cancellable, event
from backend.privacy import tokens
from backend.storage.models import LIVE_STATUSES, Member, Notification, Registration, utcnow


def revoke_by_reply(session: Session, settings: Settings, phone_key_value: str,
                    now: datetime | None = None) -> bool:
    """An inbound NOTME from the phone on file, told of a new registration: revoke it. The caller commits.

    The phone must still be the member's phone on file, the notice at most
    ``REPLY_WINDOW`` old, and the registration not proven through that phone.
    """
    now = now or utcnow()
    notices = session.scalars(
        select(Notification).where(Notification.kind.in_(REVOCABLE), Notification.channel == "sms",
                                   Notification.created_at > now - REPLY_WINDOW,
                                   Notification.registration_id.is_not(None))
        .order_by(Notification.id.desc())).all()
    revoked = False
    for notice in notices:
        if phone_key(settings.secret_key, notice.to_address) != phone_key_value:
            continue
        registration = session.get(Registration, notice.registration_id)
        if registration is None or registration.status not in LIVE_STATUSES or not cancellable(registration):
            continue
        member = session.get(Member, registration.member_id)
        if not member.phone or phone_key(settings.secret_key, member.phone) != phone_key_value:
            continue  # no longer the phone on file
        if registration.conversation_id == phone_key_value:
            continue  # made from this very phone
        if accounts.revoke(session, registration, now):
            event(session, registration.member_id, "revoked", now, "sms", "reply NOTME")
            _tell_cancelled(session, settings, registration, now, text_phone=False)
            revoked = True
    return revoked


def revoke_by_link(session: Session, token: str, now: datetime | None = None, settings: Settings | None = None):
    """POST behind a "not you? cancel" link: revoke the new registration once. The caller commits.

    A registration proven through the phone on file is not revoked (its notices carry no link;
    a link minted before it was known answers as unknown)."""
    now = now or utcnow()
    row = tokens.find(session, token, tokens.CANCEL)
    if row is None or not cancellable(row.registration):
        return accounts.LinkState(accounts.UNKNOWN)
    link = accounts._state_of(row, now)
    if link.state != accounts.VALID or not accounts._consume(session, row, now):
        session.refresh(row)
        return accounts._state_of(row, now)
    registration = row.registration
    accounts.revoke(session, registration, now)
    event(session, registration.member_id, "revoked", now, "email", "cancel link")
    _tell_cancelled(session, settings, registration, now, text_phone=True)
    return accounts.LinkState(accounts.VALID, row.purpose, registration)
