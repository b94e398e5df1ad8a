"""The client address of a request, aware of the operator's reverse proxies.

``COOPBOT_TRUSTED_PROXIES`` says how many proxies in front of the web app
append to ``X-Forwarded-For``: the client is then the address that many
entries from the right. With 0 (the default) the header is ignored, since any
client can write it, and the TCP peer is the client. The address is used only
as a keyed pseudonym (``source_key``) for guess counting and rate limits.
"""

from __future__ import annotations

from flask import Request

from backend import keys
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
    return keyed_hash(keys.derive(secret_key, keys.WEB_CLIENT), client_ip(request, trusted_proxies),
                      salt="web-client:")[:32]


