"""A member's online account after registration: activation, sign-in, paperless, unsubscribe.

The member pages (``webhook.member``) and the API call these functions; none of
them commits. The caller owns the transaction, so a change and the notification
announcing it commit together, and a failed sign-in's throttle counter is
written by the caller's commit like any other change. After committing, the
caller hands ``dispatch.pending_for(session, registration.id)`` to
``dispatch.deliver_after_commit`` (activation and unsubscribe queue a mail).

Activation links are consumed with one conditional UPDATE (``WHERE used_at IS
NULL``): two tabs or a double click submitting the same link activate once,
and the loser is told the account is already active, unless it is the same
browser's second submit with the password just set (``resubmitted``): then it
gets the first one's outcome. Reading a link
(``activation_page_state``) never changes anything, because mail scanners open
links before members do.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from common import normalise
from backend.notify import notices
from backend.accounts import passwords, user_ids
from backend.privacy import tokens
from backend.core.config import Settings
from backend.privacy.hashing import hash_password, token_hash, verify_password
from backend.storage.models import (
    ACTIVE,
    LIVE_STATUSES,
    PENDING,
    UNSUBSCRIBED,
    EmailChange,
    LinkToken,
    Login,
    Registration,
    utcnow,
)
from backend.notify import dispatch

# States of a link, as the page shows them.
VALID = "valid"
USED = "used"          # already activated / password already set: "sign in here"
EXPIRED = "expired"    # too old, or the registration was deleted: "get a new link"
UNKNOWN = "unknown"    # never issued (mistyped or truncated link)
# Outcomes of ``activate`` besides the states above.
ACTIVATED = "activated"
INVALID_PASSWORD = "invalid_password"
INVALID_USER_ID = "invalid_user_id"  # breaks the User ID rules (``errors`` says how)
USER_ID_TAKEN = "user_id_taken"      # another live login has it: choose another

MAX_FAILED_LOGINS = 10
LOGIN_LOCK = timedelta(minutes=15)


@dataclass(frozen=True)
class LinkState:
    """What an activation or reset link is worth right now."""

    state: str
    purpose: str | None = None
    registration: Registration | None = None
    # With EXPIRED: the login's address changed (or a change was undone) while the link was live,
    # which voided it: the page says so rather than "links work for 24 hours".
    address_changed: bool = False


@dataclass(frozen=True)
class ActivationResult:
    """The outcome of submitting a link's form: ``ACTIVATED`` or why not."""

    state: str
    purpose: str | None = None
    registration: Registration | None = None
    errors: list[str] = field(default_factory=list)


def normalise_email(email: str | None) -> str:
    """Usernames compare case-insensitively; registrations store them lower-cased."""
    return normalise.email_key(email)


def activation_page_state(session: Session, token: str, now: datetime | None = None) -> LinkState:
    """Classify ``token`` for the page behind the link; reads only, consumes nothing."""
    row = tokens.find(session, token)
    if row is None or row.purpose not in tokens.PASSWORD_PURPOSES:
        return LinkState(UNKNOWN)
    return _state_of(row, now or utcnow())


def _state_of(row: LinkToken, now: datetime) -> LinkState:
    registration = row.registration
    if registration.status not in LIVE_STATUSES:
        state = EXPIRED  # the registration was deleted: only registering again helps
    elif row.used_at is not None:
        state = USED
    elif tokens.is_expired(row, now):
        return LinkState(EXPIRED, row.purpose, registration, address_changed=_voided_by_a_new_address(row))
    else:
        state = VALID
    return LinkState(state, row.purpose, registration)


def _voided_by_a_new_address(row: LinkToken) -> bool:
    """Was the link's login moved to another address (or moved back by an undo) while the link
    was live? Either voids every link of the login (``email_change._void_links``) at that moment."""
    moved_while_live = or_(EmailChange.confirmed_at.between(row.created_at, row.expires_at),
                           EmailChange.reverted_at.between(row.created_at, row.expires_at))
    return object_session(row).scalar(
        select(EmailChange.id).where(and_(EmailChange.login_id == row.registration.login_id, moved_while_live))
        .limit(1)) is not None


def needs_user_id(settings: Settings, login: Login) -> bool:
    """Whether the link's form asks for a User ID: the co-op signs in with one and this login has none yet.

    A login made before the co-op switched to User IDs picks one with its next
    reset link (until then it signs in with its e-mail address).
    """
    return settings.username == "user_id" and not login.user_id


def user_id_taken(session: Session, user_id: str, login: Login | None = None) -> bool:
    """Whether another live login holds ``user_id`` (compared in its stored, lower-cased form)."""
    query = select(Login.id).where(Login.user_id == user_ids.normalise(user_id), Login.status.in_(LIVE_STATUSES))
    if login is not None:
        query = query.where(Login.id != login.id)
    return session.scalars(query).first() is not None


def activate(session: Session, token: str, password: str, settings: Settings,
             now: datetime | None = None, user_id: str | None = None,
             used_by: str | None = None) -> ActivationResult:
    """Set the password behind an activation or reset link and consume the link, once.

    A pending registration becomes active (a reset link proves the e-mail
    address as well as an activation link does) and an "activated" mail is
    queued: it confirms the new account and warns the owner of the address if
    someone else did this. Every other unused link of the registration is spent
    too, so an older mail cannot set the password again.

    Where ``needs_user_id``, ``user_id`` is checked against the rules
    (``INVALID_USER_ID``) and against the other live logins (``USER_ID_TAKEN``)
    and stored with the password. Two members racing for the same ID meet the
    unique index: the loser's savepoint is rolled back (its link stays unused)
    and it is told to choose another.

    ``used_by`` (the browser's proof, a keyed digest) is kept with the spent link:
    that browser's second submit, sent before the first one's answer came back,
    is recognised by :func:`resubmitted`.
    """
    now = now or utcnow()
    row = tokens.find(session, token)
    if row is None or row.purpose not in tokens.PASSWORD_PURPOSES:
        return ActivationResult(UNKNOWN)
    link = _state_of(row, now)
    if link.state != VALID:
        return ActivationResult(link.state, link.purpose, link.registration)
    registration = link.registration
    login = registration.login
    errors = passwords.check(settings.password_policy, password, login.email)
    if errors:
        return ActivationResult(INVALID_PASSWORD, link.purpose, registration, errors)
    wanted_id = None
    if needs_user_id(settings, login):
        errors = user_ids.problems(user_id)
        if errors:
            return ActivationResult(INVALID_USER_ID, link.purpose, registration, errors)
        wanted_id = user_ids.normalise(user_id)
        if user_id_taken(session, wanted_id, login):
            return ActivationResult(USER_ID_TAKEN, link.purpose, registration, [user_ids.TAKEN])
    password_hash = hash_password(passwords.normalise(password))

    try:
        # One savepoint for the link and the User ID: losing the ID to the
        # unique index leaves the link unused, and the caller's transaction usable.
        with session.begin_nested():
            consumed = session.execute(
                update(LinkToken)
                .where(LinkToken.id == row.id, LinkToken.used_at.is_(None), LinkToken.expires_at > now)
                .values(used_at=now, used_by=used_by)
                .execution_options(synchronize_session=False)
            ).rowcount
            if consumed == 1 and wanted_id is not None:
                login.user_id = wanted_id
                session.flush()
    except IntegrityError:  # taken a moment ago by another login's activation
        session.expire(login)
        return ActivationResult(USER_ID_TAKEN, link.purpose, registration, [user_ids.TAKEN])
    if consumed != 1:
        # Another request got there first (double click, second tab).
        session.refresh(row)
        session.refresh(registration)
        link = _state_of(row, now)
        return ActivationResult(link.state, link.purpose, registration)

    session.execute(
        update(LinkToken)
        .where(LinkToken.registration_id == registration.id, LinkToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    login.password_hash = password_hash
    login.failed_logins = 0
    login.login_locked_until = None
    if login.status == PENDING:
        login.status = ACTIVE
        login.activated_at = now
    if registration.status == PENDING:
        registration.status = ACTIVE
        registration.activated_at = now
        dispatch.queue(session, dispatch.ACTIVATED, registration, now=now)
        notices.activated(session, settings, registration, now)
    session.flush()
    session.refresh(row)
    return ActivationResult(ACTIVATED, link.purpose, registration)


def resubmitted(session: Session, token: str, password: str | None, used_by: str | None) -> ActivationResult | None:
    """The outcome of a spent link's form submitted again by the browser that spent it, or None.

    A double click sends the form twice before the first answer (and the
    signed-in cookie it sets) is back: the second submit finds the link spent.
    It is the same submit when it carries the proof the first one left with the
    link (``used_by``: a keyed digest of the link and of a nonce in that
    browser's session cookie) and the password that submit set; then it gets
    the first one's outcome (``ACTIVATED``, nothing changed again). Holding the
    link, the cookie or the password alone is not enough: another browser, or
    the same one without the password, gets the used-link page. Call it after
    ``activate`` answered ``USED`` (its UPDATE waited for the first submit's
    commit) or when the link is already spent; it reads only.
    """
    row = tokens.find(session, token)
    if row is None or row.purpose not in tokens.PASSWORD_PURPOSES or not used_by or not password:
        return None
    session.refresh(row)  # what the first submit committed (its UPDATE is what ``activate`` waited for)
    registration = row.registration
    session.refresh(registration)
    login = registration.login
    session.refresh(login)
    if (row.used_at is None or row.used_by is None or registration.status not in LIVE_STATUSES
            or login.status != ACTIVE or not login.password_hash
            or not hmac.compare_digest(row.used_by, used_by)):
        return None
    if not verify_password(login.password_hash, passwords.normalise(password)):
        return None
    return ActivationResult(ACTIVATED, row.purpose, registration)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not a real password: evens out sign-in timing")


def authenticate(session: Session, email: str, password: str,
                 now: datetime | None = None, *, by_user_id: bool = False) -> Login | None:
    """The active login for ``email`` and ``password``, or None.

    With ``by_user_id`` (``COOPBOT_USERNAME=user_id``) the name is a User ID;
    an e-mail address (it holds "@", an ID never does) is accepted only for a
    login that has no User ID yet, made before the co-op switched.

    Unknown addresses cost one argon2 verification like known ones, so timing
    does not reveal who is registered. There is no lock: repeated failures
    earn growing delays in the web app (``backend.accounts.websessions``), so nobody
    can lock a member out. The caller shows the same message in every
    failing case. Commit afterwards: the failure counter is a change like any other.
    """
    now = now or utcnow()
    password = passwords.normalise(password or "")
    if by_user_id and not user_ids.looks_like_email(email):
        match = Login.user_id == user_ids.normalise(email)
    elif by_user_id:
        match = (Login.email == normalise_email(email)) & Login.user_id.is_(None)
    else:
        match = Login.email == normalise_email(email)
    login = session.scalars(select(Login).where(match, Login.status == ACTIVE)).first()
    if login is None or not login.password_hash:
        verify_password(_dummy_hash(), password)
        return None
    if verify_password(login.password_hash, password):
        if login.failed_logins or login.login_locked_until:
            login.failed_logins = 0
            login.login_locked_until = None
            session.flush()
        return login
    _count_failure(session, login, now)
    return None


def _count_failure(session: Session, login: Login, now: datetime) -> None:
    # Increment in the database so parallel attempts cannot overwrite each other's count.
    session.execute(
        update(Login)
        .where(Login.id == login.id)
        .values(failed_logins=Login.failed_logins + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(login)


def session_marker(login: Login) -> str:
    """A value a signed-in browser session carries: it stops matching when the password changes."""
    return token_hash(login.password_hash or "")[:32]


def set_paperless(session: Session, registration: Registration, on: bool) -> None:
    """Turn paperless billing on or off (bills by e-mail notice instead of by mail)."""
    registration.paperless_billing = bool(on)
    session.flush()


def unsubscribe(session: Session, registration: Registration, now: datetime | None = None) -> bool:
    """Remove one account from its login; return False when it was already removed.

    The row stays as a record of consent (terms version, dates); its unused
    links stop working and paperless billing falls back to paper bills. When it
    was the login's last account the login is deleted too and loses every
    credential (password and security answer hashes). The member is
    told by mail (a Notification row in this same transaction, sent after
    commit by the dispatcher) and may register again at any time: only live
    registrations are unique per member and per address.
    """
    now = now or utcnow()
    if not revoke(session, registration, now):
        return False
    dispatch.queue(session, dispatch.UNSUBSCRIBED, registration, now=now)
    notices.deleted(session, None, registration, now)
    return True


def unsubscribe_login(session: Session, login: Login, now: datetime | None = None) -> bool:
    """Remove every account of ``login`` and delete the login ("Unsubscribe" the whole login).

    Each account's removal is announced as :func:`unsubscribe` announces it;
    False when nothing was live any more (another tab got there first).
    """
    now = now or utcnow()
    removed = False
    for registration in login.live_registrations():
        removed = unsubscribe(session, registration, now) or removed
    return removed


def revoke(session: Session, registration: Registration, now: datetime | None = None) -> bool:
    """Remove the account from its login without mailing its address; False if already gone.

    Used by :func:`unsubscribe` and by "not you?" revocations (``backend.notify.notices``),
    where the address of the login may be the intruder's. A login left without
    accounts is deleted with its credentials; scrubbing its password hash also
    ends every signed-in session (``session_marker``).
    """
    now = now or utcnow()
    changed = session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.status.in_(LIVE_STATUSES))
        .values(status=UNSUBSCRIBED, unsubscribed_at=now, paperless_billing=False, security_answer_hash=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(registration)
    if changed != 1:
        return False
    login = registration.login
    session.refresh(login)
    if not login.live_registrations():
        _close_login(session, login, now)
    session.execute(
        update(LinkToken)
        .where(LinkToken.registration_id == registration.id, LinkToken.used_at.is_(None),
               LinkToken.expires_at > now)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    return True


def _close_login(session: Session, login: Login, now: datetime) -> None:
    session.execute(
        update(Login)
        .where(Login.id == login.id, Login.status.in_(LIVE_STATUSES))
        .values(status=UNSUBSCRIBED, unsubscribed_at=now, password_hash=None, security_answer_hash=None,
                failed_logins=0, login_locked_until=None)
        .execution_options(synchronize_session=False)
    )
    session.refresh(login)


def link_state(session: Session, token: str, purpose: str, now: datetime | None = None) -> LinkState:
    """Classify a delete or cancel link (``tokens.DELETE`` / ``tokens.CANCEL``); reads only."""
    row = tokens.find(session, token, purpose)
    if row is None:
        return LinkState(UNKNOWN)
    return _state_of(row, now or utcnow())


def _consume(session: Session, row: LinkToken, now: datetime) -> bool:
    return session.execute(
        update(LinkToken)
        .where(LinkToken.id == row.id, LinkToken.used_at.is_(None), LinkToken.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1


def delete_by_link(session: Session, token: str, now: datetime | None = None) -> LinkState:
    """POST behind a "confirm deletion" link: delete the registration once; the link is single use.

    Answers ``ACTIVATED``-like ``VALID`` when this request deleted it, else the
    link's state (used, expired, unknown). The caller commits and delivers.
    """
    now = now or utcnow()
    row = tokens.find(session, token, tokens.DELETE)
    if row is None:
        return LinkState(UNKNOWN)
    link = _state_of(row, now)
    if link.state != VALID or not _consume(session, row, now):
        session.refresh(row)
        return _state_of(row, now)
    unsubscribe(session, row.registration, now)
    return LinkState(VALID, row.purpose, row.registration)


def confirm_addition(session: Session, settings: Settings, token: str, now: datetime | None = None) -> LinkState:
    """POST behind an "add this account to your login" link: the pending account joins the login, once.

    The link went to the login's own address, so whoever reads that mailbox
    decides; the account had been proven as for a first registration. The
    contact on file hears of it as of any activation. Answers ``VALID`` when this
    request added it, else the link's state. The caller commits and delivers.
    """
    now = now or utcnow()
    row = tokens.find(session, token, tokens.ADD)
    if row is None:
        return LinkState(UNKNOWN)
    link = _state_of(row, now)
    registration = row.registration
    if link.state != VALID or registration.status != PENDING or not _consume(session, row, now):
        session.refresh(row)
        state = _state_of(row, now).state
        return LinkState(USED if state == VALID else state, row.purpose, registration)
    registration.status = ACTIVE
    registration.activated_at = now
    notices.activated(session, settings, registration, now)
    session.flush()
    return LinkState(VALID, row.purpose, registration)
