"""A new e-mail address for a login, without starting over.

Two ways in, one change: the account page's "Change e-mail address" (signed in,
the password typed again: ``request_change``) and the conversation, after the
account was proven as for a registration (name, the co-op's proof and, with
``COOPBOT_VERIFY_POLICY=phone``, the phone on file: ``request_from_conversation``).
A link goes to
the new address: opening it (GET) only shows the change, pressing Confirm (POST)
moves the login there, once. The login keeps its accounts, password and
paperless choices. The old address is then told, with a link that undoes the
change within ``REVERT_WINDOW``: undoing puts the old address back, clears the
password (a reset link goes to the old address) and so signs out every browser.

Nobody learns from the answer whether an address has a login: a request for an
address another live login uses gets the same answer and changes nothing; that
address only receives a notice saying so (a mail goes out in either case).

While the old address can still undo a change, it stays reserved for the login
that left it (:func:`reserved_by`): no other login may change to it and no
registration may make a login with it (``backend.accounts.registration``), so
an undo can always put it back. Otherwise a stranger who took the address in
the window would turn the owner's refusal into a blocked login. None
of these functions commits; the caller commits, then delivers the notifications.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.accounts.addresses import normalise_address
from backend.accounts.outcomes import (
    CONFIRMATION_SENT, EMAIL_NOT_SUPPORTED, NOT_REGISTERED, POSSESSION_REQUIRED, Outcome,
)
from backend.core import clock
from backend.core.config import Settings
from backend.core.errors import StepOutOfOrder
from backend.identity import possession
from backend.identity.verification import live_registration, origin_of, verified_member
from backend.notify import dispatch, mail, member_language, notices
from backend.privacy.hashing import token_hash
from backend.storage.models import (
    LIVE_STATUSES, PENDING, EmailChange, Login, Notification,
)
from common.masking import mask_email

# How long the old address can undo a confirmed change (stated in docs/security.md).
REVERT_WINDOW = timedelta(hours=notices.EMAIL_UNDO_HOURS)

CONFIRMED = "confirmed"
REVERTED = "reverted"
SUPERSEDED = "superseded"

# States of a link, as its page shows them (the same words as the other links).
VALID = "valid"
USED = "used"
EXPIRED = "expired"
UNKNOWN = "unknown"
# The undo ran, but another login took the old address meanwhile: the login is locked out
# (no password, no sessions) and stays at the new address until member services sort it out.
BLOCKED = "blocked"


@dataclass(frozen=True)
class ChangeLink:
    state: str
    change: EmailChange | None = None


def reserved_by(session: Session, address: str, now: datetime) -> int | None:
    """The login that left ``address`` by a change its old address may still undo, if any."""
    return session.scalar(
        select(EmailChange.login_id).where(EmailChange.old_email == address, EmailChange.status == CONFIRMED,
                                           EmailChange.revert_until > now).limit(1))


def _address_taken(session: Session, address: str, login_id: int, now: datetime) -> bool:
    """Does another live login use ``address``, or hold it reserved for an undo?"""
    used = session.scalars(
        select(Login.id).where(Login.email == address, Login.status.in_(LIVE_STATUSES), Login.id != login_id)
    ).first() is not None
    return used or reserved_by(session, address, now) not in (None, login_id)


def _queue(session: Session, kind: str, to: str, change: EmailChange, login: Login, now: datetime) -> int:
    notification = Notification(kind=kind, channel="email", registration_id=change.registration_id,
                                to_address=to, status=dispatch.QUEUED, attempts=0, created_at=now,
                                next_attempt_at=now, language=member_language.of(session) or login.language)
    session.add(notification)
    session.flush()
    return notification.id


def request_change(session: Session, settings: Settings, login: Login, new_email: str,
                   now: clock.Now = None, channel: str = "web") -> list[int]:
    """Mail a confirmation link to ``new_email`` (already normalised, not the login's own address).

    An earlier unconfirmed request of the login stops working. Returns the ids of the
    notifications to deliver after commit: one mail, whether or not the address is free.
    """
    now = clock.read(now)
    anchor = (login.active_registrations() or login.live_registrations())[0]
    session.execute(
        update(EmailChange).where(EmailChange.login_id == login.id, EmailChange.status == PENDING)
        .values(status=SUPERSEDED).execution_options(synchronize_session=False))
    change = EmailChange(login_id=login.id, registration_id=anchor.id, old_email=login.email,
                         new_email=new_email, status=PENDING, created_at=now,
                         expires_at=now + timedelta(hours=settings.activation_ttl_hours))
    taken = _address_taken(session, new_email, login.id, now)
    if taken:
        change.status = SUPERSEDED  # kept as a record; it has no link and can never be confirmed
    session.add(change)
    session.flush()
    notices.event(session, anchor.member_id, "email_change_asked", now, channel)
    kind = dispatch.EMAIL_IN_USE if taken else dispatch.EMAIL_CONFIRM
    return [_queue(session, kind, new_email, change, login, now)]


# Results of ``request_from_conversation`` (EmailChangeResult in backend/api/openapi.yaml): the
# words shared with the registration (backend.accounts.outcomes), and this one of its own.
SAME_ADDRESS = "same_address"


def request_from_conversation(session: Session, settings: Settings, conversation_id: str, new_email: str,
                              now: clock.Now = None) -> Outcome:
    """The conversation's way in: the proven account's login asks to move to ``new_email``.

    The conversation must have proven the account exactly as for a registration: the
    account number, name and the co-op's proof (``verified_member``) and, under
    ``COOPBOT_VERIFY_POLICY=phone``, the phone on file (``possession``); otherwise
    ``StepOutOfOrder``. Then ``request_change`` does what the account page does: one
    mail to the new address (the confirmation link, or the notice that it already
    belongs to a login: the answer is the same), nothing changes until the link is
    used, and the old address is told with an undo link once it is. Commits.
    """
    address = normalise_address(new_email)
    if not mail.can_deliver(settings, address):
        return Outcome(EMAIL_NOT_SUPPORTED)
    now = clock.read(now)
    draft, member = verified_member(session, conversation_id, now)
    if not possession.is_settled(settings, draft):
        raise StepOutOfOrder(POSSESSION_REQUIRED, "prove possession of the phone on file first")
    registration = live_registration(session, settings, member.id, now)
    if registration is None or registration.login.status not in LIVE_STATUSES:
        return Outcome(NOT_REGISTERED)
    login = registration.login
    if address == login.email:
        return Outcome(SAME_ADDRESS, mask_email(address))
    ids = request_change(session, settings, login, address, now,
                         channel=origin_of(session, conversation_id).channel or "web")
    session.commit()
    return Outcome(CONFIRMATION_SENT, mask_email(address), ids)


def _live_login(session: Session, change: EmailChange) -> Login | None:
    login = session.get(Login, change.login_id)
    return login if login is not None and login.status in LIVE_STATUSES else None


def confirm_state(session: Session, token: str, now: clock.Now = None) -> ChangeLink:
    """What a confirmation link is worth now; reads only (mail scanners open links)."""
    now = clock.read(now)
    change = session.scalars(select(EmailChange).where(EmailChange.confirm_hash == token_hash(token))).first()
    if change is None:
        return ChangeLink(UNKNOWN)
    if change.status == CONFIRMED or change.status == REVERTED:
        return ChangeLink(USED, change)
    login = _live_login(session, change)
    if (change.status != PENDING or change.expires_at <= now or login is None
            or login.email != change.old_email):
        return ChangeLink(EXPIRED, change)
    return ChangeLink(VALID, change)


def confirm(session: Session, token: str, now: clock.Now = None) -> tuple[ChangeLink, list[int]]:
    """POST behind the confirmation link: move the login to the new address, once.

    The old address is told, with a link that undoes the change within ``REVERT_WINDOW``.
    Returns the link's state (``VALID`` when this request changed the address) and the
    notifications to deliver after commit.
    """
    now = clock.read(now)
    link = confirm_state(session, token, now)
    if link.state != VALID:
        return link, []
    change = link.change
    if _address_taken(session, change.new_email, change.login_id, now):
        change.status = SUPERSEDED  # another login took (or reserved) the address meanwhile
        session.flush()
        return ChangeLink(EXPIRED, change), []
    won = session.execute(
        update(EmailChange)
        .where(EmailChange.id == change.id, EmailChange.status == PENDING, EmailChange.expires_at > now)
        .values(status=CONFIRMED, confirmed_at=now, revert_until=now + REVERT_WINDOW)
        .execution_options(synchronize_session=False)).rowcount
    session.refresh(change)
    if won != 1:
        return confirm_state(session, token, now), []
    login = session.get(Login, change.login_id)
    login.email = change.new_email
    session.flush()
    for registration in login.live_registrations():
        notices.event(session, registration.member_id, "email_changed", now, "email")
    return ChangeLink(VALID, change), [_queue(session, dispatch.EMAIL_CHANGED, change.old_email, change, login, now)]


def revert_state(session: Session, token: str, now: clock.Now = None) -> ChangeLink:
    """What an undo link (mailed to the old address) is worth now; reads only."""
    now = clock.read(now)
    change = session.scalars(select(EmailChange).where(EmailChange.revert_hash == token_hash(token))).first()
    if change is None:
        return ChangeLink(UNKNOWN)
    if change.status == REVERTED:
        return ChangeLink(USED, change)
    login = _live_login(session, change)
    if (change.status != CONFIRMED or change.revert_until is None or change.revert_until <= now
            or login is None or login.email != change.new_email):
        return ChangeLink(EXPIRED, change)
    return ChangeLink(VALID, change)


def revert(session: Session, token: str, now: clock.Now = None) -> tuple[ChangeLink, list[int]]:
    """POST behind the undo link: the login goes back to the old address, once, within the window.

    The password is cleared, which signs out every browser of the login (whoever changed
    the address knew it), and a password-reset link goes to the old address. The caller
    also ends the login's web sessions. ``BLOCKED`` when another login took the old address
    in the meantime: the password is cleared all the same, but no reset link goes anywhere
    and staff see an ``email_change_undo_blocked`` event on each account.
    """
    now = clock.read(now)
    link = revert_state(session, token, now)
    if link.state != VALID:
        return link, []
    change = link.change
    won = session.execute(
        update(EmailChange)
        .where(EmailChange.id == change.id, EmailChange.status == CONFIRMED, EmailChange.revert_until > now)
        .values(status=REVERTED, reverted_at=now)
        .execution_options(synchronize_session=False)).rowcount
    session.refresh(change)
    if won != 1:
        return revert_state(session, token, now), []
    login = session.get(Login, change.login_id)
    restored = not _address_taken(session, change.old_email, login.id, now)
    if restored:
        login.email = change.old_email
    login.password_hash = None
    login.failed_logins = 0
    login.login_locked_until = None
    session.flush()
    queued = []
    for registration in login.live_registrations():
        notices.event(session, registration.member_id, "email_change_undone" if restored
                      else "email_change_undo_blocked", now, "email")
    live = login.live_registrations()
    if restored and live:  # the reset link hangs on one of the login's accounts, as every link does
        queued.append(dispatch.queue(session, dispatch.PASSWORD_RESET, live[0], now=now).id)
    return ChangeLink(VALID if restored else BLOCKED, change), queued
