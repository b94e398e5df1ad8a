"""Settings read from the environment (and an optional ``.env`` file).

Every process of coopbot (web app, action server, CLI) reads its configuration
here, so the variable names of ``docs/contract.md`` section 2 live in one place:
one pydantic-settings class, each setting declared once with its type and default.

Loading never writes anything. The secrets an operator leaves unset are read from
``var/<name>`` (``COOPBOT_VAR_DIR``), which ``coopbot secrets init`` generates
(``make run`` runs it), so that every local process agrees on them. A process
that needs a secret that is neither set nor generated stops with
:class:`MissingSecret`, which says what to run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The secrets ``coopbot secrets init`` generates, each in ``var/<name>``, and the
# variables that set them instead.
SECRET_FILES = ("api_key", "secret_key", "rasa_token")
SECRET_VARIABLES = {"api_key": "COOPBOT_API_KEY", "secret_key": "COOPBOT_SECRET_KEY",
                    "rasa_token": "COOPBOT_RASA_TOKEN"}


def _var_dir() -> Path:
    return Path(os.environ.get("COOPBOT_VAR_DIR") or PROJECT_ROOT / "var")


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


def secret_file(name: str) -> Path:
    """Where the generated secret ``name`` (one of :data:`SECRET_FILES`) is kept."""
    return _var_dir() / name


def secret_from_file(name: str) -> str:
    """The secret stored in ``var/<name>``, or ``""`` when it was never generated (nothing is created)."""
    try:
        return secret_file(name).read_text().strip()
    except FileNotFoundError:
        return ""


def allowed_secrets() -> tuple[str, ...]:
    """The generated secrets this process may read: ``COOPBOT_SECRETS`` (comma-separated), else all.

    ``scripts/service-env`` sets it per service: the action server gets ``api_key`` only.
    """
    allowed = os.environ.get("COOPBOT_SECRETS")
    if not allowed:
        return SECRET_FILES
    return tuple(name for name in (item.strip() for item in allowed.split(",")) if name in SECRET_FILES)


class MissingSecret(RuntimeError):
    """A process needs a secret that is neither set nor generated."""

    def __init__(self, name: str) -> None:
        variable = SECRET_VARIABLES[name]
        super().__init__(f"{variable} is not set and no secret was generated into {secret_file(name)}: "
                         f"run `coopbot secrets init` (`make run` does) or set {variable}")


class _SecretFiles(PydanticBaseSettingsSource):
    """The lowest-priority source: the generated secrets of ``var/`` this process may read."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ answers for every field at once

    def __call__(self) -> dict[str, Any]:
        return {name: value for name in allowed_secrets() if (value := secret_from_file(name))}


def _resolve_path(value: str | Path) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def _resolve_sqlite(url: str) -> str:
    """Make relative SQLite paths relative to the project root (their folder is made by
    ``coopbot secrets init``, never here)."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str(PROJECT_ROOT / url[len(prefix):])
    return url


def _items(value: Any) -> list[str]:
    """A comma-separated string (from the environment) or a sequence (from code), as stripped items."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [str(item).strip() for item in items if str(item).strip()]


def _twilio(variable: str) -> AliasChoices:
    """Twilio's own variable (no prefix); keyword arguments use the field name, its lower case."""
    return AliasChoices(variable, variable.lower())


class Settings(BaseSettings):
    """The configuration of one coopbot process; build it with :func:`load_settings`.

    Each field is read from ``COOPBOT_<NAME>`` (the Twilio ones from Twilio's own
    names); an empty variable counts as unset. Secrets are left out of ``repr``.
    """

    model_config = SettingsConfigDict(
        env_prefix="COOPBOT_",
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        enable_decoding=False,  # lists are comma-separated, not JSON
        extra="ignore",
        frozen=True,
        validate_default=True,  # defaults go through the same validators (paths under the project)
    )

    database_url: str = Field("sqlite:///var/coopbot.db", repr=False)  # may hold a password
    public_url: str = "http://127.0.0.1:8000"
    port: int = 8000
    smtp_url: str | None = Field(None, repr=False)
    mail_from: str = "no-reply@localhost"
    outbox_dir: Path = Path("var/outbox")
    twilio_auth_token: str | None = Field(None, validation_alias=_twilio("TWILIO_AUTH_TOKEN"), repr=False)
    twilio_account_sid: str | None = Field(None, validation_alias=_twilio("TWILIO_ACCOUNT_SID"))
    twilio_from_number: str | None = Field(None, validation_alias=_twilio("TWILIO_FROM_NUMBER"))
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    # Unset: the registration API process of this machine, on whatever port it was given.
    backend_url: str = ""
    rasa_token: str = Field("", repr=False)
    api_key: str = Field("", repr=False)
    secret_key: str = Field("", repr=False)  # the master secret: every key is derived from it (backend.keys)
    # Signs session cookies and chat tokens: COOPBOT_SESSION_KEY, else derived from secret_key.
    session_key: str = Field("", repr=False)
    # Product settings beyond docs/contract.md (all optional).
    coop_name: str = "Pedernales Electric Cooperative"
    support_phone: str = "1-888-554-4732"
    support_hours: str = "7 a.m. to 9 p.m. Monday through Friday"
    password_policy: str = "nist"
    terms_version: str = "2026-01"
    activation_ttl_hours: int = 24
    reset_ttl_hours: int = 2
    redis_url: str | None = Field(None, repr=False)
    # Origins (scheme://host[:port]) of co-op sites allowed to embed the web chat
    # widget (comma-separated); empty: same origin only.
    chat_origins: tuple[str, ...] = ()
    # "phone": possession of the phone on file is proven (an SMS from it, or a
    # one-time code texted to it) before a registration; "bill": bill data only.
    verify_policy: str = "phone"
    # How many reverse proxies in front of the web app append to X-Forwarded-For;
    # 0: the client is the TCP peer.
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
    # Addresses besides loopback allowed to read /metrics and the details of /healthz (comma-separated).
    metrics_allow: tuple[str, ...] = ()
    # "text" (default) or "json": one JSON object per log line.
    log_format: str = "text"

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        """Keyword arguments, then the environment, then ``.env``, then the generated secrets of ``var/``."""
        return init_settings, env_settings, dotenv_settings, _SecretFiles(settings_cls)

    @model_validator(mode="before")
    @classmethod
    def _derived_defaults(cls, data: Any) -> Any:
        """Defaults that follow other settings: the API's URL from its port, the session key from the master."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if not data.get("backend_url"):
            data["backend_url"] = f"http://127.0.0.1:{data.get('api_port') or cls.model_fields['api_port'].default}"
        if not data.get("session_key") and data.get("secret_key"):
            from backend import keys

            data["session_key"] = keys.derive(data["secret_key"], keys.SESSION)
        return data

    @field_validator("public_url", "rasa_url", "action_server_url", "backend_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _sqlite_under_project(cls, value: str) -> str:
        return _resolve_sqlite(value)

    @field_validator("outbox_dir")
    @classmethod
    def _outbox_under_project(cls, value: Path) -> Path:
        return _resolve_path(value)

    @field_validator("chat_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> tuple[str, ...]:
        """``"https://a.coop/, https://B.coop"`` -> ``("https://a.coop", "https://b.coop")`` (browsers send it so)."""
        return tuple(item.rstrip("/").lower() for item in _items(value))

    @field_validator("rasa_urls", "action_server_urls", mode="before")
    @classmethod
    def _urls(cls, value: Any) -> tuple[str, ...]:
        return tuple(item.rstrip("/") for item in _items(value))

    @field_validator("metrics_allow", mode="before")
    @classmethod
    def _addresses(cls, value: Any) -> tuple[str, ...]:
        return tuple(_items(value))

    @field_validator("verify_policy", mode="before")
    @classmethod
    def _verify_policy(cls, value: Any) -> str:
        value = str(value).strip().lower()
        if value not in ("phone", "bill"):
            raise ValueError("COOPBOT_VERIFY_POLICY must be phone or bill")
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> str:
        return str(value).lower()

    @property
    def secure_cookies(self) -> bool:
        """Cookies are ``Secure`` exactly when the public URL is https."""
        return self.public_url.startswith("https://")

    def require(self, *names: str) -> "Settings":
        """These settings, once every secret in ``names`` has a value; else :class:`MissingSecret` at once."""
        for name in names:
            if not getattr(self, name):
                raise MissingSecret(name)
        return self


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
    """Read the settings of this process; keyword arguments win over the environment (tests use them).

    A process started with ``COOPBOT_SECRETS`` (``scripts/service-env``) gets only
    the secrets named there: the others stay empty, and their variables (e.g.
    copied from a ``.env`` file) are removed from its environment.
    """
    allowed = allowed_secrets()
    for name in SECRET_FILES:
        if name in allowed or name in overrides:
            continue
        overrides[name] = ""
        unset = [SECRET_VARIABLES[name]]
        if name == "secret_key":  # the session key is derived from it, or is its stand-in
            overrides.setdefault("session_key", "")
            unset.append("COOPBOT_SESSION_KEY")
        for variable in unset:
            os.environ.pop(variable, None)
    return Settings(**overrides)
