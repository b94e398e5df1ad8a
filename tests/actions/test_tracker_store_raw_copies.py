"""bot/tracker_store.py keeps no secret a member typed where it was not asked (digits spelled out, a ZIP
with the terms) and no slot keeps a raw copy of a message, on SQLite and Redis (run in the Rasa environment).

The turns are the ones an attacker found stored in clear: the transcript dropped the secrets by their
shape, the tracker kept the user event and the ``from_text`` copy in the slot asked for.
"""

from __future__ import annotations

import json
import re
import os
import subprocess

import pytest

from tests.support.own_services import RedisServer
from tests.support.rasa_env import RASA_PYTHON, ROOT

SCRIPT = r'''
import asyncio, json
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActionExecutionRejected, ActiveLoop, SessionStarted,
                                     SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker
from bot.tracker_store import RedactingTrackerStore, pop_turn_summary

domain = Domain.load("bot/domain.yml")


def turn(message_id, text, copies, checked, intent="inform", entities=()):
    """A form turn as Rasa logs it: the message, the slot mappings' copies, the form's checked values."""
    return [ActionExecuted("action_listen"),
            UserUttered(text, {"name": intent, "confidence": 0.9}, list(entities), message_id=message_id),
            *[SlotSet(slot, value) for slot, value in copies.items()],
            ActionExecuted("registration_form"),
            *[SlotSet(slot, value) for slot, value in checked.items()]]


events = [
    ActionExecuted("action_session_start"), SessionStarted(),
    ActionExecuted("action_listen"),
    UserUttered("account 1003345120", {"name": "inform", "confidence": 0.9},
                [{"entity": "account_number", "value": "1003345120", "start": 8, "end": 18}], message_id="m1"),
    SlotSet("account_number", "1003345120"),
    ActionExecuted("registration_form"), ActiveLoop("registration_form"), SlotSet("goal", "register"),
    SlotSet("requested_slot", "member_name"),
    *turn("m2", "the last name is Nguyen and my SSN ends in 9 0 1 2",
          {"member_name": "the last name is Nguyen and my SSN ends in 9 0 1 2"},
          {"member_name": "Nguyen", "requested_slot": "email"}),
    *turn("m3", "4 4 9 9", {"email": "4 4 9 9"}, {"email": None, "requested_slot": "email"}),
    *turn("m4", "my email is nguyen@example.org", {"email": "nguyen@example.org"},
          {"email": "nguyen@example.org", "requested_slot": "terms_accepted"},
          entities=[{"entity": "email", "value": "nguyen@example.org", "start": 12, "end": 30}]),
    *turn("m5", "sí, y mi código postal es 7 8 6 0 5", {"terms_accepted": "sí, y mi código postal es 7 8 6 0 5"},
          {"terms_accepted": True}, intent="affirm"),
    *turn("m6", "yes my mother is Vantablackova", {"terms_accepted": "yes my mother is Vantablackova"},
          {"terms_accepted": True}, intent="affirm"),
    # The form rejected the turn (a side question): the copy is still in force after it.
    ActionExecuted("action_listen"),
    UserUttered("7 8 6 6 6", {"name": "inform", "confidence": 0.9},
                [{"entity": "zip_code", "value": "78666", "start": 0, "end": 9}], message_id="m7"),
    SlotSet("member_name", "7 8 6 6 6"),
    ActionExecutionRejected("registration_form"),
]


async def main():
    store = RedactingTrackerStore(domain)
    summaries = {}
    # Save turn by turn, as the Rasa server does, then the whole conversation.
    cuts = [i for i, e in enumerate(events) if isinstance(e, UserUttered)][1:] + [len(events)]
    for cut in cuts:
        tracker = DialogueStateTracker.from_events("conv", events[:cut], slots=domain.slots)
        await store.save(tracker)
        latest = [e for e in events[:cut] if isinstance(e, UserUttered)][-1]
        summaries[latest.message_id] = pop_turn_summary("conv", latest.message_id)
    stored = await RedactingTrackerStore(domain).retrieve_full_tracker("conv")
    raw = []
    redis = getattr(store._store, "red", None)
    if redis is not None:
        raw = [value.decode() if isinstance(value, bytes) else value
               for value in (redis.get(key) for key in redis.keys("*")) if value]
    print(json.dumps({
        "texts": {e.message_id: e.text for e in stored.events if isinstance(e, UserUttered)},
        "parse_texts": [e.parse_data.get("text") for e in stored.events if isinstance(e, UserUttered)],
        "entities": [e.entities for e in stored.events if isinstance(e, UserUttered)],
        "slot_values": [e.value for e in stored.events if isinstance(e, SlotSet)],
        "slots": {k: stored.get_slot(k) for k in ("account_number", "member_name", "email", "terms_accepted")},
        "dump": json.dumps([e.as_dict() for e in stored.events], ensure_ascii=False),
        "summaries": summaries,
        "redis": raw,
    }, ensure_ascii=False))

asyncio.run(main())
'''

SECRETS = ("9 0 1 2", "9012", "4 4 9 9", "4499", "7 8 6 0 5", "78605", "7 8 6 6 6", "78666")


def _run(env: dict) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    result = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def stored(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "COOPBOT_TRACKER_DB": str(folder / "rasa_tracker.db")}
    env.pop("COOPBOT_REDIS_URL", None)
    if request.param == "sqlite":
        result = _run(env)
        db = folder / "rasa_tracker.db"
        result["files"] = b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())
        return result
    if not RedisServer.available():
        pytest.fail("redis-server is missing")
    redis = RedisServer(folder / "redis").start()
    try:
        result = _run({**env, "COOPBOT_REDIS_URL": redis.url})
    finally:
        redis.stop()
    result["files"] = b"".join(p.read_bytes() for p in (folder / "redis").rglob("*") if p.is_file())
    return result


def test_secrets_typed_where_they_were_not_asked_are_not_stored(stored):
    assert stored["texts"] == {
        "m1": "account 1003345120",
        "m2": "the last name is Nguyen and my SSN ends in [redacted]",
        "m3": "[redacted]",
        "m4": "my email is nguyen@example.org",
        "m5": "sí, y mi código postal es [redacted]",
        "m6": "yes my mother is Vantablackova",  # a repeated answer is the dialogue's to mark, not a shape
        "m7": "[redacted]",
    }
    assert stored["parse_texts"] == list(stored["texts"].values())
    for secret in SECRETS:
        # Standing alone: the dump's timestamps and ids are digits too ("1765030144.4499...").
        alone = re.compile(rf"(?<![0-9.]){re.escape(secret)}(?![0-9])")
        assert not alone.search(stored["dump"])
        assert not re.search(alone.pattern.encode(), stored["files"])
        assert not any(alone.search(value) for value in stored["redis"])
    # The conversation really is stored there (Redis: read from the server; its files may lag).
    assert b"1003345120" in stored["files"] or any("1003345120" in value for value in stored["redis"])


def test_no_slot_keeps_a_raw_message(stored):
    values = [value for value in stored["slot_values"] if isinstance(value, str)]
    assert not any("Vantablackova" in value or "Nguyen and" in value or "código" in value for value in values)
    assert not any(secret in value for value in values for secret in SECRETS)
    assert "Vantablackova" not in stored["dump"].replace("yes my mother is Vantablackova", "")


def test_the_values_the_dialogue_decided_are_kept(stored):
    assert stored["slots"] == {"account_number": "1003345120", "member_name": None,
                               "email": "nguyen@example.org", "terms_accepted": True}
    entities = [entity["value"] for message in stored["entities"] for entity in message]
    assert entities == ["1003345120", "nguyen@example.org"]  # the ZIP entity of "7 8 6 6 6" is dropped


def test_the_summary_of_each_turn_holds_no_secret(stored):
    summaries = json.dumps(stored["summaries"], ensure_ascii=False)
    assert stored["summaries"]["m6"]["slots"]["terms_accepted"] is True
    assert stored["summaries"]["m7"]["slots"]["member_name"] is None
    for secret in SECRETS:
        assert secret not in summaries
