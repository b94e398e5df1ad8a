"""Which host names the web app answers under: the public URL's, and nobody else's (DNS rebinding).

A page on an attacker's domain can make that name resolve to this server (DNS rebinding, or any
name pointed at it). The visitor's browser then sends the attacker's name as ``Host`` and as the
``Origin`` of the chat's requests, the two agree, and the web chat's same-origin check
(``webhook.chat.origins``) let a stranger's page drive conversations through a visitor's browser;
the member and staff pages would be the attacker's origin too (their cookies, their forms). So a
request is answered only under a name the co-op gave the app:

- the host of ``COOPBOT_PUBLIC_URL`` (links, Twilio's signatures, the widget's own address);
- the hosts of ``COOPBOT_CHAT_ORIGINS`` and ``COOPBOT_ALLOWED_HOSTS``;
- the loopback names ``localhost``, ``127.0.0.1`` and ``::1``: ``make run`` and a proxy on the
  same host call the app so, and no rebinding page can make a browser send them (its own name
  is what the browser sends);

any other ``Host`` gets 400. The port is not compared (a proxy may add or drop it).

Exempt are the endpoints no browser page can use and that operators' tools reach by address:
``/healthz`` (a load balancer's probe sends the instance's address) and ``/metrics`` (each
answering only what its own rules allow), and Twilio's ``/sms`` and ``/sms/status``, which
answer only a request signed over ``COOPBOT_PUBLIC_URL``. Flask's ``TRUSTED_HOSTS`` does the
same comparison but for every request and before routing, so it cannot leave those out; this
check uses Werkzeug's own parse of the header.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request

from backend.core.config import Settings

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
EXEMPT_ENDPOINTS = frozenset({"health.healthz", "metrics.metrics", "sms.inbound", "sms.status_callback"})


def host_name(host: str) -> str | None:
    """``"Coop.Example:8443"`` -> ``"coop.example"``, ``"[::1]:8000"`` -> ``"::1"``; None when unreadable."""
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:
        return None
    return name.rstrip(".").lower() if name else None


def allowed_hosts(settings: Settings) -> frozenset[str]:
    named = [settings.public_url, *settings.chat_origins, *(f"//{host}" for host in settings.allowed_hosts)]
    hosts = {host_name(urlsplit(url).netloc) for url in named}
    return frozenset(LOOPBACK | (hosts - {None}))


def init_app(app: Flask, settings: Settings) -> None:
    allowed = allowed_hosts(settings)

    @app.before_request
    def _refuse_unknown_hosts():
        if request.endpoint in EXEMPT_ENDPOINTS:
            return None
        if host_name(request.host) in allowed:
            return None
        return Response("Unknown host.\n", 400, mimetype="text/plain")
