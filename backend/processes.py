"""The processes of one coopbot host, as ``make run`` starts them (a Procfile for honcho).

One web app (gunicorn), one registration API process (gunicorn, loopback),
one notification sender, and ``COOPBOT_RASA_REPLICAS`` pairs of a Rasa server
and the action server it calls: pair *i* listens on the Rasa port + *i* and
the action-server port + *i* (5005, 5006, ... and 5055, 5056, ...). Each
process is one line, so the same list maps to one systemd unit (or container)
per process on several hosts (see README).

More than one Rasa replica needs Redis (``COOPBOT_REDIS_URL``) for Rasa's
tracker and lock stores: each replica must see every conversation, since the
web app moves a sender to its next replica when the first one fails.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from urllib.parse import urlsplit

from backend.config import Settings, action_servers, rasa_servers


class ProfileError(ValueError):
    """A combination of settings that cannot run safely."""


@dataclass(frozen=True)
class Process:
    name: str
    command: str


def _with_env(env: dict[str, str], command: str) -> str:
    if not env:
        return command
    return "env " + " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items()) + " " + command


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
    listed = [
        Process("web", "scripts/serve-web"),
        Process("api", "scripts/serve-api"),
        Process("notify", ".venv/bin/coopbot notify run"),
    ]
    several = len(rasa) > 1
    for index, (rasa_url, action_url) in enumerate(zip(rasa, actions), start=1):
        suffix = str(index) if several else ""
        for url in (rasa_url, action_url):
            if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
                raise ProfileError(f"{url} is not on this host: `make run` starts local processes only "
                                   "(run the other hosts' processes there, see README)")
        listed.append(Process(f"actions{suffix}", _with_env({"COOPBOT_ACTION_SERVER_URL": action_url},
                                                            "scripts/serve-actions")))
        listed.append(Process(f"rasa{suffix}", _with_env(
            {"COOPBOT_RASA_URL": rasa_url, "COOPBOT_ACTION_SERVER_URL": action_url}, "scripts/serve-rasa")))
    return listed


def procfile(settings: Settings) -> str:
    return "".join(f"{process.name}: {process.command}\n" for process in processes(settings))


def main() -> int:
    """Print the Procfile for this host's settings; exit 2 with the reason when they cannot run."""
    import sys

    from backend.config import load_settings

    try:
        sys.stdout.write(procfile(load_settings()))
    except ProfileError as exc:
        print(f"coopbot: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
