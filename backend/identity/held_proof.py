"""A ZIP or last 4 that came with an account number and a name that did not match, held for minutes.

"I'd like to register: account 5101000012, name Fairbanks, ..., SSN last 4 2233", then "sorry, wrong
number, it's 5101000021": the proof could not be checked with the first number (it never is before
number and name match), and asking for it again after the correction makes the member repeat a
secret. So it is held on the conversation's draft, sealed (AES-GCM under the ``held-proof`` key,
bound to the conversation: ``backend.privacy.sealing``), for ``HELD_FOR``, and checked once, as any
proof is (same budgets, same answers), when the corrected number and the name match. Taking it
clears it, whatever the check says, and a proof checked since (typed with the correction) spends
it unchecked; a proof held and never taken is dropped when it is stale, at the
check and by the sender's housekeeping (``drop_stale``): the draft is kept for days, its proof not.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.core import clock, keys
from backend.core.config import Settings
from backend.core.errors import BadInput
from backend.identity import verification
from backend.identity.budget import SECRET_STEP, CheckResult
from backend.privacy.sealing import Unreadable, seal, unseal
from backend.storage import row_locks
from backend.storage.models import RegistrationDraft, VerificationAttempt

HELD_FOR = timedelta(minutes=30)
HELD = "held"
NONE_HELD = "none_held"


def _key(settings: Settings) -> str:
    return keys.derive(settings.secret_key, keys.HELD_PROOF)


def hold(session: Session, settings: Settings, conversation_id: str, zip_code: str | None,
         tax_id_last4: str | None, now: clock.Now = None) -> CheckResult:
    """Hold the proof (checked for its form only, never against a member). Commits."""
    zip_code = zip_code or None
    last4 = tax_id_last4 or None
    if zip_code is None and last4 is None:
        raise BadInput("missing_secret", "give a ZIP code or the last 4 of the SSN/TIN")
    verification._refuse_unaccepted(settings, {"zip": zip_code, "ssn": last4})
    proof = {"zip": verification._normalise_zip(zip_code) if zip_code else None,
             "last4": verification._normalise_last4(last4) if last4 else None}
    draft = row_locks.lock_or_create_draft(session, conversation_id)
    draft.held_proof = seal(_key(settings), json.dumps(proof), conversation_id)
    draft.held_proof_at = clock.read(now)
    session.commit()
    return CheckResult(HELD)


def check_held(session: Session, settings: Settings, conversation_id: str, now: clock.Now = None) -> CheckResult:
    """The held proof checked with the account and name matched since (``verify_secret``: counted,
    answered like a proof typed now), or ``none_held``. Commits; the proof is gone either way."""
    now = clock.read(now)
    draft = row_locks.lock_draft(session, conversation_id)
    sealed = draft.held_proof if draft is not None else None
    held_at = draft.held_proof_at if draft is not None else None
    if draft is not None and sealed is not None:
        draft.held_proof = None
        draft.held_proof_at = None
        session.commit()
    else:
        session.rollback()
    if sealed is None or held_at is None or now - held_at > HELD_FOR or _proof_checked_since(session, conversation_id,
                                                                                           held_at):
        return CheckResult(NONE_HELD)
    try:
        proof = json.loads(unseal(_key(settings), sealed, conversation_id))
    except Unreadable:
        return CheckResult(NONE_HELD)
    result = verification.verify_secret(session, settings, conversation_id, zip_code=proof.get("zip"),
                                        tax_id_last4=proof.get("last4"), now=now)
    return dataclasses.replace(result, proof_method="zip" if proof.get("zip") else "last4")


def _proof_checked_since(session: Session, conversation_id: str, held_at) -> bool:
    """Was a proof checked in the conversation since it was held ("wrong number, it's 5101000021,
    last 4 2233": the typed one)? Then the held one was spent with it: never checked later against
    another account the conversation names, a proof the member never gave for that account."""
    return session.scalar(
        select(VerificationAttempt.id).where(VerificationAttempt.conversation_id == conversation_id,
                                             VerificationAttempt.step == SECRET_STEP,
                                             VerificationAttempt.created_at >= held_at).limit(1)) is not None


def drop_stale(session: Session, settings: Settings, now: clock.Now = None) -> int:
    """Clear the proofs held longer than ``HELD_FOR`` and never taken; return how many.

    Housekeeping (the sender's chore, in its transaction): a member who left after "wrong number"
    leaves a sealed ZIP or last 4 on a draft kept for days (an SMS draft is touched by every later
    conversation from its phone); past its minutes no check reads it, so it is not kept. Idempotent."""
    cutoff = clock.read(now) - HELD_FOR
    return session.execute(
        update(RegistrationDraft)
        .where(RegistrationDraft.held_proof_at.is_not(None), RegistrationDraft.held_proof_at < cutoff)
        .values(held_proof=None, held_proof_at=None)
        .execution_options(synchronize_session=False)).rowcount
