"""Fixtures for action tests: the real backend API on a real socket, and a conversation driver.

The actions run in-process through the action server's own executor
(``actions.serve.Executor``, rasa-sdk's with the turn's language bound) and call the REAL backend API, served by the
real Flask app on a live socket against a migrated database. Nothing of the
backend is mocked; Rasa itself is replaced by :class:`Conversation`, which
builds the tracker payloads Rasa would send (events, slots, latest message).
"""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions import backend_client
from actions.serve import Executor
from backend.db import make_engine, make_session_factory
from tests.conftest import TEST_API_KEY
from tests.support.backend_helpers import load_members
from tests.support.live import live_server

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "domain.yml").read_text())
FORM = "registration_form"

MEMBERS = [
    # account, meter, name, zip, last4
    ("1001234567", "M12345", "Garza", "78620", "4321"),
    ("20456789", "77AB12", "Garza Ranch LLC", "78606", "9876"),
    ("3005551212", "M55555", "O'Brien-Smith", "78701", "1111"),
    ("400777", "A1", "Nguyen", "78666", ""),
    ("500123456789", "Z9Z9Z9", "Müller", "78130-1234", "2468"),
    ("6001112223", "M60001", "Peterson", "78610", "1357"),
]


@pytest.fixture
def backend(settings_for, sqlite_url):
    """The real registration API process's app on a live socket, with members imported."""
    from backend.api_app import create_app

    settings = settings_for(sqlite_url)
    engine = make_engine(settings.database_url)
    load_members(make_session_factory(engine), settings,
                 *(dict(account=account, meter=meter, name=name, zip=zip_code, last4=last4)
                   for account, meter, name, zip_code, last4 in MEMBERS))
    app = create_app(settings)
    with live_server(app) as url:
        backend_client.set_client(backend_client.BackendClient(url, TEST_API_KEY))
        try:
            yield Backend(url, settings, make_session_factory(engine))
        finally:
            backend_client.set_client(None)
            app.extensions["coopbot.engine"].dispose()
            engine.dispose()


class Backend:
    def __init__(self, url, settings, session_factory):
        self.url = url
        self.settings = settings
        self.session = session_factory


_ids = itertools.count(1)


class Conversation:
    """Plays Rasa's part for one sender: keeps the events, runs actions like Rasa calls them.

    ``form_turn(text)`` is one member message while the form is active: the
    latest message is added, the validation action runs, its slots are applied
    and, when it asks for a next slot, the matching ``action_ask_*`` runs too,
    like Rasa's FormAction. Replies of the turn are returned as texts.
    """

    def __init__(self, sender: str | None = None, language: str | None = None):
        self.sender = sender or f"test-{next(_ids)}-{id(self)}"
        self.events: list[dict[str, Any]] = []
        self.slots: dict[str, Any] = {name: None for name in DOMAIN["slots"]}
        self.active_loop: str | None = None
        self.latest_message: dict[str, Any] = {}
        self.language = language  # sent as the web app sends it (message metadata); None: none sent
        self.executor = Executor()
        self.executor.register_package("actions")
        self.buttons: list[list[dict]] = []

    # -- building the tracker -----------------------------------------------------------
    def user(self, text: str, intent: str = "inform", confidence: float = 0.95) -> str:
        message_id = f"msg-{next(_ids)}"
        parse = {"text": text, "intent": {"name": intent, "confidence": confidence},
                 "entities": [], "intent_ranking": []}
        self.latest_message = parse
        self.events.append({"event": "user", "text": text, "parse_data": parse,
                            "message_id": message_id, "timestamp": 0,
                            # Rasa keeps the web app's metadata on the user event
                            "metadata": {"language": self.language} if self.language else {}})
        return message_id

    def set(self, **slots) -> None:
        for name, value in slots.items():
            self.events.append({"event": "slot", "name": name, "value": value})
            self.slots[name] = value

    def tracker(self) -> dict[str, Any]:
        return {
            "sender_id": self.sender,
            "slots": dict(self.slots),
            "latest_message": self.latest_message,
            "events": list(self.events),
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": self.active_loop} if self.active_loop else {},
            "latest_action_name": None,
        }

    # -- running actions ------------------------------------------------------------------
    def run(self, action: str) -> tuple[list[dict], list[str]]:
        call = {"next_action": action, "sender_id": self.sender, "tracker": self.tracker(),
                "domain": DOMAIN, "version": "3.6.21"}
        result = asyncio.run(self.executor.run(call))
        response = result.model_dump() if result is not None else {}
        self.events.append({"event": "action", "name": action})
        events = response.get("events", [])
        for event in events:
            self.events.append(event)
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
            elif event.get("event") == "active_loop":
                self.active_loop = event.get("name")
        texts = []
        for reply in response.get("responses", []):
            texts.append(reply.get("text") or "")
            if reply.get("buttons"):
                self.buttons.append(reply["buttons"])
        return events, texts

    def start(self, text: str, intent: str = "register") -> list[str]:
        """A message that starts a flow outside the form (rule: action_start_flow, form)."""
        self.user(text, intent)
        _, texts = self.run("action_start_flow")
        self.active_loop = FORM
        return texts + self._form(activation=True)

    def form_turn(self, text: str, intent: str = "inform", confidence: float = 0.95) -> list[str]:
        self.user(text, intent, confidence)
        return self._form()

    def _form(self, activation: bool = False) -> list[str]:
        events, texts = self.run("validate_registration_form")
        slot_events = [e for e in events if e.get("event") == "slot" and e["name"] != "requested_slot"]
        if not activation and not slot_events and self.slots.get("requested_slot"):
            self.rejected = True
            return texts  # Rasa's form rejects the turn; a rule answers instead
        self.rejected = False
        requested = self.slots.get("requested_slot")
        if requested:
            _, ask = self.run(f"action_ask_{requested}")
            texts += ask
        else:
            self.active_loop = None
            _, done = self.run("action_complete_flow")
            texts += done
        return texts

    rejected = False
