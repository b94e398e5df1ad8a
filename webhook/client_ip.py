"""The client address of a request, aware of the operator's reverse proxies.

``COOPBOT_TRUSTED_PROXIES`` says how many proxies in front of the web app
append to ``X-Forwarded-For``: the client is then the address that many
entries from the right. With 0 (the default) the header is ignored, since any
client can write it, and the TCP peer is the client. The address is used only
as a keyed pseudonym (``source_key``) for guess counting and rate limits.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from flask import Request

from backend.hashing import keyed_hash


def client_ip(request: Request, trusted_proxies: int) -> str:
    peer = request.remote_addr or "unknown"
    if trusted_proxies <= 0:
        return peer
    hops = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if len(hops) < trusted_proxies:
        return peer
    return hops[-trusted_proxies]


def source_key(secret_key: str, request: Request, trusted_proxies: int) -> str:
    """The pseudonym of the web client (never the address itself)."""
    return keyed_hash(secret_key, client_ip(request, trusted_proxies), salt="web-client:")[:32]


class SlidingWindow:
    """At most ``limit`` events per key within ``seconds`` (in memory, per web worker)."""

    def __init__(self, limit: int, seconds: float, clock=time.monotonic):
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self._events: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.seconds:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            if len(self._events) > 100_000:  # forget idle clients rather than grow without end
                for stale in [k for k, v in self._events.items() if not v or v[-1] <= now - self.seconds]:
                    del self._events[stale]
            return True
