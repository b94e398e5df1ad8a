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

import os
from typing import Any
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

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


class CoopbotLockStore(LockStore):
    """Factory: ``CoopbotLockStore(endpoint_config=...)`` is a Redis or in-memory lock store."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        url = os.environ.get("COOPBOT_REDIS_URL")
        if url:
            return RedisLockStore(**redis_options(url))
        return InMemoryLockStore()
