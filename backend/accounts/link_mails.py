"""The one rule for the link mails a conversation can make the co-op send to a login.

A conversation may have links mailed to a login: a password reset (or the
activation / addition link again while pending), a "confirm deleting" link, an
"approve this e-mail change" link, a confirmation to a new address. Each goes
to a mailbox the caller may not read, so each is bounded, here and nowhere else:

- one of a kind per registration per ``LINK_MAIL_GUARD`` (10 minutes): two
  conversations racing, a member asking twice in a row, get one mail (and a
  link did go out minutes ago: ``GUARDED``). Only while that link can still
  work: once the registration spent it (an activation spends every unused
  link of its registration, a "confirm deleting" one too), a new one replaces
  a dead link and is no repeat (``_still_works``);
- per login in any 24 hours, two budgets that cannot spend each other
  (``DAILY_LIMIT`` once spent: nothing went out, and the answer says so):
  ``DAILY_BILL_LINK_MAILS`` for callers who proved bill data alone (anyone
  holding a bill: the mail is marked ``asked_on_bill``), and
  ``DAILY_LINK_MAILS`` for the member's own (a conversation that proved the
  phone on file, the signed-in member, the links the login's own address
  follows). One shared budget let a stranger spend it over the login's accounts
  every 10 minutes and block the member's own resets for a day. Each kind alone
  allowed 6 an hour: some 430 mails a day to the member, each saying "someone
  has your bill", until the member files the co-op's sender as spam and misses
  the one approval or undo that matters.

Whatever the login, an address is also bounded by itself: per address in any
24 hours at most ``DAILY_ADDRESS_MAILS`` of the mails no login's budget can
bound, because the login is new or goes away (a brand-new login's first
activation, the activation to a pending sign-up's corrected address, the notice
that a pending sign-up was replaced; the notice to the address a new
registration replaced is counted too, but always sent: it is a warning).
Withdrawing and remaking a pending login (correcting to
an address that has a login and back, or "start over" and sign up again from
one's own phone) mailed an address without bound. The count keeps only a keyed
hash of the address (``address_key``), never the address.

All bounds are read under one lock (:func:`lock`: PostgreSQL, a
transaction-scoped advisory lock; SQLite serialises writers anyway), so
requests arriving at once are counted one after the other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from backend.core import keys
from backend.core.config import Settings
from backend.notify import dispatch, notices
from backend.privacy.hashing import keyed_hash
from backend.privacy import tokens
from backend.storage.models import PHONE_PROOFS, LinkToken, Login, Notification, Registration
from common import normalise

LINK_MAIL_GUARD = dispatch.LINK_MAIL_GUARD
DAILY_LINK_MAILS = 10
# Fewer for bill data alone: a stranger's few mails already tell the member someone has the bill.
DAILY_BILL_LINK_MAILS = 5
# Per address (whatever the login): a member signs up once or twice a day, not more.
DAILY_ADDRESS_MAILS = 5
# Brand-new logins per registering account (whatever their addresses): a member makes one, or two.
DAILY_NEW_LOGINS = 5
DAILY_WINDOW = timedelta(hours=24)
# The only notice an address's spent day holds back (``count_for_address``): the others are warnings.
HELD_WHEN_SPENT = (notices.REPLACED,)
# Every link mail a conversation can trigger for a login (to its address, or to the new address asked).
CONVERSATION_LINK_MAILS = (dispatch.ACTIVATION, dispatch.ADD_ACCOUNT, dispatch.PASSWORD_RESET,
                           dispatch.DELETE_CONFIRM, dispatch.EMAIL_APPROVE, dispatch.EMAIL_CONFIRM,
                           dispatch.EMAIL_IN_USE)
_LOCK = "coopbot-email-change-mail"  # the name the e-mail change's guard has always locked


def lock(session: Session) -> None:
    """Serialise the link-mail rules' reads and the writes that follow, until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(_LOCK))))


# Why a link mail was held back (``held_back``).
GUARDED = "recent"          # the same link went out less than LINK_MAIL_GUARD ago
DAILY_LIMIT = "daily_limit"  # the caller's budget of the day is spent: nothing went out


def over_daily_cap(session: Session, login_id: int, now: datetime, on_bill: bool = False) -> bool:
    """Has the login had the day's link mails of the caller's budget (``on_bill``: bill data
    alone, else the member's own)? (Call :func:`lock` first.)"""
    registrations = select(Registration.id).where(Registration.login_id == login_id)
    sent = session.scalar(
        select(func.count(Notification.id)).where(
            Notification.registration_id.in_(registrations),
            Notification.kind.in_(CONVERSATION_LINK_MAILS),
            Notification.status != dispatch.CANCELLED,
            Notification.asked_on_bill.is_(True) if on_bill else Notification.asked_on_bill.is_not(True),
            Notification.created_at >= now - DAILY_WINDOW,
        ))
    return (sent or 0) >= (DAILY_BILL_LINK_MAILS if on_bill else DAILY_LINK_MAILS)


def held_back(session: Session, registration: Registration, kind: str, now: datetime,
              on_bill: bool = False) -> str | None:
    """Why a conversation may not have ``kind`` mailed for ``registration`` now (``GUARDED``,
    ``DAILY_LIMIT``), or None: it may. Locks (:func:`lock`)."""
    lock(session)
    recent = session.scalars(
        select(Notification).where(
            Notification.registration_id == registration.id,
            Notification.kind == kind,
            Notification.status != dispatch.CANCELLED,
            Notification.created_at >= now - LINK_MAIL_GUARD,
        )).all()
    if any(_still_works(session, notification, now) for notification in recent):
        return GUARDED
    return DAILY_LIMIT if over_daily_cap(session, registration.login_id, now, on_bill) else None


# The single-use link each kind of link mail carries (minted as the mail is sent, ``dispatch``).
_LINK_PURPOSE = {dispatch.ACTIVATION: tokens.ACTIVATE, dispatch.ADD_ACCOUNT: tokens.ADD,
                 dispatch.PASSWORD_RESET: tokens.RESET, dispatch.DELETE_CONFIRM: tokens.DELETE}


def _still_works(session: Session, notification: Notification, now: datetime) -> bool:
    """May the link of this recent mail still be used? Not yet sent: its link is minted when it goes,
    so yes. Sent: unless every link of its kind minted for the registration since it was queued was
    spent (an activation spends them all, a "confirm deleting" one too): then the member holds a link
    that "no longer works", and a new one replaces it. A link voided by a move of the login's address
    still guards its 10 minutes, as do the kinds whose link lives elsewhere (an e-mail change's)."""
    purpose = _LINK_PURPOSE.get(notification.kind)
    if purpose is None or notification.status != dispatch.SENT:
        return True
    spent = session.execute(
        select(LinkToken.used_at).where(
            LinkToken.registration_id == notification.registration_id,
            LinkToken.purpose == purpose,
            LinkToken.created_at >= notification.created_at,
        )).scalars().all()
    return not spent or any(used_at is None for used_at in spent)


def day_spent(session: Session, login_id: int, now: datetime, on_bill: bool = False) -> bool:
    """:func:`over_daily_cap` under the lock: for the mails no earlier one of a kind can guard (a new
    account's offer to a login, a pending sign-up's link to its corrected address)."""
    lock(session)
    return over_daily_cap(session, login_id, now, on_bill)


def count_on_bill(session: Session, notification_ids: list[int], on_bill: bool) -> None:
    """Mark the link mails just queued as asked on bill data alone (their own daily budget)."""
    if on_bill and notification_ids:
        session.execute(update(Notification).where(Notification.id.in_(notification_ids))
                        .values(asked_on_bill=True).execution_options(synchronize_session=False))


def address_key(settings: Settings, address: str) -> str:
    """The keyed hash an address's mails are counted under: of the mailbox it reaches
    (``common.normalise.mailbox_key``: every +tag and Gmail dot spelling is one), never the address."""
    return keyed_hash(keys.derive(settings.secret_key, keys.MAIL_ADDRESS), normalise.mailbox_key(address))


def new_logins_spent(session: Session, member_id: int, now: datetime, phone_proven: bool) -> bool:
    """Has the member's account made the day's ``DAILY_NEW_LOGINS`` brand-new logins? Locks (:func:`lock`).

    The per-address budget cannot see a catch-all domain (every "x1@", "x2@" of it is one mailbox
    elsewhere): each new login is an activation mail, and one account may make only so many. Two
    budgets, as for a login's link mails: sign-ups that proved the phone on file (``phone_proven``)
    and those on bill data alone, so that a stranger holding the bill, remaking a pending login,
    cannot spend the day of the member's own sign-up from their phone."""
    lock(session)
    earlier = aliased(Registration)
    proven = Registration.possession.in_(PHONE_PROOFS)
    made = session.scalar(
        select(func.count(Login.id)).join(Registration, Registration.login_id == Login.id).where(
            Registration.member_id == member_id,
            Login.created_at >= now - DAILY_WINDOW,
            ~exists().where(earlier.login_id == Login.id, earlier.id < Registration.id),  # made with it
            proven if phone_proven else or_(Registration.possession.is_(None), ~proven),
        ))
    return (made or 0) >= DAILY_NEW_LOGINS


def address_spent(session: Session, settings: Settings, address: str, now: datetime) -> bool:
    """Has ``address`` had the day's ``DAILY_ADDRESS_MAILS``? Locks (:func:`lock`)."""
    lock(session)
    sent = session.scalar(
        select(func.count(Notification.id)).where(
            Notification.address_key == address_key(settings, address),
            Notification.status != dispatch.CANCELLED,
            Notification.created_at >= now - DAILY_WINDOW,
        ))
    return (sent or 0) >= DAILY_ADDRESS_MAILS


def count_for_address(session: Session, settings: Settings, notification_ids: list[int], now: datetime) -> list[int]:
    """Count the e-mails just queued against their addresses' day; returns the ids still to deliver.

    A "pending sign-up replaced" notice (``HELD_WHEN_SPENT``) to an address whose day is spent is not
    sent at all (its row goes; the security event that records it stays), else the address would hear
    of every remade pending login. A security notice is counted but always sent: the mail to the
    address a new registration replaced, with its "Not you?" undo, is the one warning a member with no
    phone on file gets, and a stranger who spent that address's day first must not silence it (it goes
    only to an address once activated on the account, which no stranger chooses). The activation and
    link mails are checked before they are queued (:func:`address_spent`). Texts are not counted here
    (the phone on file's own bounds are the codes and the sign-ups).
    """
    kept = []
    for notification_id in notification_ids:
        notification = session.get(Notification, notification_id)
        if notification is None or notification.channel != "email":
            kept.append(notification_id)
            continue
        if notification.kind in HELD_WHEN_SPENT and address_spent(session, settings, notification.to_address, now):
            session.delete(notification)
            continue
        notification.address_key = address_key(settings, notification.to_address)
        kept.append(notification_id)
    session.flush()
    return kept
