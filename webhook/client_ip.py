"""The client address of a request, aware of the operator's reverse proxies.

``COOPBOT_TRUSTED_PROXIES`` says how many proxies in front of the web app
append to ``X-Forwarded-For``: the client is then the address that many
entries from the right. With 0 (the default) the header is ignored, since any
client can write it, and the TCP peer is the client. The address is used only
as a keyed pseudonym (``source_key``) for guess counting and rate limits.

The pseudonym names the client's *network*, not its address: an IPv4 address
as it is, an IPv6 address by its /64 (one household or mobile line gets a
whole /64 and can pick a fresh address from it for every request; counting
per address would hand a guesser a new budget each time). An IPv4 address
written as IPv6 (``::ffff:192.0.2.1``) is the IPv4 address.
"""

from __future__ import annotations

import ipaddress

from flask import Request

from backend.core import keys
from backend.privacy.hashing import keyed_hash


def client_ip(request: Request, trusted_proxies: int) -> str:
    """The client's address: the TCP peer, or behind ``trusted_proxies`` proxies the address they saw."""
    peer = request.remote_addr or "unknown"
    if trusted_proxies <= 0:
        return peer
    hops = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if len(hops) < trusted_proxies:
        return peer
    return hops[-trusted_proxies]


IPV6_NETWORK_BITS = 64


def network_of(address: str) -> str:
    """The network a limit counts an address under: IPv4 as is, IPv6 by its /64."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address  # not an address (a test client's "unknown"): counted as itself
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_NETWORK_BITS}", strict=False))
    return str(ip)


def client_network(request: Request, trusted_proxies: int) -> str:
    """The network every limit keyed on the client counts under (the chat's sources, the sign-in
    throttle). The sign-in throttle once took the TCP peer: behind a proxy every member shared the
    proxy's address, so a stranger's failed sign-ins with a member's address made the member wait
    up to 15 minutes (the address-and-client rule), and an IPv6 client had a fresh budget per address."""
    return network_of(client_ip(request, trusted_proxies))


def source_key(secret_key: str, request: Request, trusted_proxies: int) -> str:
    """The pseudonym of the web client's network (never the address itself)."""
    return keyed_hash(keys.derive(secret_key, keys.WEB_CLIENT), client_network(request, trusted_proxies),
                      salt="web-client:")[:32]


