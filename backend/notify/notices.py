"""Notices to the contact on file: what happened to the account, and how to undo it.

Every new registration (when its link is mailed, and again on activation),
every deletion, every lock-out and every cancellation is announced to the
member's phone on file by text and to the address the new registration
replaced, saying what happened, from which channel, and how to undo it
(docs/security.md, "Notices and not me"):

- only a contact that could belong to the account holder now may undo a
  registration: the phone on file (the text says "Not you? Reply NOTME": an
  inbound NOTME from that phone within ``REPLY_WINDOW`` revokes it,
  :func:`revoke_by_reply`, called by the SMS webhook before the bot; a plain
  "NO" is an answer to the bot, never to a notice), and the address of the
  registration the new one replaced, if it was activated and ended within
  ``REPLACED_WITHIN`` (its mail carries a cancel link, ``/cancel/<token>``:
  GET shows, POST revokes, single use, :func:`revoke_by_link`);
- a registration proven through the phone on file (an SMS from it, or its
  one-time code) is never undone that way: its notices say to call member
  services instead;
- every cancellation is told to the cancelled registration's own address
  and to the phone on file (``CANCELLED``).

Notices are ``Notification`` rows (channel ``sms`` or ``email``) queued in the
same transaction as the change, delivered after commit like every other mail
(``backend.notify.dispatch``). A text that cannot go (the phone opted out) is
recorded ``undeliverable``, never ``sent``, and the next contact on file is
used (:func:`next_contact`). Each is also a ``SecurityEvent`` that staff see
per account. A registration made by an SMS from the phone on file is not
texted back to that same phone.

Each text to the phone on file is written in its holder's language, never in
that of whoever caused it (docs/languages.md): the language the phone itself
texts the co-op in, else that of a registration proven through it
(``backend.notify.phone_language``), else the default; folded to GSM-7 (``common.gsm``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from common import gsm
from common.catalogs import N_
from backend.core.config import Settings
from common.masking import mask_email
from backend.notify import phone_language
from backend.storage.models import (
    LIVE_STATUSES,
    PHONE_PROOFS,
    Login,
    Member,
    Notification,
    Registration,
    SecurityEvent,
    utcnow,
)

# Notification kinds.
REGISTERED = "notice_registered"
ACTIVATED = "notice_activated"
DELETED = "notice_deleted"
LOCKED = "notice_lockout"
CANCELLED = "notice_cancelled"
PHONE_CHANGED = "notice_phone_changed"
# A pending (never activated) registration was replaced by a sign-up that proved the phone on file.
REPLACED = "notice_replaced"
KINDS = (REGISTERED, ACTIVATED, DELETED, LOCKED, CANCELLED, PHONE_CHANGED, REPLACED)
# A security event only (nobody is told): a pending registration whose link expired was closed.
PENDING_LAPSED = "pending_lapsed"
# A never-activated login gave way to a phone-proven sign-up of another person at its address
# (``registration._give_way``): an event for staff only.
PENDING_DISPLACED = "pending_displaced"
REVOCABLE = (REGISTERED, ACTIVATED)
UNDELIVERABLE = "notice_undeliverable"

LOCKOUT = "lockout"
REPLY_WINDOW = timedelta(days=3)
# Notices a transaction queued (session.info), for the caller to deliver once it has committed.
NOTICES_KEY = "coopbot.notices"
# The address a new registration replaced gets a cancel link only if that registration ended this recently.
REPLACED_WITHIN = timedelta(days=30)
# The word a "not me" reply must be (a plain NO answers the bot's own yes/no questions).
NOT_ME_WORDS = frozenset({"NOTME", "NOT ME"})
CANCEL_TTL_HOURS = 72
# How long the old address of a login can undo a change of address (docs/security.md): 7 days.
EMAIL_UNDO_HOURS = 7 * 24
CHANNEL_WORDS = {"sms": N_("by text"), "web": N_("in the web chat"), None: N_("online")}  # mails translate them


def event(session: Session, member_id: int | None, kind: str, now: datetime, channel: str | None = None,
          detail: str | None = None) -> None:
    session.add(SecurityEvent(member_id=member_id, kind=kind, channel=channel, detail=detail, created_at=now))


def _queue(session: Session, kind: str, channel: str, to: str, registration_id: int | None,
           now: datetime, language: str | None = None) -> int:
    notification = Notification(kind=kind, channel=channel, registration_id=registration_id, to_address=to,
                                status="pending", attempts=0, created_at=now, next_attempt_at=now,
                                language=language)
    session.add(notification)
    session.flush()
    return notification.id


def _queue_text(session: Session, kind: str, phone: str, registration_id: int | None, member_id: int,
                now: datetime) -> int:
    """A notice to the phone on file, with its holder's language as the registrations know it
    (``phone_language.registered``; ``backend.notify.dispatch`` prefers the language the phone itself
    texts in, ``phone_language.holder``)."""
    return _queue(session, kind, "sms", phone, registration_id, now, phone_language.registered(session, member_id))


def _previous_address(session: Session, registration: Registration, now: datetime | None = None) -> str | None:
    """The address the new registration replaced: an activated registration of this member that
    ended within ``REPLACED_WITHIN`` (an old, never activated or long-gone address is nobody's now)."""
    now = now or utcnow()
    return session.scalar(
        select(Login.email).join(Registration.login)
        .where(Registration.member_id == registration.member_id,
               Registration.id != registration.id,
               Login.email != registration.email,
               Registration.activated_at.is_not(None),
               Registration.status.not_in(LIVE_STATUSES),
               Registration.unsubscribed_at >= now - REPLACED_WITHIN)
        .order_by(Registration.id.desc()).limit(1))


def cancellable(registration: Registration | None) -> bool:
    """May a "not me" undo it? Never when it was proven through the phone on file."""
    return registration is not None and registration.possession not in PHONE_PROOFS


def _text_phone(settings: Settings | None, member: Member, conversation_id: str | None) -> str | None:
    """The phone to text, unless the change came by SMS from that very phone."""
    if not member.phone:
        return None
    if conversation_id and settings is not None:
        from backend.notify.consent import phone_key

        if phone_key(settings.secret_key, member.phone) == conversation_id:
            return None
    return member.phone


def _announce(session: Session, settings: Settings | None, kind: str, registration: Registration,
              channel: str | None, now: datetime, mail_previous: bool = True) -> list[int]:
    member = session.get(Member, registration.member_id)
    ids = []
    phone = _text_phone(settings, member, registration.conversation_id)
    if phone:
        ids.append(_queue_text(session, kind, phone, registration.id, member.id, now))
    previous = _previous_address(session, registration, now) if mail_previous else None
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
        ids.append(_queue_text(session, LOCKED, member.phone, None, member.id, now))
    live = session.scalars(select(Registration).where(Registration.member_id == member.id,
                                                      Registration.status.in_(LIVE_STATUSES))).first()
    if live is not None:
        ids.append(_queue(session, LOCKED, "email", live.email, live.id, now))
    event(session, member.id, LOCKOUT, now, channel, level)
    return ids


def replaced(session: Session, registration: Registration, channel: str | None, now: datetime) -> list[int]:
    """A pending registration gives way to a sign-up that proved the phone on file: tell its address.

    The mail says its link no longer works and whom to call if that was not the member;
    the phone on file hears of the new registration as of any other (``link_mailed``).
    """
    event(session, registration.member_id, REPLACED, now, channel, mask_email(registration.email))
    return [_queue(session, REPLACED, "email", registration.email, registration.id, now)]


def phone_changed(session: Session, member_id: int, old_phone: str | None, now: datetime) -> list[int]:
    """The phone on file changed in an import: tell the old phone and the address on file.

    The new phone proves the account from the next check on, so the member must
    hear of it where a stranger who changed it at the co-op cannot answer for
    them: the old phone (if there was one) and the live registration's address.
    """
    ids = []
    if old_phone:
        ids.append(_queue_text(session, PHONE_CHANGED, old_phone, None, member_id, now))
    live = session.scalars(select(Registration).where(Registration.member_id == member_id,
                                                      Registration.status.in_(LIVE_STATUSES))).first()
    if live is not None:
        ids.append(_queue(session, PHONE_CHANGED, "email", live.email, live.id, now))
    event(session, member_id, PHONE_CHANGED, now, None,
          f"told: {'old phone ' if old_phone else ''}{'mail' if live is not None else ''}".strip())
    return ids


# --- texts to the phone on file (GSM-7, at most two segments) ---------------------

# The end of a notice: how the holder of the phone undoes what happened.
REPLY_NOTME = N_("Not you? Reply NOTME within {days} days to cancel it.")
CALL_US = N_("Not you? Call member services at {support_phone}.")
SMS_TEXTS = {
    REGISTERED: N_("{coop_name}: someone signed up{how} for online access to your account and a link was "
                   "mailed to {where}. {undo}"),
    ACTIVATED: N_("{coop_name}: online access to your account was activated for {where}. {undo}"),
    CANCELLED: N_("{coop_name}: the new online registration of your account for {where} was cancelled from a "
                  "contact on file. If that was wrong, call member services at {support_phone}."),
    PHONE_CHANGED: N_("{coop_name}: the phone number on file for your account was changed. {undo}"),
    DELETED: N_("{coop_name}: the online registration of your account was deleted. {undo}"),
    # Sent only to the phone on file, whose own texts the lock never stops (backend.identity.budget.lock_for).
    LOCKED: N_("{coop_name}: online sign-up for your account was paused after too many wrong answers. "
               "Nothing was changed. You can still sign up by texting us from this phone. "
               "Not you? Someone may have your bill: call {support_phone}."),
}
A_NEW_ADDRESS = N_("a new address")


def sms_body(settings: Settings, kind: str, registration: Registration | None, channel_words: str = "",
             language: str | None = None) -> str:
    """The text of a ``kind`` notice to the phone on file, in ``language`` (else the default), as sent.

    ``channel_words`` is one of ``CHANNEL_WORDS`` (English source text, translated here). The
    catalog's Spanish is folded to GSM-7 (``common.gsm``), as the SMS channel folds the
    assistant's replies.
    """
    from backend.notify import compose

    gettext = compose.translator(settings, language)
    where = mask_email(registration.email) if registration is not None else gettext(A_NEW_ADDRESS)
    undo = (gettext(REPLY_NOTME).format(days=REPLY_WINDOW.days) if kind in REVOCABLE and cancellable(registration)
            else gettext(CALL_US).format(support_phone=settings.support_phone))
    text = gettext(SMS_TEXTS.get(kind, SMS_TEXTS[LOCKED])).format(
        coop_name=settings.coop_name, support_phone=settings.support_phone, where=where, undo=undo,
        how=f" {gettext(channel_words)}" if channel_words else "")
    return gsm.to_gsm7(text)


# --- undo ----------------------------------------------------------------------------

def _tell_cancelled(session: Session, settings: Settings | None, registration: Registration, now: datetime,
                    text_phone: bool) -> list[int]:
    """The member hears of every cancellation: its own address, and the phone on file (unless it replied)."""
    ids = [_queue(session, CANCELLED, "email", registration.email, registration.id, now)]
    member = session.get(Member, registration.member_id)
    if text_phone and member.phone:
        ids.append(_queue_text(session, CANCELLED, member.phone, registration.id, member.id, now))
    event(session, member.id, CANCELLED, now, None, mask_email(registration.email))
    session.info.setdefault(NOTICES_KEY, []).extend(ids)  # for the caller to deliver after commit
    return ids


def next_contact(session: Session, notification: Notification, now: datetime) -> int | None:
    """A notice text could not be delivered: queue the mail to the next contact on file, if any.

    The next contact is the address the registration replaced (registration
    notices) or the live registration's address (lock-outs); with none, an
    ``UNDELIVERABLE`` event tells staff nobody could be reached.
    """
    registration = session.get(Registration, notification.registration_id) if notification.registration_id else None
    address = None
    if notification.kind in REVOCABLE and registration is not None:
        address = _previous_address(session, registration, now)
    elif notification.kind in (LOCKED, DELETED, CANCELLED) and registration is not None:
        address = registration.email if notification.kind != LOCKED or registration.status in LIVE_STATUSES else None
    already = address is not None and session.scalar(select(Notification.id).where(
        Notification.kind == notification.kind, Notification.channel == "email",
        Notification.to_address == address, Notification.registration_id == notification.registration_id).limit(1))
    member_id = registration.member_id if registration is not None else None
    if address is None or already:
        if address is None and member_id is not None:  # (staff also see the notice's own status)
            event(session, member_id, UNDELIVERABLE, now, None, f"{notification.kind}: no other contact on file")
        return None
    return _queue(session, notification.kind, "email", address, notification.registration_id, now)
