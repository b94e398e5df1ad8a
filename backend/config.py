"""Settings read from the environment (and an optional ``.env`` file).

Every process of coopbot (web app, action server, CLI) reads its configuration
here, so the variable names of ``docs/contract.md`` section 2 live in one place.
Secrets that have no variable set are generated once into ``var/`` so that
``make run`` works with embedded defaults and every local process agrees on them.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _var_dir() -> Path:
    return Path(os.environ.get("COOPBOT_VAR_DIR", PROJECT_ROOT / "var"))


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by the owner only (0700); return it.

    A folder that already exists keeps its mode: an operator may have chosen it.
    """
    path = Path(path)
    if not path.exists():
        if not path.parent.exists():
            private_dir(path.parent)
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        else:
            os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> Path:
    """Create an empty ``path`` readable by the owner only (0600) unless it exists; return it."""
    private_dir(Path(path).parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    return Path(path)


def secret_from_file(name: str) -> str:
    """Return the secret stored in ``var/<name>``, creating it atomically (mode 0600) if missing."""
    path = _var_dir() / name
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        value = secrets.token_urlsafe(32)
        handle.write(value)
    return value


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    """The configuration of one coopbot process; build it with :func:`load_settings`."""

    database_url: str = "sqlite:///var/coopbot.db"
    public_url: str = "http://127.0.0.1:8000"
    port: int = 8000
    smtp_url: str | None = None
    mail_from: str = "no-reply@localhost"
    outbox_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "var" / "outbox")
    twilio_auth_token: str | None = None
    twilio_account_sid: str | None = None
    twilio_from_number: str | None = None
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    backend_url: str = "http://127.0.0.1:8001"
    rasa_token: str = ""
    api_key: str = ""
    secret_key: str = ""  # the master secret: every key is derived from it (backend.keys)
    # Signs session cookies and chat tokens: COOPBOT_SESSION_KEY, else derived from secret_key.
    session_key: str = ""
    # Product settings beyond docs/contract.md (all optional).
    coop_name: str = "Pedernales Electric Cooperative"
    support_phone: str = "1-888-554-4732"
    support_hours: str = "7 a.m. to 9 p.m. Monday through Friday"
    password_policy: str = "nist"
    terms_version: str = "2026-01"
    activation_ttl_hours: int = 24
    reset_ttl_hours: int = 2
    secure_cookies: bool = False
    redis_url: str | None = None
    # Origins (scheme://host[:port]) of co-op sites allowed to embed the web chat
    # widget (COOPBOT_CHAT_ORIGINS, comma-separated); empty: same origin only.
    chat_origins: tuple[str, ...] = ()
    # "phone": possession of the phone on file is proven (an SMS from it, or a
    # one-time code texted to it) before a registration; "bill": bill data only.
    verify_policy: str = "phone"
    # How many reverse proxies in front of the web app append to X-Forwarded-For
    # (COOPBOT_TRUSTED_PROXIES); 0: the client is the TCP peer.
    trusted_proxies: int = 0
    # New web-chat sessions one client address may open per hour.
    chat_sessions_per_hour: int = 20
    # The registration API process (its own gunicorn, loopback only).
    api_port: int = 8001
    # Rasa replicas: every Rasa server (and the action server each one calls).
    # Empty: just ``rasa_url`` / ``action_server_url``.
    rasa_replicas: int = 1
    rasa_urls: tuple[str, ...] = ()
    action_server_urls: tuple[str, ...] = ()
    # Who retries due mail and texts: "web" (a thread in each web worker) or
    # "process" (``coopbot notify run``, the production profile).
    notify_sender: str = "web"
    # Addresses besides loopback allowed to read /metrics (COOPBOT_METRICS_ALLOW).
    metrics_allow: tuple[str, ...] = ()
    # "text" (default) or "json": one JSON object per log line.
    log_format: str = "text"


def _resolve_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def _resolve_sqlite(url: str) -> str:
    """Make relative SQLite paths relative to the project root and create their folder."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        path = PROJECT_ROOT / url[len(prefix):]
        private_dir(path.parent)
        return prefix + str(path)
    return url


def _origins(value: str) -> tuple[str, ...]:
    """``"https://a.coop/, https://B.coop"`` -> ``("https://a.coop", "https://b.coop")`` (browsers send it so)."""
    return tuple(item.strip().rstrip("/").lower() for item in value.split(",") if item.strip())


def _verify_policy(value: str) -> str:
    value = value.strip().lower()
    if value not in ("phone", "bill"):
        raise ValueError("COOPBOT_VERIFY_POLICY must be phone or bill")
    return value


def _urls(value: str) -> tuple[str, ...]:
    return tuple(item.strip().rstrip("/") for item in value.split(",") if item.strip())


def replica_urls(base_url: str, replicas: int) -> tuple[str, ...]:
    """``http://127.0.0.1:5005`` x 3 -> the same host on ports 5005, 5006, 5007 (``make run``'s layout)."""
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname or "127.0.0.1"
    return tuple(f"{parts.scheme}://{host}:{port + i}{parts.path}".rstrip("/") for i in range(max(replicas, 1)))


def rasa_servers(settings: Settings) -> tuple[str, ...]:
    """Every Rasa server the web app routes to: ``COOPBOT_RASA_URLS``, else ``COOPBOT_RASA_REPLICAS`` from ``rasa_url``."""
    return settings.rasa_urls or replica_urls(settings.rasa_url, settings.rasa_replicas)


def action_servers(settings: Settings) -> tuple[str, ...]:
    """Every action server (one per Rasa server): ``COOPBOT_ACTION_SERVER_URLS``, else as :func:`rasa_servers`."""
    return settings.action_server_urls or replica_urls(settings.action_server_url, settings.rasa_replicas)


def load_settings(**overrides) -> Settings:
    """Read the settings from the environment; keyword arguments win (tests use them)."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    public_url = _env("COOPBOT_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    values = dict(
        database_url=_resolve_sqlite(_env("COOPBOT_DATABASE_URL", "sqlite:///var/coopbot.db")),
        public_url=public_url,
        port=int(_env("COOPBOT_PORT", "8000")),
        smtp_url=_env("COOPBOT_SMTP_URL"),
        mail_from=_env("COOPBOT_MAIL_FROM", "no-reply@localhost"),
        outbox_dir=_resolve_path(_env("COOPBOT_OUTBOX_DIR", "var/outbox")),
        twilio_auth_token=_env("TWILIO_AUTH_TOKEN"),
        twilio_account_sid=_env("TWILIO_ACCOUNT_SID"),
        twilio_from_number=_env("TWILIO_FROM_NUMBER"),
        rasa_url=_env("COOPBOT_RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
        action_server_url=_env("COOPBOT_ACTION_SERVER_URL", "http://127.0.0.1:5055").rstrip("/"),
        # Default: the registration API process of this machine, on whatever port it was given.
        backend_url=_env("COOPBOT_BACKEND_URL", f"http://127.0.0.1:{_env('COOPBOT_API_PORT', '8001')}").rstrip("/"),
        rasa_token=_env("COOPBOT_RASA_TOKEN") or "",
        api_key=_env("COOPBOT_API_KEY") or "",
        secret_key=_env("COOPBOT_SECRET_KEY") or "",
        session_key=_env("COOPBOT_SESSION_KEY") or "",
        coop_name=_env("COOPBOT_COOP_NAME", Settings.coop_name),
        support_phone=_env("COOPBOT_SUPPORT_PHONE", Settings.support_phone),
        support_hours=_env("COOPBOT_SUPPORT_HOURS", Settings.support_hours),
        password_policy=_env("COOPBOT_PASSWORD_POLICY", "nist"),
        terms_version=_env("COOPBOT_TERMS_VERSION", Settings.terms_version),
        activation_ttl_hours=int(_env("COOPBOT_ACTIVATION_TTL_HOURS", "24")),
        reset_ttl_hours=int(_env("COOPBOT_RESET_TTL_HOURS", "2")),
        secure_cookies=public_url.startswith("https://"),
        redis_url=_env("COOPBOT_REDIS_URL"),
        chat_origins=_origins(_env("COOPBOT_CHAT_ORIGINS", "")),
        verify_policy=_verify_policy(_env("COOPBOT_VERIFY_POLICY", "phone")),
        trusted_proxies=int(_env("COOPBOT_TRUSTED_PROXIES", "0")),
        chat_sessions_per_hour=int(_env("COOPBOT_CHAT_SESSIONS_PER_HOUR", "20")),
        api_port=int(_env("COOPBOT_API_PORT", "8001")),
        rasa_replicas=int(_env("COOPBOT_RASA_REPLICAS", "1")),
        rasa_urls=_urls(_env("COOPBOT_RASA_URLS", "")),
        action_server_urls=_urls(_env("COOPBOT_ACTION_SERVER_URLS", "")),
        notify_sender=_env("COOPBOT_NOTIFY_SENDER", "web"),
        metrics_allow=tuple(a.strip() for a in _env("COOPBOT_METRICS_ALLOW", "").split(",") if a.strip()),
        log_format=_env("COOPBOT_LOG_FORMAT", "text").lower(),
    )
    values.update(overrides)
    # Secrets: an explicit value wins, else the generated file under var/. A process
    # started with COOPBOT_SECRETS (scripts/service-env) reads only the ones named
    # there ("api_key" for the action server): the others stay empty.
    allowed = _env("COOPBOT_SECRETS")
    wanted = {"api_key", "secret_key", "rasa_token"} if allowed is None else {
        item.strip() for item in allowed.split(",") if item.strip()}
    env_names = {"api_key": ("COOPBOT_API_KEY",), "rasa_token": ("COOPBOT_RASA_TOKEN",),
                 "secret_key": ("COOPBOT_SECRET_KEY", "COOPBOT_SESSION_KEY")}
    for key, filename in (("api_key", "api_key"), ("secret_key", "secret_key"), ("rasa_token", "rasa_token")):
        if key not in wanted and key not in overrides:
            values[key] = ""
            if key == "secret_key" and "session_key" not in overrides:
                values["session_key"] = ""
            for name in env_names[key]:  # e.g. copied from a .env file: not for this process
                os.environ.pop(name, None)
        elif not values.get(key):
            values[key] = secret_from_file(filename)
    if not values.get("session_key") and values.get("secret_key"):
        from backend import keys

        values["session_key"] = keys.derive(values["secret_key"], keys.SESSION)
    return Settings(**values)
