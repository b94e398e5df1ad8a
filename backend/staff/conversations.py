"""The conversation list: filters, one transcript, and keyset pagination.

Its own module because the paging is the one part of the console that must
stay fast as the table grows: page 2,000 of 100,000 conversations costs what
page 1 costs, and ``conversations_query`` is exposed so tests can EXPLAIN it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from common import normalise
from backend.storage.models import Conversation
from backend.staff.accounts import StaffError
from backend.staff.asks import asked_for_a_person
from backend.staff.outcomes import ABANDON_AFTER, ABANDONED, IN_PROGRESS
from backend.privacy.transcripts import HUMAN_REQUESTED


PAGE_SIZE = 50


def normalise_account_number(value: str) -> str:
    """Digits as the member reads them out ("1234 5678" or "1234-5678" -> "12345678")."""
    account = normalise.account_number(value)
    if account is None:
        raise StaffError(f"An account number is {normalise.ACCOUNT_MIN_DIGITS} to {normalise.ACCOUNT_MAX_DIGITS} "
                         "digits; enter the whole number.")
    return account


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
    elif filters.outcome == HUMAN_REQUESTED:  # also those who went on after asking
        query = query.where(asked_for_a_person())
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
