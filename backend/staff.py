"""The staff console's data: staff accounts, the audit trail and the reports.

Kept free of Flask so that the web pages (``webhook.staff``), the command line
(``coopbot staff``) and the tests share one implementation. Every function
takes the SQLAlchemy session and, where time matters, ``now`` - tests pass the
clock in instead of sleeping. Callers commit.

Sections, in order: accounts and sign-in; audit trail; the conversation list
(keyset pagination, so page 2,000 of 100,000 conversations costs what page 1
costs); the dashboard (funnel, registrations per day, medians, fallback rate);
misunderstood messages, labelling and the Rasa NLU export.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache

import yaml
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, joinedload

from backend import transcripts
from backend.hashing import hash_password, verify_password
from backend.models import AuditEntry, Conversation, StaffUser, TranscriptMessage

# --------------------------------------------------------------------------
# Accounts and sign-in
# --------------------------------------------------------------------------

AGENT = "agent"
ADMIN = "admin"
ROLES = (AGENT, ADMIN)
MIN_PASSWORD_LENGTH = 12
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)


class StaffError(ValueError):
    """A refused request, with a message written to be shown to the person as is."""


def normalise_email(email: str) -> str:
    """Lower-cased, validated address; staff e-mail addresses are usernames, not mail targets."""
    try:
        # No DNS lookup: the address names the account; the console never mails it.
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise StaffError(f"That is not a valid e-mail address: {exc}") from None
    return result.normalized.lower()


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if not password.strip():
        raise StaffError("The password must not be only spaces.")


def create_staff(session: Session, email: str, password: str, role: str = AGENT) -> StaffUser:
    """Add a staff account (password stored as an argon2 hash only)."""
    if role not in ROLES:
        raise StaffError(f"The role must be one of: {', '.join(ROLES)}.")
    address = normalise_email(email)
    check_password_policy(password)
    if session.scalar(select(StaffUser.id).where(StaffUser.email == address)) is not None:
        raise StaffError(f"A staff account for {address} already exists.")
    user = StaffUser(email=address, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def list_staff(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.email)))


@cache
def _dummy_hash() -> str:
    # Verifying against this for unknown addresses makes a wrong e-mail take as
    # long as a wrong password, so response times do not reveal who has an account.
    return hash_password("not a real password, only here for timing")


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the user, or why not."""

    user: StaffUser | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def authenticate(session: Session, email: str, password: str, *, now: datetime) -> SignIn:
    """Check a sign-in. There is no lock (nobody could then lock a colleague out):
    the web app makes repeated failures wait longer and longer (``backend.websessions``).
    An account locked by an earlier version is unlocked by its next correct password.
    """
    try:
        address = normalise_email(email)
    except StaffError:
        address = None
    user = None
    if address:
        user = session.scalar(select(StaffUser).where(StaffUser.email == address).with_for_update())
    if user is None:
        verify_password(_dummy_hash(), password)
        return SignIn(None)
    if verify_password(user.password_hash, password):
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        return SignIn(user)
    user.failed_logins += 1
    return SignIn(None)


# --------------------------------------------------------------------------
# Audit trail
# --------------------------------------------------------------------------

VIEW_TRANSCRIPT = "view_transcript"
SIGN_IN = "sign_in"
LABEL_MESSAGE = "label_message"
EXPORT_NLU = "export_nlu"

AUDIT_ACTIONS = {
    VIEW_TRANSCRIPT: "Opened transcript",
    SIGN_IN: "Signed in",
    LABEL_MESSAGE: "Labelled a message",
    EXPORT_NLU: "Exported training data",
    "check_answer": "Checked a security answer",
    "lift_lockout": "Lifted a lock-out",
}


def record_audit(
    session: Session,
    staff_id: int,
    action: str,
    *,
    conversation_id: int | None = None,
    detail: str | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    entry = AuditEntry(staff_id=staff_id, action=action, conversation_id=conversation_id, detail=detail)
    if now is not None:
        entry.created_at = now
    session.add(entry)
    return entry


def audit_page(session: Session, *, before_id: int | None = None, limit: int = 50) -> tuple[list[AuditEntry], int | None]:
    """Newest entries first; returns the entries and the id to continue before, if any."""
    query = select(AuditEntry).options(joinedload(AuditEntry.staff)).order_by(AuditEntry.id.desc())
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    rows = list(session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more else None)


# --------------------------------------------------------------------------
# Steps and outcomes, as staff read them
# --------------------------------------------------------------------------

# The funnel's steps are the transcript's (one definition, in backend.transcripts).
STEPS = transcripts.STEPS
STEP_LABELS = {
    "started": "Started",
    "account_number": "Account number",
    "member_name": "Name",
    "email": "E-mail address",
    "identity_proof": "ZIP or SSN/TIN last 4",
    "security_question": "Security question",
    "security_answer": "Security answer",
    "terms_accepted": "Terms accepted",
    "registered": "Registered",
}

IN_PROGRESS = "in_progress"
ABANDONED = "abandoned"  # a filter, not a stored outcome: in progress but idle
ABANDON_AFTER = timedelta(hours=1)
OUTCOME_LABELS = {
    "registered": "Registered",
    "already_registered": "Already registered",
    "locked_out": "Locked out",
    "human_requested": "Asked for a person",
    "unsubscribed": "Unsubscribed",
    "reset_sent": "Password reset sent",
    "resent": "Activation link resent",
    "opted_out": "Opted out (STOP)",
    IN_PROGRESS: "In progress",
}
OUTCOME_FILTERS = {**OUTCOME_LABELS, ABANDONED: "Abandoned (idle over 1 hour)"}
CHANNELS = {"sms": "SMS", "web": "Web chat"}


# The same steps inside a sentence ("Abandoned at the e-mail address").
STEP_PHRASES = {
    "started": "the start",
    "account_number": "the account number",
    "member_name": "the name",
    "email": "the e-mail address",
    "identity_proof": "the ZIP or SSN/TIN last 4",
    "security_question": "the security question",
    "security_answer": "the security answer",
    "terms_accepted": "the terms and conditions",
    "registered": "registration",
}


def step_label(step: str | None) -> str:
    return STEP_LABELS.get(step or "started", (step or "").replace("_", " ").capitalize())


def step_phrase(step: str | None) -> str:
    return STEP_PHRASES.get(step or "started", (step or "").replace("_", " "))


def describe_outcome(conversation: Conversation, now: datetime) -> str:
    """The outcome as staff say it; an unfinished conversation idle for an hour is "Abandoned at <step>"."""
    if conversation.outcome == IN_PROGRESS:
        if conversation.last_active_at < now - ABANDON_AFTER:
            return f"Abandoned at {step_phrase(conversation.last_step or conversation.step_reached)}"
        return OUTCOME_LABELS[IN_PROGRESS]
    return OUTCOME_LABELS.get(conversation.outcome, conversation.outcome.replace("_", " ").capitalize())


# --------------------------------------------------------------------------
# The conversation list
# --------------------------------------------------------------------------

PAGE_SIZE = 50
_ACCOUNT_NUMBER = re.compile(r"\d{6,12}")


def normalise_account_number(value: str) -> str:
    """Digits as the member reads them out ("1234 5678" or "1234-5678" -> "12345678")."""
    digits = re.sub(r"[\s-]", "", value)
    if not _ACCOUNT_NUMBER.fullmatch(digits):
        raise StaffError("An account number is 6 to 12 digits; enter the whole number.")
    return digits


@dataclass(frozen=True)
class ConversationFilters:
    """What staff narrowed the list to; dates are whole UTC days, both inclusive."""

    outcome: str | None = None
    channel: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    account_number: str | None = None


@dataclass(frozen=True)
class Cursor:
    """A position in the list: the (last_active_at, id) of a row, as text for a URL."""

    last_active_at: datetime
    id: int

    def encode(self) -> str:
        return f"{self.last_active_at.astimezone(timezone.utc).isoformat()}_{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            stamp, _, ident = text.rpartition("_")
            when = datetime.fromisoformat(stamp)
            if when.tzinfo is None:
                raise ValueError("no zone")
            return cls(when, int(ident))
        except ValueError:
            raise StaffError("That page link is not valid any more; showing the newest conversations.") from None

    @classmethod
    def of(cls, conversation: Conversation) -> Cursor:
        return cls(conversation.last_active_at, conversation.id)


@dataclass(frozen=True)
class Page:
    rows: list[Conversation]
    newer: Cursor | None  # pass as ``before`` for the previous page
    older: Cursor | None  # pass as ``after`` for the next page


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def conversations_query(
    filters: ConversationFilters,
    *,
    now: datetime,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> Select:
    """The page query, newest activity first (exposed so tests can EXPLAIN it).

    Keyset pagination: a page starts where the previous one ended, in the
    order of the (last_active_at, id) index, so the database reads about
    ``limit`` index entries whatever the page. The bound is written as
    ``last_active_at <= t AND (last_active_at < t OR id < n)`` because both
    SQLite and PostgreSQL turn the first half into an index range.
    """
    c = Conversation
    query = select(c)
    if filters.outcome == ABANDONED:
        query = query.where(c.outcome == IN_PROGRESS, c.last_active_at < now - ABANDON_AFTER)
    elif filters.outcome == IN_PROGRESS:
        query = query.where(c.outcome == IN_PROGRESS, c.last_active_at >= now - ABANDON_AFTER)
    elif filters.outcome:
        query = query.where(c.outcome == filters.outcome)
    if filters.channel:
        query = query.where(c.channel == filters.channel)
    if filters.date_from:
        query = query.where(c.last_active_at >= _day_start(filters.date_from))
    if filters.date_to:
        query = query.where(c.last_active_at < _day_start(filters.date_to + timedelta(days=1)))
    if filters.account_number:
        query = query.where(c.account_number == filters.account_number)
    if before is not None:
        query = query.where(
            c.last_active_at >= before.last_active_at,
            or_(c.last_active_at > before.last_active_at, c.id > before.id),
        )
        return query.order_by(c.last_active_at.asc(), c.id.asc()).limit(limit + 1)
    if after is not None:
        query = query.where(
            c.last_active_at <= after.last_active_at,
            or_(c.last_active_at < after.last_active_at, c.id < after.id),
        )
    return query.order_by(c.last_active_at.desc(), c.id.desc()).limit(limit + 1)


def list_conversations(
    session: Session,
    filters: ConversationFilters,
    *,
    now: datetime,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of conversations; one row more than the page tells whether another page exists."""
    query = conversations_query(filters, now=now, after=after, before=before, limit=limit)
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    if before is not None:
        rows.reverse()
        newer = Cursor.of(rows[0]) if more and rows else None
        older = Cursor.of(rows[-1]) if rows else None
        return Page(rows, newer, older)
    newer = Cursor.of(rows[0]) if after is not None and rows else None
    older = Cursor.of(rows[-1]) if more else None
    return Page(rows, newer, older)


def get_conversation(session: Session, conversation_id: int) -> Conversation | None:
    return session.scalar(
        select(Conversation).where(Conversation.id == conversation_id).options(joinedload(Conversation.messages))
    )


# --------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class FunnelStep:
    step: str
    label: str
    reached: int  # conversations that got at least this far
    stopped: int  # ... and got no further


@dataclass(frozen=True)
class CompletionStats:
    completed: int
    median_turns: float | None  # member messages in a registered conversation
    median_minutes: float | None  # from the first message to registered
    member_messages: int
    fallbacks: int

    @property
    def fallback_rate(self) -> float | None:
        return self.fallbacks / self.member_messages if self.member_messages else None


def _started_between(start: datetime, end: datetime):
    return and_(Conversation.started_at >= start, Conversation.started_at < end)


def funnel(session: Session, *, start: datetime, end: datetime) -> list[FunnelStep]:
    """How many conversations started in [start, end) reached each step, and where they stopped.

    ``step_reached`` is the furthest step of a conversation, so a conversation
    counts for its own step and every step before it.
    """
    counts = dict(
        session.execute(
            select(Conversation.step_reached, func.count())
            .where(_started_between(start, end))
            .group_by(Conversation.step_reached)
        ).all()
    )
    furthest = [0] * len(STEPS)
    for step, count in counts.items():
        index = STEPS.index(step) if step in STEPS else 0
        furthest[index] += count
    result = []
    for index, step in enumerate(STEPS):
        result.append(FunnelStep(step, STEP_LABELS[step], sum(furthest[index:]), furthest[index]))
    # Nobody "stops" at registered: it is the end of the road.
    last = result[-1]
    result[-1] = FunnelStep(last.step, last.label, last.reached, 0)
    return result


def registrations_per_day(session: Session, *, start: datetime, end: datetime) -> list[tuple[date, int]]:
    """Conversations that ended registered, per UTC day of completion, every day of the range listed."""
    stamps = session.scalars(
        select(Conversation.completed_at).where(
            Conversation.outcome == "registered",
            Conversation.completed_at >= start,
            Conversation.completed_at < end,
        )
    )
    # Grouped here rather than in SQL: "the date of a timestamp in UTC" is
    # spelled differently on SQLite and PostgreSQL.
    per_day: dict[date, int] = {}
    for stamp in stamps:
        day = stamp.astimezone(timezone.utc).date()
        per_day[day] = per_day.get(day, 0) + 1
    days = []
    day = start.astimezone(timezone.utc).date()
    last = (end - timedelta(microseconds=1)).astimezone(timezone.utc).date()
    while day <= last:
        days.append((day, per_day.get(day, 0)))
        day += timedelta(days=1)
    return days


def completion_stats(session: Session, *, start: datetime, end: datetime) -> CompletionStats:
    """Medians over registered conversations started in the range; fallback rate over their member messages."""
    c, m = Conversation, TranscriptMessage
    completed = session.execute(
        select(c.id, c.started_at, c.completed_at).where(
            _started_between(start, end), c.outcome == "registered", c.completed_at.is_not(None)
        )
    ).all()
    minutes = [(done - began).total_seconds() / 60 for _, began, done in completed]
    turns_by_id = dict(
        session.execute(
            select(m.conversation_id, func.count())
            .join(c, c.id == m.conversation_id)
            .where(_started_between(start, end), c.outcome == "registered", m.direction == "in")
            .group_by(m.conversation_id)
        ).all()
    )
    turns = [turns_by_id.get(ident, 0) for ident, _, _ in completed]
    total, fallbacks = session.execute(
        select(func.count(), func.coalesce(func.sum(case((m.is_fallback, 1), else_=0)), 0))
        .select_from(m)
        .join(c, c.id == m.conversation_id)
        .where(_started_between(start, end), m.direction == "in")
    ).one()
    return CompletionStats(
        completed=len(completed),
        median_turns=statistics.median(turns) if turns else None,
        median_minutes=statistics.median(minutes) if minutes else None,
        member_messages=int(total),
        fallbacks=int(fallbacks),
    )


# --------------------------------------------------------------------------
# Misunderstood messages, labels, the NLU export
# --------------------------------------------------------------------------

LOW_CONFIDENCE = 0.6
# What the transcript writer puts in place of secrets: "[redacted]" for a
# whole message or a number, "***" inside masked e-mail addresses and phones.
REDACTION_MARKERS = ("[redacted]", "***")
# Rasa reads "[text](entity)" and "[text]{...}" in examples as entity
# annotations; a member message that looks like one would train the wrong thing.
_ANNOTATION = re.compile(r"\[[^\[\]]*+\][({]")  # no "[" inside: linear time on "[[[[..."
_INTENT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
UNLABELLED, LABELLED, ALL = "unlabelled", "labelled", "all"


def _misunderstood():
    m = TranscriptMessage
    return and_(m.direction == "in", or_(m.is_fallback.is_(True), m.confidence < LOW_CONFIDENCE))


def training_text(text: str) -> str:
    """The message as one NLU example line: whitespace collapsed, control characters dropped."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def is_exportable(text: str) -> bool:
    """Redacted messages never become training data: the secret is gone and the gap would mislead."""
    if any(marker in text for marker in REDACTION_MARKERS) or _ANNOTATION.search(text):
        return False
    return bool(training_text(text))


def list_misunderstood(
    session: Session, *, status: str = UNLABELLED, before_id: int | None = None, limit: int = PAGE_SIZE
) -> tuple[list[TranscriptMessage], int | None]:
    """Fallback and low-confidence member messages, newest first, with the id to continue before."""
    m = TranscriptMessage
    query = select(m).where(_misunderstood()).options(joinedload(m.conversation)).order_by(m.id.desc())
    if status == UNLABELLED:
        query = query.where(m.label_intent.is_(None))
    elif status == LABELLED:
        query = query.where(m.label_intent.is_not(None))
    if before_id is not None:
        query = query.where(m.id < before_id)
    rows = list(session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more else None)


def label_message(
    session: Session,
    message_id: int,
    intent: str | None,
    *,
    staff_id: int,
    allowed_intents: list[str],
    now: datetime,
) -> TranscriptMessage:
    """Set (or with ``intent=None`` clear) the intent staff say a member message meant.

    The intent must be one of the domain's intents; before the domain lists
    any, any well-formed intent name is accepted.
    """
    message = session.get(TranscriptMessage, message_id)
    if message is None or message.direction != "in":
        raise StaffError("That message does not exist or is not a member message.")
    if intent is not None:
        intent = intent.strip()
        if allowed_intents and intent not in allowed_intents:
            raise StaffError(f"“{intent}” is not an intent of the assistant; choose one from the list.")
        if not _INTENT_NAME.fullmatch(intent):
            raise StaffError("An intent name is letters, digits and underscores, starting with a letter.")
        if not is_exportable(message.text):
            raise StaffError("This message contains redacted parts, so it cannot become training data.")
    message.label_intent = intent
    message.labelled_by = staff_id if intent else None
    message.labelled_at = now if intent else None
    record_audit(
        session, staff_id, LABEL_MESSAGE, conversation_id=message.conversation_id,
        detail=f"message {message.id}: {intent or 'label removed'}", now=now,
    )
    return message


class _Literal(str):
    """A string PyYAML writes as a literal block (``|``), as Rasa's own NLU files do."""


class _Quoted(str):
    """A string PyYAML writes double-quoted (``version: "3.1"``)."""


class _NluDumper(yaml.SafeDumper):
    pass


_NluDumper.add_representer(_Literal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))
_NluDumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style='"'))


def labelled_examples(session: Session) -> dict[str, list[str]]:
    """Exportable labelled member messages, by intent, without duplicates, oldest first."""
    m = TranscriptMessage
    rows = session.execute(
        select(m.label_intent, m.text).where(m.direction == "in", m.label_intent.is_not(None)).order_by(m.id)
    )
    examples: dict[str, list[str]] = {}
    for intent, text in rows:
        if not is_exportable(text):
            continue
        line = training_text(text)
        bucket = examples.setdefault(intent, [])
        if line not in bucket:
            bucket.append(line)
    return dict(sorted(examples.items()))


def export_nlu_yaml(session: Session) -> str:
    """The labelled set as a Rasa 3 NLU training file, ready to drop into ``data/``."""
    nlu = [
        {"intent": intent, "examples": _Literal("".join(f"- {line}\n" for line in lines))}
        for intent, lines in labelled_examples(session).items()
    ]
    document = {"version": _Quoted("3.1"), "nlu": nlu}
    return yaml.dump(document, Dumper=_NluDumper, sort_keys=False, allow_unicode=True, width=10_000)
