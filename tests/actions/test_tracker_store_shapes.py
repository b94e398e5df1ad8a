"""bot/tracker_store.py keeps no whole SSN, nor nine digits that may be one, even in a message no action
marked (run in the Rasa environment)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.support.rasa_env import RASA_PYTHON, ROOT

REFERENCE = "ref:21:" + "0123456789abcdef" * 2
SCRIPT = r'''
import asyncio, json
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from bot.tracker_store import RedactingTrackerStore, pop_turn_summary

domain = Domain.load("bot/domain.yml")
store = RedactingTrackerStore(domain)
events = [
    ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
    # Before any form: nothing marks this message.
    UserUttered("hi my ssn is 123 456 78 9", {"name": "greet", "confidence": 0.9}, message_id="m1"),
    ActionExecuted("action_listen"),
    UserUttered("sign up", {"name": "register", "confidence": 0.9}, message_id="m2"),
    ActionExecuted("registration_form"), ActiveLoop("registration_form"), SlotSet("requested_slot", "account_number"),
    ActionExecuted("action_listen"),
    # Marked by the form; the entity and the from_text mapping copied pieces of it.
    UserUttered("acct 555-12-3456", {"name": "inform", "confidence": 0.9},
                [{"entity": "account_number", "value": "555123456", "start": 5, "end": 16}], message_id="m3"),
    ActionExecuted("action_extract_slots"),
    SlotSet("account_number", "555123456"), SlotSet("member_name", "acct 555-12-3456"),
    ActionExecuted("validate_registration_form"),
    SlotSet("account_number", None), SlotSet("member_name", None), SlotSet("redact_message_id", "m3"),
    ActionExecuted("action_listen"),
    # Nine digits written as an account number (3-3-3, one run) may be an SSN: redacted
    # even unmarked; the form keeps only the backend's reference (common.account_refs).
    UserUttered("987 654 321", {"name": "inform", "confidence": 0.9},
                [{"entity": "account_number", "value": "987654321", "start": 0, "end": 11}], message_id="m4"),
    ActionExecuted("action_extract_slots"), SlotSet("account_number", "987 654 321"),
    ActionExecuted("validate_registration_form"), SlotSet("account_number", "REF"),
    ActionExecuted("action_listen"),
    UserUttered("what? 987654321", {"name": "help", "confidence": 0.9}, message_id="m5"),
]
tracker = DialogueStateTracker.from_events("conv", events, slots=domain.slots)

async def main():
    await store.save(tracker)
    summary = pop_turn_summary("conv", "m5")
    stored = await RedactingTrackerStore(domain).retrieve("conv")
    print(json.dumps({"texts": [e.text for e in stored.events if isinstance(e, UserUttered)],
                      "dump": json.dumps([e.as_dict() for e in stored.events]), "summary": summary}))
asyncio.run(main())
'''


def test_whole_ssns_and_their_pieces_are_never_stored(tmp_path):
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "COOPBOT_TRACKER_DB": str(tmp_path / "tracker.db")}
    env.pop("COOPBOT_REDIS_URL", None)
    result = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT.replace('"REF"', repr(REFERENCE))], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    stored = json.loads(result.stdout.strip().splitlines()[-1])
    assert stored["texts"] == ["[redacted]", "sign up", "[redacted]", "[redacted]", "[redacted]"]
    raw = (tmp_path / "tracker.db").read_bytes()
    for secret in ("123 456 78 9", "555-12-3456", "555123456", "987 654 321", "987654321"):
        assert secret not in stored["dump"] and secret.encode() not in raw
    assert stored["summary"]["slots"]["account_number"] == REFERENCE
