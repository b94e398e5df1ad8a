"""bot/channel.py inside the Rasa Python: who may post, and what a failed or abandoned turn answers and logs."""

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


# The channel as Rasa mounts it (rasa.core.channels.channel.register) on a real socket, with an
# agent that "registers" whoever reaches it, beside a route of Rasa's own app: a local process
# posts as a member's conversation without the token, with a wrong one, and the web app with it.
TOKEN = "-channel-token-1"
AUTH_SCRIPT = r'''
import asyncio, json, os, socket
import aiohttp
from sanic import Sanic, response
from rasa.core.channels.channel import register
from bot.channel import TurnInfoRestInput

class Agent:
    handled = []
    async def handle_message(self, message):
        self.handled.append([message.sender_id, message.text])
        message.output_channel.messages.append({"recipient_id": message.sender_id, "text": "You are registered!"})

async def main():
    app = Sanic("probe")
    app.ctx.agent = Agent()
    @app.get("/status")
    async def status(request):
        return response.json({"status": "ok"})
    register([TurnInfoRestInput()], app, route="/webhooks/")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    url = f"http://127.0.0.1:{port}"
    out = {}
    async with aiohttp.ClientSession() as http:
        for name, headers in (("none", {}), ("wrong", {"X-Coopbot-Token": "-channel-token-2"}),
                              ("right", {"X-Coopbot-Token": "%s"})):
            async with http.post(url + "/webhooks/rest/webhook", headers=headers,
                                 json={"sender": "phone-pseudonym", "message": name}) as answer:
                out[name] = [answer.status, await answer.text()]
        async with http.get(url + "/webhooks/rest/") as answer:
            out["channel_health"] = answer.status
        async with http.get(url + "/status") as answer:
            out["rasa_route"] = answer.status
    out["handled"] = Agent.handled
    server.close()
    await server.wait_closed()
    print(json.dumps(out))

asyncio.run(main())
''' % TOKEN


def _run_in_rasa(script: str, **env: str) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", **env}
    result = subprocess.run([str(RASA_PYTHON), "-c", script], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def outcome() -> dict:
    return _run_in_rasa(SCRIPT)


def test_only_a_caller_with_the_rasa_token_reaches_the_dialogue():
    posted = _run_in_rasa(AUTH_SCRIPT, COOPBOT_RASA_TOKEN=TOKEN)
    assert posted["none"] == [403, ""] and posted["wrong"] == [403, ""]  # no detail either way
    assert posted["right"][0] == 200 and "You are registered!" in posted["right"][1]
    assert posted["handled"] == [["phone-pseudonym", "right"]]
    assert posted["channel_health"] == 403
    assert posted["rasa_route"] == 200  # Rasa's own routes keep their own guard (its token parameter)


def test_a_rasa_started_without_its_token_refuses_every_message():
    posted = _run_in_rasa(AUTH_SCRIPT, COOPBOT_RASA_TOKEN="")
    assert [posted[name][0] for name in ("none", "wrong", "right")] == [403, 403, 403]
    assert posted["handled"] == []


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
