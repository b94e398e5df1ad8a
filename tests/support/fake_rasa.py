"""A stand-in for the Rasa server on a real loopback socket, for unit tests of the web app.

It answers like Rasa's REST channel and HTTP API (``/webhooks/rest/webhook``,
``/conversations/<id>/tracker``, ``/status``), with a scripted bot: the test
sets ``fake.bot`` to a function ``(sender, text) -> (messages, slots, intent,
confidence)``. Rasa is outside the web app, so faking it at the HTTP boundary
tests the web app's real client code. ``fake.received`` records every request.
Like bot/channel.py, the REST channel refuses (403) a message without the
token in the ``X-Coopbot-Token`` header; ``fake.refused`` counts those.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from urllib.parse import parse_qs, unquote, urlsplit

from common import local_auth
from tests.support.local_http import LocalHTTPServer, QuietHandler


def echo_bot(sender, text):
    return [{"recipient_id": sender, "text": f"You said something ({len(text)} characters)."}], {}, "greet", 0.9


class FakeRasa(LocalHTTPServer):
    def __init__(self, token: str = "test-rasa-token"):
        self.token = token
        self.channel_token = token  # the REST channel's (the same token; a test may break only the API's)
        self.bot = echo_bot
        self.delay = 0.0           # seconds before answering a message
        self.fail_status = None    # e.g. 500: every message request fails with it
        self.model_loaded = True
        self.drop = False          # True: take each message, then close the connection unanswered (a crash)
        self.summarise = False     # True: answers end with the turn summary, as bot/channel.py does
        self.summary_timing: dict | None = None  # stage figures in the summary (COOPBOT_TIMING)
        self.unsaved = False       # True: the summary says the turn could not be stored (tracker store down)
        self.tracker_reads = 0
        self.refused = 0           # messages posted without the channel token
        self.received: list[dict] = []
        self.trackers: dict[str, dict] = {}
        self._lock = threading.Lock()
        super().__init__(self._handler())

    def messages_from(self, sender: str) -> list[str]:
        with self._lock:
            return [r["message"] for r in self.received if r.get("sender") == sender]

    def _handler(self):
        fake = self

        class Handler(QuietHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                if urlsplit(self.path).path != "/webhooks/rest/webhook":
                    return self.send_json(404, {})
                if not local_auth.presented(fake.channel_token, self.headers.get(local_auth.HEADER)):
                    with fake._lock:
                        fake.refused += 1
                    return self.send_json(403, {})
                with fake._lock:
                    fake.received.append(payload)
                if fake.drop:
                    self.close_connection = True
                    self.connection.close()
                    return None
                if fake.delay:
                    time.sleep(fake.delay)  # simulates a slow Rasa; not test synchronisation
                if fake.fail_status:
                    return self.send_json(fake.fail_status, {"error": "boom"})
                sender, text = payload["sender"], payload["message"]
                messages, slots, intent, confidence = fake.bot(sender, text)
                message_id = uuid.uuid4().hex
                slots = dict(slots)
                if slots.pop("_secret", False):
                    slots["redact_message_id"] = message_id
                with fake._lock:
                    tracker = fake.trackers.setdefault(sender, {"slots": {}})
                    tracker["slots"].update(slots)
                    # Like Rasa 3.6: latest_message is the parse data (no message_id);
                    # the id is on the user event.
                    tracker["latest_message"] = {
                        "intent": {"name": intent, "confidence": confidence},
                        "text": text,
                    }
                    tracker.setdefault("events", []).extend([
                        {"event": "user", "text": text, "message_id": message_id},
                        {"event": "bot", "text": "..."},
                    ])
                if fake.summarise:
                    messages = [*messages, {"recipient_id": sender, "custom": {"coopbot_turn": {
                        "intent": intent, "confidence": confidence, "message_id": message_id,
                        "slots": dict(tracker["slots"]),
                        **({"timing": fake.summary_timing} if fake.summary_timing else {}),
                        **({"unsaved": True} if fake.unsaved else {})}}}]
                return self.send_json(200, messages)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                if query.get("token", [None])[0] != fake.token:
                    return self.send_json(401, {"message": "bad token"})
                if parts.path == "/status":
                    if not fake.model_loaded:
                        return self.send_json(200, {"model_file": None, "model_id": None})
                    return self.send_json(200, {"model_file": "current.tar.gz", "model_id": "abc"})
                if parts.path.startswith("/conversations/") and parts.path.endswith("/tracker"):
                    sender = unquote(parts.path[len("/conversations/"):-len("/tracker")])
                    with fake._lock:
                        fake.tracker_reads += 1
                        tracker = json.loads(json.dumps(fake.trackers.get(sender, {"slots": {}})))
                    if query.get("include_events", ["AFTER_RESTART"])[0] == "NONE":
                        tracker.pop("events", None)
                    return self.send_json(200, {"sender_id": sender, **tracker})
                return self.send_json(404, {})

        return Handler


class FakeActionServer(LocalHTTPServer):
    """Answers ``GET /health`` like rasa-sdk's action server (for /healthz tests)."""

    def __init__(self, path: str = "/health"):
        class Handler(QuietHandler):
            def do_GET(self):
                status = 200 if self.path == path else 404
                self.send_json(status, {"status": "ok"})

        super().__init__(Handler)


class FakeApi(FakeActionServer):
    """Answers ``GET /healthz`` like the registration API process (for /healthz tests)."""

    def __init__(self):
        super().__init__("/healthz")
