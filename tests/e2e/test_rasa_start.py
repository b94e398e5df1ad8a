"""bot/serve.py: the faster Rasa start changes nothing Rasa answers.

Runs in the Rasa environment (Python 3.10 + rasa 3.6) as a subprocess: the
trained model is loaded the stock way and the fast way, and both must read the
same messages the same way (intent, confidence, entities). The patched checks
of action-server answers and the event lookup must behave as Rasa's own.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

# It loads the trained model in a real Rasa Python (twice): an end-to-end test, outside make test-fast.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
MODEL = ROOT / "models" / "current.tar.gz"

SCRIPT = r'''
import asyncio, json, sys
from rasa.core.agent import load_agent
from bot import serve

TEXTS = ["I want to sign up for online access", "1001234567", "Garza", "my zip is 78620",
         "it's 1001234567 and the name is Garza Ranch LLC", "pat@example.com", "yes", "no",
         "where is my account number?", "I need a person", "start over", "the last 4 are 1234",
         "Bluebonnet Creek", "asdfgh"]

def read(agent):
    async def run():
        out = []
        for text in TEXTS:
            parsed = await agent.parse_message(text)
            out.append([parsed["intent"]["name"], round(parsed["intent"]["confidence"], 4),
                        sorted((e["entity"], str(e["value"])) for e in parsed["entities"])])
        return out
    return asyncio.run(run())

stock = read(asyncio.run(load_agent(model_path=sys.argv[1])))
serve.fast_model_load()
serve.fast_action_result_check()
serve.fast_event_lookup()
fast = read(asyncio.run(load_agent(model_path=sys.argv[1])))

from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, SlotSet, UserUttered

action = RemoteAction("validate_registration_form", None)
good = {"events": [{"event": "slot", "name": "email", "value": "pat@example.com"}],
        "responses": [{"text": "Got it."}]}
checks = {"good_answer": action._validate_action_result(good)}
try:
    action._validate_action_result({"events": "not a list"})
    checks["bad_answer"] = "accepted"
except ValidationError as error:
    checks["bad_answer"] = "Failed to validate Action server response" in error.message
events = [Event.from_parameters(e) for e in (SlotSet("email", "x").as_dict(),
                                             UserUttered("hi", {"name": "greet"}).as_dict())]
checks["events"] = [type(e).__name__ for e in events]
try:
    Event.resolve_by_type("no_such_event")
    checks["unknown_event"] = "resolved"
except ValueError:
    checks["unknown_event"] = "ValueError"
print(json.dumps({"stock": stock, "fast": fast, "checks": checks}))
'''


@pytest.fixture(scope="module")
def outcome():
    if not RASA_PYTHON.exists() or not MODEL.exists():
        pytest.fail("needs .venv-rasa and models/current.tar.gz: run make envs and make model")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, str(MODEL)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=280)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_fast_model_load_reads_every_message_as_the_stock_load_does(outcome):
    assert outcome["fast"] == outcome["stock"]
    assert outcome["stock"][0][0] == "register"


def test_action_server_answers_are_still_checked_against_rasa_s_schema(outcome):
    assert outcome["checks"]["good_answer"] is True
    assert outcome["checks"]["bad_answer"] is True


def test_events_are_read_back_as_their_own_classes(outcome):
    assert outcome["checks"]["events"] == ["SlotSet", "UserUttered"]
    assert outcome["checks"]["unknown_event"] == "ValueError"
