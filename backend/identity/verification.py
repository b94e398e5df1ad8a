"""Identity verification for a conversation, in the two steps of the co-op's guide.

Step 1: the account number and the last name or business name must belong
together (tolerant matching, see ``backend.identity.names``). Step 2: a proof the
co-op accepts (``COOPBOT_PROOFS``): the mailing ZIP code, the last four digits of
the SSN/TIN, or the meter number as printed on the bill. With ``COOPBOT_VERIFY_POLICY=phone``
a registration also needs possession of the phone on file: an SMS from that
number, or a one-time code texted to it (``backend.identity.possession``). What a
conversation has proven is kept server side in its ``RegistrationDraft`` row,
so the action server never holds a secret.

Guessing budget (every check is a ``VerificationAttempt`` with its channel and
source):

- per account, across every channel and conversation: at most
  ``ACCOUNT_DAILY_LIMIT`` wrong secrets (ZIP, last 4, meter number, one-time code) in 24
  hours and ``ACCOUNT_MONTHLY_LIMIT`` in 30 days. The windows roll, so a
  lock-out lasts until the oldest counted guess leaves its window: a day at
  first, up to 30 days once the monthly budget is spent. Only a one-time code
  to the phone on file or an admin (member services) clears the count
  (``Member.guesses_cleared_at``). Wrong *names* never count here: otherwise
  anyone could lock any account. A locked account texts no code and has no
  code evaluated (``backend.identity.possession``): only time or member services open it,
  for every conversation but an SMS from the phone on file, which only its own
  wrong secrets lock (``budget.lock_for``: a stranger with the bill cannot keep
  the member out);
- per conversation: ``CONVERSATION_FAILURE_LIMIT`` failures of any kind lock
  the conversation for ``LOCKOUT_DURATION``;
- a wrong value the conversation already failed with at that step, for that
  account, within the window (a turn resent after a timeout, a double send)
  is answered as the first time and counts nowhere again (``budget._failed``);
- per source (a phone number's pseudonym, or a web-chat client's network):
  per source *and* account, and growing delays rather than refusals
  (``backend.identity.source_budget``), so a guesser is slowed without shutting out
  the members who share the guesser's network.

No oracle: an unknown account number, a wrong name and a locked account get
the same answer in step 1. Only once number and name match may the member hear
that the account is locked, and how to unlock it.

Exact under concurrency: each check locks the conversation's draft row, the
source and the member row before it counts (``backend.storage.row_locks``), and reads
the time only then (``backend.core.clock``), so parallel guesses are counted one
after the other, exactly one of them locks the account (with its lock-out row,
event and notice), and a verify racing an account switch in the same
conversation verifies only the account it checked. Counts include every
attempt in the window, even one stamped a moment later by another process's
clock. Every function takes ``now`` (a time or a clock) so tests can move time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.core import clock
from backend.identity import account_refs as account_refs_backend, names
from common import account_refs
from common import normalise
from common.normalise import MAX_NAME_LENGTH
from backend.storage import row_locks
from backend.identity import source_budget
from backend.core.config import Settings
from backend.core.errors import BadInput, StepOutOfOrder
from backend.privacy.hashing import identity_hash_matches
from common.masking import mask_email
from backend.notify.notices import NOTICES_KEY
from backend.identity.budget import (  # noqa: F401 - the budget, read through this module by its callers
    ACCOUNT_DAILY_LIMIT,
    ACCOUNT_MONTHLY_LIMIT,
    ACCOUNT_SCOPE,
    CODE_STEP,
    CONVERSATION_FAILURE_LIMIT,
    CONVERSATION_SCOPE,
    CheckResult,
    DAILY,
    DAY,
    LOCKED,
    LOCKOUT_DURATION,
    MONTH,
    MONTHLY,
    Origin,
    SECRET_STEP,
    SECRET_STEPS,
    SOURCE_SCOPE,
    UNLOCK_MEMBER_SERVICES,
    UNLOCK_PHONE_CODE,
    _failed,
    _failures,
    _record,
    account_lock,
    conversation_locked_until,
    lock_for,
    locked_until,
    on_lockout,
    origin_of,
    unlock_hint,
)
from backend.storage.pending import live_registration
from backend.storage.models import (
    PENDING,
    ConversationSource,
    Member,
    RegistrationDraft,
    utcnow,
)

ACCOUNT_FAILURE_LIMIT = ACCOUNT_DAILY_LIMIT
FAILURE_WINDOW = DAY
# Compared against when the account number is unknown, so both paths do the same work.
_NO_NAME = "\x00"
# How long a verified identity may be used by the conversation's next steps.
VERIFIED_FOR = timedelta(hours=2)

# Results (see CheckResult in backend/api/openapi.yaml).
MATCH = "match"
NO_MATCH = "no_match"
VERIFIED = "verified"
MISMATCH = "mismatch"

NAME_STEP = "name"



# --- inputs ---------------------------------------------------------------

def normalise_account_number(value: str | None) -> str:
    """Digits only ("100-123 4567" -> "1001234567"); leading zeros are part of the number."""
    account = normalise.account_number(value)
    if account is None:
        raise BadInput("invalid_account_number", f"an account number has {normalise.ACCOUNT_MIN_DIGITS} to "
                                                 f"{normalise.ACCOUNT_MAX_DIGITS} digits")
    return account


def _normalise_zip(value: str) -> str:
    zip5 = normalise.zip_code(value.strip().replace(" ", ""))
    if zip5 is None:
        raise BadInput("invalid_zip", "a ZIP code has 5 digits (ZIP+4 accepted)")
    return zip5


def _normalise_meter(value: str) -> str:
    meter = normalise.meter_number(value)
    if meter is None:
        raise BadInput("invalid_meter_number",
                       f"a meter number has 1 to {normalise.METER_MAX_LENGTH} letters or digits")
    return meter


def _refuse_unaccepted(settings: Settings, given: dict[str, str | None]) -> None:
    """A proof the co-op does not accept (``COOPBOT_PROOFS``) is refused before anything is looked up."""
    refused = [proof for proof, value in given.items() if value is not None and proof not in settings.proofs]
    if refused:
        raise BadInput("proof_not_accepted", f"this co-op accepts {', '.join(settings.proofs)}, "
                                             f"not {', '.join(refused)}")


def _normalise_last4(value: str) -> str:
    digits = value.strip().replace(" ", "")
    if normalise.tax_id_last4(digits) is None:
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


def _forget_identity(draft: RegistrationDraft) -> None:
    draft.member_id = None
    draft.name_matched_at = None
    draft.verified_at = None
    draft.registration_id = None
    draft.resends = 0
    draft.possession = None
    draft.possession_at = None
    draft.code_hash = None
    draft.code_expires_at = None
    draft.code_tries = 0
    # ``security_answer_words`` stays: the login's answer still stands for the conversation's registration
    # (a second account "same e-mail as before" asks none), so a later message holding it is still redacted
    # until that registration's link expires (``answer_mentions``).
    draft.links_only_at = None


# Notices queued by a check (lock-outs), for the caller to deliver after commit.


def queued_notices(session: Session) -> list[int]:
    return list(session.info.pop(NOTICES_KEY, []))


# --- limits ---------------------------------------------------------------


def remember_origin(session: Session, conversation_id: str, channel: str, source_key: str,
                    now: datetime | None = None) -> None:
    """Record the channel and source of a conversation (the web app calls this; the caller commits)."""
    now = now or utcnow()
    row = session.get(ConversationSource, conversation_id)
    if row is None:
        session.add(ConversationSource(conversation_id=conversation_id, channel=channel,
                                       source_key=source_key, updated_at=now))
    elif row.channel != channel or row.source_key != source_key:
        row.channel, row.source_key, row.updated_at = channel, source_key, now


def source_wait(session: Session, now: datetime, origin: Origin, account: str | None) -> CheckResult | None:
    """The answer when this source must wait before checking ``account`` (``backend.identity.source_budget``)."""
    until = source_budget.wait_until(session, now, origin.source_key, account)
    if until is None:
        return None
    return CheckResult(LOCKED, attempts_left=0, locked_until=until, lock_scope=SOURCE_SCOPE)


def _attempts_left(session: Session, conversation_id: str, now: datetime) -> int:
    return max(CONVERSATION_FAILURE_LIMIT - _failures(session, now, conversation_id), 0)


# --- the two steps --------------------------------------------------------

def check_account(session: Session, conversation_id: str, account_number: str, name: str,
                  now: clock.Now = None, settings: Settings | None = None) -> CheckResult:
    """Step 1: does ``account_number`` belong to ``name``? Commits the attempt.

    ``account_number`` is the number, or the keyed reference the dialogue keeps for
    one that could be an SSN (``backend.identity.account_refs``; needs ``settings``).

    Unknown account, wrong name and locked account answer alike ("no_match",
    or "locked" for the conversation's or source's own lock), after the same
    statements; only a matching number and name may hear that the account is
    locked (and nothing is texted then).
    """
    ref = account_number if account_refs.is_reference(account_number) else None
    account = None if ref else normalise_account_number(account_number)
    if (ref or account_refs_backend.could_be_ssn(account)) and settings is None:
        raise ValueError("checking a number that could be an SSN needs the settings (its key)")
    tried = account_refs_backend.tried_key_of(ref) if ref else account_refs_backend.tried_key(settings, account)
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise BadInput("invalid_name", f"a last name or business name of 1 to {MAX_NAME_LENGTH} characters")
    draft = row_locks.lock_or_create_draft(session, conversation_id)
    origin = origin_of(session, conversation_id)
    row_locks.lock_source(session, origin.source_key)
    now = clock.read(now)
    lock = conversation_locked_until(session, now, conversation_id, origin)
    if lock is not None:
        session.rollback()
        return CheckResult(LOCKED, attempts_left=0, locked_until=lock, lock_scope=CONVERSATION_SCOPE)
    wait = source_wait(session, now, origin, tried)
    if wait is not None:
        session.rollback()
        return wait
    if ref:
        member = account_refs_backend.member_of(session, settings, ref)
    else:
        member = session.scalars(select(Member).where(Member.account_number == account)).first()
    if member is not None and member.closed_at is not None:
        member = None  # closed in billing: answered exactly as an unknown account (no oracle)
    matched = names.matches(name, member.name_key if member else _NO_NAME)
    if member is None or not matched:
        _forget_identity(draft)
        return _failed(session, settings, conversation_id, origin, member, tried, NAME_STEP, NO_MATCH, now,
                       guess=names.guess_form(name))
    account_until, _level = lock_for(session, settings, member, origin, now)
    if account_until is not None:
        # Nothing more for this conversation: no code is texted to unlock it (a
        # stranger could have one texted again and again), no guess is heard.
        # An SMS from the phone on file gets here only when its own guesses spent the budget.
        _forget_identity(draft)
        # The number and name match: a link to the address on file may still go, nothing else
        # (``links_through_the_lock``). The answer is the lock's, as before.
        draft.member_id = member.id
        draft.name_matched_at = now
        draft.updated_at = now
        session.commit()
        return CheckResult(LOCKED, attempts_left=0, locked_until=account_until, lock_scope=ACCOUNT_SCOPE,
                           unlock=unlock_hint(settings, member))
    _record(session, conversation_id, origin, member.id, tried, NAME_STEP, True, now)
    if draft.member_id != member.id:
        _forget_identity(draft)
        draft.member_id = member.id
    draft.name_matched_at = now
    draft.updated_at = now
    session.commit()
    return CheckResult(MATCH, attempts_left=_attempts_left(session, conversation_id, now),
                       name_on_file=names.as_on_file(name, member.last_name_or_business))


def verify_secret(session: Session, settings: Settings, conversation_id: str, zip_code: str | None = None,
                  tax_id_last4: str | None = None, now: clock.Now = None,
                  meter_number: str | None = None) -> CheckResult:
    """Step 2: a proof the co-op accepts (``COOPBOT_PROOFS``): the mailing ZIP, the SSN/TIN
    last four or the meter number (each one given must match). Commits.

    A wrong meter number counts against the same budget as a wrong ZIP (``SECRET_STEP``).
    """
    zip_code = zip_code if zip_code not in (None, "") else None
    last4 = tax_id_last4 if tax_id_last4 not in (None, "") else None
    meter = meter_number if meter_number not in (None, "") else None
    _refuse_unaccepted(settings, {"zip": zip_code, "ssn": last4, "meter": meter})
    zip_code = _normalise_zip(zip_code) if zip_code is not None else None
    last4 = _normalise_last4(last4) if last4 is not None else None
    meter = _normalise_meter(meter) if meter is not None else None
    if zip_code is None and last4 is None and meter is None:
        raise BadInput("missing_secret", f"give one of: {', '.join(settings.proofs)}")
    draft = row_locks.lock_draft(session, conversation_id)
    if draft is None or draft.member_id is None or draft.name_matched_at is None:
        session.rollback()
        raise StepOutOfOrder("not_verified", "check the account number and name first")
    origin = origin_of(session, conversation_id)
    row_locks.lock_source(session, origin.source_key)
    member = row_locks.lock_member(session, draft.member_id)
    now = clock.read(now)
    lock = conversation_locked_until(session, now, conversation_id, origin)
    if lock is not None:
        session.rollback()
        return CheckResult(LOCKED, attempts_left=0, locked_until=lock, lock_scope=CONVERSATION_SCOPE)
    tried = account_refs_backend.tried_key(settings, member.account_number)
    wait = source_wait(session, now, origin, tried)
    if wait is not None:
        session.rollback()
        return wait
    account_until, _level = lock_for(session, settings, member, origin, now)
    ok = _proof_matches(settings, member, zip_code, last4, meter)
    if account_until is not None:
        # Locked for this conversation: no sign-up, no code. The proof is compared but never told (the
        # answer is the lock's, whatever was given: no guess at the ZIP); a right one lets only a link
        # to the address on file go (``links_through_the_lock``). Every proof, right or wrong, is counted
        # alike against the conversation and the source (their limits and slowdown apply, and reaching
        # them tells nothing of which value was right), never against the account the strangers already
        # locked: the member resetting through the lock spends one of the conversation's tries. Whether
        # a code is needed is settled as for anyone (it depends on the account alone), so the reset's
        # answer is the same for a right proof and a wrong one.
        from backend.identity import possession

        draft.verified_at = None
        draft.links_only_at = now if ok else None
        possession.settle_on_verify(session, settings, draft, member, origin, now)
        draft.updated_at = now
        _failed(session, settings, conversation_id, origin, None, tried, SECRET_STEP, MISMATCH, now,
                guess=f"zip={zip_code or ''};ssn={last4 or ''};meter={meter or ''}")
        return CheckResult(LOCKED, attempts_left=0, locked_until=account_until, lock_scope=ACCOUNT_SCOPE,
                           unlock=unlock_hint(settings, member))
    if not ok:
        draft.verified_at = None
        return _failed(session, settings, conversation_id, origin, member, tried, SECRET_STEP, MISMATCH, now,
                       guess=f"zip={zip_code or ''};ssn={last4 or ''};meter={meter or ''}")
    _record(session, conversation_id, origin, member.id, tried, SECRET_STEP, True, now)
    # Conditional: verifies only the account that was checked, whatever raced in the meantime.
    changed = session.execute(
        update(RegistrationDraft)
        .where(RegistrationDraft.conversation_id == conversation_id,
               RegistrationDraft.member_id == member.id,
               RegistrationDraft.name_matched_at.is_not(None))
        .values(verified_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        session.rollback()
        raise StepOutOfOrder("not_verified", "check the account number and name first")
    session.refresh(draft)
    from backend.identity import possession

    settled = possession.settle_on_verify(session, settings, draft, member, origin, now)
    registration = live_registration(session, settings, member.id, now)
    if settled == possession.CODE_REQUIRED:
        # The phone on file is still to be proven: an account with a login (pending or active) is
        # answered as one without, and no address is named ("Who has a login: no oracle"); the
        # code's answer tells once it is proven (``possession.check_code``).
        registration = None
    elif registration is not None and registration.status == PENDING and settled in possession.PHONE_PROOFS:
        # A pending registration this conversation replaces (``backend.storage.pending.may_replace``):
        # the sign-up goes on as for an account without one.
        registration = None
    session.commit()
    return CheckResult(
        VERIFIED,
        attempts_left=_attempts_left(session, conversation_id, now),
        registration_status=registration.status if registration else "none",
        email_masked=mask_email(registration.email) if registration else None,
        possession=settled,
    )


def _proof_matches(settings: Settings, member: Member, zip_code: str | None, last4: str | None,
                   meter: str | None) -> bool:
    """Does every proof given match the account? Each is stored only as a keyed hash with the member's
    salt (backend.accounts.members_import); the meter number in its normalised form, hashed with the
    derived key only (no legacy rows). Each given is compared, so a check takes the same work."""
    ok = member.closed_at is None  # closed in billing since step 1: no proof counts for it
    if zip_code is not None:
        ok = ok and identity_hash_matches(settings.secret_key, zip_code, member.secret_salt, member.mailing_zip_hash)
    if last4 is not None:
        ok = ok and identity_hash_matches(settings.secret_key, last4, member.secret_salt, member.tax_id_hash)
    if meter is not None:
        ok = identity_hash_matches(settings.secret_key, meter, member.secret_salt, member.meter_hash,
                                   legacy=False) and ok
    return ok


def links_through_the_lock(session: Session, settings: Settings, conversation_id: str,
                           now: datetime) -> tuple[RegistrationDraft, Member, bool] | None:
    """A conversation whose account number and name matched while the account is locked for it:
    its draft, its member, and whether its proof matched too (then a link may be mailed), else None.

    The lock stops what a stranger could use (a sign-up, an address change, a code); a password
    reset or a "confirm deleting" link goes only to the address on file, so it passes through, still
    within the day's link mails (``backend.accounts.link_mails``). A stranger's five wrong ZIPs no
    longer keep the member of an account with no phone on file from their own reset. Whatever the
    proof, the answer is the same (the link is mailed only for a right one): the lock gives no guess.
    """
    draft = get_draft(session, conversation_id)
    if (draft is None or draft.member_id is None or draft.name_matched_at is None
            or now - draft.name_matched_at > VERIFIED_FOR):
        return None
    member = session.get(Member, draft.member_id)
    until, _level = lock_for(session, settings, member, origin_of(session, conversation_id), now)
    if until is None:
        return None
    proven = draft.links_only_at is not None and now - draft.links_only_at <= VERIFIED_FOR
    return draft, member, proven


def forget_conversation(session: Session, conversation_id: str) -> None:
    """"Start over", or the next account after a finished sign-up: drop what the conversation
    proved of the account; attempts and locks stay. Commits.

    Two things outlive the account, in a fresh draft: the answer's keyed hash, which only redacts
    (the login's answer still stands for the conversation's registration while its link runs:
    ``answer_mentions``), and the phone number this conversation proved by a code (only its
    pseudonym and when): the member adding a second account with that phone on file types no
    second code while the proof is fresh (``backend.identity.possession.proven_here``)."""
    draft = get_draft(session, conversation_id)
    if draft is not None:
        kept = {"security_answer_words": draft.security_answer_words,
                "phone_proven_key": draft.phone_proven_key, "phone_proven_at": draft.phone_proven_at}
        session.delete(draft)
        session.flush()
        if any(kept.values()):
            session.add(RegistrationDraft(conversation_id=conversation_id, created_at=draft.created_at,
                                          updated_at=utcnow(), resends=0, **kept))
    session.commit()
