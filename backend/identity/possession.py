"""Possession of the phone on file (``COOPBOT_VERIFY_POLICY=phone``): an SMS from it, or a code.

Bill data (account number, name, ZIP) is printed on every bill, and the
activation link goes to an address the *caller* chooses; so before a
registration is made, a member who is not texting from the phone on file
proves they hold it with a 6-digit one-time code sent there:

- the code is random (``secrets``), stored only as a keyed hash, valid for
  ``CODE_TTL`` and ``CODE_TRIES`` guesses; every wrong code also counts
  against the account's guessing budget (``backend.identity.budget``), except
  the same wrong code sent again, which counts nowhere (not a try either); with
  ``TWILIO_VERIFY_SERVICE_SID`` Twilio Verify makes, sends and checks it
  instead (``backend.identity.twilio_verify``);
- ``MAX_SENDS`` codes per conversation, ``MAX_SENDS_PER_MEMBER`` per
  account per hour and ``MAX_SENDS_PER_MEMBER_PER_DAY`` per account in any
  24 hours: the hourly limit alone let anyone holding a bill text the member
  five codes every hour, all day (some 120 a day), until the member replied
  STOP and heard nothing more from the co-op. Beyond either limit the answer
  is the same ``too_many_codes``;
- an SMS conversation whose sender is the phone on file (the sender id is the
  phone's keyed pseudonym, ``backend.notify.consent.phone_key``;
  ``backend.notify.phone_on_file``) needs no code;
- nor does a second account in the conversation that proved, by a code, that
  very phone number on file within ``CODE_TTL`` (``proven_here``): the proof is
  of the number, kept as its pseudonym in the draft, never lent to another
  number, conversation or a stale proof.
- the code (text, call, Verify's locale) speaks the phone holder's language,
  or the asker's and the default one while that is unknown
  (``backend.identity.code_words``): its warning is for the holder, who may not
  read a stranger's language.

Nothing an attacker can cause weakens the proof (the decision table is in
docs/security.md): a phone that opted out of texts gets no text, and the
member is told to text START from it (texting from the phone on file is
itself the proof); a landline hears the code in a voice call; a number that
takes neither sends the member to member services. Only a phone the co-op
has no number for leaves the bill data alone (there is no phone to prove).

A correct code also clears the account's counted wrong guesses (it is the
one proof that a bill-holder cannot give). A *locked* account texts no code
and has no code evaluated: otherwise every new chat that matched the name
texted the member again and heard another guess. An SMS from the phone on
file is not stopped by strangers' guesses at all (``budget.lock_for``): it is
the phone's holder, and needs no code.

Exact under concurrency: a code is texted and a guess is evaluated with the
conversation's draft, the source and the member row locked
(``backend.storage.row_locks``) and the time read after them (``backend.core.clock``), so
``MAX_SENDS_PER_MEMBER`` and ``CODE_TRIES`` hold however many requests arrive
at once.

``Draft.possession`` records how possession was settled: ``sms``, ``code``,
``no_phone`` or ``policy_bill``; None while a code is required (drafts marked
``undeliverable`` by earlier versions count as None: they are asked for the
code again). ``settle_on_verify`` answers with one of ``sms``, ``code``,
``no_phone_on_file``, ``not_required`` or ``code_required``.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioRestException

from backend.core import clock
from backend.core import keys
from backend.storage import pending, row_locks
from backend.identity import account_refs, code_words, source_budget
from backend.identity.budget import result_json
from backend.notify.phone_on_file import texts_from_phone_on_file
from backend.core.config import Settings
from backend.core.errors import BadInput, StepOutOfOrder
from backend.privacy.hashing import keyed_hash, keyed_hash_matches
from backend.storage.models import Member, RegistrationDraft, SecurityEvent, SmsOutbound
from common.masking import mask_email, mask_phone
from backend.notify.consent import is_opted_out, normalise_phone, phone_key

log = logging.getLogger(__name__)

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=10)
CODE_TRIES = 3
MAX_SENDS = 3
MAX_SENDS_PER_MEMBER = 5
SEND_WINDOW = timedelta(hours=1)
# Ten codes in a rolling 24 hours: a member signing up needs one, a few with a
# typo, an expired code or a second try later that day; twice the hourly limit
# leaves room for that, and a stranger with the bill can no longer text the
# phone more than ten times a day (rolling, so there is no burst at midnight).
MAX_SENDS_PER_MEMBER_PER_DAY = 10
DAILY_SEND_WINDOW = timedelta(hours=24)
RESEND_AFTER = timedelta(seconds=30)
# Twilio's delivery errors for a number that can never receive a text: 30006
# (a landline, or a carrier without SMS) and 30005 (no such handset). Only these
# open the bill-data path: a phone that is merely off or out of coverage
# (30003) keeps asking for the code, so a stranger cannot wait for one.
# 30006 sends the code by a voice call instead; 30005 leaves member services.
LANDLINE, NO_SUCH_HANDSET = "30006", "30005"
CANNOT_RECEIVE_TEXTS = (NO_SUCH_HANDSET, LANDLINE)
BOUNCE_MEMORY = timedelta(days=30)

# Settled states (RegistrationDraft.possession). UNDELIVERABLE is only ever read (older drafts).
SMS, CODE, NO_PHONE, UNDELIVERABLE, POLICY_BILL = "sms", "code", "no_phone", "undeliverable", "policy_bill"
# The settlements that proved the phone on file itself (the others rest on the bill data alone).
PHONE_PROOFS = (SMS, CODE)
SETTLED = (SMS, CODE, NO_PHONE, POLICY_BILL)
# RegistrationDraft.code_hash while Twilio Verify holds the code.
VERIFY_MARKER = "twilio-verify"
# Answers.
CODE_REQUIRED = "code_required"
NOT_REQUIRED = "not_required"
NO_PHONE_ON_FILE = "no_phone_on_file"
CODE_SENT = "code_sent"
CODE_UNAVAILABLE = "code_unavailable"   # Twilio could not be reached: nothing settled, try again
PHONE_OPTED_OUT = "phone_opted_out"     # no text to a phone that sent STOP: text START from it
NO_CHANNEL = "call_member_services"     # the phone takes neither texts nor calls
TOO_MANY_CODES = "too_many_codes"
VERIFIED = "verified"
MISMATCH = "mismatch"
EXPIRED = "expired"
LOCKED = "locked"

_SALT = "one-time-code:"


@dataclass(frozen=True)
class CodeResult:
    result: str
    phone_masked: str | None = None
    attempts_left: int | None = None
    channel: str | None = None      # with code_sent: "sms" or "call"
    locked_until: datetime | None = None
    lock_scope: str | None = None   # with "locked": "account", "conversation" or "source"
    repeated: bool | None = None    # with code_sent: the code sent moments ago stands, nothing new went out
    # With verified: the account's login as the identity check would now tell it (the phone is proven).
    registration_status: str | None = None
    email_masked: str | None = None

    def as_json(self) -> dict:
        return result_json(self)


def _code_key(settings: Settings) -> str:
    return keys.derive(settings.secret_key, keys.ONE_TIME_CODE)


def _code_hash(settings: Settings, conversation_id: str, code: str) -> str:
    return keyed_hash(_code_key(settings), code, _SALT + conversation_id)


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
    if proven_here(settings, draft, member, now):
        _settle(draft, CODE, now)
        return CODE
    return CODE_REQUIRED


def proven_here(settings: Settings, draft: RegistrationDraft, member: Member, now: datetime) -> bool:
    """Did this conversation prove ``member``'s phone on file by a code, within ``CODE_TTL``?

    A member signing up a second account with the same phone on file types the code
    once: that code proved possession of that very number, in this conversation, as
    recently as a code it would text now could be typed. Anything else (another
    number, a phone on file changed since, another conversation, an older proof) is
    texted a code of its own."""
    if draft.phone_proven_key is None or draft.phone_proven_at is None or not member.phone:
        return False
    fresh = now - draft.phone_proven_at <= CODE_TTL
    return fresh and draft.phone_proven_key == phone_key(settings.secret_key, member.phone)


def _settle(draft: RegistrationDraft, how: str, now: datetime) -> None:
    draft.possession = how
    draft.possession_at = now
    draft.code_hash = None
    draft.code_expires_at = None


def is_settled(settings: Settings, draft: RegistrationDraft) -> bool:
    """May this verified conversation register? (Always, under the bill policy.)"""
    return settings.verify_policy != "phone" or draft.possession in SETTLED


def _draft_for_code(session: Session, conversation_id: str, source_key: str | None = None
                    ) -> tuple[RegistrationDraft, Member]:
    """The draft, then the source, then the member, each locked (``backend.storage.row_locks``)."""
    draft = row_locks.lock_draft(session, conversation_id)
    if draft is None or draft.member_id is None or draft.name_matched_at is None:
        session.rollback()
        raise StepOutOfOrder("not_verified", "check the account number and name first")
    row_locks.lock_source(session, source_key)
    return draft, row_locks.lock_member(session, draft.member_id)


def _account_locked(session: Session, settings: Settings, member: Member, origin, now: datetime
                    ) -> CodeResult | None:
    """The answer when the account's guessing budget is spent for this conversation
    (``budget.lock_for``): no code is texted or heard."""
    from backend.identity import budget

    until, _level = budget.lock_for(session, settings, member, origin, now)
    if until is None:
        return None
    return CodeResult(LOCKED, attempts_left=0, locked_until=until, lock_scope=budget.ACCOUNT_SCOPE)


def send_code(session: Session, settings: Settings, conversation_id: str, now: clock.Now = None,
              sender=None, caller=None, language: str | None = None, http_client=None) -> CodeResult:
    """Send a fresh code to the phone on file (after step 1 at least), by the route that works. Commits.

    The decision table is in docs/security.md: a text; a voice call for a
    landline; for an opted-out phone, no text but how to opt in (texting from
    that phone is itself the proof); member services when the phone takes
    neither. Nothing here settles possession: only the right code, or an SMS
    from the phone on file, does. ``sender`` / ``caller`` (tests) replace
    ``backend.notify.sms.send_sms`` / ``backend.notify.voice.call``;
    ``http_client`` is twilio's hook (tests). ``language``: the asker's (the
    conversation's or the page's); the text, the call and Twilio Verify speak the phone
    holder's language when known, else the asker's (with the default language too,
    when it differs: ``backend.identity.code_words``). A locked account gets none:
    nothing is sent or heard while the guessing budget is spent. Counted under the
    member row lock, so at most ``MAX_SENDS_PER_MEMBER`` go out per hour and
    ``MAX_SENDS_PER_MEMBER_PER_DAY`` in 24 hours.
    """
    from backend.identity import budget, twilio_verify
    from backend.notify import sms, voice

    sender = sender or (lambda *args: sms.send_sms(*args, http_client=http_client))
    caller = caller or (lambda *args: voice.call(*args, http_client=http_client))
    draft, member = _draft_for_code(session, conversation_id)
    now = clock.read(now)
    locked = _account_locked(session, settings, member, budget.origin_of(session, conversation_id), now)
    if locked is not None:
        session.rollback()
        return locked
    if not member.phone:
        _settle(draft, NO_PHONE, now)
        session.commit()
        return CodeResult(NO_PHONE_ON_FILE)
    masked = mask_phone(member.phone)
    route = _route(session, settings, member, now)
    if route == UNREACHABLE:
        session.rollback()
        return CodeResult(NO_CHANNEL, masked)
    if route == OPTED_OUT:
        session.add(SecurityEvent(member_id=member.id, kind="code_not_sent", detail=OPTED_OUT, created_at=now))
        session.commit()
        return CodeResult(PHONE_OPTED_OUT, masked)
    if draft.code_sent_at is not None and now - draft.code_sent_at < RESEND_AFTER and draft.code_hash \
            and _last_channel(session, member) == route:
        session.rollback()
        # A repeated request: the code just sent stands (the reply must not claim a new one).
        return CodeResult(CODE_SENT, masked, channel=route, repeated=True)
    last_hour, last_day = _codes_sent(session, member, now)
    if (draft.code_sends or 0) >= MAX_SENDS or last_hour >= MAX_SENDS_PER_MEMBER \
            or last_day >= MAX_SENDS_PER_MEMBER_PER_DAY:
        session.rollback()
        return CodeResult(TOO_MANY_CODES, masked)
    languages = code_words.languages(session, settings, member, language)
    if twilio_verify.configured(settings):
        return _send_by_verify(session, settings, draft, member, route, languages.verify, http_client, now)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    outcome = _deliver_own_code(session, settings, member, code, route, languages.said, sender, caller, now)
    if outcome in (SMS_ROUTE, CALL):
        _code_out(session, draft, member, _code_hash(settings, conversation_id, code), outcome, now)
        session.commit()
        return CodeResult(CODE_SENT, masked, channel=outcome)
    return _not_sent(session, member, outcome, now)


def _codes_sent(session: Session, member: Member, now: datetime) -> tuple[int, int]:
    """How many codes went to ``member``'s phone in the last hour and in the last 24 hours (one query)."""
    hour_ago = now - SEND_WINDOW
    last_hour, last_day = session.execute(
        select(func.count(case((SecurityEvent.created_at > hour_ago, 1))), func.count())
        .select_from(SecurityEvent)
        .where(SecurityEvent.member_id == member.id, SecurityEvent.kind == "code_sent",
               SecurityEvent.created_at > now - DAILY_SEND_WINDOW)).one()
    return last_hour or 0, last_day or 0


# Routes to the phone on file (see docs/security.md, "The phone on file").
SMS_ROUTE, CALL, OPTED_OUT, UNREACHABLE, TRY_LATER = "sms", "call", "opted_out", "unreachable", "try_later"
# Twilio's REST errors that say what the number is: 21614 "not a mobile number" (a landline),
# 21211 / 21217 "not a valid phone number" (it takes neither texts nor calls).
NOT_A_MOBILE = 21614
NOT_A_NUMBER = (21211, 21217)
LANDLINE_EVENT, UNREACHABLE_EVENT = "phone_landline", "phone_unreachable"


def _route(session: Session, settings: Settings, member: Member, now: datetime) -> str:
    """How the phone on file can get a code now: SMS_ROUTE, CALL, OPTED_OUT or UNREACHABLE."""
    facts = set(session.scalars(select(SecurityEvent.kind).where(
        SecurityEvent.member_id == member.id, SecurityEvent.kind.in_((LANDLINE_EVENT, UNREACHABLE_EVENT)),
        SecurityEvent.detail == phone_key(settings.secret_key, member.phone),
        SecurityEvent.created_at > now - BOUNCE_MEMORY)))
    if UNREACHABLE_EVENT in facts:
        return UNREACHABLE
    bounced = _cannot_receive_texts(session, settings, member, now)
    if bounced == NO_SUCH_HANDSET:
        return UNREACHABLE
    if bounced == LANDLINE or LANDLINE_EVENT in facts:
        return CALL
    if is_opted_out(session, phone_key(settings.secret_key, member.phone)):
        return OPTED_OUT
    return SMS_ROUTE


def _last_channel(session: Session, member: Member) -> str | None:
    """How the member's latest code went ("sms", "call"): a text that bounced off a landline is called."""
    return session.scalar(select(SecurityEvent.channel).where(
        SecurityEvent.member_id == member.id, SecurityEvent.kind == "code_sent")
        .order_by(SecurityEvent.id.desc()).limit(1))


def _remember(session: Session, settings: Settings, member: Member, kind: str, now: datetime) -> None:
    """Keep what Twilio said of the phone on file (staff see it; ``_route`` reads it for BOUNCE_MEMORY).

    The detail is the number's pseudonym: a new phone on file starts afresh."""
    session.add(SecurityEvent(member_id=member.id, kind=kind, detail=phone_key(settings.secret_key, member.phone),
                              created_at=now))


def _deliver_own_code(session: Session, settings: Settings, member: Member, code: str, route: str,
                      said: tuple[str, ...], sender, caller, now: datetime) -> str:
    """Text (or, for a landline, call) the code in the languages ``said``; the route it went by, or why not."""
    if route == SMS_ROUTE:
        try:
            outcome = sender(settings, session, member.phone, code_words.text(settings, code, CODE_TTL, said))
        except TwilioRestException as exc:
            log.info("one-time code not texted: Twilio error %s", exc.code)
            if exc.code == NOT_A_MOBILE:
                _remember(session, settings, member, LANDLINE_EVENT, now)
                route = CALL
            elif exc.code in NOT_A_NUMBER:
                _remember(session, settings, member, UNREACHABLE_EVENT, now)
                return UNREACHABLE
            else:
                return TRY_LATER
        except Exception as exc:  # noqa: BLE001 - Twilio unreachable: nothing is settled, try again
            log.info("one-time code not texted: %s", exc.__class__.__name__)
            return TRY_LATER
        else:
            status = getattr(outcome, "status", None)
            if status == "failed":
                log.info("one-time code not texted: Twilio failed the text")
                return TRY_LATER
            return OPTED_OUT if status == "opted_out" else SMS_ROUTE
    try:
        caller(settings, session, member.phone, code_words.spoken(settings, code, said))
    except TwilioRestException as exc:
        log.info("one-time code not called: Twilio error %s", exc.code)
        _remember(session, settings, member, UNREACHABLE_EVENT, now)
        return UNREACHABLE
    except Exception as exc:  # noqa: BLE001 - as above
        log.info("one-time code not called: %s", exc.__class__.__name__)
        return TRY_LATER
    return CALL


def _send_by_verify(session: Session, settings: Settings, draft: RegistrationDraft, member: Member, route: str,
                    language: str | None, http_client, now: datetime) -> CodeResult:
    """Twilio Verify makes and sends the code (``backend.identity.twilio_verify``); a landline gets Verify's call.

    ``language``: Verify's locale (``code_words.languages``: the phone holder's, else the asker's)."""
    from backend.identity import twilio_verify

    phone = normalise_phone(member.phone)
    channel = twilio_verify.CALL if route == CALL else twilio_verify.SMS
    outcome = None
    try:
        twilio_verify.start(settings, phone, channel, language, http_client=http_client)
    except twilio_verify.VerifyError as refused:
        outcome = refused.outcome
        if outcome == twilio_verify.LANDLINE and channel == twilio_verify.SMS:
            _remember(session, settings, member, LANDLINE_EVENT, now)
            channel, outcome = twilio_verify.CALL, None
            try:
                twilio_verify.start(settings, phone, channel, language, http_client=http_client)
            except twilio_verify.VerifyError as again:
                outcome = again.outcome
    if outcome is None:
        _code_out(session, draft, member, VERIFY_MARKER, channel, now)
        session.commit()
        return CodeResult(CODE_SENT, mask_phone(member.phone), channel=channel)
    if outcome == twilio_verify.TOO_MANY:
        session.commit()
        return CodeResult(TOO_MANY_CODES, mask_phone(member.phone))
    if outcome == twilio_verify.UNREACHABLE:
        _remember(session, settings, member, UNREACHABLE_EVENT, now)
    why = {twilio_verify.OPTED_OUT: OPTED_OUT, twilio_verify.UNREACHABLE: UNREACHABLE}.get(outcome, TRY_LATER)
    return _not_sent(session, member, why, now)


def _code_out(session: Session, draft: RegistrationDraft, member: Member, code_hash: str, channel: str,
              now: datetime) -> None:
    draft.code_hash = code_hash
    draft.code_expires_at = now + CODE_TTL
    draft.code_tries = 0
    draft.code_sends = (draft.code_sends or 0) + 1
    draft.code_sent_at = now
    draft.updated_at = now
    session.add(SecurityEvent(member_id=member.id, kind="code_sent", channel=channel, created_at=now))


def _not_sent(session: Session, member: Member, why: str, now: datetime) -> CodeResult:
    """No code went out: record why (staff see it) and say what the member can do. Settles nothing.

    Called with the draft and the member still locked by ``send_code`` (nothing between commits)."""
    session.add(SecurityEvent(member_id=member.id, kind="code_not_sent", detail=why, created_at=now))
    session.commit()  # with what was learnt of the number (a landline, an unreachable number)
    masked = mask_phone(member.phone)
    return CodeResult({OPTED_OUT: PHONE_OPTED_OUT, UNREACHABLE: NO_CHANNEL}.get(why, CODE_UNAVAILABLE), masked)


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


def check_code(session: Session, settings: Settings, conversation_id: str, code: str | None,
               now: clock.Now = None, http_client=None) -> CodeResult:
    """The member typed the code: settle possession, or count a wrong guess. Commits.

    Not evaluated at all while the conversation, the source or the account is locked.
    A code held by Twilio Verify is checked there (``http_client``: twilio's hook, tests)."""
    from backend.identity import budget

    code = "".join(ch for ch in str(code or "") if not ch.isspace() and ch != "-")
    if not (len(code) == CODE_DIGITS and code.isdigit()):
        raise BadInput("invalid_code", f"a one-time code has {CODE_DIGITS} digits")
    origin = budget.origin_of(session, conversation_id)
    draft, member = _draft_for_code(session, conversation_id, origin.source_key)
    now = clock.read(now)
    lock = budget.conversation_locked_until(session, now, conversation_id, origin)
    if lock is not None:
        session.rollback()
        return CodeResult(LOCKED, locked_until=lock, lock_scope=budget.CONVERSATION_SCOPE)
    tried = account_refs.tried_key(settings, member.account_number)
    wait = source_budget.wait_until(session, now, origin.source_key, tried)
    if wait is not None:
        session.rollback()
        return CodeResult(LOCKED, locked_until=wait, lock_scope=budget.SOURCE_SCOPE)
    locked = _account_locked(session, settings, member, origin, now)
    if locked is not None:
        session.rollback()
        return locked
    if not draft.code_hash or draft.code_expires_at is None or draft.code_expires_at <= now \
            or (draft.code_tries or 0) >= CODE_TRIES:
        session.rollback()
        return CodeResult(EXPIRED)
    # One guess is one value for this code (a code sent later is another check).
    sent_at = draft.code_sent_at.timestamp() if draft.code_sent_at else ""
    guess = f"{draft.code_hash}|{sent_at}|{code}"
    hashed = budget.guess_hash(settings, conversation_id, member, tried, budget.CODE_STEP, guess)
    since = budget.window_start(session, now, conversation_id)
    if budget.known_wrong(session, since, conversation_id, member, tried, budget.CODE_STEP, hashed):
        # Sent again (a dropped turn, a double send): answered as the first time, not one of the code's
        # tries, and never checked again. A Verify code is the phone's and changes with each new
        # verification (another conversation's request): checked again, a wrong guess counted once
        # was tried against every later code for free.
        left = budget.tries_before_lock(session, settings, member, origin, now,
                                        CODE_TRIES - (draft.code_tries or 0))
        checked = budget.answer_again(session, conversation_id, MISMATCH, now, since, attempts_left=left)
        return CodeResult(checked.result, attempts_left=checked.attempts_left)
    if draft.code_hash == VERIFY_MARKER:
        right = _verify_check(settings, member, code, http_client)
        if right is None:
            draft.code_hash = None
            session.commit()
            return CodeResult(EXPIRED)
    else:
        right = keyed_hash_matches(_code_key(settings), code, _SALT + conversation_id, draft.code_hash)
    if right:
        _settle(draft, CODE, now)
        draft.phone_proven_key, draft.phone_proven_at = phone_key(settings.secret_key, member.phone), now
        draft.updated_at = now
        # Possession of the phone on file: the guessing budget starts afresh.
        member.guesses_cleared_at = now
        budget._record(session, conversation_id, origin, member.id, tried, budget.CODE_STEP, True, now)
        told = _login_told(session, settings, member, now)
        session.commit()
        return told
    draft.code_tries = (draft.code_tries or 0) + 1
    left = CODE_TRIES - draft.code_tries
    if left <= 0:
        draft.code_hash = None
    checked = budget.count_failure(session, settings, conversation_id, origin, member, tried,
                                   budget.CODE_STEP, MISMATCH, now, attempts_left=left, hashed=hashed, since=since)
    return CodeResult(checked.result, attempts_left=checked.attempts_left, locked_until=checked.locked_until,
                      lock_scope=checked.lock_scope)


def _login_told(session: Session, settings: Settings, member: Member, now: datetime) -> CodeResult:
    """The code's ``verified``, with what the identity check held back until the phone was proven:
    whether the account has an active login, and its masked address. A pending one this
    conversation now replaces (``pending.may_replace``) is answered as none."""
    registration = pending.live_registration(session, settings, member.id, now)
    if registration is None or pending.may_replace(registration, CODE):
        return CodeResult(VERIFIED, registration_status="none")
    return CodeResult(VERIFIED, registration_status=registration.status, email_masked=mask_email(registration.email))


def _verify_check(settings: Settings, member: Member, code: str, http_client) -> bool | None:
    """Twilio Verify's verdict on ``code``: True, False, or None when no code is waiting there."""
    from backend.identity import twilio_verify

    if not twilio_verify.configured(settings):
        return None  # Verify was switched off since the code went out: a code of our own is sent
    try:
        return twilio_verify.check(settings, normalise_phone(member.phone), code, http_client=http_client)
    except twilio_verify.VerifyError:
        return None  # expired, used, too many checks, or Verify unreachable: a new code is sent
