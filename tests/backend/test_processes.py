"""The processes of one host (what ``make run`` supervises), their commands, and the settings refused."""

from __future__ import annotations

import configparser
import re
import os
import subprocess

import pytest

from backend.core.config import PROJECT_ROOT, load_settings
from backend.ops.processes import ProfileError, command, environment, find, processes, supervisord_conf


def test_one_replica_is_the_single_machine_layout(settings_for, sqlite_url):
    names = [p.name for p in processes(settings_for(sqlite_url))]
    assert names == ["web", "api", "notify", "actions", "rasa"]


def test_n_replicas_are_n_rasa_servers_each_with_its_own_action_server(settings_for, sqlite_url):
    settings = settings_for(sqlite_url, rasa_replicas=3, redis_url="redis://127.0.0.1:6379/0",
                            rasa_url="http://127.0.0.1:5005", action_server_url="http://127.0.0.1:5055")
    listed = {p.name: p for p in processes(settings)}
    assert list(listed) == ["web", "api", "notify", "actions1", "rasa1", "actions2", "rasa2", "actions3", "rasa3"]
    for index, (rasa, actions) in enumerate([(5005, 5055), (5006, 5056), (5007, 5057)], start=1):
        pair = listed[f"rasa{index}"]
        assert (pair.rasa_url, pair.action_url) == (f"http://127.0.0.1:{rasa}", f"http://127.0.0.1:{actions}")
        assert find(settings, f"rasa{index}") == pair
        assert command(settings, pair)[-4:-2] == ["--port", str(rasa)]
        assert command(settings, find(settings, f"actions{index}"))[-2:] == ["--port", str(actions)]
    assert find(settings, "rasa").rasa_url == listed["rasa1"].rasa_url  # scripts/serve-rasa: the first
    with pytest.raises(ProfileError, match="3 Rasa replica"):
        find(settings, "rasa4")


def test_supervisord_restarts_every_process_and_shows_its_output(settings_for, sqlite_url, tmp_path):
    settings = settings_for(sqlite_url, rasa_replicas=2, redis_url="redis://127.0.0.1:6379/0", var_dir=tmp_path)
    conf = configparser.RawConfigParser()
    conf.read_string(supervisord_conf(settings))
    programs = {section.split(":", 1)[1]: conf[section] for section in conf.sections()
                if section.startswith("program:")}
    assert list(programs) == ["web", "api", "notify", "actions1", "rasa1", "actions2", "rasa2"]
    for name, program in programs.items():
        assert program["command"].endswith(f"/coopbot exec {name}")
        assert program["autorestart"] == "true" and program["stopasgroup"] == "true"
        assert program["stdout_events_enabled"] == "true"
    assert conf["supervisord"]["nodaemon"] == "true"
    assert conf["unix_http_server"]["file"] == str(tmp_path / "supervisor.sock")
    assert conf["unix_http_server"]["chmod"] == "0700"
    assert conf["eventlistener:console"]["events"] == "PROCESS_LOG"


def test_several_replicas_without_redis_are_refused(settings_for, sqlite_url):
    with pytest.raises(ProfileError, match="COOPBOT_REDIS_URL"):
        processes(settings_for(sqlite_url, rasa_replicas=2, redis_url=None))


def test_make_run_refuses_to_start_them(tmp_path):
    env = {**os.environ, "COOPBOT_RASA_REPLICAS": "2", "COOPBOT_REDIS_URL": "", "COOPBOT_VAR_DIR": str(tmp_path),
           "COOPBOT_API_KEY": "k", "COOPBOT_SECRET_KEY": "s", "COOPBOT_RASA_TOKEN": "r"}
    result = subprocess.run([str(PROJECT_ROOT / ".venv" / "bin" / "coopbot"), "processes", "--supervisord",
                             str(tmp_path / "supervisord.conf")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert "2 Rasa replicas need COOPBOT_REDIS_URL" in result.stderr
    assert not (tmp_path / "supervisord.conf").exists()


def test_the_console_prints_whole_lines_under_each_process_name():
    from backend.ops.supervisor_console import lines_of

    buffers: dict[str, str] = {}
    assert lines_of(buffers, "web", "first line\nsecond ha") == ["web      | first line"]
    assert lines_of(buffers, "rasa2", "its own\n") == ["rasa2    | its own"]
    assert lines_of(buffers, "web", "lf\n") == ["web      | second half"]
    assert buffers == {}


def test_replica_urls_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("COOPBOT_RASA_URLS", "http://10.0.0.1:5005, http://10.0.0.2:5005/")
    monkeypatch.setenv("COOPBOT_ACTION_SERVER_URLS", "http://10.0.0.1:5055,http://10.0.0.2:5055")
    monkeypatch.delenv("COOPBOT_BACKEND_URL", raising=False)
    monkeypatch.setenv("COOPBOT_API_PORT", "8101")
    from backend.core.config import action_servers, rasa_servers

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
           "COOPBOT_ACTION_TOKEN": "probe", "COOPBOT_REDIS_URL": server.url if server else ""}
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


def _variables_read_by(path) -> set[str]:
    """The variables a module reads with ``os.environ.get("...")`` or ``_value("...")``."""
    return set(re.findall(r"""(?:os\.environ\.get|_value)\(\s*["'](\w+)["']""", path.read_text()))


@pytest.mark.parametrize("kind, module", [("actions", "actions/settings.py"), ("rasa", "bot/settings.py")])
def test_the_action_server_and_rasa_read_only_what_coopbot_exec_hands_them(settings_for, sqlite_url, kind, module):
    """Their settings are the backend's, resolved by ``coopbot exec`` and handed over as variables:
    a variable read there that the launcher does not set would be a setting outside ``Settings``."""
    settings = settings_for(sqlite_url, redis_url="redis://127.0.0.1:6379/0", timing=True,
                            profile_rasa=PROJECT_ROOT / "var" / "rasa.prof")
    given = environment(settings, find(settings, kind), {})
    read = _variables_read_by(PROJECT_ROOT / module)
    assert read and read <= set(given), read - set(given)


def test_the_rasa_token_is_not_on_any_command_line(settings_for, sqlite_url):
    """Every local user can read a command line (``ps -eo args``); environments are the owner's only."""
    settings = settings_for(sqlite_url, rasa_token="-the-rasa-token")
    action_token = environment(settings, find(settings, "rasa"), {})["COOPBOT_ACTION_TOKEN"]
    for process in processes(settings):
        line = " ".join(command(settings, process))
        assert settings.rasa_token not in line and action_token not in line, process.name
    assert "--enable-api" in command(settings, find(settings, "rasa"))


def test_rasa_and_its_action_server_share_a_token_derived_from_the_rasa_token(settings_for, sqlite_url):
    from backend.core import keys

    settings = settings_for(sqlite_url)
    given = {name: environment(settings, find(settings, name), {"COOPBOT_ACTION_TOKEN": "from-the-shell"})
             for name in ("web", "api", "notify", "actions", "rasa")}
    token = keys.action_server_token(settings.rasa_token)
    assert given["rasa"]["COOPBOT_ACTION_TOKEN"] == given["actions"]["COOPBOT_ACTION_TOKEN"] == token
    assert token != settings.rasa_token
    assert token != keys.action_server_token("another-rasa-token")
    assert "COOPBOT_RASA_TOKEN" not in given["actions"]  # the action server cannot call Rasa's API
    for name in ("web", "api", "notify"):
        assert "COOPBOT_ACTION_TOKEN" not in given[name], name


def test_the_action_server_cannot_start_without_the_rasa_token_its_token_comes_from():
    from backend.ops.processes import Process, required_secrets

    assert required_secrets(Process("actions", "actions")) == ("api_key", "rasa_token")
    assert required_secrets(Process("rasa", "rasa")) == ("rasa_token",)


def test_bot_serve_hands_rasa_the_token_from_its_environment(monkeypatch):
    from bot.serve import with_token

    monkeypatch.setenv("COOPBOT_RASA_TOKEN", "-starts-with-a-dash")
    assert with_token(["run", "--enable-api"]) == ["run", "--enable-api", "--auth-token=-starts-with-a-dash"]
    assert with_token(["run", "--auth-token=given"]) == ["run", "--auth-token=given"]
    assert with_token(["train"]) == ["train"]
    monkeypatch.delenv("COOPBOT_RASA_TOKEN")
    assert with_token(["run", "--enable-api"]) == ["run", "--enable-api"]
