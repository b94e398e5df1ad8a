"""The staff console's second factor: a TOTP code (RFC 6238) after the password.

Why: staff read transcripts and check a caller's security answer, so a stolen staff
password alone must not open the console. Each staff account holds one TOTP key, set up
at its first sign-in (the key shown once as text and as a QR code, confirmed by a first
code) and cleared by an administrator with ``coopbot staff reset-mfa`` (a lost phone):
the account then sets up a new one at its next sign-in.

- Codes: 6 digits, 30-second steps, the step before and after the server's accepted
  (a phone's clock a little off), and each step accepted once per account: a code read
  over a shoulder or from a proxy's log is spent once it signed in. The step is recorded
  by one conditional UPDATE, so two sign-ins racing with the same code let one through.
- The key is sealed at rest (``backend.privacy.sealing``, AES-GCM under the ``staff-totp``
  purpose key of ``backend.core.keys``, bound to the account's id); it is never logged.
- Wrong codes are counted by the sign-in throttle of ``backend.accounts.websessions``,
  which the caller applies, exactly as wrong passwords are.

Flask-free like the rest of ``backend.staff``; callers commit, and pass the clock in.
"""

from __future__ import annotations

import hmac
import logging
import re
from datetime import datetime

import pyotp
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from backend.core import keys
from backend.privacy import sealing
from backend.storage.models import StaffUser

log = logging.getLogger(__name__)

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps accepted either side of the server's
_CODE = re.compile(r"[0-9]{%d}" % DIGITS)


def _seal_key(master: str) -> str:
    return keys.derive(master, keys.STAFF_TOTP)


def _context(user: StaffUser) -> str:
    return f"staff_users/{user.id}/mfa_secret"


def is_enrolled(user: StaffUser) -> bool:
    """True once a first code confirmed the account's key: from then on every sign-in asks a code."""
    return user.mfa_confirmed_at is not None and user.mfa_secret is not None


def enrolment_key(session: Session, user: StaffUser, master: str) -> str:
    """The base32 TOTP key to show an account that has no factor yet (made and sealed on first call).

    The same key until a code confirms it, so reloading the page does not make the key
    the person already scanned useless.
    """
    if user.mfa_secret is not None and user.mfa_confirmed_at is None:
        try:
            return sealing.unseal(_seal_key(master), user.mfa_secret, _context(user))
        except sealing.Unreadable:
            pass  # sealed under an earlier secret: nothing was confirmed with it, make another
    key = pyotp.random_base32()  # 160 bits, RFC 4226's recommended key length
    user.mfa_secret = sealing.seal(_seal_key(master), key, _context(user))
    user.mfa_confirmed_at = None
    user.mfa_last_step = None
    session.flush()
    return key


def grouped(key: str) -> str:
    """The key in groups of four, as a person types it into an authenticator app."""
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def provisioning_uri(key: str, account: str, issuer: str) -> str:
    """The ``otpauth://totp/...`` URI an authenticator app reads (from the QR code or a tap)."""
    return pyotp.TOTP(key, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(name=account, issuer_name=issuer)


def time_step(now: datetime) -> int:
    """RFC 6238's T: whole 30-second steps since the Unix epoch (``now`` is timezone-aware)."""
    return int(now.timestamp()) // STEP_SECONDS


def _matching_step(key: str, code: str, now: datetime) -> int | None:
    totp = pyotp.TOTP(key, digits=DIGITS, interval=STEP_SECONDS)
    current = time_step(now)
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # Every candidate is compared (constant time each), so the timing does not tell which matched.
        if hmac.compare_digest(totp.generate_otp(step), code) and found is None:
            found = step
    return found


def check_code(session: Session, user: StaffUser, code: str, master: str, now: datetime) -> bool:
    """True when ``code`` is the account's code for a step within the window that no code used yet.

    A true answer spends that step (and every earlier one) for this account and, at
    enrolment, puts the factor in force. Spaces and dashes a person types are ignored.
    """
    code = re.sub(r"[\s-]", "", code or "")
    if user.mfa_secret is None or not _CODE.fullmatch(code):
        return False
    try:
        key = sealing.unseal(_seal_key(master), user.mfa_secret, _context(user))
    except sealing.Unreadable:
        # The master secret changed since the key was set up: only a reset helps.
        log.error(
            "the second factor of staff account %s cannot be read (was COOPBOT_SECRET_KEY changed?); "
            "run: coopbot staff reset-mfa",
            user.id,
        )
        return False
    step = _matching_step(key, code, now)
    if step is None:
        return False
    spent = session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id, or_(StaffUser.mfa_last_step.is_(None), StaffUser.mfa_last_step < step))
        .values(mfa_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False  # this step (or a later one) already signed in
    session.refresh(user)
    if user.mfa_confirmed_at is None:
        user.mfa_confirmed_at = now
    session.flush()
    return True


def reset(session: Session, user: StaffUser) -> bool:
    """Clear the account's factor (it sets up a new one at its next sign-in); False if it had none."""
    had = user.mfa_secret is not None
    user.mfa_secret = None
    user.mfa_confirmed_at = None
    user.mfa_last_step = None
    session.flush()
    return had
