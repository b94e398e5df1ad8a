"""How fast new web chats open from one client network, counted in the database.

A new chat costs nothing to open, and each one is a fresh conversation with
its own guesses; the per-source guessing limits (``backend.identity.source_budget``)
slow a guesser anyway, but a brake on new chats keeps one client from opening
thousands. A client network is shared by many people (a carrier-grade NAT, a
library's Wi-Fi), so the brake slows rather than refuses: the first ``limit``
chats of an hour open at once, and after that each new chat waits for a delay
after the previous one, ``FIRST_DELAY`` doubling up to ``MAX_DELAY``. A
client that asks for hundreds gets one more every five minutes; a member
behind the same address waits at most that long, never the hour.

The count lives in the database so that every web worker and every web host
shares it and a restart does not forget it (an in-memory count let each
worker through its own limit). The key is the client network's keyed
pseudonym (``webhook.client_ip.source_key``: an IPv4 address, an IPv6 /64),
never the address itself.

One row per key: when its window began, how many chats were opened in it and
when the last one was. The row is locked while it is read and changed
(PostgreSQL ``FOR UPDATE``; SQLite serialises writers) and the time is read
only then (``backend.core.clock``), so concurrent requests never both take the
last place. Callers commit.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.core import clock
from backend.storage.models import ChatQuota

WINDOW = ChatQuota.WINDOW
FIRST_DELAY = timedelta(seconds=10)
MAX_DELAY = timedelta(minutes=5)


def delay_after(extra: int) -> timedelta:
    """The wait after the previous chat once ``extra`` chats beyond the hour's allowance opened."""
    return MAX_DELAY if extra >= 16 else min(FIRST_DELAY * 2 ** extra, MAX_DELAY)


def admit(session: Session, key: str, limit: int, now: clock.Now = None) -> timedelta:
    """Open one new chat for ``key`` if it may open now (``timedelta(0)``), else how long to wait."""
    row = session.get(ChatQuota, key, with_for_update=True)
    if row is None:
        try:
            with session.begin_nested():
                first = clock.read(now)
                session.add(ChatQuota(key=key, window_start=first, opened=1, last_opened_at=first))
            return timedelta(0)
        except IntegrityError:  # the same client's first chat, opened twice at once
            row = session.get(ChatQuota, key, with_for_update=True, populate_existing=True)
    now = clock.read(now)
    if now - row.window_start >= WINDOW:
        row.window_start, row.opened, row.last_opened_at = now, 1, now
        return timedelta(0)
    if row.opened >= limit:
        ready = (row.last_opened_at or row.window_start) + delay_after(row.opened - limit)
        if now < ready:
            return ready - now
    row.opened += 1
    row.last_opened_at = now
    return timedelta(0)


def allow(session: Session, key: str, limit: int, now: clock.Now = None) -> bool:
    """Count one new chat for ``key`` and say whether it may open now."""
    return admit(session, key, limit, now) == timedelta(0)

