"""A local fake of Twilio's Messages API on a real socket, and the http_client that points twilio at it.

twilio-python sends every REST call through its ``http_client``; the one here
(a :class:`TwilioHttpClient`, so the real request code runs) only swaps
``https://api.twilio.com`` for the fake's loopback address. The fake records
each request (method, path, form, Basic auth) and answers like Twilio: 201
with a message resource, or Twilio's error JSON for numbers set in ``errors``.
"""

from __future__ import annotations

import base64
import uuid
from urllib.parse import parse_qs

from twilio.http.http_client import TwilioHttpClient

from tests.support.local_http import LocalHTTPServer, QuietHandler

TWILIO_API = "https://api.twilio.com"


class FakeTwilio(LocalHTTPServer):
    def __init__(self):
        self.requests: list[dict] = []
        self.errors: dict[str, tuple[int, int]] = {}  # To number -> (HTTP status, Twilio error code)
        fake = self

        class Handler(QuietHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                auth = self.headers.get("Authorization", "")
                user = base64.b64decode(auth.split(" ", 1)[1]).decode() if auth.startswith("Basic ") else ""
                fake.requests.append({"method": "POST", "path": self.path, "form": form, "auth": user})
                to = form.get("To", "")
                if to in fake.errors:
                    status, code = fake.errors[to]
                    payload = {"code": code, "message": "error", "more_info": "", "status": status}
                else:
                    status = 201
                    account = self.path.split("/")[3]
                    payload = {"sid": "SM" + uuid.uuid4().hex, "account_sid": account, "to": to,
                               "from": form.get("From"), "body": form.get("Body"), "status": "queued",
                               "num_segments": "1", "direction": "outbound-api"}
                self.send_json(status, payload)

        super().__init__(Handler)

    def http_client(self) -> TwilioHttpClient:
        return _RedirectingHttpClient(self.url)


class _RedirectingHttpClient(TwilioHttpClient):
    def __init__(self, base_url: str):
        super().__init__(timeout=5)
        self._base_url = base_url

    def request(self, method, url, *args, **kwargs):
        assert url.startswith(TWILIO_API), url
        return super().request(method, self._base_url + url[len(TWILIO_API):], *args, **kwargs)
