"""What staff see and do about one account's security (staff console, member view).

- the security answer earns its keep: an agent on the phone types what the
  caller says and learns only "match" or "no match" (:func:`check_answer`),
  at most ``ANSWER_CHECKS_PER_HOUR`` checks per account per hour, every check
  audit-logged; the answer itself is never shown or stored. The count is read
  with the member row locked and the time read after it (``backend.storage.row_locks``,
  ``backend.core.clock``), so twenty agents checking at once still get five answers;
- recent verification failures by channel and source, lock-outs and the
  notices sent (:func:`account_view`);
- an administrator may lift a lock-out (:func:`lift_lockout`, audit-logged):
  the account's counted wrong guesses no longer count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from common import security_questions
from common.masking import mask_email
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from backend.core import clock
from backend.notify import notices
from backend.storage import row_locks
from backend.core.config import Settings
from backend.identity import account_refs, verification
from backend.privacy.hashing import verify_answer
from backend.storage.models import (
    LIVE_STATUSES,
    AuditEntry,
    Lockout,
    Member,
    Notification,
    Registration,
    SecurityEvent,
    VerificationAttempt,
    utcnow,
)

CHECK_ANSWER = "check_answer"
LIFT_LOCKOUT = "lift_lockout"
ANSWER_CHECKS_PER_HOUR = 5
HISTORY = timedelta(days=30)
MATCH, NO_MATCH, NO_ANSWER, LIMITED = "match", "no_match", "no_answer", "limited"


@dataclass
class AccountView:
    member: Member
    registration: Registration | None
    # Every live account of the registration's login (this one included), so staff see the login's accounts.
    login_accounts: list[Registration] = field(default_factory=list)
    login_email_masked: str | None = None
    failures: list[VerificationAttempt] = field(default_factory=list)
    lockouts: list[Lockout] = field(default_factory=list)
    notices: list[Notification] = field(default_factory=list)
    events: list[SecurityEvent] = field(default_factory=list)
    locked_until: datetime | None = None
    lock_level: str | None = None
    # The text of the security question the member chose (the one whose answer staff check), never the
    # answer; None where no answer stands for the account.
    security_question: str | None = None


def find_member(session: Session, account_number: str) -> Member | None:
    return session.scalars(select(Member).where(Member.account_number == account_number)).first()


def account_view(session: Session, member: Member, now: datetime | None = None,
                 settings: Settings | None = None) -> AccountView:
    now = now or utcnow()
    since = now - HISTORY
    registration = session.scalars(select(Registration).where(
        Registration.member_id == member.id, Registration.status.in_(LIVE_STATUSES))).first()
    registration_ids = list(session.scalars(select(Registration.id).where(Registration.member_id == member.id)))
    view = AccountView(member=member, registration=registration)
    if registration is not None:
        view.login_accounts = registration.login.live_registrations()
        view.login_email_masked = mask_email(registration.login.email)
        chosen = security_questions.by_number(registration.security_question_of or 0)
        if chosen is not None and registration.security_answer_of:
            view.security_question = chosen.text
    # The guess counts keep a nine-digit number only as its keyed hash (backend.identity.account_refs).
    tried = {member.account_number}
    if settings is not None:
        tried.add(account_refs.tried_key(settings, member.account_number))
    view.failures = list(session.scalars(
        select(VerificationAttempt).where(
            or_(VerificationAttempt.member_id == member.id, VerificationAttempt.account_tried.in_(tried)),
            VerificationAttempt.succeeded.is_(False), VerificationAttempt.created_at >= since)
        .order_by(VerificationAttempt.created_at.desc()).limit(100)))
    view.lockouts = list(session.scalars(
        select(Lockout).where(Lockout.member_id == member.id, Lockout.locked_at >= since)
        .order_by(Lockout.locked_at.desc())))
    notice_scope = [Notification.registration_id.in_(registration_ids)] if registration_ids else []
    if member.phone:
        notice_scope.append(Notification.to_address == member.phone)
    if notice_scope:
        view.notices = list(session.scalars(
            select(Notification).where(or_(*notice_scope), Notification.kind.in_(notices.KINDS),
                                       Notification.created_at >= since)
            .order_by(Notification.created_at.desc()).limit(100)))
    view.events = list(session.scalars(
        select(SecurityEvent).where(SecurityEvent.member_id == member.id, SecurityEvent.created_at >= since)
        .order_by(SecurityEvent.created_at.desc()).limit(100)))
    view.locked_until, view.lock_level = verification.account_lock(session, member, now)
    return view


def check_answer(session: Session, staff_id: int, member: Member, answer: str,
                 now: clock.Now = None) -> str:
    """Does what the caller said match the security answer of the account's live registration? Audit-logged;
    the caller commits.

    The answer is the one of the sign-up that made this account (``Registration.security_answer_of``),
    never merely the login's: a login made by another person's sign-up may hold the account once its
    address accepted it as an addition, and that person's answer must not pass for the member's.

    The member row stays locked until the caller commits, so the checks of one account are counted one by one.
    """
    member = row_locks.lock_member(session, member.id)
    now = clock.read(now)
    tag = f"member:{member.id} "
    recent = session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == CHECK_ANSWER, AuditEntry.detail.like(tag + "%"),
        AuditEntry.created_at > now - timedelta(hours=1))) or 0
    if recent >= ANSWER_CHECKS_PER_HOUR:
        result = LIMITED
    else:
        registration = session.scalars(select(Registration).where(
            Registration.member_id == member.id, Registration.status.in_(LIVE_STATUSES))).first()
        hashed = registration.security_answer_of if registration is not None else None
        if not hashed:
            result = NO_ANSWER
        else:
            result = MATCH if verify_answer(hashed, answer or "") else NO_MATCH
    session.add(AuditEntry(staff_id=staff_id, action=CHECK_ANSWER, detail=f"{tag}result:{result}", created_at=now))
    return result


def lift_lockout(session: Session, staff_id: int, member: Member, now: datetime | None = None) -> bool:
    """Lift the account's lock-out and forget its counted wrong guesses (admins). The caller commits."""
    now = now or utcnow()
    until, level = verification.account_lock(session, member, now)
    member.guesses_cleared_at = now
    for lock in session.scalars(select(Lockout).where(Lockout.member_id == member.id, Lockout.locked_until > now,
                                                      Lockout.lifted_at.is_(None))):
        lock.lifted_at, lock.lifted_by = now, staff_id
    session.add(AuditEntry(staff_id=staff_id, action=LIFT_LOCKOUT,
                           detail=f"member:{member.id} was:{level or 'not locked'}", created_at=now))
    notices.event(session, member.id, "lockout_lifted", now, None, f"staff {staff_id}")
    return until is not None
