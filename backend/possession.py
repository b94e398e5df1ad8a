"""Possession of the phone on file (``COOPBOT_VERIFY_POLICY=phone``): an SMS from it, or a code.

Bill data (account number, name, ZIP) is printed on every bill, and the
activation link goes to an address the *caller* chooses; so before a
registration is made, a member who is not texting from the phone on file
proves they hold it with a 6-digit one-time code texted there:

- the code is random (``secrets``), stored only as a keyed hash, valid for
  ``CODE_TTL`` and ``CODE_TRIES`` guesses; every wrong code also counts
  against the account's guessing budget (``backend.verification``);
- ``MAX_SENDS`` codes per conversation and ``MAX_SENDS_PER_MEMBER`` per
  account per hour, never to an opted-out number;
- an SMS conversation whose sender is the phone on file (the sender id is the
  phone's keyed pseudonym, ``backend.sms_consent.phone_key``) needs no code;
- no phone on file, or a text that cannot be delivered (opted out, Twilio
  refuses it, or Twilio's status callback later reports the number cannot
  receive texts at all: a landline, a number that does not exist): the member
  is told plainly and the bill-data path stands.

A correct code also clears the account's counted wrong guesses (it is the
one unlock that a bill-holder cannot perform).

``Draft.possession`` records how possession was settled: ``sms``, ``code``,
``no_phone``, ``undeliverable`` or ``policy_bill``; None while a code is
required. ``settle_on_verify`` answers with one of ``sms``, ``code``,
``no_phone_on_file``, ``not_required`` or ``code_required``.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend import keys
from backend.config import Settings
from backend.errors import BadInput, StepOutOfOrder
from backend.hashing import keyed_hash, keyed_hash_matches
from backend.models import Member, RegistrationDraft, SecurityEvent, SmsOutbound, utcnow
from backend.redaction import mask_phone
from backend.sms_consent import is_opted_out, phone_key

log = logging.getLogger(__name__)

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=10)
CODE_TRIES = 3
MAX_SENDS = 3
MAX_SENDS_PER_MEMBER = 5
SEND_WINDOW = timedelta(hours=1)
RESEND_AFTER = timedelta(seconds=30)
# Twilio's delivery errors for a number that can never receive a text: 30006
# (a landline, or a carrier without SMS) and 30005 (no such handset). Only these
# open the bill-data path: a phone that is merely off or out of coverage
# (30003) keeps asking for the code, so a stranger cannot wait for one.
CANNOT_RECEIVE_TEXTS = ("30005", "30006")
BOUNCE_MEMORY = timedelta(days=30)

# Settled states (RegistrationDraft.possession).
SMS, CODE, NO_PHONE, UNDELIVERABLE, POLICY_BILL = "sms", "code", "no_phone", "undeliverable", "policy_bill"
# Answers.
CODE_REQUIRED = "code_required"
NOT_REQUIRED = "not_required"
NO_PHONE_ON_FILE = "no_phone_on_file"
CODE_SENT = "code_sent"
CODE_UNAVAILABLE = "code_unavailable"
TOO_MANY_CODES = "too_many_codes"
VERIFIED = "verified"
MISMATCH = "mismatch"
EXPIRED = "expired"

_SALT = "one-time-code:"


@dataclass(frozen=True)
class CodeResult:
    result: str
    phone_masked: str | None = None
    attempts_left: int | None = None
    locked_until: datetime | None = None

    def as_json(self) -> dict:
        data = {key: value for key, value in asdict(self).items() if value is not None}
        if self.locked_until is not None:
            data["locked_until"] = self.locked_until.isoformat()
        return data


def _code_key(settings: Settings) -> str:
    return keys.derive(settings.secret_key, keys.ONE_TIME_CODE)


def _code_hash(settings: Settings, conversation_id: str, code: str) -> str:
    return keyed_hash(_code_key(settings), code, _SALT + conversation_id)


def texts_from_phone_on_file(settings: Settings, member: Member, channel: str | None,
                             source_key: str | None) -> bool:
    """Is this conversation an SMS whose sender is the member's phone on file?"""
    if channel != "sms" or not member.phone or not source_key:
        return False
    return secrets.compare_digest(phone_key(settings.secret_key, member.phone), source_key)


def settle_on_verify(session: Session, settings: Settings, draft: RegistrationDraft, member: Member,
                     origin, now: datetime) -> str:
    """After the bill-data check: settle possession where it needs no code; say what is left."""
    if settings.verify_policy != "phone":
        _settle(draft, POLICY_BILL, now)
        return NOT_REQUIRED
    if not member.phone:
        _settle(draft, NO_PHONE, now)
        return NO_PHONE_ON_FILE
    if texts_from_phone_on_file(settings, member, origin.channel, origin.source_key):
        _settle(draft, SMS, now)
        return SMS
    if draft.possession in (CODE, SMS):
        return draft.possession
    return CODE_REQUIRED


def _settle(draft: RegistrationDraft, how: str, now: datetime) -> None:
    draft.possession = how
    draft.possession_at = now
    draft.code_hash = None
    draft.code_expires_at = None


def is_settled(settings: Settings, draft: RegistrationDraft) -> bool:
    """May this verified conversation register? (Always, under the bill policy.)"""
    return settings.verify_policy != "phone" or draft.possession is not None


def _draft_for_code(session: Session, conversation_id: str) -> tuple[RegistrationDraft, Member]:
    from backend.verification import _lock_draft

    draft = _lock_draft(session, conversation_id)
    if draft is None or draft.member_id is None or draft.name_matched_at is None:
        session.rollback()
        raise StepOutOfOrder("not_verified", "check the account number and name first")
    return draft, session.get(Member, draft.member_id)


def send_code(session: Session, settings: Settings, conversation_id: str, now: datetime | None = None,
              sender=None) -> CodeResult:
    """Text a fresh code to the phone on file (after step 1 at least). Commits.

    ``sender`` (tests) replaces ``backend.notify.sms.send_sms``.
    """
    from backend.notify import sms

    now = now or utcnow()
    sender = sender or sms.send_sms
    draft, member = _draft_for_code(session, conversation_id)
    if not member.phone:
        _settle(draft, NO_PHONE, now)
        session.commit()
        return CodeResult(CODE_UNAVAILABLE)
    masked = mask_phone(member.phone)
    bounced = _cannot_receive_texts(session, settings, member, now)
    if bounced is not None:  # checked first: "I didn't get it" right after a landline bounce
        return _undeliverable(session, draft, member, now, f"Twilio error {bounced}")
    if draft.code_sent_at is not None and now - draft.code_sent_at < RESEND_AFTER and draft.code_hash:
        session.rollback()
        return CodeResult(CODE_SENT, masked)  # a repeated request: the code just sent stands
    recent = session.scalar(select(func.count()).select_from(SecurityEvent).where(
        SecurityEvent.member_id == member.id, SecurityEvent.kind == "code_sent",
        SecurityEvent.created_at > now - SEND_WINDOW)) or 0
    if (draft.code_sends or 0) >= MAX_SENDS or recent >= MAX_SENDS_PER_MEMBER:
        session.rollback()
        return CodeResult(TOO_MANY_CODES, masked)
    if is_opted_out(session, phone_key(settings.secret_key, member.phone)):
        return _undeliverable(session, draft, member, now, "opted out")
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    body = (f"{settings.coop_name}: your code is {code}. It expires in 10 minutes. "
            "Someone is signing up for online access to your account; if it is not you, "
            "do not share this code.")
    try:
        outcome = sender(settings, session, member.phone, body)
    except Exception as exc:  # noqa: BLE001 - Twilio refused it: a landline, a bad number ...
        log.info("one-time code not delivered: %s", exc.__class__.__name__)
        session.rollback()
        draft, member = _draft_for_code(session, conversation_id)
        return _undeliverable(session, draft, member, now, exc.__class__.__name__)
    if getattr(outcome, "status", None) == "opted_out":
        return _undeliverable(session, draft, member, now, "opted out")
    draft.code_hash = _code_hash(settings, conversation_id, code)
    draft.code_expires_at = now + CODE_TTL
    draft.code_tries = 0
    draft.code_sends = (draft.code_sends or 0) + 1
    draft.code_sent_at = now
    draft.updated_at = now
    session.add(SecurityEvent(member_id=member.id, kind="code_sent", channel="sms", created_at=now))
    session.commit()
    return CodeResult(CODE_SENT, masked)


def _cannot_receive_texts(session: Session, settings: Settings, member: Member, now: datetime) -> str | None:
    """Twilio's error code if the last text to the phone on file bounced for good, else None.

    The send itself succeeds for a landline; the carrier's verdict arrives a few
    seconds later through ``POST /sms/status``, which stores it on the text's row.
    """
    last = session.scalars(
        select(SmsOutbound)
        .where(SmsOutbound.phone_key == phone_key(settings.secret_key, member.phone),
               SmsOutbound.created_at > now - BOUNCE_MEMORY)
        .order_by(SmsOutbound.id.desc()).limit(1)
    ).first()
    if last is not None and last.status in ("undelivered", "failed") and last.error_code in CANNOT_RECEIVE_TEXTS:
        return last.error_code
    return None


def _undeliverable(session: Session, draft: RegistrationDraft, member: Member, now: datetime,
                   why: str) -> CodeResult:
    _settle(draft, UNDELIVERABLE, now)
    session.add(SecurityEvent(member_id=member.id, kind="code_undeliverable", detail=why[:200], created_at=now))
    session.commit()
    return CodeResult(CODE_UNAVAILABLE, mask_phone(member.phone) if member.phone else None)


def check_code(session: Session, settings: Settings, conversation_id: str, code: str | None,
               now: datetime | None = None) -> CodeResult:
    """The member typed the code: settle possession, or count a wrong guess. Commits."""
    from backend import verification

    now = now or utcnow()
    code = "".join(ch for ch in str(code or "") if not ch.isspace() and ch != "-")
    if not (len(code) == CODE_DIGITS and code.isdigit()):
        raise BadInput("invalid_code", f"a one-time code has {CODE_DIGITS} digits")
    draft, member = _draft_for_code(session, conversation_id)
    origin = verification.origin_of(session, conversation_id)
    lock = verification.conversation_locked_until(session, now, conversation_id, origin)
    if lock is not None:
        session.rollback()
        return CodeResult("locked", locked_until=lock)
    member = verification._lock_member(session, member.id)
    if not draft.code_hash or draft.code_expires_at is None or draft.code_expires_at <= now \
            or (draft.code_tries or 0) >= CODE_TRIES:
        session.rollback()
        return CodeResult(EXPIRED)
    if keyed_hash_matches(_code_key(settings), code, _SALT + conversation_id, draft.code_hash):
        _settle(draft, CODE, now)
        draft.updated_at = now
        # Possession of the phone on file: the guessing budget starts afresh.
        member.guesses_cleared_at = now
        verification._record(session, conversation_id, origin, member.id, member.account_number,
                             verification.CODE_STEP, True, now)
        session.commit()
        return CodeResult(VERIFIED)
    draft.code_tries = (draft.code_tries or 0) + 1
    left = CODE_TRIES - draft.code_tries
    if left <= 0:
        draft.code_hash = None
    checked = verification._failed(session, settings, conversation_id, origin, member, member.account_number,
                                   verification.CODE_STEP, MISMATCH, now, attempts_left=left)
    return CodeResult(checked.result, attempts_left=checked.attempts_left, locked_until=checked.locked_until)
