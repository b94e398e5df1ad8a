"""A conversation stored in Redis expires: every save of bot/tracker_store.py's store sets the key's
lifetime anew (``TRACKER_TTL_SECONDS``, 30 days after the latest turn), so no tracker is kept forever
(docs/security.md, retention). Run in the Rasa environment against a Redis server of its own."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.support.own_services import RedisServer
from tests.support.rasa_env import RASA_PYTHON, ROOT

SCRIPT = r'''
import asyncio, json
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from bot.tracker_store import RedactingTrackerStore

domain = Domain.load("bot/domain.yml")


async def main():
    store = RedactingTrackerStore(domain)
    red = store._store.red
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
              UserUttered("hi", {"name": "greet", "confidence": 0.9}, message_id="m1")]
    await store.save(DialogueStateTracker.from_events("conv", events, slots=domain.slots))
    red.expire(store._store.key_prefix + "conv", 60)  # as if the first turn were long ago
    events += [ActionExecuted("action_listen"), UserUttered("sign up", {"name": "register", "confidence": 0.9},
                                                               message_id="m2")]
    await store.save(DialogueStateTracker.from_events("conv", events, slots=domain.slots))
    print(json.dumps({key: red.ttl(key) for key in red.keys("*")}))

asyncio.run(main())
'''


def test_every_saved_conversation_expires_thirty_days_after_its_latest_turn(tmp_path):
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    if not RedisServer.available():
        pytest.fail("redis-server is missing")
    redis = RedisServer(tmp_path / "redis").start()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "COOPBOT_REDIS_URL": redis.url,
           "COOPBOT_TRACKER_DB": str(tmp_path / "unused.db")}
    try:
        result = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=240)
    finally:
        redis.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    ttls = json.loads(result.stdout.strip().splitlines()[-1])
    assert ttls, "the conversation is stored in Redis"
    thirty_days = 30 * 24 * 3600
    # -1 would be a key kept forever; the second save set the whole lifetime again.
    assert all(thirty_days - 120 <= ttl <= thirty_days for ttl in ttls.values()), ttls
