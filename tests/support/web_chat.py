"""A member or an attacker on the web chat, and the demo member they aim at (end-to-end tests)."""

from __future__ import annotations

import itertools

import httpx

GARZA = {"account": "1001234567", "name": "Garza", "zip": "78620", "phone": "+15125550101"}
ATTACKER_EMAIL = "attacker@evil.example"

_clients = itertools.count(1)


class WebChat:
    """One browser on the web chat, from its own client address (behind one trusted proxy)."""

    def __init__(self, stack, address: str | None = None):
        self.stack = stack
        self.address = address or f"198.51.100.{next(_clients)}"
        self.http = httpx.Client(base_url=stack.web_url, timeout=60,
                                 headers={"X-Forwarded-For": self.address})
        response = self.http.post("/chat/api/session")
        assert response.status_code == 201, response.text
        self.http.headers["Authorization"] = "Bearer " + response.json()["token"]

    def say(self, text: str) -> str:
        response = self.http.post("/chat/api/messages", json={"text": text})
        assert response.status_code == 200, response.text
        return "\n".join(reply["text"] for reply in response.json()["replies"])
