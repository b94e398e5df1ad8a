"""The process list of one host (``make run``'s generated Procfile) and the settings it refuses."""

from __future__ import annotations

import os
import subprocess

import pytest

from backend.config import PROJECT_ROOT, load_settings
from backend.processes import ProfileError, procfile, processes


def test_one_replica_is_the_single_machine_layout(settings_for, sqlite_url):
    names = [p.name for p in processes(settings_for(sqlite_url))]
    assert names == ["web", "api", "notify", "actions", "rasa"]


def test_n_replicas_are_n_rasa_servers_each_with_its_own_action_server(settings_for, sqlite_url):
    settings = settings_for(sqlite_url, rasa_replicas=3, redis_url="redis://127.0.0.1:6379/0",
                            rasa_url="http://127.0.0.1:5005", action_server_url="http://127.0.0.1:5055")
    text = procfile(settings)
    assert "api: scripts/serve-api\n" in text and "notify: .venv/bin/coopbot notify run\n" in text
    for index, (rasa, actions) in enumerate([(5005, 5055), (5006, 5056), (5007, 5057)], start=1):
        assert (f"rasa{index}: env COOPBOT_RASA_URL=http://127.0.0.1:{rasa} "
                f"COOPBOT_ACTION_SERVER_URL=http://127.0.0.1:{actions} scripts/serve-rasa\n") in text
        assert f"actions{index}: env COOPBOT_ACTION_SERVER_URL=http://127.0.0.1:{actions} scripts/serve-actions\n" in text


def test_several_replicas_without_redis_are_refused(settings_for, sqlite_url):
    with pytest.raises(ProfileError, match="COOPBOT_REDIS_URL"):
        processes(settings_for(sqlite_url, rasa_replicas=2, redis_url=None))


def test_make_run_refuses_to_start_them(tmp_path):
    env = {**os.environ, "COOPBOT_RASA_REPLICAS": "2", "COOPBOT_REDIS_URL": "", "COOPBOT_VAR_DIR": str(tmp_path),
           "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run([str(PROJECT_ROOT / ".venv" / "bin" / "python"), "-m", "backend.processes"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert "2 Rasa replicas need COOPBOT_REDIS_URL" in result.stderr


def test_replica_urls_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("COOPBOT_RASA_URLS", "http://10.0.0.1:5005, http://10.0.0.2:5005/")
    monkeypatch.setenv("COOPBOT_ACTION_SERVER_URLS", "http://10.0.0.1:5055,http://10.0.0.2:5055")
    monkeypatch.delenv("COOPBOT_BACKEND_URL", raising=False)
    monkeypatch.setenv("COOPBOT_API_PORT", "8101")
    from backend.config import action_servers, rasa_servers

    settings = load_settings()
    assert rasa_servers(settings) == ("http://10.0.0.1:5005", "http://10.0.0.2:5005")
    assert action_servers(settings) == ("http://10.0.0.1:5055", "http://10.0.0.2:5055")
    assert settings.backend_url == "http://127.0.0.1:8101"


LOCK_STORE_PROBE = """
import asyncio, sys
from rasa.core.lock_store import LockStore
from rasa.core.utils import AvailableEndpoints
store = LockStore.create(AvailableEndpoints.read_endpoints("bot/endpoints.yml").lock_store)
print(type(store).__name__)
async def main():
    async with store.lock("member-1"):
        print("locked", store.is_someone_waiting("member-1"))
asyncio.run(main())
"""


@pytest.mark.parametrize("with_redis", [True, False])
def test_rasa_lock_store_is_redis_exactly_when_redis_is_configured(tmp_path, with_redis):
    from tests.support.own_services import RedisServer, missing_program

    python = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
    if not python.exists():
        pytest.skip("needs the Rasa environment (make envs)")
    if with_redis and not RedisServer.available():
        missing_program("redis-server not found")
    server = RedisServer(tmp_path / "redis").start() if with_redis else None
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "COOPBOT_ACTION_SERVER_URL": "http://127.0.0.1:5055",
           "COOPBOT_REDIS_URL": server.url if server else ""}
    try:
        result = subprocess.run([str(python), "-c", LOCK_STORE_PROBE], cwd=PROJECT_ROOT, env=env,
                                capture_output=True, text=True, timeout=240)
        keys = __import__("redis").Redis.from_url(server.url).keys("*") if server else []
    finally:
        if server:
            server.stop()
    assert result.returncode == 0, result.stderr[-2000:]
    kind, locked = result.stdout.split("\n")[:2]
    assert kind == ("CoopbotRedisLockStore" if with_redis else "CoopbotInMemoryLockStore")
    assert locked.startswith("locked")
    assert keys == []  # the lock is released (and deleted) after the turn


DEAD_TICKET_PROBE = """
import asyncio, json, time
from bot.lock_store import CoopbotInMemoryLockStore
from rasa.core.lock_store import InMemoryLockStore, LockError

async def resend_after_a_dead_replica(store):
    # A replica killed mid-turn left its ticket behind; the member's message, resent
    # to the next replica a moment later, must be processed once that ticket expires.
    store.issue_ticket("member-1")
    started = time.monotonic()
    try:
        async def turn():
            async with store.lock("member-1"):
                return round(time.monotonic() - started, 1)
        return await asyncio.wait_for(turn(), timeout=8)
    except (asyncio.TimeoutError, LockError) as error:
        return type(error).__name__

print(json.dumps({"coopbot": asyncio.run(resend_after_a_dead_replica(CoopbotInMemoryLockStore())),
                  "rasa": asyncio.run(resend_after_a_dead_replica(InMemoryLockStore()))}))
"""


def test_a_turn_waiting_for_a_dead_replica_s_ticket_goes_through_when_it_expires():
    python = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
    if not python.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "TICKET_LOCK_LIFETIME": "2"}
    result = subprocess.run([str(python), "-c", DEAD_TICKET_PROBE], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    assert isinstance(outcome["coopbot"], float) and 2.0 <= outcome["coopbot"] <= 3.0, outcome
    # Rasa's own store: the waiting ticket expires with the dead one and the turn never runs.
    assert outcome["rasa"] in ("TimeoutError", "LockError"), outcome
