"""The one rule for the link mails a conversation can make the co-op send to a login.

A conversation that proved an account on bill data alone may have links mailed:
a password reset (or the activation / addition link again while pending), a
"confirm deleting" link, an "approve this e-mail change" link, a confirmation
to a new address. Each goes to a mailbox the caller may not read, so each is
bounded twice, here and nowhere else:

- one of a kind per registration per ``LINK_MAIL_GUARD`` (10 minutes): two
  conversations racing, a member asking twice in a row, get one mail;
- at most ``DAILY_LINK_MAILS`` of all these kinds together per login in any
  24 hours. Each kind alone allowed 6 an hour: some 430 mails a day to the
  member, each saying "someone has your bill", until the member files the
  co-op's sender as spam and misses the one approval or undo that matters.

A request over either bound is answered exactly as one that mailed, and sends
nothing. Both are read under one lock (:func:`lock`: PostgreSQL, a
transaction-scoped advisory lock; SQLite serialises writers anyway), so
requests arriving at once are counted one after the other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.notify import dispatch
from backend.storage.models import Notification, Registration

LINK_MAIL_GUARD = dispatch.LINK_MAIL_GUARD
DAILY_LINK_MAILS = 10
DAILY_WINDOW = timedelta(hours=24)
# Every link mail a conversation can trigger for a login (to its address, or to the new address asked).
CONVERSATION_LINK_MAILS = (dispatch.ACTIVATION, dispatch.ADD_ACCOUNT, dispatch.PASSWORD_RESET,
                           dispatch.DELETE_CONFIRM, dispatch.EMAIL_APPROVE, dispatch.EMAIL_CONFIRM,
                           dispatch.EMAIL_IN_USE)
_LOCK = "coopbot-email-change-mail"  # the name the e-mail change's guard has always locked


def lock(session: Session) -> None:
    """Serialise the link-mail rules' reads and the writes that follow, until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(_LOCK))))


def over_daily_cap(session: Session, login_id: int, now: datetime) -> bool:
    """Has the login been sent ``DAILY_LINK_MAILS`` link mails in the last 24 hours? (Call :func:`lock` first.)"""
    registrations = select(Registration.id).where(Registration.login_id == login_id)
    sent = session.scalar(
        select(func.count(Notification.id)).where(
            Notification.registration_id.in_(registrations),
            Notification.kind.in_(CONVERSATION_LINK_MAILS),
            Notification.status != dispatch.CANCELLED,
            Notification.created_at >= now - DAILY_WINDOW,
        ))
    return (sent or 0) >= DAILY_LINK_MAILS


def may_mail(session: Session, registration: Registration, kind: str, now: datetime) -> bool:
    """May a conversation have ``kind`` mailed for ``registration`` now? Locks (:func:`lock`).

    No when the same kind was queued for it within ``LINK_MAIL_GUARD``, or its login is over the
    daily cap; the caller then answers as if it had mailed, and queues nothing.
    """
    lock(session)
    recent = session.scalar(
        select(Notification.id).where(
            Notification.registration_id == registration.id,
            Notification.kind == kind,
            Notification.status != dispatch.CANCELLED,
            Notification.created_at >= now - LINK_MAIL_GUARD,
        ).limit(1))
    return recent is None and not over_daily_cap(session, registration.login_id, now)
