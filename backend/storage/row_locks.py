"""The row locks every budget is counted under, taken in one order: draft, source, member.

A budget (wrong secrets per account, code texts per member, code guesses per
conversation, failures per source) is exact only if two requests that spend it
are counted one after the other. Each request therefore locks the rows its
budgets belong to before it reads a count, and reads the time only then
(``backend.core.clock``). PostgreSQL: ``SELECT ... FOR UPDATE`` on the conversation's
draft and the member, and a transaction-scoped advisory lock for a source
(which has no row of its own). SQLite: every write transaction is ``BEGIN
IMMEDIATE`` (``backend.storage.db``), so the first statement already serialises
writers and these locks change nothing. Always draft, then source, then
member, so two requests never wait for each other in a circle.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.storage.models import Member, RegistrationDraft, utcnow

# The advisory-lock namespace of sources (the first of the two 32-bit keys).
_SOURCE_NAMESPACE = "coopbot-source"
# The advisory-lock namespace of the sign-in throttle's typed names.
_SIGN_IN_NAMESPACE = "coopbot-sign-in"


def lock_draft(session: Session, conversation_id: str) -> RegistrationDraft | None:
    """The conversation's draft, locked; None when it has none."""
    return session.execute(
        select(RegistrationDraft).where(RegistrationDraft.conversation_id == conversation_id)
        .with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()


def lock_or_create_draft(session: Session, conversation_id: str) -> RegistrationDraft:
    """The conversation's draft, locked, created empty when it has none (two first checks at once
    of one conversation: one creates it, the other waits for it)."""
    draft = lock_draft(session, conversation_id)
    if draft is not None:
        return draft
    now = utcnow()
    try:
        with session.begin_nested():
            session.add(RegistrationDraft(conversation_id=conversation_id, created_at=now, updated_at=now,
                                          resends=0))
    except IntegrityError:
        pass
    return lock_draft(session, conversation_id)


def lock_source(session: Session, source_key: str | None) -> None:
    """Serialise the checks of one source (a phone's or a web client network's pseudonym)."""
    if source_key and session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(_SOURCE_NAMESPACE),
                                                          func.hashtext(source_key))))


def lock_sign_in(session: Session, throttle_key: str) -> None:
    """Serialise the sign-in attempts of one typed name (its throttle key, a hash), until the
    transaction ends: each reads the failures the others committed before it is let through."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(_SIGN_IN_NAMESPACE),
                                                          func.hashtext(throttle_key))))


def lock_member(session: Session, member_id: int) -> Member:
    return session.execute(
        select(Member).where(Member.id == member_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
