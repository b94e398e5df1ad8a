"""A local fake of Twilio's Messages, Calls and Verify APIs on a real socket, and the http_client for it.

twilio-python sends every REST call through its ``http_client``; the one here
(a :class:`TwilioHttpClient`, so the real request code runs) only swaps
``https://api.twilio.com`` and ``https://verify.twilio.com`` for the fake's
loopback address. The fake records each request (host, method, path, form,
Basic auth) and answers like Twilio: 201 with a message, call or verification
resource, 200 with a verification check (``approved`` when the code is
``verify_code``), or Twilio's error JSON for numbers set in ``errors``: keyed
by (To, channel) (``sms``, ``call``: a Verify channel or the Calls API), or by
the To number alone for every request but a call. A message answers "queued", or the status
set for its To number in ``statuses`` (Twilio can answer "failed" at once, here with error 30006).
"""

from __future__ import annotations

import base64
import uuid
from urllib.parse import parse_qs

from twilio.http.http_client import TwilioHttpClient

from tests.support.local_http import LocalHTTPServer, QuietHandler

TWILIO_API = "https://api.twilio.com"
TWILIO_HOSTS = (TWILIO_API, "https://verify.twilio.com")


class FakeTwilio(LocalHTTPServer):
    def __init__(self):
        self.requests: list[dict] = []
        self.errors: dict = {}  # To number, or (To, Channel) -> (HTTP status, Twilio error code)
        self.verify_code = "424242"  # the code Twilio Verify "sent"
        self.statuses: dict = {}  # To number -> the status a created message answers with ("queued" else)
        fake = self

        class Handler(QuietHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                auth = self.headers.get("Authorization", "")
                user = base64.b64decode(auth.split(" ", 1)[1]).decode() if auth.startswith("Basic ") else ""
                host, path = self.headers.get("X-Fake-Twilio-Host", ""), self.path
                fake.requests.append({"host": host, "method": "POST", "path": path, "form": form, "auth": user})
                to = form.get("To", "")
                calling = path.endswith("/Calls.json")
                channel = "call" if calling else form.get("Channel", "sms")
                error = fake.errors.get((to, channel)) or (None if calling else fake.errors.get(to))
                if error:
                    status, code = error
                    payload = {"code": code, "message": "error", "more_info": "", "status": status}
                elif path.endswith("/VerificationCheck"):
                    status = 200
                    payload = {"sid": "VE" + uuid.uuid4().hex, "to": to, "valid": form.get("Code") == fake.verify_code,
                               "status": "approved" if form.get("Code") == fake.verify_code else "pending"}
                elif path.endswith("/Verifications"):
                    status = 201
                    payload = {"sid": "VE" + uuid.uuid4().hex, "to": to, "channel": form.get("Channel"),
                               "status": "pending"}
                elif calling:
                    status = 201
                    payload = {"sid": "CA" + uuid.uuid4().hex, "account_sid": path.split("/")[3], "to": to,
                               "from": form.get("From"), "status": "queued", "direction": "outbound-api"}
                else:
                    status = 201
                    account = path.split("/")[3]
                    payload = {"sid": "SM" + uuid.uuid4().hex, "account_sid": account, "to": to,
                               "from": form.get("From"), "body": form.get("Body"),
                               "status": fake.statuses.get(to, "queued"),
                               "error_code": 30006 if fake.statuses.get(to) == "failed" else None,
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
        host = next(host for host in TWILIO_HOSTS if url.startswith(host))
        # The host travels in a header so the fake knows which API was called.
        headers = {**(kwargs.pop("headers", None) or {}), "X-Fake-Twilio-Host": host}
        return super().request(method, self._base_url + url[len(host):], *args, headers=headers, **kwargs)
