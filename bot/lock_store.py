"""Rasa's lock store for coopbot: Redis when ``COOPBOT_REDIS_URL`` is set, else in memory.

Rasa holds a per-conversation lock while it processes a message. With one
Rasa server the in-memory store (Rasa's default) is enough; with several
replicas they share Redis, so that a conversation moved to another replica
(its first one failed) still has its turns processed one at a time. The web
app routes each sender to one replica (rendezvous hashing), because Rasa Open
Source's lock store alone does not make two replicas safe for one conversation.

Runs inside the Rasa server (Python 3.10, rasa 3.6); configured in
bot/endpoints.yml as ``bot.lock_store.CoopbotLockStore``. Rasa builds custom
lock stores as ``cls(endpoint_config=...)``; this class returns Rasa's own
``RedisLockStore`` or ``InMemoryLockStore`` from that call.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import unquote, urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore, RedisLockStore

from bot import settings

KEY_PREFIX = "coopbot"


def redis_options(url: str) -> dict[str, Any]:
    """``redis://[user:password@]host:port/db`` -> RedisLockStore keyword arguments."""
    parts = urlsplit(url)
    return dict(
        host=parts.hostname or "localhost",
        port=parts.port or 6379,
        db=int(parts.path.strip("/") or 0),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
        key_prefix=KEY_PREFIX,
    )


# How often a waiting turn looks at the lock again (Rasa: every second).
POLL_SECONDS = 0.25


class RenewedWhileWaiting:
    """Rasa's ticket lock, with a waiting turn's ticket kept alive while it waits.

    A ticket expires ``TICKET_LOCK_LIFETIME`` seconds after it was issued, so
    that the ticket of a replica killed mid-turn (never released) stops
    blocking the conversation. In Rasa 3.6 the ticket of a turn that *waits*
    expires on the same clock: the member's message resent to the next
    replica waited for the dead ticket, and its own ticket, issued a moment
    later, ran out at nearly the same time. Rasa then drops both, and the
    waiting turn never sees its number come up: it hangs until the web app
    gives up ("we're having trouble"). Here a waiting turn renews its own
    ticket at every look, so only tickets nobody renews (dead replicas')
    expire; it also looks four times a second instead of once.
    """

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self._renewed(conversation_id, ticket)
            if lock is None:
                raise LockError(f"the lock ticket of conversation {conversation_id!r} expired while waiting")
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(min(wait_time_in_seconds, POLL_SECONDS))

    def _renewed(self, conversation_id: str, ticket: int) -> TicketLock | None:
        """The lock with expired tickets dropped and ``ticket`` renewed; None if ``ticket`` is gone."""
        lock = self.get_lock(conversation_id)  # type: ignore[attr-defined]
        if lock is None:
            return None
        lock.remove_expired_tickets()
        mine = next((t for t in lock.tickets if t.number == ticket), None)
        if mine is None:
            return None
        mine.expires = time.time() + LOCK_LIFETIME
        self.save_lock(lock)  # type: ignore[attr-defined]
        return lock


class CoopbotRedisLockStore(RenewedWhileWaiting, RedisLockStore):
    """Rasa's Redis lock store (shared by the replicas), waiting tickets renewed."""


class CoopbotInMemoryLockStore(RenewedWhileWaiting, InMemoryLockStore):
    """Rasa's in-memory lock store (one Rasa server), waiting tickets renewed."""


class CoopbotLockStore(LockStore):
    """Factory: ``CoopbotLockStore(endpoint_config=...)`` is a Redis or in-memory lock store."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        url = settings.redis_url()
        if url:
            return CoopbotRedisLockStore(**redis_options(url))
        return CoopbotInMemoryLockStore()
