"""When a registration still holds its account: the live one, and the pending ones that lapsed or may be replaced.

A member has at most one live registration (``models.Registration``). A *pending*
one (a first registration, or an addition to an existing login, whose link nobody
opened yet) would otherwise hold the account for ever, and only its creating
conversation could change it: a typo in the address, or a stranger who made the
account a pending addition to their own login, would shut the member out of online
sign-up. So (docs/security.md, "Pending registrations"):

- a pending registration is live only until its activation (or addition) link
  expires, ``COOPBOT_ACTIVATION_TTL_HOURS`` after it was made. Links mailed again
  later expire at that same moment (``backend.notify.dispatch``), so nobody (not the
  stranger either, by asking for the link again) can keep it alive; once lapsed, a
  new sign-up of the account is allowed and closes it, and the retry thread's
  housekeeping closes the others (``registration.close_lapsed``);
- a conversation that proved the phone on file (an SMS from it or its one-time
  code, ``models.PHONE_PROOFS``) may replace a pending registration at once;
- an *active* registration is never lapsed nor replaced here: the member resets
  or deletes it through the address on file.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.storage.models import LIVE_STATUSES, PENDING, PHONE_PROOFS, Login, Registration


def activation_deadline(settings: Settings, registration: Registration) -> datetime:
    """When the links of a pending registration stop working: the activation TTL after it was made."""
    return registration.created_at + timedelta(hours=settings.activation_ttl_hours)


def is_lapsed(settings: Settings, registration: Registration, now: datetime) -> bool:
    """A pending registration whose activation time is over (an active one never lapses)."""
    return registration.status == PENDING and activation_deadline(settings, registration) <= now


def live_registration(session: Session, settings: Settings, member_id: int, now: datetime) -> Registration | None:
    """The member's registration that holds the account: active, or pending and not lapsed."""
    rows = session.scalars(
        select(Registration).where(Registration.member_id == member_id, Registration.status.in_(LIVE_STATUSES))
    ).all()
    return next((row for row in rows if not is_lapsed(settings, row, now)), None)


def lapsed(settings: Settings, now: datetime):
    """The SQL condition of :func:`is_lapsed` (pending, made at least the activation TTL ago)."""
    return and_(Registration.status == PENDING,
                Registration.created_at <= now - timedelta(hours=settings.activation_ttl_hours))


def lapsed_registrations(session: Session, settings: Settings, now: datetime, member_id: int | None = None,
                         limit: int | None = None) -> list[Registration]:
    """Pending registrations (of ``member_id``, else any) that lapsed but are not closed yet."""
    query = select(Registration).where(lapsed(settings, now)).order_by(Registration.id)
    if member_id is not None:
        query = query.where(Registration.member_id == member_id)
    return list(session.scalars(query.limit(limit)))


def made_its_login(registration: Registration) -> bool:
    """Was the account's login made with it (a first registration), rather than an existing login it joins?"""
    return registration.login.registrations[0].id == registration.id


def is_addition(registration: Registration) -> bool:
    """A *pending addition*: the account waits to join a login someone else made, whose address has
    not confirmed it. The login is not the account's: proving the account proves nothing of the login."""
    return registration.status == PENDING and not made_its_login(registration)


def holders(login: Login) -> list[Registration]:
    """The accounts that hold ``login``: those active on it, and the account it was made with while it
    waits for its activation (not the pending additions, which wait for the login's address to take them)."""
    return [registration for registration in login.live_registrations()
            if registration.status != PENDING or made_its_login(registration)]


def may_replace(registration: Registration, possession: str | None) -> bool:
    """May a conversation that settled possession as ``possession`` replace ``registration`` now?

    Only a pending one, and only with the phone on file proven: bill data alone
    (anyone holding a bill, or an account with no phone) waits for the link to expire.
    """
    return registration.status == PENDING and possession in PHONE_PROOFS
