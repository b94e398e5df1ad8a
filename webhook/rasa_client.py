"""The one place that talks HTTP to the Rasa server.

Both channels need the same three things from Rasa: the bot's replies to a
message (REST channel), what Rasa understood and where the member is in the
form (tracker), and whether a model is loaded (for /healthz). Timeouts are
short on purpose: an SMS answer must reach Twilio within its 15 seconds, so a
slow Rasa (or a slow action server behind it) becomes :class:`RasaUnavailable`
and the caller answers politely instead of hanging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

# Seconds. The message call covers Rasa plus the action server plus the backend
# API behind it; together with the tracker call it stays well under 15 s.
CONNECT_TIMEOUT = 2.0
MESSAGE_TIMEOUT = 10.0
TRACKER_TIMEOUT = 3.0
STATUS_TIMEOUT = 2.0


class RasaUnavailable(Exception):
    """Rasa did not answer usefully: refused connection, timeout or a 5xx."""


@dataclass
class TrackerView:
    """The parts of Rasa's tracker the web app uses (never the full event log)."""

    intent: str | None = None
    confidence: float | None = None
    message_id: str | None = None
    slots: dict = field(default_factory=dict)
    timing: dict = field(default_factory=dict)  # per-stage milliseconds, when Rasa measures them


class RasaClient:
    """A small client for Rasa's REST channel and HTTP API (token-protected)."""

    def __init__(self, base_url: str, token: str, *, transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(
            timeout=httpx.Timeout(MESSAGE_TIMEOUT, connect=CONNECT_TIMEOUT),
            transport=transport,
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
        )

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, path: str, *, timeout: float, **kwargs) -> httpx.Response:
        try:
            response = self._http.request(
                method, self.base_url + path,
                timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT), **kwargs,
            )
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"{method} {path.split('?')[0]}: {exc.__class__.__name__}") from exc
        if response.status_code >= 500:
            raise RasaUnavailable(f"{method} {path.split('?')[0]}: HTTP {response.status_code}")
        return response

    def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        """Send one member message; return Rasa's bot messages (dicts with text/buttons).

        The last message may be the turn's summary (``{"custom": {"coopbot_turn": ...}}``,
        see :func:`turn_view`); it has no text and is not a reply.
        """
        response = self._request(
            "POST", "/webhooks/rest/webhook", timeout=MESSAGE_TIMEOUT,
            json={"sender": sender_id, "message": text, "metadata": metadata or {}},
        )
        if response.status_code != 200:
            raise RasaUnavailable(f"POST /webhooks/rest/webhook: HTTP {response.status_code}")
        try:
            messages = response.json()
        except ValueError as exc:
            raise RasaUnavailable("POST /webhooks/rest/webhook: not JSON") from exc
        return messages if isinstance(messages, list) else []

    def tracker(self, sender_id: str) -> TrackerView:
        """What Rasa understood of the latest message, its message_id, and the current slots.

        Rasa 3.6 leaves ``message_id`` out of the tracker's ``latest_message``
        (that is the NLU parse data); coopbot's tracker store adds it there.
        """
        path = (f"/conversations/{quote(sender_id, safe='')}/tracker"
                f"?include_events=APPLIED&token={quote(self.token, safe='')}")
        response = self._request("GET", path, timeout=TRACKER_TIMEOUT)
        if response.status_code != 200:
            raise RasaUnavailable(f"GET tracker: HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as exc:
            raise RasaUnavailable("GET tracker: not JSON") from exc
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

    def status(self) -> dict:
        """Rasa's /status (raises RasaUnavailable when no model is loaded or Rasa is down)."""
        response = self._request(
            "GET", f"/status?token={quote(self.token, safe='')}", timeout=STATUS_TIMEOUT
        )
        if response.status_code != 200:
            raise RasaUnavailable(f"GET /status: HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as exc:
            raise RasaUnavailable("GET /status: not JSON") from exc
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
            )
    return None


def client_for(app) -> RasaClient:
    """The app's shared client (one connection pool per web worker), created on first use."""
    client = app.extensions.get("coopbot.rasa")
    if client is None:
        settings = app.config["COOPBOT"]
        client = RasaClient(settings.rasa_url, settings.rasa_token)
        app.extensions["coopbot.rasa"] = client
    return client
