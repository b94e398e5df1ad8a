"""Which web sites may talk to the chat API from a browser (CORS), and nobody else.

The widget runs on the co-op's own pages (``/chat`` here, or the co-op's site
where the snippet is pasted). Browsers name the page's origin in the
``Origin`` header; we answer a site listed in ``COOPBOT_CHAT_ORIGINS`` with
the CORS headers it needs, let our own origin through without them, and refuse
every other site outright, so a stranger's page cannot drive conversations
through a visitor's browser. Requests without an ``Origin`` header do not come
from a web page's script (curl, the load generator) and still need a token.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Request, Response

from backend.core.config import Settings

ALLOWED_METHODS = "GET, POST, OPTIONS"  # GET: the widget polls /chat/api/updates during a handoff
ALLOWED_HEADERS = "Authorization, Content-Type"
PREFLIGHT_MAX_AGE = "600"


def origin_of(url: str) -> str:
    """``"https://Coop.example:443/path"`` -> ``"https://coop.example:443"`` (scheme://host[:port])."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin(origin: str, settings: Settings, request: Request) -> bool:
    """Our own pages: the public URL, or the address this request was made to (behind no proxy)."""
    return origin in (origin_of(settings.public_url), origin_of(request.host_url))


def is_allowed(origin: str | None, settings: Settings, request: Request) -> bool:
    if origin is None:
        return True
    origin = origin.lower()
    return is_same_origin(origin, settings, request) or origin in settings.chat_origins


def add_cors_headers(response: Response, origin: str | None, settings: Settings, request: Request) -> Response:
    """Let an allowed other site read the answer; caches must keep answers per origin apart."""
    response.vary.add("Origin")
    if origin and origin.lower() in settings.chat_origins and not is_same_origin(origin.lower(), settings, request):
        response.headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
