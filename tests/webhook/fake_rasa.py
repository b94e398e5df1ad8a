"""A stand-in for the Rasa server on a real loopback socket, for unit tests of the web app.

It answers like Rasa's REST channel and HTTP API (``/webhooks/rest/webhook``,
``/conversations/<id>/tracker``, ``/status``), with a scripted bot: the test
sets ``fake.bot`` to a function ``(sender, text) -> (messages, slots, intent,
confidence)``. Rasa is outside the web app, so faking it at the HTTP boundary
tests the web app's real client code. ``fake.received`` records every request.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


def echo_bot(sender, text):
    return [{"recipient_id": sender, "text": f"You said something ({len(text)} characters)."}], {}, "greet", 0.9


class FakeRasa:
    def __init__(self, token: str = "test-rasa-token"):
        self.token = token
        self.bot = echo_bot
        self.delay = 0.0           # seconds before answering a message
        self.fail_status = None    # e.g. 500: every message request fails with it
        self.model_loaded = True
        self.received: list[dict] = []
        self.trackers: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "FakeRasa":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def messages_from(self, sender: str) -> list[str]:
        with self._lock:
            return [r["message"] for r in self.received if r.get("sender") == sender]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _json(self, status, payload):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                if urlsplit(self.path).path != "/webhooks/rest/webhook":
                    return self._json(404, {})
                with fake._lock:
                    fake.received.append(payload)
                if fake.delay:
                    time.sleep(fake.delay)  # simulates a slow Rasa; not test synchronisation
                if fake.fail_status:
                    return self._json(fake.fail_status, {"error": "boom"})
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
                return self._json(200, messages)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                if query.get("token", [None])[0] != fake.token:
                    return self._json(401, {"message": "bad token"})
                if parts.path == "/status":
                    if not fake.model_loaded:
                        return self._json(200, {"model_file": None, "model_id": None})
                    return self._json(200, {"model_file": "current.tar.gz", "model_id": "abc"})
                if parts.path.startswith("/conversations/") and parts.path.endswith("/tracker"):
                    sender = unquote(parts.path[len("/conversations/"):-len("/tracker")])
                    with fake._lock:
                        tracker = json.loads(json.dumps(fake.trackers.get(sender, {"slots": {}})))
                    if query.get("include_events", ["AFTER_RESTART"])[0] == "NONE":
                        tracker.pop("events", None)
                    return self._json(200, {"sender_id": sender, **tracker})
                return self._json(404, {})

        return Handler


class FakeActionServer:
    """Answers ``GET /health`` like rasa-sdk's action server (for /healthz tests)."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                status = 200 if self.path == "/health" else 404
                body = b'{"status": "ok"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "FakeActionServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
