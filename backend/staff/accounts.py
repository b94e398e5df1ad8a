"""Staff accounts and sign-in: who may use the staff console, and checking that it is them.

Split out of the former single ``backend.staff`` module so that account rules
(e-mail as username, the password policy, constant-time refusals for unknown
addresses) can be read and changed without wading through the reports.
``StaffError``, the refusal every part of ``backend.staff`` raises, lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from email_validator import EmailNotValidError
from sqlalchemy import select
from sqlalchemy.orm import Session

from common import normalise
from backend.privacy.hashing import hash_password, verify_password
from backend.storage.models import StaffUser


AGENT = "agent"
ADMIN = "admin"
ROLES = (AGENT, ADMIN)
MIN_PASSWORD_LENGTH = 12
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)


class StaffError(ValueError):
    """A refused request, with a message written to be shown to the person as is."""


def normalise_email(email: str) -> str:
    """Lower-cased, validated address; staff e-mail addresses are usernames, not mail targets."""
    try:
        return normalise.checked_email(email)
    except EmailNotValidError as exc:
        raise StaffError(f"That is not a valid e-mail address: {exc}") from None


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if not password.strip():
        raise StaffError("The password must not be only spaces.")


def create_staff(session: Session, email: str, password: str, role: str = AGENT) -> StaffUser:
    """Add a staff account (password stored as an argon2 hash only)."""
    if role not in ROLES:
        raise StaffError(f"The role must be one of: {', '.join(ROLES)}.")
    address = normalise_email(email)
    check_password_policy(password)
    if session.scalar(select(StaffUser.id).where(StaffUser.email == address)) is not None:
        raise StaffError(f"A staff account for {address} already exists.")
    user = StaffUser(email=address, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def list_staff(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.email)))


def staff_by_email(session: Session, email: str) -> StaffUser:
    """The staff account of an address as an administrator types it; StaffError if there is none."""
    address = normalise_email(email)
    user = session.scalar(select(StaffUser).where(StaffUser.email == address))
    if user is None:
        raise StaffError(f"There is no staff account for {address}.")
    return user


@cache
def _dummy_hash() -> str:
    # Verifying against this for unknown addresses makes a wrong e-mail take as
    # long as a wrong password, so response times do not reveal who has an account.
    return hash_password("not a real password, only here for timing")


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the user, or why not."""

    user: StaffUser | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def authenticate(session: Session, email: str, password: str, *, now: datetime) -> SignIn:
    """Check a sign-in. There is no lock (nobody could then lock a colleague out):
    the web app makes repeated failures wait longer and longer (``backend.accounts.websessions``).
    An account locked by an earlier version is unlocked by its next correct password.
    """
    try:
        address = normalise_email(email)
    except StaffError:
        address = None
    user = None
    if address:
        user = session.scalar(select(StaffUser).where(StaffUser.email == address).with_for_update())
    if user is None:
        verify_password(_dummy_hash(), password)
        return SignIn(None)
    if verify_password(user.password_hash, password):
        user.failed_logins = 0
        user.locked_until = None
        # ``last_login_at`` is the caller's to set, once every factor is proven: a right password
        # alone (its code never typed) is no sign-in.
        return SignIn(user)
    user.failed_logins += 1
    return SignIn(None)
