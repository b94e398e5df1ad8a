"""The processes of one coopbot host: what each one runs, with which environment and secrets.

One web app (gunicorn), one registration API process (gunicorn, loopback),
one notification sender, and ``COOPBOT_RASA_REPLICAS`` pairs of a Rasa server
and the action server it calls: pair *i* listens on the Rasa port + *i* and
the action-server port + *i* (5005, 5006, ... and 5055, 5056, ...). Each
process is one ``coopbot exec NAME`` command, so the same list maps to one
systemd unit (or container) per process on several hosts (docs/operations.md).

``make run`` supervises them with supervisord (:func:`supervisord_conf`): a
process that dies is started again at once while the others keep serving;
Ctrl-C stops them all. Every process's output goes to the console, each line
with the process's name (backend.ops.supervisor_console).

:data:`SECRETS` is the one table of which secret each process gets; every
other secret is left out of its environment (the web app never sees the API
key, Rasa sees its own token only). Rasa and its action server also get
:data:`ACTION_TOKEN`, derived from the Rasa token, which Rasa presents with
every action call.

More than one Rasa replica needs Redis (``COOPBOT_REDIS_URL``) for Rasa's
tracker and lock stores: each replica must see every conversation, since the
web app moves a sender to its next replica when the first one fails.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from backend.core import keys
from backend.core.config import (
    PROJECT_ROOT,
    SECRET_FILES,
    Settings,
    action_servers,
    rasa_servers,
    variable_name,
)

# Which secrets each kind of process gets (setting names; the variable of each is
# backend.core.config.variable_name). Nothing else of these reaches its environment.
SECRETS: dict[str, tuple[str, ...]] = {
    "web": ("secret_key", "session_key", "rasa_token", "twilio_auth_token", "smtp_url", "database_url"),
    "api": ("api_key", "secret_key", "twilio_auth_token", "smtp_url", "database_url"),
    "notify": ("secret_key", "twilio_auth_token", "smtp_url", "database_url"),
    "actions": ("api_key",),
    "rasa": ("rasa_token", "redis_url"),
}
# Every setting that is a secret (or may hold a password): removed from each process's
# environment unless SECRETS gives it to that process.
SECRET_SETTINGS = tuple(dict.fromkeys(name for names in SECRETS.values() for name in names))
# The token Rasa presents to its action server (common/local_auth.py): derived here from the Rasa
# token (backend.core.keys.action_server_token) and given to these kinds of process only, so the
# action server holds neither the Rasa token nor anything it opens besides itself.
ACTION_TOKEN = "COOPBOT_ACTION_TOKEN"
ACTION_TOKEN_KINDS = ("rasa", "actions")

VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class ProfileError(ValueError):
    """A combination of settings that cannot run safely, or a process name this host has not."""


@dataclass(frozen=True)
class Process:
    name: str  # web, api, notify, actions[N], rasa[N]
    kind: str  # a key of SECRETS
    rasa_url: str = ""  # Rasa servers and action servers: their pair's URLs
    action_url: str = ""


def check(settings: Settings) -> None:
    """Refuse settings that would lose or mix up conversations."""
    rasa, actions = rasa_servers(settings), action_servers(settings)
    if settings.rasa_replicas < 1:
        raise ProfileError("COOPBOT_RASA_REPLICAS must be at least 1")
    if len(rasa) != len(actions):
        raise ProfileError(f"{len(rasa)} Rasa servers but {len(actions)} action servers: "
                           "each Rasa server needs its own action server")
    if len(rasa) > 1 and not settings.redis_url:
        raise ProfileError(
            f"{len(rasa)} Rasa replicas need COOPBOT_REDIS_URL (Rasa's tracker and lock stores on Redis): "
            "every replica must see every conversation. Set it (e.g. redis://127.0.0.1:6379/0) "
            "or use COOPBOT_RASA_REPLICAS=1.")


def processes(settings: Settings) -> list[Process]:
    """Every process of this host, in start order."""
    check(settings)
    rasa, actions = rasa_servers(settings), action_servers(settings)
    listed = [Process("web", "web"), Process("api", "api"), Process("notify", "notify")]
    several = len(rasa) > 1
    for index, (rasa_url, action_url) in enumerate(zip(rasa, actions), start=1):
        suffix = str(index) if several else ""
        for url in (rasa_url, action_url):
            if urlsplit(url).hostname not in LOCAL_HOSTS:
                raise ProfileError(f"{url} is not on this host: `make run` starts local processes only "
                                   "(run the other hosts' processes there, docs/operations.md)")
        listed.append(Process(f"actions{suffix}", "actions", rasa_url, action_url))
        listed.append(Process(f"rasa{suffix}", "rasa", rasa_url, action_url))
    return listed


def find(settings: Settings, name: str) -> Process:
    """The process called ``name``: web, api, notify, or rasa/actions with the replica's number (1 = first)."""
    if name in ("web", "api", "notify"):
        return Process(name, name)
    match = re.fullmatch(r"(rasa|actions)(\d*)", name)
    if not match:
        raise ProfileError(f"no process called {name!r}: web, api, notify, rasa[N] or actions[N]")
    rasa, actions = rasa_servers(settings), action_servers(settings)
    index = int(match.group(2) or 1)
    if not 1 <= index <= min(len(rasa), len(actions)):
        raise ProfileError(f"no process called {name!r}: this host has {len(rasa)} Rasa replica(s)")
    return Process(name, match.group(1), rasa[index - 1], actions[index - 1])


def _port(url: str) -> str:
    parts = urlsplit(url)
    return str(parts.port or (443 if parts.scheme == "https" else 80))


def command(settings: Settings, process: Process) -> list[str]:
    """The command line of ``process`` (absolute paths; run from the project root)."""
    if process.kind == "web":
        return [str(VENV_BIN / "gunicorn"), "--config", "python:webhook.gunicorn_conf", "--no-control-socket",
                "--bind", f"{settings.bind}:{settings.port}", "webhook:create_app()"]
    if process.kind == "api":
        access_log = ["--access-logfile", "-"] if settings.api_access_log else []
        return [str(VENV_BIN / "gunicorn"), "--config", "python:backend.api.gunicorn_conf", "--no-control-socket",
                "--workers", str(settings.api_workers), "--threads", str(settings.api_threads), *access_log,
                "--bind", f"{settings.api_bind}:{settings.api_port}", "backend.api.app:create_app()"]
    if process.kind == "notify":
        return [str(VENV_BIN / "coopbot"), "notify", "run"]
    if process.kind == "actions":
        return [str(VENV_BIN / "python"), "-m", "actions.serve", "--port", _port(process.action_url)]
    # bot/serve.py is the `rasa` command with a faster model load (see its docstring). Loopback
    # only, its HTTP API and REST channel behind the token: the web app is the only door. The
    # token is not on the command line (every local user can read that): bot/serve.py hands
    # COOPBOT_RASA_TOKEN from its environment to Rasa.
    return [str(RASA_PYTHON), "-m", "bot.serve", "run", "--model", str(settings.model),
            "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
            "--enable-api",
            "--interface", urlsplit(process.rasa_url).hostname or "127.0.0.1", "--port", _port(process.rasa_url),
            "--response-timeout", "20"]


def _flag(value: bool) -> str:
    return "1" if value else "0"


def environment(settings: Settings, process: Process, base: Mapping[str, str]) -> dict[str, str]:
    """The environment ``process`` runs with: ``base`` without any secret, plus its own secrets and settings.

    Processes of the main environment read the rest from the settings themselves;
    Rasa and the action server (which do not import the backend) get each value
    they read as a variable of its own (docs/configuration.md).
    """
    env = {key: value for key, value in base.items()
           if key not in {variable_name(name) for name in SECRET_SETTINGS}
           and key not in ("COOPBOT_SECRETS", "PYTHONDONTWRITEBYTECODE", ACTION_TOKEN)}
    own = SECRETS[process.kind]
    for name in own:
        value = getattr(settings, name)
        if value:
            env[variable_name(name)] = str(value)
    if process.kind in ACTION_TOKEN_KINDS and settings.rasa_token:
        env[ACTION_TOKEN] = keys.action_server_token(settings.rasa_token)
    # Which generated secrets of var/ the process's own settings may read (backend.core.config).
    env["COOPBOT_SECRETS"] = ",".join(name for name in SECRET_FILES if name in own) or "none"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), base.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"  # each line reaches the console as it is written
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    # Compiled bytecode is kept in var/pycache (never inside the environments), so every
    # start after the first imports TensorFlow, Rasa & co. without compiling them again.
    env["PYTHONPYCACHEPREFIX"] = str(settings.var_dir / "pycache")
    if process.kind == "web":
        # /metrics adds up every worker's numbers from files here (emptied at each start).
        metrics = settings.metrics_dir or settings.var_dir / "metrics" / f"web-{settings.port}"
        env[variable_name("metrics_dir")] = str(metrics)
    if process.kind == "actions":
        env["COOPBOT_BACKEND_URL"] = settings.backend_url
        env["COOPBOT_TIMING"] = _flag(settings.timing)
    if process.kind == "rasa":
        env["COOPBOT_ACTION_SERVER_URL"] = process.action_url  # bot/endpoints.yml
        env["COOPBOT_TRACKER_DB"] = str(settings.tracker_path)
        env["COOPBOT_TIMING"] = _flag(settings.timing)
        env[variable_name("ticket_lock_lifetime")] = str(settings.ticket_lock_lifetime)
        if settings.profile_rasa:
            env["COOPBOT_PROFILE_RASA"] = str(settings.profile_rasa)
    return env


def required_secrets(process: Process) -> tuple[str, ...]:
    """The generated secrets ``process`` cannot start without (its own, and what its action token comes from)."""
    needed = SECRETS[process.kind] + (("rasa_token",) if process.kind in ACTION_TOKEN_KINDS else ())
    return tuple(name for name in dict.fromkeys(needed) if name in SECRET_FILES)


def _ini(value: str) -> str:
    return value.replace("%", "%%")  # supervisord expands %(name)s in its values


def supervisord_conf(settings: Settings) -> str:
    """supervisord's configuration for ``make run``: every process restarted when it dies, output to the console.

    supervisord stays in the foreground (Ctrl-C stops everything) and answers
    ``supervisorctl`` on a socket in ``var_dir`` that only its owner may use.
    """
    var = settings.var_dir
    coopbot = shlex.quote(str(VENV_BIN / "coopbot"))
    lines = [
        "; Generated by `coopbot processes --supervisord` (make run); edits are overwritten.",
        "[supervisord]",
        "nodaemon=true",
        "logfile=/dev/null",  # its own lines go to the console (nodaemon), no file
        "logfile_maxbytes=0",
        f"pidfile={_ini(str(var / 'supervisord.pid'))}",
        f"directory={_ini(str(PROJECT_ROOT))}",
        "umask=077",  # every file a coopbot process creates is its owner's only
        "",
        "[unix_http_server]",
        f"file={_ini(str(var / 'supervisor.sock'))}",
        "chmod=0700",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{_ini(str(var / 'supervisor.sock'))}",
        "",
    ]
    for priority, process in enumerate(processes(settings), start=1):
        lines += [
            f"[program:{process.name}]",
            f"command={_ini(coopbot)} exec {process.name}",
            f"directory={_ini(str(PROJECT_ROOT))}",
            f"priority={priority}",
            "autorestart=true",  # a process that dies is started again at once
            "startsecs=2",
            "startretries=10",
            "stopasgroup=true",  # gunicorn's workers go with their master
            "killasgroup=true",
            "stopwaitsecs=20",
            "redirect_stderr=true",
            "stdout_logfile=NONE",
            "stdout_events_enabled=true",  # the console listener prints each line
            "",
        ]
    lines += [
        "[eventlistener:console]",
        f"command={_ini(shlex.quote(str(VENV_BIN / 'python')))} -m backend.ops.supervisor_console",
        f"directory={_ini(str(PROJECT_ROOT))}",
        "events=PROCESS_LOG",
        "buffer_size=10000",
        "autorestart=true",
        "stderr_logfile=/dev/stdout",  # what it prints, on supervisord's own output
        "stderr_logfile_maxbytes=0",
        "",
    ]
    return "\n".join(lines)
