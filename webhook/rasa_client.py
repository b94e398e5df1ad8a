"""The one place that talks HTTP to the Rasa server.

Both channels need the same three things from Rasa: the bot's replies to a
message (REST channel), what Rasa understood and where the member is in the
form (tracker), and whether a model is loaded (for /healthz). Timeouts are
short on purpose: an SMS answer must reach Twilio within its 15 seconds, so a
slow Rasa (or a slow action server behind it) becomes :class:`RasaUnavailable`
and the caller answers politely instead of hanging.

Several Rasa replicas (``COOPBOT_RASA_REPLICAS`` / ``COOPBOT_RASA_URLS``):
Rasa Open Source does not make two servers safe for one conversation, so
every message of a sender goes to one replica, chosen by rendezvous
(highest-random-weight) hashing of the sender pseudonym over the replica
URLs. Each sender thus has an order of replicas; adding or losing one moves
only the senders whose first choice it was. When the chosen replica cannot
have taken the message -- the connection is refused or cannot be opened in
time, or the server closed it without an answer because it died -- the
message is resent to the sender's next replica, and the member sees nothing
of it. A replica that accepted the message and is merely slow (read timeout)
is not bypassed: it may still be processing the turn, and sending the same
sender's message to a second replica then would run two at once; the member
gets the polite reply instead. Within one web worker, messages of one sender
are also sent one at a time (a per-sender lock), so a sender's turn can never
overtake the previous one on another replica; across workers and hosts, the
Redis lock store that the replicas share serialises a conversation's turns.
"""

from __future__ import annotations

import hashlib
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Sequence
from urllib.parse import quote

import httpx

from common import local_auth

# Seconds. The message call covers Rasa plus the action server plus the backend
# API behind it; together with the tracker call it stays well under 15 s.
CONNECT_TIMEOUT = 2.0
MESSAGE_TIMEOUT = 10.0
TRACKER_TIMEOUT = 3.0
STATUS_TIMEOUT = 2.0


class RasaUnavailable(Exception):
    """Rasa did not answer usefully: refused connection, timeout or a 5xx."""


class _NotDelivered(RasaUnavailable):
    """The replica cannot have processed the request: safe to send it to the next one."""


# Failures that prove the replica did not (or no longer does) process the request.
_NOT_DELIVERED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError,
                  httpx.WriteError, httpx.PoolTimeout)


def rendezvous_order(key: str, urls: Sequence[str]) -> list[str]:
    """``urls`` ordered by rendezvous (highest-random-weight) hashing of ``key``: a stable choice per key."""
    def weight(url: str) -> bytes:
        return hashlib.blake2b(f"{url}\x00{key}".encode(), digest_size=8).digest()

    return sorted(urls, key=weight, reverse=True)


@dataclass
class TrackerView:
    """The parts of Rasa's tracker the web app uses (never the full event log)."""

    intent: str | None = None
    confidence: float | None = None
    message_id: str | None = None
    slots: dict = field(default_factory=dict)
    timing: dict = field(default_factory=dict)  # per-stage milliseconds, when Rasa measures them
    unsaved: bool = False  # Rasa answered but could not store the turn (its tracker store is down)


def _json(response: httpx.Response, what: str) -> Any:
    """The body of Rasa's 200 answer to ``what``; any other answer means Rasa is unavailable."""
    if response.status_code != 200:
        raise RasaUnavailable(f"{what}: HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError as exc:
        raise RasaUnavailable(f"{what}: not JSON") from exc


class RasaClient:
    """A small client for Rasa's REST channel and HTTP API (token-protected).

    Every request carries the token in the ``X-Coopbot-Token`` header: the
    REST channel refuses a message without it (bot/channel.py), so no other
    local process can post as a member's conversation.

    ``base_url`` is one Rasa server or a list of replicas (see the module notes).
    """

    def __init__(self, base_url: str | Sequence[str], token: str, *,
                 transport: httpx.BaseTransport | None = None, on_failover=None, on_call=None):
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        if not urls:
            raise ValueError("no Rasa server URL")
        self.urls = [url.rstrip("/") for url in urls]
        self.base_url = self.urls[0]
        self.token = token
        self._on_failover = on_failover
        self._on_call = on_call
        self._senders: dict[str, list] = {}  # sender -> [lock, users]
        self._senders_lock = threading.Lock()
        self._http = httpx.Client(
            timeout=httpx.Timeout(MESSAGE_TIMEOUT, connect=CONNECT_TIMEOUT),
            transport=transport,
            headers={local_auth.HEADER: token},
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
        )

    def close(self) -> None:
        self._http.close()

    @contextmanager
    def _one_at_a_time(self, sender_id: str):
        """Hold ``sender_id``'s lock: one message of a sender in flight per worker."""
        with self._senders_lock:
            entry = self._senders.setdefault(sender_id, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._senders_lock:
                entry[1] -= 1
                if entry[1] == 0:
                    self._senders.pop(sender_id, None)

    def replicas_for(self, sender_id: str) -> list[str]:
        """The replicas in ``sender_id``'s order: the first gets its messages, the next on failure."""
        return rendezvous_order(sender_id, self.urls) if len(self.urls) > 1 else list(self.urls)

    def _request_one(self, base_url: str, method: str, path: str, *, timeout: float, **kwargs) -> httpx.Response:
        what = f"{method} {path.split('?')[0]}"
        try:
            response = self._http.request(
                method, base_url + path,
                timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT), **kwargs,
            )
        except _NOT_DELIVERED as exc:
            raise _NotDelivered(f"{what}: {exc.__class__.__name__}") from exc
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"{what}: {exc.__class__.__name__}") from exc
        if response.status_code >= 500:
            raise RasaUnavailable(f"{what}: HTTP {response.status_code}")
        return response

    def _request(self, method: str, path: str, *, timeout: float, sender_id: str | None = None,
                 **kwargs) -> httpx.Response:
        """Ask the sender's replica; on a failure that proves it took nothing, the next one."""
        order = self.replicas_for(sender_id) if sender_id is not None else list(self.urls)
        last: RasaUnavailable | None = None
        for index, base_url in enumerate(order):
            try:
                return self._request_one(base_url, method, path, timeout=timeout, **kwargs)
            except _NotDelivered as exc:
                last = exc
                if index + 1 < len(order) and self._on_failover is not None:
                    self._on_failover()
        raise RasaUnavailable(str(last)) from last

    def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        """Send one member message; return Rasa's bot messages (dicts with text/buttons).

        The last message may be the turn's summary (``{"custom": {"coopbot_turn": ...}}``,
        see :func:`turn_view`); it has no text and is not a reply.
        """
        started = time.perf_counter()
        try:
            with self._one_at_a_time(sender_id):
                response = self._request(
                    "POST", "/webhooks/rest/webhook", timeout=MESSAGE_TIMEOUT, sender_id=sender_id,
                    json={"sender": sender_id, "message": text, "metadata": metadata or {}},
                )
        finally:
            if self._on_call is not None:
                self._on_call(time.perf_counter() - started, (metadata or {}).get("channel"))
        messages = _json(response, "POST /webhooks/rest/webhook")
        return messages if isinstance(messages, list) else []

    def tracker(self, sender_id: str) -> TrackerView:
        """What Rasa understood of the latest message, its message_id, and the current slots.

        Rasa 3.6 leaves ``message_id`` out of the tracker's ``latest_message``
        (that is the NLU parse data); coopbot's tracker store adds it there.
        """
        path = (f"/conversations/{quote(sender_id, safe='')}/tracker"
                f"?include_events=APPLIED&token={quote(self.token, safe='')}")
        response = self._request("GET", path, timeout=TRACKER_TIMEOUT, sender_id=sender_id)
        data = _json(response, "GET tracker")
        latest = data.get("latest_message") or {}
        intent = latest.get("intent") or {}
        confidence = intent.get("confidence")
        # bot/tracker_store.py puts the real latest message (with its id) in
        # latest_message; the applied events may stop at the message that
        # started a form, so they are only a fallback.
        message_id = latest.get("message_id")
        if not message_id:
            for event in reversed(data.get("events") or []):
                if event.get("event") == "user":
                    message_id = event.get("message_id")
                    break
        return TrackerView(
            intent=intent.get("name"),
            confidence=float(confidence) if confidence is not None else None,
            message_id=message_id,
            slots=data.get("slots") or {},
        )

    def status(self, base_url: str | None = None) -> dict:
        """Rasa's /status of one replica (the first by default).

        Raises RasaUnavailable when no model is loaded or that Rasa server is down.
        """
        response = self._request_one(
            (base_url or self.base_url).rstrip("/"), "GET", f"/status?token={quote(self.token, safe='')}",
            timeout=STATUS_TIMEOUT,
        )
        data = _json(response, "GET /status")
        if not data.get("model_file") and not data.get("model_id"):
            raise RasaUnavailable("no model loaded")
        return data


TURN_KEY = "coopbot_turn"


def turn_view(messages: list[dict]) -> TrackerView | None:
    """What Rasa's answer says about the turn itself (bot/channel.py), or None if it says nothing.

    Rasa's REST channel in this project appends ``{"custom": {"coopbot_turn":
    {"intent", "confidence", "message_id", "slots"}}}`` to its bot messages, so
    the relay needs no second request (a tracker read grows with the conversation).
    """
    for message in reversed(messages):
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get(TURN_KEY), dict):
            info = custom[TURN_KEY]
            confidence = info.get("confidence")
            try:
                confidence = float(confidence) if confidence is not None else None
            except (TypeError, ValueError):
                confidence = None
            slots = info.get("slots")
            return TrackerView(
                intent=info.get("intent"),
                confidence=confidence,
                message_id=info.get("message_id"),
                slots=slots if isinstance(slots, dict) else {},
                timing=info.get("timing") if isinstance(info.get("timing"), dict) else {},
                unsaved=info.get("unsaved") is True,
            )
    return None


def client_for(app) -> RasaClient:
    """The app's shared client (one connection pool per web worker), created on first use."""
    client = app.extensions.get("coopbot.rasa")
    if client is None:
        from backend.core.config import rasa_servers
        from webhook import metrics

        settings = app.config["COOPBOT"]
        client = RasaClient(rasa_servers(settings), settings.rasa_token,
                            on_failover=metrics.FAILOVERS.inc, on_call=metrics.observe_rasa_call)
        app.extensions["coopbot.rasa"] = client
    return client
