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
from typing import Any, Literal, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, ValidationInfo, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from backend.core import staffed_hours
from common.catalogs import N_

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The languages the catalogs cover (COOPBOT_LANGUAGES picks from these).
KNOWN_LANGUAGES = ("en", "es")
# The facts that may prove an account after its number and name (COOPBOT_PROOFS picks from these):
# the mailing ZIP, the SSN/TIN last four, the meter number as printed on the bill.
KNOWN_PROOFS = ("zip", "ssn", "meter")

# The secrets ``coopbot secrets init`` generates, each in ``var/<name>``, and the
# variables that set them instead.
SECRET_FILES = ("api_key", "secret_key", "rasa_token")
SECRET_VARIABLES = {"api_key": "COOPBOT_API_KEY", "secret_key": "COOPBOT_SECRET_KEY",
                    "rasa_token": "COOPBOT_RASA_TOKEN"}


def _var_dir() -> Path:
    """``COOPBOT_VAR_DIR`` (the ``var_dir`` setting), read before the settings exist: the generated secrets live there."""
    return _resolve_path(os.environ.get("COOPBOT_VAR_DIR") or Settings.model_fields["var_dir"].default)


def private_dir(path: Path, own: bool = False) -> Path:
    """Create ``path`` (and missing parents) readable by the owner only (0700); return it.

    A folder that already exists keeps its mode (an operator may have chosen it), unless it is
    coopbot's ``own`` (``var/``, where the keys live): then any group or other permission is
    removed. A developer command run first (``make catalogs``) may have made it under a 022
    umask, and 0755 would list the key files and database to every local user.
    """
    path = Path(path)
    if own and path.is_dir() and os.stat(path).st_mode & 0o077:
        os.chmod(path, 0o700)
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

    ``coopbot exec`` sets it per process (backend.ops.processes): the web app gets no ``api_key``.
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


def _choices(value: Any, known: tuple[str, ...], variable: str) -> tuple[str, ...]:
    """A list setting of names from ``known``: lower case, in order, no repeats, at least one;
    anything else is refused with the names ``variable`` takes."""
    chosen = tuple(dict.fromkeys(item.lower() for item in _items(value)))
    if not chosen or any(item not in known for item in chosen):
        raise ValueError(f"{variable} takes {', '.join(known)} (comma-separated)")
    return chosen


def _twilio(variable: str) -> AliasChoices:
    """Twilio's own variable (no prefix); keyword arguments use the field name, its lower case."""
    return AliasChoices(variable, variable.lower())


# Member services' hours by default: a source text of the mails' catalog (backend/notify/babel.cfg),
# so that it is said translated (backend.notify.support_hours); an operator's own value is not.
DEFAULT_SUPPORT_HOURS = N_("7 a.m. to 9 p.m. Monday through Friday")


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
    # Set: one-time codes are sent and checked by Twilio Verify (backend.identity.twilio_verify).
    twilio_verify_service_sid: str | None = Field(None, validation_alias=_twilio("TWILIO_VERIFY_SERVICE_SID"))
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    # Unset: the registration API process of this machine, on whatever port it was given.
    backend_url: str = ""
    rasa_token: str = Field("", repr=False)
    api_key: str = Field("", repr=False)
    secret_key: str = Field("", repr=False)  # the master secret: every key is derived from it (backend.core.keys)
    # Signs session cookies and chat tokens: COOPBOT_SESSION_KEY, else derived from secret_key.
    session_key: str = Field("", repr=False)
    # Product settings beyond docs/contract.md (all optional).
    coop_name: str = "Pedernales Electric Cooperative"
    support_phone: str = "1-888-554-4732"
    support_hours: str = DEFAULT_SUPPORT_HOURS
    # The hours in one language (COOPBOT_SUPPORT_HOURS_EN, COOPBOT_SUPPORT_HOURS_ES); unset: the default
    # hours translated, or support_hours as configured (backend.notify.support_hours).
    support_hours_en: str = ""
    support_hours_es: str = ""
    password_policy: Literal["nist", "smarthub"] = "nist"
    terms_version: str = "2026-01"
    activation_ttl_hours: int = 24
    reset_ttl_hours: int = 2
    redis_url: str | None = Field(None, repr=False)
    # Origins (scheme://host[:port]) of co-op sites allowed to embed the web chat
    # widget (comma-separated); empty: same origin only.
    chat_origins: tuple[str, ...] = ()
    # Further host names the web app answers under besides the public URL's, the chat origins' and
    # loopback (webhook.hosts; comma-separated, no scheme); any other Host header gets 400.
    allowed_hosts: tuple[str, ...] = ()
    # "phone": possession of the phone on file is proven (an SMS from it, or a
    # one-time code texted to it) before a registration; "bill": bill data only.
    verify_policy: Literal["phone", "bill"] = "phone"
    # What a member signs in with: "email" (the address) or "user_id" (a User ID
    # the member picks on the activation page; mail still goes to the address).
    username: Literal["email", "user_id"] = "email"
    # The staff console's second factor (backend.staff.second_factor): "required", a TOTP code
    # after the password; "off", the password alone (a console behind the co-op's own SSO).
    staff_mfa: Literal["required", "off"] = "required"
    # How many reverse proxies in front of the web app append to X-Forwarded-For;
    # 0: the client is the TCP peer.
    trusted_proxies: int = 0
    # New web-chat sessions one client network (IPv4 address, IPv6 /64) opens per hour at once;
    # beyond it each waits a growing delay (backend.identity.chat_quota), never the hour.
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
    notify_sender: Literal["web", "process"] = "web"
    # Addresses besides loopback allowed to read /metrics and the details of /healthz (comma-separated).
    metrics_allow: tuple[str, ...] = ()
    # "text" (default) or "json": one JSON object per log line.
    log_format: Literal["text", "json"] = "text"
    # Where generated secrets, the SQLite databases, the Rasa tracker and run files live.
    var_dir: Path = Path("var")
    # The web app's listening address (its port is ``port``); the API listens on ``api_bind``.
    bind: str = "0.0.0.0"
    api_bind: str = "127.0.0.1"
    # The API process's gunicorn pool: workers x threads; its access log (method, path, status).
    api_workers: int = 2
    api_threads: int = 16
    api_access_log: bool = True
    # ``make bench``: every process reports where a turn's time goes (durations only).
    timing: bool = False
    # How long ``make run`` waits for a green /healthz before it says what is still down.
    start_timeout: int = 300
    # The trained dialogue model the Rasa servers load.
    model: Path = Path("models/current.tar.gz")
    # Rasa's conversation tracker (SQLite, one Rasa server); unset: ``var_dir``/rasa_tracker.db.
    tracker_db: Path | None = None
    # Seconds Rasa's per-conversation lock lives unless released (Rasa's own variable; Rasa's
    # default is 60): a replica killed mid-turn never releases it, and the member's resent
    # message must still be answered within the web app's 10 s wait for Rasa.
    ticket_lock_lifetime: int = Field(6, validation_alias=AliasChoices("TICKET_LOCK_LIFETIME",
                                                                       "ticket_lock_lifetime"))
    # Where the web app's gunicorn workers keep their /metrics figures (prometheus_client's own
    # variable); unset: ``var_dir``/metrics/web-<port> under ``coopbot exec web``, else one process.
    metrics_dir: Path | None = Field(None, validation_alias=AliasChoices("PROMETHEUS_MULTIPROC_DIR",
                                                                         "metrics_dir"))
    # Development only: the Rasa server writes a cProfile of its run to this file at exit.
    profile_rasa: Path | None = None
    # The languages the assistant, mails and pages speak (docs/contract.md section 2,
    # docs/languages.md); the first is the default for a member who has not shown one.
    languages: tuple[str, ...] = ("en", "es")
    # Which facts prove the account after its number and name (docs/contract.md section 2):
    # any of KNOWN_PROOFS; a fact not listed is refused (backend.identity.verification).
    proofs: tuple[str, ...] = ("zip", "ssn")
    # When a person can take over a conversation (backend.core.staffed_hours, docs/contract.md
    # section 2), e.g. "Mon-Fri 07:00-21:00 America/Chicago"; unset: never.
    staffed_hours: str | None = None

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
            from backend.core import keys

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

    @field_validator("outbox_dir", "var_dir", "model")
    @classmethod
    def _under_project(cls, value: Path) -> Path:
        return _resolve_path(value)

    @field_validator("tracker_db", "profile_rasa", "metrics_dir")
    @classmethod
    def _optional_under_project(cls, value: Path | None) -> Path | None:
        return None if value is None else _resolve_path(value)

    @field_validator("chat_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> tuple[str, ...]:
        """``"https://a.coop/, https://B.coop"`` -> ``("https://a.coop", "https://b.coop")`` (browsers send it so)."""
        return tuple(item.rstrip("/").lower() for item in _items(value))

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _hosts(cls, value: Any) -> tuple[str, ...]:
        """``"Coop.Example, www.coop.example"`` -> ``("coop.example", "www.coop.example")``."""
        return tuple(item.lower() for item in _items(value))

    @field_validator("rasa_urls", "action_server_urls", mode="before")
    @classmethod
    def _urls(cls, value: Any) -> tuple[str, ...]:
        return tuple(item.rstrip("/") for item in _items(value))

    @field_validator("metrics_allow", mode="before")
    @classmethod
    def _addresses(cls, value: Any) -> tuple[str, ...]:
        return tuple(_items(value))

    @field_validator("languages", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> tuple[str, ...]:
        """``"en, ES"`` -> ``("en", "es")``: languages the project has catalogs for, no repeats."""
        return _choices(value, KNOWN_LANGUAGES, "COOPBOT_LANGUAGES")

    @field_validator("proofs", mode="before")
    @classmethod
    def _proofs(cls, value: Any) -> tuple[str, ...]:
        """``"Meter, zip"`` -> ``("meter", "zip")``: known proofs, no repeats, at least one."""
        return _choices(value, KNOWN_PROOFS, "COOPBOT_PROOFS")

    @field_validator("staffed_hours")
    @classmethod
    def _staffed_hours(cls, value: str | None) -> str | None:
        """Refused at start when it cannot be read (a typo must not leave nobody staffed unnoticed)."""
        if value is not None:
            staffed_hours.parse(value)
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _choice(cls, value: Any, info: ValidationInfo) -> Any:
        """A policy value (a ``Literal`` field) is read case-blind; any other is refused naming its variable."""
        choices = literal_choices(cls, info.field_name)
        if choices is None or not isinstance(value, str):
            return value
        value = value.strip().lower()
        if value not in choices:
            raise ValueError(f"{variable_name(info.field_name)} must be {' or '.join(choices)}")
        return value

    @property
    def tracker_path(self) -> Path:
        """Rasa's SQLite tracker: ``tracker_db``, else ``var_dir``/rasa_tracker.db."""
        return self.tracker_db or self.var_dir / "rasa_tracker.db"

    @property
    def staffed(self) -> staffed_hours.StaffedHours | None:
        """The parsed ``staffed_hours``; None: nobody takes over conversations."""
        return staffed_hours.parse(self.staffed_hours) if self.staffed_hours else None

    def support_hours_in(self, language: str) -> str:
        """The operator's own wording of the hours in ``language`` (COOPBOT_SUPPORT_HOURS_<LANGUAGE>), or ""."""
        return getattr(self, f"support_hours_{language}", "") if language in KNOWN_LANGUAGES else ""

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


def variable_name(field_name: str) -> str:
    """The environment variable of a setting: ``COOPBOT_<NAME>``, or its own (Twilio's, Rasa's) name."""
    alias = Settings.model_fields[field_name].validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return "COOPBOT_" + field_name.upper()


def literal_choices(settings_cls: type[BaseSettings], field_name: str | None) -> tuple[str, ...] | None:
    """The allowed values of a ``Literal`` setting (a policy), else None."""
    field = settings_cls.model_fields.get(field_name or "")
    if field is None or get_origin(field.annotation) is not Literal:
        return None
    return tuple(get_args(field.annotation))


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

    A process started with ``COOPBOT_SECRETS`` (``coopbot exec``) gets only the
    generated secrets named there: the others stay empty whatever sets them
    (e.g. a ``.env`` file). Loading changes neither the files nor the environment.
    """
    allowed = allowed_secrets()
    for name in SECRET_FILES:
        if name in allowed or name in overrides:
            continue
        overrides[name] = ""
        if name == "secret_key":  # the session key is derived from it, or is its stand-in
            overrides.setdefault("session_key", "")
    return Settings(**overrides)
