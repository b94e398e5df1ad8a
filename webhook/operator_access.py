"""Who may see the stack's internals: loopback, or the addresses an operator allows.

``/metrics`` and the details of ``/healthz`` (what is down, the internal replica
URLs) are for operators, not the public (docs/contract.md, section 3). Allowed:
the addresses or networks in ``COOPBOT_METRICS_ALLOW``, and loopback when the
request did not come through a proxy (``X-Forwarded-For`` / ``Forwarded``), so
a reverse proxy on the same host does not publish them.
"""

from __future__ import annotations

import ipaddress
import logging

from flask import current_app, request

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.0/8", "::1/128")


def _in(address: str | None, allow: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return False
    for entry in allow:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            log.warning("COOPBOT_METRICS_ALLOW: ignoring %r (not an address or network)", entry)
    return False


def allowed() -> bool:
    """May the caller of the current request see internals?"""
    if _in(request.remote_addr, current_app.config["COOPBOT"].metrics_allow):
        return True
    proxied = "X-Forwarded-For" in request.headers or "Forwarded" in request.headers
    return not proxied and _in(request.remote_addr, LOOPBACK)
