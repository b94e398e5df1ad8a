"""Identity verification for a conversation, in the two steps of the co-op's guide.

Step 1: the account number and the last name or business name must belong
together (tolerant matching, see ``backend.names``). Step 2: the mailing ZIP
code or the last four digits of the SSN/TIN. What a conversation has proven is
kept server side in its ``RegistrationDraft`` row, so the action server never
holds a secret and later steps (register, reset, unsubscribe) only ask "is
this conversation verified?".

Guessing is limited. Every check is recorded (``VerificationAttempt``);
``CONVERSATION_FAILURE_LIMIT`` failures in one conversation lock that
conversation, and ``ACCOUNT_FAILURE_LIMIT`` failures against one account
(from any conversations) within ``FAILURE_WINDOW`` lock the account, each for
``LOCKOUT_DURATION`` (``Lockout`` rows). Failures before a lock ended do not
count again afterwards. Every function takes ``now`` so tests can move time.

An unknown account number and a wrong name give the same answer, with the
same attempts left, so step 1 does not reveal which accounts exist. (An
account that has been locked says "locked"; reaching that takes five wrong
guesses from at least two conversations.)
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from backend import names
from backend.config import Settings
from backend.errors import BadInput, StepOutOfOrder
from backend.hashing import identity_hash_matches
from backend.masking import mask_email
from backend.models import (
    LIVE_STATUSES,
    Lockout,
    Member,
    Registration,
    RegistrationDraft,
    VerificationAttempt,
    utcnow,
)

CONVERSATION_FAILURE_LIMIT = 3
ACCOUNT_FAILURE_LIMIT = 5
FAILURE_WINDOW = timedelta(hours=24)
LOCKOUT_DURATION = timedelta(minutes=60)
# How long a verified identity may be used by the conversation's next steps.
VERIFIED_FOR = timedelta(hours=2)

# Results (see CheckResult in backend/openapi.yaml).
MATCH = "match"
NO_MATCH = "no_match"
VERIFIED = "verified"
MISMATCH = "mismatch"
LOCKED = "locked"

NAME_STEP = "name"
SECRET_STEP = "secret"

_ACCOUNT_NOISE = re.compile(r"[\s\-.#]")
_ACCOUNT = re.compile(r"\d{6,12}")
_ZIP = re.compile(r"(\d{5})(?:-?\d{4})?")
_LAST4 = re.compile(r"\d{4}")
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class CheckResult:
    result: str
    attempts_left: int | None = None
    locked_until: datetime | None = None
    registration_status: str | None = None
    email_masked: str | None = None

    def as_json(self) -> dict:
        data = {key: value for key, value in asdict(self).items() if value is not None}
        if self.locked_until is not None:
            data["locked_until"] = self.locked_until.isoformat()
        return data


# --- inputs ---------------------------------------------------------------

def normalise_account_number(value: str | None) -> str:
    """Digits only ("100-123 4567" -> "1001234567"); leading zeros are part of the number."""
    account = _ACCOUNT_NOISE.sub("", str(value or ""))
    if not _ACCOUNT.fullmatch(account):
        raise BadInput("invalid_account_number", "an account number has 6 to 12 digits")
    return account


def _normalise_zip(value: str) -> str:
    match = _ZIP.fullmatch(value.strip().replace(" ", ""))
    if not match:
        raise BadInput("invalid_zip", "a ZIP code has 5 digits (ZIP+4 accepted)")
    return match.group(1)


def _normalise_last4(value: str) -> str:
    digits = value.strip().replace(" ", "")
    if not _LAST4.fullmatch(digits):
        raise BadInput("invalid_tax_id_last4", "the last four of the SSN/TIN are 4 digits")
    return digits


# --- drafts ---------------------------------------------------------------

def get_draft(session: Session, conversation_id: str) -> RegistrationDraft | None:
    return session.get(RegistrationDraft, conversation_id)


def draft_for(session: Session, conversation_id: str, now: datetime | None = None) -> RegistrationDraft:
    """The conversation's draft, created empty when it has none."""
    draft = session.get(RegistrationDraft, conversation_id)
    if draft is None:
        now = now or utcnow()
        draft = RegistrationDraft(conversation_id=conversation_id, created_at=now, updated_at=now, resends=0)
        session.add(draft)
        session.flush()
    return draft


def is_verified(draft: RegistrationDraft | None, now: datetime | None = None) -> bool:
    """Did this conversation pass both steps, recently enough?"""
    if draft is None or draft.member_id is None or draft.verified_at is None:
        return False
    return (now or utcnow()) - draft.verified_at <= VERIFIED_FOR


def verified_member(session: Session, conversation_id: str, now: datetime | None = None) -> tuple[RegistrationDraft, Member]:
    """The draft and member of a verified conversation; raises ``StepOutOfOrder`` otherwise."""
    draft = get_draft(session, conversation_id)
    if not is_verified(draft, now):
        raise StepOutOfOrder()
    return draft, session.get(Member, draft.member_id)


def live_registration(session: Session, member_id: int) -> Registration | None:
    return session.scalars(
        select(Registration).where(Registration.member_id == member_id, Registration.status.in_(LIVE_STATUSES))
    ).first()


def _forget_identity(draft: RegistrationDraft) -> None:
    draft.member_id = None
    draft.name_matched_at = None
    draft.verified_at = None
    draft.registration_id = None
    draft.resends = 0


# --- limits ---------------------------------------------------------------

def locked_until(session: Session, now: datetime, conversation_id: str, member_id: int | None) -> datetime | None:
    """End of the latest lock on this conversation or this account, if one is in force."""
    scope = [Lockout.conversation_id == conversation_id]
    if member_id is not None:
        scope.append(Lockout.member_id == member_id)
    return session.scalar(select(func.max(Lockout.locked_until)).where(or_(*scope), Lockout.locked_until > now))


def _failures(session: Session, now: datetime, *, conversation_id: str | None = None, member_id: int | None = None) -> int:
    """Failures in the window, after the end of the last lock of the same scope."""
    if conversation_id is not None:
        attempt_scope = VerificationAttempt.conversation_id == conversation_id
        lock_scope = Lockout.conversation_id == conversation_id
    else:
        attempt_scope = VerificationAttempt.member_id == member_id
        lock_scope = Lockout.member_id == member_id
    since = now - FAILURE_WINDOW
    last_lock_end = session.scalar(select(func.max(Lockout.locked_until)).where(lock_scope))
    if last_lock_end is not None and last_lock_end > since:
        since = last_lock_end
    return session.scalar(
        select(func.count()).select_from(VerificationAttempt).where(
            attempt_scope, VerificationAttempt.succeeded.is_(False), VerificationAttempt.created_at >= since
        )
    ) or 0


def _record(session: Session, conversation_id: str, member_id: int | None, step: str, ok: bool, now: datetime) -> None:
    session.add(VerificationAttempt(conversation_id=conversation_id, member_id=member_id, step=step,
                                    succeeded=ok, created_at=now))
    session.flush()


def _failed(session: Session, conversation_id: str, member: Member | None, step: str, result: str,
            now: datetime) -> CheckResult:
    """Count a failure, lock what reached its limit, and answer."""
    _record(session, conversation_id, member.id if member else None, step, False, now)
    until = now + LOCKOUT_DURATION
    conversation_failures = _failures(session, now, conversation_id=conversation_id)
    conversation_locked = conversation_failures >= CONVERSATION_FAILURE_LIMIT
    if conversation_locked:
        session.add(Lockout(conversation_id=conversation_id, locked_at=now, locked_until=until))
    account_locked = False
    if member is not None and _failures(session, now, member_id=member.id) >= ACCOUNT_FAILURE_LIMIT:
        session.add(Lockout(member_id=member.id, locked_at=now, locked_until=until))
        account_locked = True
    session.commit()
    # In step 1 an account lock is not announced: an unknown account could not be locked.
    if conversation_locked or (account_locked and step == SECRET_STEP):
        return CheckResult(LOCKED, attempts_left=0, locked_until=until)
    return CheckResult(result, attempts_left=CONVERSATION_FAILURE_LIMIT - conversation_failures)


def _attempts_left(session: Session, conversation_id: str, now: datetime) -> int:
    return max(CONVERSATION_FAILURE_LIMIT - _failures(session, now, conversation_id=conversation_id), 0)


# --- the two steps --------------------------------------------------------

def check_account(session: Session, conversation_id: str, account_number: str, name: str,
                  now: datetime | None = None) -> CheckResult:
    """Step 1: does ``account_number`` belong to ``name``? Commits the attempt."""
    now = now or utcnow()
    account = normalise_account_number(account_number)
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise BadInput("invalid_name", f"a last name or business name of 1 to {MAX_NAME_LENGTH} characters")
    member = session.scalars(select(Member).where(Member.account_number == account)).first()
    lock = locked_until(session, now, conversation_id, member.id if member else None)
    if lock is not None:
        return CheckResult(LOCKED, attempts_left=0, locked_until=lock)
    draft = draft_for(session, conversation_id, now)
    if member is None or not names.matches(name, member.name_key):
        _forget_identity(draft)
        return _failed(session, conversation_id, member, NAME_STEP, NO_MATCH, now)
    _record(session, conversation_id, member.id, NAME_STEP, True, now)
    if draft.member_id != member.id:
        _forget_identity(draft)
        draft.member_id = member.id
    draft.name_matched_at = now
    draft.updated_at = now
    session.commit()
    return CheckResult(MATCH, attempts_left=_attempts_left(session, conversation_id, now))


def verify_secret(session: Session, settings: Settings, conversation_id: str, zip_code: str | None = None,
                  tax_id_last4: str | None = None, now: datetime | None = None) -> CheckResult:
    """Step 2: the mailing ZIP or the SSN/TIN last four (each one given must match). Commits."""
    now = now or utcnow()
    draft = get_draft(session, conversation_id)
    if draft is None or draft.member_id is None or draft.name_matched_at is None:
        raise StepOutOfOrder("not_verified", "check the account number and name first")
    zip_code = _normalise_zip(zip_code) if zip_code not in (None, "") else None
    last4 = _normalise_last4(tax_id_last4) if tax_id_last4 not in (None, "") else None
    if zip_code is None and last4 is None:
        raise BadInput("missing_secret", "give the mailing ZIP code or the last four of the SSN/TIN")
    member = session.get(Member, draft.member_id)
    lock = locked_until(session, now, conversation_id, member.id)
    if lock is not None:
        return CheckResult(LOCKED, attempts_left=0, locked_until=lock)
    # Both answers are stored only as keyed hashes with the member's salt (backend.members_import).
    ok = True
    if zip_code is not None:
        ok = ok and identity_hash_matches(settings.secret_key, zip_code, member.secret_salt, member.mailing_zip_hash)
    if last4 is not None:
        ok = ok and identity_hash_matches(settings.secret_key, last4, member.secret_salt, member.tax_id_hash)
    if not ok:
        draft.verified_at = None
        return _failed(session, conversation_id, member, SECRET_STEP, MISMATCH, now)
    _record(session, conversation_id, member.id, SECRET_STEP, True, now)
    draft.verified_at = now
    draft.updated_at = now
    registration = live_registration(session, member.id)
    session.commit()
    return CheckResult(
        VERIFIED,
        attempts_left=_attempts_left(session, conversation_id, now),
        registration_status=registration.status if registration else "none",
        email_masked=mask_email(registration.email) if registration else None,
    )


def forget_conversation(session: Session, conversation_id: str) -> None:
    """"Start over": drop what the conversation proved; attempts and locks stay. Commits."""
    draft = get_draft(session, conversation_id)
    if draft is not None:
        session.delete(draft)
    session.commit()
