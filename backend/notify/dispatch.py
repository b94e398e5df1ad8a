"""The transactional outbox: mail is queued with the change it announces, sent after commit.

A service adds a ``Notification`` row (:func:`queue`) in the same transaction
as the registration change, so a mail exists exactly when the change does.
After the commit the caller asks :func:`deliver_after_commit` to send it
right away (best effort). Whatever fails stays in the table and is not lost:

- a failed send keeps the row ``pending`` with ``attempts``, ``last_error`` and
  a later ``next_attempt_at`` (growing back-off); :func:`deliver_due` sends
  what is due. It runs from ``coopbot notifications retry``, from the web
  app's :func:`start_retry_thread` (which also runs ``backend.storage.retention``),
  or, in the production profile (``COOPBOT_NOTIFY_SENDER=process``), only from
  the sender process ``coopbot notify run`` (:func:`run_sender`);
- after ``MAX_ATTEMPTS`` the row is marked ``failed``, logged, and listed by
  ``coopbot notifications list`` for an operator;
- a row is *claimed* by one conditional UPDATE (``pending`` -> ``sending``
  with a lease), so several web workers and the CLI never send one mail
  twice; a sender that died mid-way leaves a ``sending`` row whose lease
  expires and is picked up again;
- a mail that no longer makes sense when its turn comes (an activation link
  for a registration already active or deleted) is ``cancelled``.

Link tokens are minted when the mail is composed, just before sending, and
committed first so the link works the moment the mail arrives.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from backend.storage import pending
from backend.notify import member_language, phone_language
from backend.storage import retention as housekeeping
from backend.notify import notices
from backend.privacy import tokens
from backend.core.config import Settings
from backend.storage.models import (
    ACTIVE, LIVE_STATUSES, PENDING, EmailChange, Login, Notification, Registration, SecurityEvent, utcnow,
)
from backend.privacy.hashing import token_hash
from backend.notify import compose, mail
from common.account_refs import shown_tail
from common.redaction import redact

log = logging.getLogger(__name__)

# Kinds of notification.
ACTIVATION = "activation"
PASSWORD_RESET = "password_reset"
UNSUBSCRIBED = "unsubscribed"
ACTIVATED = "activated"
DELETE_CONFIRM = "delete_confirm"
# To the owner of a login whose address another account's sign-up gave (no longer queued: an
# addition is offered instead, ADD_ACCOUNT; kept so that mails queued before still render).
ADDRESS_IN_USE = "address_in_use"
# To a login's address: confirm adding a proven account to the login (backend.accounts.registration).
ADD_ACCOUNT = "add_account"
# A login's change of address (backend.accounts.email_change): the confirmation link to the new
# address, the notice with an undo link to the old one, and the notice to an address another login uses;
# before them, for a change asked on bill data alone, the approval link to the current address.
EMAIL_APPROVE = "email_approve"
EMAIL_CONFIRM = "email_confirm"
EMAIL_CHANGED = "email_changed"
EMAIL_IN_USE = "email_in_use"

# Statuses.
QUEUED = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
CANCELLED = "cancelled"
UNDELIVERABLE = "undeliverable"  # nothing went out (a text to an opted-out phone); the next contact was used

MAX_ATTEMPTS = 6
# Wait after the 1st, 2nd, ... failed attempt (about 4.5 hours in total).
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15),
           timedelta(hours=1), timedelta(hours=3))
# How long a claimed row is reserved for its sender before another may retry it.
CLAIM_LEASE = timedelta(minutes=5)
DUE_BATCH = 100


def queue(session: Session, kind: str, registration: Registration, channel: str = "email",
          now: datetime | None = None) -> Notification:
    """Add a notification for ``registration`` to the caller's transaction (flushed, so it has an id).

    It is written in the language ``backend.notify.member_language.for_registration`` decides: the
    caller's in the login's own conversation, else the login's.
    """
    now = now or utcnow()
    notification = Notification(
        kind=kind, channel=channel, registration_id=registration.id, to_address=registration.email,
        status=QUEUED, attempts=0, created_at=now, next_attempt_at=now,
        language=member_language.for_registration(session, registration),
    )
    session.add(notification)
    session.flush()
    return notification


def pending_for(session: Session, registration_id: int) -> list[int]:
    """Ids of the notifications of a registration still waiting to be sent."""
    return list(session.scalars(
        select(Notification.id).where(Notification.registration_id == registration_id,
                                      Notification.status == QUEUED).order_by(Notification.id)
    ))


def _claim(session_factory: sessionmaker[Session], notification_id: int, now: datetime) -> bool:
    with session_factory() as session, session.begin():
        claimed = session.execute(
            update(Notification)
            .where(Notification.id == notification_id,
                   Notification.status.in_((QUEUED, SENDING)),
                   Notification.next_attempt_at <= now)
            .values(status=SENDING, next_attempt_at=now + CLAIM_LEASE)
            .execution_options(synchronize_session=False)
        ).rowcount
    return claimed == 1


def _email_change(session: Session, notification: Notification) -> EmailChange | None:
    """The change of address a confirmation or undo mail is about, while its link can still work."""
    now = utcnow()
    if notification.kind == EMAIL_CONFIRM:
        query = select(EmailChange).where(EmailChange.new_email == notification.to_address,
                                          EmailChange.status == PENDING, EmailChange.expires_at > now)
    elif notification.kind == EMAIL_APPROVE:
        query = select(EmailChange).where(EmailChange.old_email == notification.to_address,
                                          EmailChange.status == "unapproved", EmailChange.expires_at > now)
    else:
        query = select(EmailChange).where(EmailChange.old_email == notification.to_address,
                                          EmailChange.status == "confirmed", EmailChange.revert_until > now)
    return session.scalars(query.where(EmailChange.registration_id == notification.registration_id)
                           .order_by(EmailChange.id.desc())).first()


def _still_wanted(notification: Notification, registration: Registration | None,
                  session: Session | None = None) -> bool:
    if notification.kind in (EMAIL_APPROVE, EMAIL_CONFIRM, EMAIL_CHANGED):
        return session is not None and _email_change(session, notification) is not None
    if notification.kind in (ACTIVATION, ADD_ACCOUNT):
        return registration is not None and registration.status == PENDING
    if notification.kind == PASSWORD_RESET:
        return registration is not None and registration.status in LIVE_STATUSES
    if notification.kind == ACTIVATED:
        return registration is not None and registration.status == ACTIVE
    if notification.kind == DELETE_CONFIRM:
        return registration is not None and registration.status in LIVE_STATUSES
    if notification.kind in (notices.REGISTERED, notices.ACTIVATED) and notification.channel == "email":
        # The cancel link only makes sense while the new registration is live.
        return registration is not None and registration.status in LIVE_STATUSES
    return True


def _link(settings: Settings, session: Session, notification: Notification) -> tuple[str | None, int | None]:
    """Mint the token of an activation or reset mail; return the link and its lifetime in hours."""
    if notification.kind in (ACTIVATION, ADD_ACCOUNT):
        # The link works until the registration's activation deadline, however late it is mailed
        # again (backend.storage.pending): nobody keeps a pending registration alive by asking.
        ttl = _pending_link_ttl(settings, session.get(Registration, notification.registration_id))
        hours = max(1, math.ceil(ttl.total_seconds() / 3600))
        purpose, path = (tokens.ACTIVATE, "activate") if notification.kind == ACTIVATION else (tokens.ADD, "add")
        token = tokens.mint(session, notification.registration_id, purpose, ttl)
        return f"{settings.public_url}/{path}/{token}", hours
    elif notification.kind == PASSWORD_RESET:
        hours = settings.reset_ttl_hours
    elif notification.kind in (notices.REGISTERED, notices.ACTIVATED):
        if not notices.cancellable(session.get(Registration, notification.registration_id)):
            return None, None  # proven through the phone on file: the mail says to call instead
        hours = notices.CANCEL_TTL_HOURS
        token = tokens.mint(session, notification.registration_id, tokens.CANCEL, timedelta(hours=hours))
        return f"{settings.public_url}/cancel/{token}", hours
    elif notification.kind in (EMAIL_APPROVE, EMAIL_CONFIRM, EMAIL_CHANGED):
        change = _email_change(session, notification)
        token = tokens.new_token()
        if notification.kind == EMAIL_APPROVE:
            change.approve_hash, path = token_hash(token), "email/approve"
            hours = settings.activation_ttl_hours
        elif notification.kind == EMAIL_CONFIRM:
            change.confirm_hash, path = token_hash(token), "email"
            hours = settings.activation_ttl_hours
        else:
            change.revert_hash, path = token_hash(token), "email/undo"
            hours = notices.EMAIL_UNDO_HOURS
        return f"{settings.public_url}/{path}/{token}", hours
    elif notification.kind == DELETE_CONFIRM:
        hours = settings.reset_ttl_hours
        token = tokens.mint(session, notification.registration_id, tokens.DELETE, timedelta(hours=hours))
        return f"{settings.public_url}/delete/{token}", hours
    else:
        return None, None
    token = tokens.mint(session, notification.registration_id, tokens.RESET, timedelta(hours=hours))
    return f"{settings.public_url}/activate/{token}", hours


def _pending_link_ttl(settings: Settings, registration: Registration) -> timedelta:
    """What is left of a pending registration's activation time (at most the full TTL)."""
    left = pending.activation_deadline(settings, registration) - utcnow()
    return min(left, timedelta(hours=settings.activation_ttl_hours))


def _compose(settings: Settings, session_factory: sessionmaker[Session], notification_id: int):
    """Render the message (minting its token, committed); None when it is no longer wanted."""
    with session_factory() as session, session.begin():
        notification = session.get(Notification, notification_id)
        registration = session.get(Registration, notification.registration_id) if notification.registration_id else None
        if not _still_wanted(notification, registration, session) or (
                notification.kind in (ACTIVATION, ADD_ACCOUNT) and pending.is_lapsed(settings, registration, utcnow())):
            notification.status = CANCELLED  # (a lapsed registration's link would not work)
            return None
        if notification.channel == "sms":
            words = _where(session, notification) if notification.kind == notices.REGISTERED else ""
            body = notices.sms_body(settings, notification.kind, registration, "" if words == "online" else words,
                                    _phone_language(settings, session, notification))
            return Text(notification.to_address, body, notification.id)
        if notification.channel != "email":
            raise RuntimeError(f"no sender for channel {notification.channel!r}")
        link, hours = _link(settings, session, notification)
        where = _where(session, notification) if notification.kind in notices.KINDS else ""
        named = notification.kind in (ACTIVATION, ADD_ACCOUNT)
        content = compose.render(settings, notification.kind, link=link, link_hours=hours, where=where,
                                 language=_language(session, notification, registration),
                                 account_last4=shown_tail(registration.member.account_number) if named else None)
        return mail.build_message(settings, notification.to_address, content.subject, content.text, content.html)


@dataclass(frozen=True)
class Text:
    """An outbound text (a notice to the phone on file)."""

    to: str
    body: str
    notification_id: int | None = None


def _language(session: Session, notification: Notification, registration: Registration | None) -> str | None:
    """The mail's language: the member's when they caused it, else its recipient's own.

    A notice goes to a contact on file (a previous address, the live registration's
    address), who is told in the language of the registration made with that address.
    """
    if notification.language:
        return notification.language
    if notification.kind in notices.KINDS:
        query = select(Login.language).join(Registration.login).where(Login.email == notification.to_address,
                                                                      Login.language.is_not(None))
        if registration is not None:
            query = query.where(Registration.member_id == registration.member_id)
        return session.scalar(query.order_by(Registration.id.desc()).limit(1))
    return registration.language if registration is not None else None


def _phone_language(settings: Settings, session: Session, notification: Notification) -> str | None:
    """A notice text's language: its recipient's own, like a notice mail's (docs/languages.md).

    ``phone_language.holder``: the language the phone on file itself last texted the co-op
    in, else the one queued with the notice (a registration proven through that phone),
    else None (the default). Never the language of whoever caused the notice.
    """
    return phone_language.holder(session, settings, notification.to_address,
                                 queued=notification.language)


def _where(session: Session, notification: Notification) -> str:
    """From which channel the change came ("in the web chat"), for the notice mails."""
    registration = session.get(Registration, notification.registration_id) if notification.registration_id else None
    if registration is None:
        return "online"
    event = session.scalar(
        select(SecurityEvent.channel).where(SecurityEvent.kind.in_((notification.kind, notices.LOCKOUT)),
                                            SecurityEvent.member_id == registration.member_id,
                                            SecurityEvent.created_at <= notification.created_at)
        .order_by(SecurityEvent.id.desc()).limit(1))
    return notices.CHANNEL_WORDS.get(event, "online")


class NotDelivered(Exception):
    """The text cannot go to this number (it opted out, or Twilio answered that it failed): the next
    contact on file is told instead, as for a failure the status callback reports."""


def _send_text(settings: Settings, session_factory: sessionmaker[Session], text: Text) -> None:
    from backend.notify import sms

    with session_factory() as session, session.begin():
        result = sms.send_sms(settings, session, text.to, text.body, notification_id=text.notification_id)
    if result.status == sms.OPTED_OUT:
        raise NotDelivered("the phone opted out of texts")
    if result.status == sms.FAILED:
        raise NotDelivered("Twilio failed the text")


def _undeliverable(settings: Settings, session_factory: sessionmaker[Session], notification_id: int,
                   why: str, now: datetime) -> None:
    """Record that nothing went out (never "sent") and queue the next contact on file."""
    with session_factory() as session, session.begin():
        notification = session.get(Notification, notification_id)
        notification.attempts = (notification.attempts or 0) + 1
        follow_up = undeliverable(session, notification, why, now)
    if follow_up is not None:
        deliver(settings, session_factory, follow_up, now)


def undeliverable(session: Session, notification: Notification, why: str, now: datetime) -> int | None:
    """Mark a notice that reached nobody (an opt-out, a bounce the status callback reports) and
    queue the mail to the next contact on file; its id, for the caller to deliver after commit."""
    if notification.status == UNDELIVERABLE:
        return None
    notification.status = UNDELIVERABLE
    notification.last_error = why[:500]
    log.info("notification %s (%s) undeliverable: %s", notification.id, notification.kind, why)
    return notices.next_contact(session, notification, now)


def _record_failure(session_factory: sessionmaker[Session], notification_id: int, error: Exception,
                    now: datetime) -> None:
    with session_factory() as session, session.begin():
        notification = session.get(Notification, notification_id)
        notification.attempts = (notification.attempts or 0) + 1
        # Server errors may quote addresses: keep them masked in the table and the log.
        notification.last_error = redact(f"{type(error).__name__}: {error}")[:500]
        # An address the mail server cannot take will not become deliverable by retrying.
        if notification.attempts >= MAX_ATTEMPTS or isinstance(error, mail.UndeliverableAddress):
            notification.status = FAILED
            log.error("notification %s (%s) failed for good after %s attempts: %s", notification.id,
                      notification.kind, notification.attempts, notification.last_error)
        else:
            notification.status = QUEUED
            notification.next_attempt_at = now + BACKOFF[min(notification.attempts, len(BACKOFF)) - 1]
            log.warning("notification %s (%s) attempt %s failed, retrying at %s: %s", notification.id,
                        notification.kind, notification.attempts, notification.next_attempt_at.isoformat(),
                        notification.last_error)


def deliver(settings: Settings, session_factory: sessionmaker[Session], notification_id: int,
            now: datetime | None = None) -> bool:
    """Send one notification if it is due and nobody else is sending it; True when sent.

    Never raises for a failed send (it is recorded and retried later); call it
    only after the transaction that queued the notification has committed.
    """
    now = now or utcnow()
    if not _claim(session_factory, notification_id, now):
        return False
    try:
        message = _compose(settings, session_factory, notification_id)
        if message is None:
            return False
        if isinstance(message, Text):
            _send_text(settings, session_factory, message)
        else:
            mail.send(settings, message)
    except NotDelivered as exc:
        _undeliverable(settings, session_factory, notification_id, str(exc), now)
        return False
    except Exception as exc:  # noqa: BLE001 - any failure is recorded and retried
        _record_failure(session_factory, notification_id, exc, now)
        return False
    with session_factory() as session, session.begin():
        notification = session.get(Notification, notification_id)
        notification.status = SENT
        notification.attempts = (notification.attempts or 0) + 1
        notification.sent_at = now
        notification.last_error = None
        log.info("notification %s (%s) sent", notification.id, notification.kind)
    return True


def deliver_after_commit(settings: Settings, session_factory: sessionmaker[Session],
                         notification_ids: list[int]) -> None:
    """Send at once what a just-committed change queued; never raises.

    Every caller (the API, the member pages) does this right after its commit,
    so the member's request succeeds whatever the mail server does: a mail
    that cannot go now stays pending for :func:`deliver_due`.
    """
    for notification_id in notification_ids:
        try:
            deliver(settings, session_factory, notification_id)
        except Exception:  # the row is still pending; the retry thread sends it
            log.exception("immediate delivery of notification %s failed", notification_id)


@dataclass(frozen=True)
class DueReport:
    sent: int
    not_sent: int


def deliver_due(settings: Settings, session_factory: sessionmaker[Session], now: datetime | None = None) -> DueReport:
    """Try every notification whose time has come (pending, or claimed by a sender that vanished)."""
    now = now or utcnow()
    sent = not_sent = 0
    with session_factory() as session:
        due = list(session.scalars(
            select(Notification.id)
            .where(Notification.status.in_((QUEUED, SENDING)), Notification.next_attempt_at <= now)
            .order_by(Notification.id)
            .limit(DUE_BATCH)
        ))
    for notification_id in due:
        if deliver(settings, session_factory, notification_id, now=now):
            sent += 1
        else:
            not_sent += 1
    return DueReport(sent=sent, not_sent=not_sent)


# A housekeeping job of a higher layer the thread runs on each pass, ``chore(session, settings, now)``
# in the pass's transaction (``registration.close_lapsed``: pending registrations whose link expired).
Chore = Callable[[Session, Settings, datetime], object]

# A second link to the same registration (or e-mail change) within this time is not mailed again.
LINK_MAIL_GUARD = timedelta(minutes=10)


class RetryThread(threading.Thread):
    """Runs :func:`deliver_due`, ``housekeeping.prune`` and the closing of lapsed pending
    registrations every ``interval`` seconds until :meth:`stop`.

    Housekeeping rides on this thread because every web worker already runs
    it; the prune is one idempotent DELETE, so workers doing it twice is harmless.
    """

    def __init__(self, settings: Settings, session_factory: sessionmaker[Session], interval: float,
                 chores: Sequence[Chore] = ()):
        super().__init__(name="coopbot-notification-retry", daemon=True)
        self.settings = settings
        self.session_factory = session_factory
        self.interval = interval
        self.chores = tuple(chores)
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            try:
                deliver_due(self.settings, self.session_factory)
            except Exception:  # keep retrying; the database may be back later
                log.exception("notification retry pass failed")
            try:
                with self.session_factory() as session, session.begin():
                    housekeeping.prune(session, utcnow())
                    for chore in self.chores:
                        chore(session, self.settings, utcnow())
            except Exception:  # as above: try again next pass
                log.exception("housekeeping pass failed")
            self._stopped.wait(self.interval)

    def stop(self, timeout: float | None = 10) -> None:
        self._stopped.set()
        self.join(timeout)


def start_retry_thread(settings: Settings, session_factory: sessionmaker[Session],
                       interval: float = 30, chores: Sequence[Chore] = ()) -> RetryThread | None:
    """Start the web app's background sender of due notifications; returns the thread (``.stop()``).

    Nothing is started (None) when a sender process of its own does this work
    (``settings.notify_sender == "process"``).
    """
    if settings.notify_sender == "process":
        log.info("notifications: retried by the sender process (coopbot notify run), not this worker")
        return None
    thread = RetryThread(settings, session_factory, interval, chores)
    thread.start()
    return thread


def run_sender(settings: Settings, session_factory: sessionmaker[Session], interval: float = 10,
               stop: threading.Event | None = None, chores: Sequence[Chore] = ()) -> None:
    """The notification sender process: send what is due every ``interval`` seconds until ``stop`` is set.

    The same loop as the web workers' thread (claims keep several senders from
    sending one mail twice), in the foreground of a process a supervisor restarts.
    """
    thread = RetryThread(settings, session_factory, interval, chores)
    if stop is not None:
        thread._stopped = stop
    log.info("notification sender running (every %ss)", interval)
    thread.run()
