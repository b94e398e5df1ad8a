"""Server-side sign-in sessions and sign-in throttling, for member pages and the staff console.

Sessions: the browser's cookie holds only a random session id; the database
holds its SHA-256 (``web_sessions``), who it belongs to, when it started and
when it was last used. Ending a session deletes its row, so every copy of the
cookie stops working at once: sign-out ends the session it is sent with;
a new password, unsubscribing and an administrator's "sign out everywhere"
end every session of that member or staff account. Each kind of session has
an idle and an absolute timeout (staff: 30 minutes idle, 12 hours in all; a staff
sign-in waiting for its second factor, ``STAFF_PENDING``: 10 minutes idle, 20 in all).

Throttling: failed sign-ins are counted per key (``sign_in_throttle``), and
each key earns a growing delay (1, 2, 4 ... seconds, up to a cap) after a few
free failures, never a lock:

- the address typed and the client's network address together: the strict
  key (up to 15 minutes), which only the guesser feels;
- the address typed alone, whoever types it: a short cap (1 minute), so a
  stranger can slow an account down but never lock its owner out;
- the client's network address alone (many accounts guessed from one
  place): up to 5 minutes after 30 failures.

Keys are hashes of what was typed, whether or not an account exists, so
unknown and known accounts get the same answers. A success clears the keys
of that address (typed alone, and with this client). Callers commit.

Attempts on one typed name are counted one after the other: :func:`wait_seconds`
takes a lock of its key (``row_locks.lock_sign_in``) that the caller's transaction
holds through the password check until it commits the outcome. Without it, on
PostgreSQL fifty wrong passwords sent at once were thirty checked where three
are free: a guess budget of some thirty a minute for one account, not one.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.storage import row_locks
from common import normalise
from backend.storage.models import SignInThrottle, WebSession, utcnow

MEMBER, STAFF = "member", "staff"
# A staff sign-in whose password was right and whose second factor is still to come
# (backend.staff.second_factor): a kind of its own, so it can never pass for a staff session.
STAFF_PENDING = "staff2fa"
# Ending every session of an account ends its half-finished sign-ins too.
_FAMILY = {MEMBER: (MEMBER,), STAFF: (STAFF, STAFF_PENDING)}


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta | None
    absolute: timedelta


TIMEOUTS = {
    STAFF: Timeouts(idle=timedelta(minutes=30), absolute=timedelta(hours=12)),
    MEMBER: Timeouts(idle=timedelta(days=7), absolute=timedelta(days=31)),
    # Long enough to install an authenticator app at the first sign-in, no longer.
    STAFF_PENDING: Timeouts(idle=timedelta(minutes=10), absolute=timedelta(minutes=20)),
}
# last_seen_at is written at most this often (a page view is not a write each time).
TOUCH_EVERY = timedelta(seconds=60)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------------------- sessions
def start(session: Session, kind: str, subject_id: int, now: datetime | None = None,
          token: str | None = None) -> str:
    """A new session for ``subject_id``; returns the id for the cookie (only its hash is stored).

    ``token``: the id to use, one the caller derived unguessably (a double-clicked
    activation's two submits, ``webhook.member.activation``): the session of that
    id, when one submit already started it, is the one both sign in to.
    """
    now = now or utcnow()
    if token is None:
        token = secrets.token_urlsafe(32)
    elif session.get(WebSession, _hash(token)) is not None:
        return _joined(session, token, kind, subject_id)
    try:
        with session.begin_nested():
            session.add(WebSession(id_hash=_hash(token), kind=kind, subject_id=subject_id,
                                   created_at=now, last_seen_at=now))
    except IntegrityError:  # the other submit started it a moment ago
        return _joined(session, token, kind, subject_id)
    return token


def _joined(session: Session, token: str, kind: str, subject_id: int) -> str:
    """``token``, whose session another request started: only ever the same subject's."""
    row = session.get(WebSession, _hash(token), populate_existing=True)
    if row is None or row.kind != kind or row.subject_id != subject_id:
        raise ValueError("a derived session id names another session")
    return token


def current(session: Session, kind: str, token: str | None, now: datetime | None = None) -> WebSession | None:
    """The live session for the cookie's ``token``, or None (an expired one is deleted)."""
    if not token or not isinstance(token, str):
        return None
    now = now or utcnow()
    row = session.get(WebSession, _hash(token))
    if row is None or row.kind != kind:
        return None
    limits = TIMEOUTS[kind]
    last_seen, created = _aware(row.last_seen_at), _aware(row.created_at)
    if now - created >= limits.absolute or (limits.idle is not None and now - last_seen >= limits.idle):
        session.delete(row)
        session.flush()
        return None
    if now - last_seen >= TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
    return row


def end(session: Session, token: str | None) -> None:
    """End the session of ``token`` (every copy of that cookie)."""
    if token and isinstance(token, str):
        session.execute(delete(WebSession).where(WebSession.id_hash == _hash(token)))


def end_all(session: Session, kind: str, subject_id: int) -> int:
    """End every session of one member or staff account (and its half-finished sign-ins); returns how many."""
    result = session.execute(
        delete(WebSession).where(WebSession.kind.in_(_FAMILY.get(kind, (kind,))), WebSession.subject_id == subject_id)
    )
    return result.rowcount or 0


def count(session: Session, kind: str, subject_id: int) -> int:
    return len(session.scalars(
        select(WebSession.id_hash).where(WebSession.kind == kind, WebSession.subject_id == subject_id)
    ).all())


# ---------------------------------------------------------------------------- throttling
@dataclass(frozen=True)
class Rule:
    name: str
    free_failures: int  # failures before any delay
    cap: timedelta      # the longest delay


RULES = {
    "pair": Rule("pair", free_failures=3, cap=timedelta(minutes=15)),
    "account": Rule("account", free_failures=10, cap=timedelta(minutes=1)),
    "client": Rule("client", free_failures=30, cap=timedelta(minutes=5)),
}
# A key forgets its failures after this long without one.
FORGET_AFTER = timedelta(hours=24)


def typed_name(typed: str | None) -> str:
    """A typed sign-in name as the lookups read it, so that every spelling of one name counts as one.

    A User ID is looked up NFKC-normalised ("ｊａｎｅ_ｄｏｅ7" is "jane_doe7"), a staff address as an
    e-mail address (its domain's full-width letters and ideographic full stop are ASCII ones): keyed
    only trimmed and case-folded, each spelling had counts of its own, and a guesser changing
    spellings was never slowed by the address-alone rule. A name that is no address stays NFKC."""
    text = unicodedata.normalize("NFKC", typed or "").strip()
    return (normalise.email(text) or text).casefold()


def throttle_keys(kind: str, typed_account: str, client: str | None) -> dict[str, str]:
    """The three keys of one attempt (hashes: nothing typed is stored)."""
    account = typed_name(typed_account)
    client = client or "unknown"
    return {
        "pair": _hash(f"{kind}|pair|{account}|{client}"),
        "account": _hash(f"{kind}|account|{account}"),
        "client": _hash(f"{kind}|client|{client}"),
    }


def delay_for(rule: Rule, failures: int) -> timedelta:
    """1 s after the first failure beyond the free ones, then doubling, up to the rule's cap."""
    over = failures - rule.free_failures
    if over <= 0:
        return timedelta(0)
    seconds = min(2 ** min(over - 1, 30), rule.cap.total_seconds())
    return timedelta(seconds=seconds)


def wait_seconds(session: Session, keys: dict[str, str], now: datetime | None = None) -> int:
    """Seconds until this attempt may be checked (0: now); locks the typed name's attempts first."""
    row_locks.lock_sign_in(session, keys["account"])
    now = now or utcnow()
    rows = session.scalars(select(SignInThrottle).where(SignInThrottle.key.in_(list(keys.values())))).all()
    wait = 0.0
    for row in rows:
        remaining = (_aware(row.next_allowed_at) - now).total_seconds()
        wait = max(wait, remaining)
    return math.ceil(wait) if wait > 0 else 0


def record_failure(session: Session, keys: dict[str, str], now: datetime | None = None) -> None:
    now = now or utcnow()
    for name, key in keys.items():
        row = session.get(SignInThrottle, key, with_for_update=True)
        if row is None:  # a first failure: another attempt (of the same network) may insert it too
            try:
                with session.begin_nested():
                    session.add(SignInThrottle(key=key, failures=0, last_failure_at=now, next_allowed_at=now))
            except IntegrityError:
                pass
            row = session.get(SignInThrottle, key, with_for_update=True, populate_existing=True)
        if now - _aware(row.last_failure_at) > FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        row.next_allowed_at = now + delay_for(RULES[name], row.failures)
    session.flush()


def record_success(session: Session, keys: dict[str, str]) -> None:
    """The typed address proved itself: its keys start again (the client key stays)."""
    session.execute(delete(SignInThrottle).where(SignInThrottle.key.in_([keys["pair"], keys["account"]])))


def wait_message(seconds: int) -> str:
    """The same sentence whoever the account is (or whether it exists)."""
    if seconds >= 120:
        amount = f"{math.ceil(seconds / 60)} minutes"
    else:
        amount = f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"Too many tries. Please wait {amount}, then try again."
