"""How many new web chats one client network address may open per hour, counted in the database.

A new chat costs nothing to open, and each one is a fresh conversation with
its own guesses; the per-source guessing limits (``backend.verification``)
stop a guesser anyway, but a cap on new chats keeps one client from opening
thousands. The count lives in the database so that every web worker and
every web host shares it and a restart does not forget it (an in-memory
count let each worker through its own limit). The key is the client's keyed
pseudonym (``webhook.client_ip.source_key``), never the address itself.

One row per key: when its window began and how many chats were opened in it.
The row is locked while it is read and changed (PostgreSQL ``FOR UPDATE``;
SQLite serialises writers), so concurrent requests never both take the last
place. Callers commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Integer, String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from backend.models import Base, utcnow

WINDOW = timedelta(hours=1)


class ChatQuota(Base):
    """New web chats opened by one client pseudonym in the current window."""

    __tablename__ = "chat_quota"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(default=utcnow)
    opened: Mapped[int] = mapped_column(Integer, default=0)


def allow(session: Session, key: str, limit: int, now: datetime | None = None) -> bool:
    """Count one new chat for ``key`` and say whether it is within ``limit`` per hour."""
    now = now or utcnow()
    row = session.get(ChatQuota, key, with_for_update=True)
    if row is None:
        try:
            with session.begin_nested():
                session.add(ChatQuota(key=key, window_start=now, opened=1))
            return limit > 0
        except IntegrityError:  # the same client's first chat, opened twice at once
            row = session.get(ChatQuota, key, with_for_update=True, populate_existing=True)
    if now - row.window_start >= WINDOW:
        row.window_start, row.opened = now, 1
        return limit > 0
    if row.opened >= limit:
        return False
    row.opened += 1
    return True


def prune(session: Session, now: datetime) -> None:
    """Forget windows that ended (housekeeping)."""
    session.execute(delete(ChatQuota).where(ChatQuota.window_start < now - WINDOW)
                    .execution_options(synchronize_session=False))
