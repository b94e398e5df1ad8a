"""Notices to the contact on file: what happened to the account, and how to undo it.

Every new registration (when its link is mailed, and again on activation),
every deletion and every lock-out is announced to the member's phone on file
by text and to the previous e-mail address where there is one, saying what
happened, from which channel, and how to undo it:

- the text says "Not you? Reply NO": an inbound "NO" from that phone within
  ``REPLY_WINDOW`` revokes the new registration and ends its sessions
  (:func:`revoke_by_reply`, called by the SMS webhook before the bot);
- the mail carries a cancel link (``/cancel/<token>``: GET shows, POST
  revokes, single use, :func:`revoke_by_link`).

Notices are ``Notification`` rows (channel ``sms`` or ``email``) queued in the
same transaction as the change, delivered after commit like every other mail
(``backend.notify.dispatch``); texts never go to an opted-out number. Each is
also a ``SecurityEvent`` that staff see per account. A registration made by
an SMS from the phone on file is not texted back to that same phone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.catalogs import N_
from backend.config import Settings
from backend.masking import mask_email
from backend.models import LIVE_STATUSES, Member, Notification, Registration, SecurityEvent, utcnow

# Notification kinds.
REGISTERED = "notice_registered"
ACTIVATED = "notice_activated"
DELETED = "notice_deleted"
LOCKED = "notice_lockout"
KINDS = (REGISTERED, ACTIVATED, DELETED, LOCKED)
REVOCABLE = (REGISTERED, ACTIVATED)

LOCKOUT = "lockout"
REPLY_WINDOW = timedelta(days=3)
CANCEL_TTL_HOURS = 72
CHANNEL_WORDS = {"sms": N_("by text"), "web": N_("in the web chat"), None: N_("online")}  # mails translate them


def event(session: Session, member_id: int | None, kind: str, now: datetime, channel: str | None = None,
          detail: str | None = None) -> None:
    session.add(SecurityEvent(member_id=member_id, kind=kind, channel=channel, detail=detail, created_at=now))


def _queue(session: Session, kind: str, channel: str, to: str, registration_id: int | None,
           now: datetime) -> int:
    notification = Notification(kind=kind, channel=channel, registration_id=registration_id, to_address=to,
                                status="pending", attempts=0, created_at=now, next_attempt_at=now)
    session.add(notification)
    session.flush()
    return notification.id


def _previous_address(session: Session, registration: Registration) -> str | None:
    """The most recent other address this member registered with (deleted registrations included)."""
    return session.scalar(
        select(Registration.email).where(Registration.member_id == registration.member_id,
                                         Registration.id != registration.id,
                                         Registration.email != registration.email)
        .order_by(Registration.id.desc()).limit(1))


def _text_phone(settings: Settings | None, member: Member, conversation_id: str | None) -> str | None:
    """The phone to text, unless the change came by SMS from that very phone."""
    if not member.phone:
        return None
    if conversation_id and settings is not None:
        from backend.sms_consent import phone_key

        if phone_key(settings.secret_key, member.phone) == conversation_id:
            return None
    return member.phone


def _announce(session: Session, settings: Settings | None, kind: str, registration: Registration,
              channel: str | None, now: datetime, mail_previous: bool = True) -> list[int]:
    member = session.get(Member, registration.member_id)
    ids = []
    phone = _text_phone(settings, member, registration.conversation_id)
    if phone:
        ids.append(_queue(session, kind, "sms", phone, registration.id, now))
    previous = _previous_address(session, registration) if mail_previous else None
    if previous:
        ids.append(_queue(session, kind, "email", previous, registration.id, now))
    event(session, member.id, kind, now, channel,
          f"{mask_email(registration.email)}; told: {'phone ' if phone else ''}{'mail' if previous else ''}".strip())
    return ids


def link_mailed(session: Session, settings: Settings | None, registration: Registration, channel: str | None,
                now: datetime) -> list[int]:
    """A new registration's activation link went to an address the caller chose."""
    return _announce(session, settings, REGISTERED, registration, channel, now)


def activated(session: Session, settings: Settings | None, registration: Registration, now: datetime) -> list[int]:
    return _announce(session, settings, ACTIVATED, registration, None, now)


def deleted(session: Session, settings: Settings | None, registration: Registration, now: datetime) -> list[int]:
    """Deleted (its own address is told by the "deleted" mail): text the phone on file."""
    return _announce(session, settings, DELETED, registration, None, now, mail_previous=False)


def lockout(session: Session, settings: Settings | None, member: Member, channel: str | None,
            level: str | None, now: datetime) -> list[int]:
    """The account was just locked after too many wrong guesses: tell the phone and the address on file."""
    ids = []
    if member.phone:
        ids.append(_queue(session, LOCKED, "sms", member.phone, None, now))
    live = session.scalars(select(Registration).where(Registration.member_id == member.id,
                                                      Registration.status.in_(LIVE_STATUSES))).first()
    if live is not None:
        ids.append(_queue(session, LOCKED, "email", live.email, live.id, now))
    event(session, member.id, LOCKOUT, now, channel, level)
    return ids


# --- texts (GSM-7, at most two segments) -----------------------------------------

def sms_body(settings: Settings, kind: str, registration: Registration | None, channel_words: str = "") -> str:
    name = settings.coop_name
    where = mask_email(registration.email) if registration is not None else "a new address"
    how = f" {channel_words}" if channel_words else ""
    if kind == REGISTERED:
        return (f"{name}: someone signed up{how} for online access to your account and a link was mailed to "
                f"{where}. Not you? Reply NO within 3 days to cancel it.")
    if kind == ACTIVATED:
        return (f"{name}: online access to your account was activated for {where}. "
                "Not you? Reply NO within 3 days to cancel it.")
    if kind == DELETED:
        return (f"{name}: the online registration of your account was deleted. Not you? "
                f"Call member services at {settings.support_phone}.")
    return (f"{name}: online sign-up for your account was paused after too many wrong answers. "
            f"Nothing was changed. Not you? Someone may have your bill: call {settings.support_phone}.")


# --- undo ----------------------------------------------------------------------------

def revoke_by_reply(session: Session, settings: Settings, phone_key_value: str,
                    now: datetime | None = None) -> bool:
    """An inbound "NO" from a phone we told about a new registration: revoke it. The caller commits."""
    from backend import accounts
    from backend.sms_consent import phone_key

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
        if registration is None or registration.status not in LIVE_STATUSES:
            continue
        if registration.conversation_id == phone_key_value:
            continue  # made from this very phone: "no" was an answer in that conversation
        if accounts.revoke(session, registration, now):
            event(session, registration.member_id, "revoked", now, "sms", "reply NO")
            revoked = True
    return revoked


def revoke_by_link(session: Session, token: str, now: datetime | None = None):
    """POST behind a "not you? cancel" link: revoke the new registration once. The caller commits."""
    from backend import accounts, tokens

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


