"""The guessing budget of identity checks, shared by the bill-data checks and the phone proof.

Every check (name, ZIP / last 4, one-time code) is a ``VerificationAttempt``;
wrong secrets count per account (``ACCOUNT_DAILY_LIMIT`` a day,
``ACCOUNT_MONTHLY_LIMIT`` in 30 days), failures of any kind per conversation
(``CONVERSATION_FAILURE_LIMIT``), and per source (``backend.identity.source_budget``).
``backend.identity.verification`` (the bill data) and ``backend.identity.possession``
(the phone on file) both count here, so neither needs the other's internals.
Counts are read under the row locks, with the time read after them.

A wrong value sent again is not counted again (``_failed``): the same failed
check repeated in one conversation, after a turn the web app stopped waiting
for or a double send, is answered as the first time.

The account lock stops every conversation but one: an SMS from the member's
phone on file (``backend.notify.phone_on_file``) is stopped only by the
wrong secrets that phone sent itself, against the same daily and monthly
limits (:func:`lock_for`). Otherwise a stranger with the bill could keep the
member out for good with ten wrong ZIPs a month from other phones or chats.
That conversation keeps its conversation and source limits, and its own wrong
secrets still count towards the lock of every other conversation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from backend.core import keys
from backend.core.config import Settings
from backend.notify.phone_on_file import texts_from_phone_on_file
from backend.notify.notices import NOTICES_KEY
from backend.privacy.hashing import keyed_hash
from backend.storage.models import (
    ConversationSource,
    Lockout,
    Member,
    VerificationAttempt,
)

CONVERSATION_FAILURE_LIMIT = 3


ACCOUNT_DAILY_LIMIT = 5


ACCOUNT_MONTHLY_LIMIT = 10


DAY = timedelta(hours=24)


MONTH = timedelta(days=30)


LOCKOUT_DURATION = timedelta(minutes=60)


DAILY, MONTHLY = "daily", "monthly"


ACCOUNT_SCOPE, CONVERSATION_SCOPE, SOURCE_SCOPE = "account", "conversation", "source"


# How a locked account opens again. "phone_code" stays in the API's vocabulary
# but is no longer given: a locked account texts no code (a stranger could
# otherwise have one texted to the member again and again).
UNLOCK_PHONE_CODE, UNLOCK_MEMBER_SERVICES = "phone_code", "member_services"


LOCKED = "locked"


SECRET_STEP = "secret"


CODE_STEP = "code"


SECRET_STEPS = (SECRET_STEP, CODE_STEP)


def result_json(result) -> dict:
    """A check's result (``CheckResult``, ``possession.CodeResult``) as the API answers it: the fields
    that hold a value, the end of a lock in ISO 8601."""
    data = {key: value for key, value in asdict(result).items() if value is not None}
    if result.locked_until is not None:
        data["locked_until"] = result.locked_until.isoformat()
    return data


@dataclass(frozen=True)
class CheckResult:
    result: str
    attempts_left: int | None = None
    locked_until: datetime | None = None
    registration_status: str | None = None
    email_masked: str | None = None
    lock_scope: str | None = None   # "account" (number and name matched), "conversation" or "source"
    unlock: str | None = None       # with an account lock: "phone_code" or "member_services"
    possession: str | None = None   # with "verified": see backend.identity.possession
    # With "match": the name as the member file spells it, only where it differs from the name sent
    # in case and accents alone (``names.as_on_file``), so it tells the caller nothing they did not type.
    name_on_file: str | None = None
    # With a held proof's check (``backend.identity.held_proof``): which proof it was, "zip" or "last4".
    proof_method: str | None = None

    def as_json(self) -> dict:
        return result_json(self)


@dataclass(frozen=True)
class Origin:
    """Where a conversation's messages come from (written by the web app, see ``ConversationSource``)."""

    channel: str | None = None
    source_key: str | None = None


def origin_of(session: Session, conversation_id: str) -> Origin:
    row = session.get(ConversationSource, conversation_id)
    return Origin(row.channel, row.source_key) if row else Origin()


def conversation_locked_until(session: Session, now: datetime, conversation_id: str,
                              origin: Origin | None = None) -> datetime | None:
    """End of a lock on this conversation or its source, if one is in force (never about an account)."""
    scope = [Lockout.conversation_id == conversation_id]
    if origin is not None and origin.source_key:
        scope.append(Lockout.source_key == origin.source_key)
    return session.scalar(select(func.max(Lockout.locked_until)).where(
        or_(*scope), Lockout.locked_until > now, Lockout.lifted_at.is_(None)))


def account_lock(session: Session, member: Member, now: datetime,
                 source_key: str | None = None) -> tuple[datetime | None, str | None]:
    """(until, "daily" | "monthly") while the account's guessing budget is spent, else (None, None).

    Every counted guess in the window counts, also one stamped after ``now``
    (another process's clock): the caller holds the member row lock, so none
    is missed. With ``source_key`` only that source's guesses count (the
    phone on file's own budget, :func:`lock_for`).
    """
    times = _wrong_secrets(session, member, now, source_key)
    if len(times) >= ACCOUNT_MONTHLY_LIMIT:
        return times[ACCOUNT_MONTHLY_LIMIT - 1] + MONTH, MONTHLY
    recent = [t for t in times if t > now - DAY]
    if len(recent) >= ACCOUNT_DAILY_LIMIT:
        return recent[ACCOUNT_DAILY_LIMIT - 1] + DAY, DAILY
    return None, None


def _wrong_secrets(session: Session, member: Member, now: datetime, source_key: str | None) -> list[datetime]:
    """When the account's counted wrong secrets of the last 30 days were made, newest first (at most
    ``ACCOUNT_MONTHLY_LIMIT``); with ``source_key`` only that source's."""
    scope = [VerificationAttempt.created_at >= now - MONTH]
    if member.guesses_cleared_at is not None:
        scope.append(VerificationAttempt.created_at > member.guesses_cleared_at)
    if source_key is not None:
        scope.append(VerificationAttempt.source_key == source_key)
    return list(session.scalars(
        select(VerificationAttempt.created_at).where(
            VerificationAttempt.member_id == member.id,
            VerificationAttempt.succeeded.is_(False),
            VerificationAttempt.step.in_(SECRET_STEPS),
            *scope,
        ).order_by(VerificationAttempt.created_at.desc()).limit(ACCOUNT_MONTHLY_LIMIT)
    ))


def tries_before_lock(session: Session, settings: Settings | None, member: Member, origin: Origin,
                      now: datetime, attempts_left: int | None) -> int | None:
    """``attempts_left`` (the conversation's or the code's), lowered to the wrong secrets this
    conversation may still send before the account's own budget locks it (:func:`lock_for`).

    Otherwise "2 tries left" could be followed by "paused" when strangers' guesses, or this
    member's from another chat, spent most of the account's day. Only said after the name
    matched (the secret and code steps), so it tells nothing of whether an account exists."""
    source_key = origin.source_key if from_phone_on_file(settings, member, origin) else None
    times = _wrong_secrets(session, member, now, source_key)
    recent = [t for t in times if t > now - DAY]
    account_left = max(min(ACCOUNT_MONTHLY_LIMIT - len(times), ACCOUNT_DAILY_LIMIT - len(recent)), 0)
    return account_left if attempts_left is None else min(attempts_left, account_left)


def from_phone_on_file(settings: Settings | None, member: Member, origin: Origin) -> bool:
    """Is this conversation an SMS whose sender is the member's phone on file?

    Only the Twilio-signed SMS webhook records the channel "sms", with the
    sender's keyed pseudonym as the source; a web chat is always "web" and has
    no phone. False without the settings (no key to compare with).
    """
    return settings is not None and texts_from_phone_on_file(settings, member, origin.channel,
                                                             origin.source_key)


def lock_for(session: Session, settings: Settings | None, member: Member, origin: Origin,
             now: datetime) -> tuple[datetime | None, str | None]:
    """The account lock that stops this conversation, as :func:`account_lock`.

    An SMS from the phone on file is stopped only when the phone's own wrong
    secrets spent the budget: strangers' guesses from other phones or chats
    lock the account for everyone else, never for the member's own phone.
    """
    if from_phone_on_file(settings, member, origin):
        return account_lock(session, member, now, source_key=origin.source_key)
    return account_lock(session, member, now)


def locked_until(session: Session, now: datetime, conversation_id: str, member_id: int | None) -> datetime | None:
    """End of the lock in force on this conversation or this account, if any (staff and tests)."""
    until = conversation_locked_until(session, now, conversation_id, origin_of(session, conversation_id))
    if member_id is not None:
        member = session.get(Member, member_id)
        account_until, _ = account_lock(session, member, now)
        if account_until is not None and (until is None or account_until > until):
            until = account_until
    return until


def unlock_hint(settings: Settings | None, member: Member) -> str:
    """How a locked account can be opened again: by member services (or by waiting)."""
    return UNLOCK_MEMBER_SERVICES


def window_start(session: Session, now: datetime, conversation_id: str) -> datetime:
    """Where the conversation's counting window starts: a day back, or the end of its last lock.

    One query: a check reads it once and hands it to :func:`known_wrong`, :func:`answer_again`
    and :func:`count_failure` (recording a failure adds no lock before the count is read)."""
    since = now - DAY
    last_lock_end = session.scalar(select(func.max(Lockout.locked_until)).where(
        Lockout.conversation_id == conversation_id))
    return last_lock_end if last_lock_end is not None and last_lock_end > since else since


def _failures(session: Session, now: datetime, conversation_id: str, since: datetime | None = None) -> int:
    """Failures of the conversation in the window, after the end of its last lock; ``since``:
    the window's start when the caller read it already (:func:`window_start`)."""
    if since is None:
        since = window_start(session, now, conversation_id)
    return session.scalar(
        select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.conversation_id == conversation_id,
            VerificationAttempt.succeeded.is_(False),
            VerificationAttempt.created_at >= since)
    ) or 0


def guess_hash(settings: Settings | None, conversation_id: str, member: Member | None,
                account: str | None, step: str, guess: str | None) -> str | None:
    """The keyed hash (``keys.REPEATED_GUESS``) of a submitted value, never the value itself.

    ``guess`` is the value as the check compares it (normalised: " 78620 " and
    "78620-0001" are one guess). Salted with the conversation, step, member and
    account, so equal values of different checks never compare. None without
    the settings (no key): such a failure always counts.
    """
    if settings is None or guess is None:
        return None
    salt = f"{conversation_id}\x1f{step}\x1f{member.id if member else ''}\x1f{account or ''}\x1f"
    return keyed_hash(keys.derive(settings.secret_key, keys.REPEATED_GUESS), guess, salt)


def known_wrong(session: Session, since: datetime, conversation_id: str, member: Member | None,
                 account: str | None, step: str, hashed: str | None) -> bool:
    """Did this conversation already fail this step with this value (``hashed``, from
    :func:`guess_hash`), for this member / account, in its window (from ``since``,
    :func:`window_start`)? The caller holds the locks."""
    if hashed is None:
        return False
    return session.scalar(select(VerificationAttempt.id).where(
        VerificationAttempt.conversation_id == conversation_id,
        VerificationAttempt.step == step,
        VerificationAttempt.succeeded.is_(False),
        VerificationAttempt.guess_hash == hashed,
        VerificationAttempt.member_id == member.id if member else VerificationAttempt.member_id.is_(None),
        VerificationAttempt.account_tried == account if account else VerificationAttempt.account_tried.is_(None),
        VerificationAttempt.created_at >= since,
    ).limit(1)) is not None


def _left(conversation_failures: int, attempts_left: int | None) -> int:
    left = CONVERSATION_FAILURE_LIMIT - conversation_failures
    if attempts_left is not None:
        left = min(left, attempts_left)
    return max(left, 0)


def answer_again(session: Session, conversation_id: str, result: str, now: datetime, since: datetime,
                 attempts_left: int | None = None) -> CheckResult:
    """The answer to a repeated wrong value: its result, with the attempts left as they are
    (counted from ``since``, :func:`window_start`). Commits."""
    left = _left(_failures(session, now, conversation_id, since), attempts_left)
    session.commit()
    return CheckResult(result, attempts_left=left)


def _record(session: Session, conversation_id: str, origin: Origin, member_id: int | None,
            account: str | None, step: str, ok: bool, now: datetime, guess_hash: str | None = None) -> None:
    session.add(VerificationAttempt(conversation_id=conversation_id, member_id=member_id, step=step,
                                    succeeded=ok, created_at=now, channel=origin.channel,
                                    source_key=origin.source_key, account_tried=account,
                                    guess_hash=guess_hash))
    session.flush()


def _failed(session: Session, settings: Settings | None, conversation_id: str, origin: Origin,
            member: Member | None, account: str | None, step: str, result: str, now: datetime,
            attempts_left: int | None = None, guess: str | None = None) -> CheckResult:
    """Count a failure against the conversation, the source and (secrets only) the account; answer.

    The caller holds the draft's, the source's and (secrets) the member's lock and read ``now`` after them.

    ``guess``: the submitted value as the check compares it. A failure whose value
    this conversation already failed at this step, for this member / account, in
    its counting window is not counted again (not for the conversation, the source
    nor the account) and is answered as the first time: same result, attempts
    left unchanged, no new lock-out or notice. Repeating a guess already known to
    be wrong gives an attacker nothing, so not counting it weakens no limit; a
    member whose turn was dropped (the web app stops waiting after 10 s) or who
    sent twice is not pushed towards a lock. A different wrong value always
    counts. Only a keyed hash of the value is stored (:func:`guess_hash`). Exact
    under concurrency: the draft lock orders two sends of one value, and the
    second sees the first's row.
    """
    hashed = guess_hash(settings, conversation_id, member, account, step, guess)
    since = window_start(session, now, conversation_id)
    if known_wrong(session, since, conversation_id, member, account, step, hashed):
        if member is not None and step in SECRET_STEPS:
            attempts_left = tries_before_lock(session, settings, member, origin, now, attempts_left)
        return answer_again(session, conversation_id, result, now, since, attempts_left)
    return count_failure(session, settings, conversation_id, origin, member, account, step, result, now,
                         attempts_left, hashed, since)


def count_failure(session: Session, settings: Settings | None, conversation_id: str, origin: Origin,
                  member: Member | None, account: str | None, step: str, result: str, now: datetime,
                  attempts_left: int | None = None, hashed: str | None = None,
                  since: datetime | None = None) -> CheckResult:
    """Count a failure that is no repeat (``_failed`` checked it) and answer; ``hashed`` is kept
    so that the same value sent again is known (:func:`guess_hash`); ``since``: the window's
    start as that check read it (:func:`window_start`). Same locks as ``_failed``."""
    counts_for_account = member is not None and step in SECRET_STEPS
    # The caller holds the member row lock, so "locked before" and "locked after" are exact.
    was_locked = counts_for_account and account_lock(session, member, now)[0] is not None
    _record(session, conversation_id, origin, member.id if member else None, account, step, False, now, hashed)
    conversation_failures = _failures(session, now, conversation_id, since)
    locked = None
    if conversation_failures >= CONVERSATION_FAILURE_LIMIT:
        locked = now + LOCKOUT_DURATION
        session.add(Lockout(conversation_id=conversation_id, locked_at=now, locked_until=locked))
    account_until = None
    if counts_for_account:
        account_until, level = account_lock(session, member, now)
        if account_until is not None and not was_locked:
            session.add(Lockout(member_id=member.id, locked_at=now, locked_until=account_until))
            on_lockout(session, settings, member, origin, level, now)
        if account_until is not None and from_phone_on_file(settings, member, origin):
            # The phone on file is answered by its own guesses only: a wrong ZIP, not the strangers' lock.
            account_until, _level = lock_for(session, settings, member, origin, now)
    session.commit()
    if account_until is not None:
        return CheckResult(LOCKED, attempts_left=0, locked_until=account_until, lock_scope=ACCOUNT_SCOPE,
                           unlock=unlock_hint(settings, member))
    if locked is not None:
        return CheckResult(LOCKED, attempts_left=0, locked_until=locked, lock_scope=CONVERSATION_SCOPE)
    if counts_for_account:
        attempts_left = tries_before_lock(session, settings, member, origin, now, attempts_left)
    return CheckResult(result, attempts_left=_left(conversation_failures, attempts_left))


def on_lockout(session: Session, settings: Settings | None, member: Member, origin: Origin,
               level: str | None, now: datetime) -> None:
    """Hook: an account was just locked (notices are queued by ``backend.notify.notices``)."""
    from backend.notify import notices  # local: notices imports this module

    ids = notices.lockout(session, settings, member, origin.channel, level, now)
    session.info.setdefault(NOTICES_KEY, []).extend(ids)
