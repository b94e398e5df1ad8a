"""The Rasa server's speed-ups do what Rasa's own code does: run in the Rasa Python (3.10, rasa 3.6).

- ``LeanSQLTrackerStore`` (bot/tracker_store.py) writes the same rows as Rasa's
  ``SQLTrackerStore`` and reads back the same tracker, session boundaries included.
- ``pooled_endpoint_sessions`` (bot/serve.py): calls to the action server reuse
  one connection, and a restarted action server is reached again at once.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

STORE_SCRIPT = r'''
import asyncio, json, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from bot.tracker_store import LeanSQLTrackerStore

domain = Domain.load("bot/domain.yml")
folder = sys.argv[1]

def turns(start, count):
    events = []
    for i in range(start, start + count):
        events += [ActionExecuted("action_listen", timestamp=i * 10.0),
                   UserUttered(f"text {i}", {"name": "inform", "confidence": 0.9},
                               [{"entity": "account_number", "value": str(i), "start": 0, "end": 1}],
                               message_id=f"m{i}", timestamp=i * 10.0 + 1),
                   SlotSet("account_number", str(i), timestamp=i * 10.0 + 2)]
    return events

async def exercise(store):
    first = [ActionExecuted("action_session_start", timestamp=1.0), SessionStarted(timestamp=1.0)] + turns(1, 3)
    await store.save(DialogueStateTracker.from_events("c", first, slots=domain.slots))
    grown = DialogueStateTracker.from_events("c", first + turns(4, 2), slots=domain.slots)
    await store.save(grown)  # only the new events are added
    # A second session: retrieve() reads the latest one only, the full tracker every event.
    second = list(grown.events) + [ActionExecuted("action_session_start", timestamp=100.0), SessionStarted(timestamp=100.0)] + turns(11, 2)
    await store.save(DialogueStateTracker.from_events("c", second, slots=domain.slots))
    latest = await store.retrieve("c")
    full = await store.retrieve_full_tracker("c")
    with store.session_scope() as session:
        rows = [tuple(r) for r in session.execute(
            store.SQLEvent.__table__.select().order_by(store.SQLEvent.id))]
    return {
        "latest": latest.current_state(EventVerbosity.ALL),
        "full": full.current_state(EventVerbosity.ALL),
        "rows": rows,
        "missing": await store.retrieve("nobody"),
    }

async def main():
    stock = await exercise(SQLTrackerStore(domain, dialect="sqlite", db=f"{folder}/stock.db"))
    lean = await exercise(LeanSQLTrackerStore(domain, dialect="sqlite", db=f"{folder}/lean.db"))
    print(json.dumps({"stock": stock, "lean": lean}, default=str))

asyncio.run(main())
'''

POOL_SCRIPT = r'''
import asyncio, json, socket
from aiohttp import web
from bot.serve import pooled_endpoint_sessions
from rasa.utils.endpoints import EndpointConfig

pooled_endpoint_sessions()
async def webhook(request):
    return web.json_response({"peer": request.transport.get_extra_info("peername")[1],
                              "body": await request.json()})

async def serve(port):
    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    return runner

async def main():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}")
    runner = await serve(port)
    answers = [await endpoint.request(json={"n": i}, method="post", subpath="webhook") for i in range(5)]
    await runner.cleanup()  # the action server stops (its connections close) ...
    runner = await serve(port)  # ... and is started again by its supervisor
    after = await endpoint.request(json={"n": 5}, method="post", subpath="webhook")
    await runner.cleanup()
    print(json.dumps({"bodies": [a["body"] for a in answers] + [after["body"]],
                      "peers_before": sorted({a["peer"] for a in answers}), "peer_after": after["peer"]}))

asyncio.run(main())
'''


def _run_in_rasa(script: str, *args: str) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([str(RASA_PYTHON), "-c", script, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict:
    return _run_in_rasa(STORE_SCRIPT, str(tmp_path_factory.mktemp("stores")))


def test_the_lean_store_writes_the_rows_rasa_writes(stores):
    assert len(stores["lean"]["rows"]) == len(stores["stock"]["rows"]) == 2 + 9 + 6 + 2 + 6
    assert stores["lean"]["rows"] == stores["stock"]["rows"]


def test_the_lean_store_reads_back_the_tracker_rasa_reads(stores):
    assert stores["lean"]["latest"] == stores["stock"]["latest"]
    assert stores["lean"]["full"] == stores["stock"]["full"]
    texts = [e.get("text") for e in stores["lean"]["latest"]["events"] if e["event"] == "user"]
    assert texts == ["text 11", "text 12"]  # the latest session only
    assert stores["lean"]["missing"] is None


@pytest.fixture(scope="module")
def pooled() -> dict:
    return _run_in_rasa(POOL_SCRIPT)


def test_action_calls_share_one_connection_and_get_their_own_answers(pooled):
    assert pooled["bodies"] == [{"n": i} for i in range(6)]
    assert len(pooled["peers_before"]) == 1  # five calls, one client port: one connection


def test_a_restarted_action_server_is_reached_on_a_new_connection(pooled):
    assert pooled["bodies"][-1] == {"n": 5}
    assert pooled["peer_after"] not in pooled["peers_before"]
