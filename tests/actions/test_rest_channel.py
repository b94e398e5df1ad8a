"""bot/channel.py inside the Rasa Python: what a failed or abandoned turn answers and logs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
SECRET = "78705"

SCRIPT = r'''
import asyncio, io, json, logging
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from bot.channel import summarising

log = io.StringIO()
logging.basicConfig(stream=log, level=logging.DEBUG, force=True)

async def turn(behaviour):
    async def on_new_message(message):
        message.output_channel.messages.append({"recipient_id": "m", "text": "half a reply"})
        if behaviour == "cancelled":
            raise asyncio.CancelledError()
        raise RuntimeError("redis went away")
    collector = CollectingOutputChannel()
    message = UserMessage("my zip is %s", collector, "member-1", message_id="m1")
    outcome = await summarising(on_new_message, measure=False)(message)
    return {"returned": outcome, "answer": collector.messages}

print(json.dumps({"cancelled": asyncio.run(turn("cancelled")), "failed": asyncio.run(turn("failed")),
                  "log": log.getvalue()}))
''' % SECRET


@pytest.fixture(scope="module")
def outcome() -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_turn_the_caller_stopped_waiting_for_ends_quietly_without_the_message_in_the_log(outcome):
    # Swallowed here, so Rasa's own channel never logs the text ("rest.message.received.timeout").
    assert outcome["cancelled"]["returned"] is None
    assert "cancelled: the caller stopped waiting" in outcome["log"]
    assert SECRET not in outcome["log"]


def test_a_failed_turn_answers_only_that_it_was_not_saved(outcome):
    assert outcome["failed"]["answer"] == [
        {"recipient_id": "member-1", "custom": {"coopbot_turn": {"message_id": "m1", "unsaved": True}}}]
    assert "a REST turn failed: RuntimeError" in outcome["log"]
    assert SECRET not in outcome["log"]
