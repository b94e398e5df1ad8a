"""Settings: one pydantic-settings class read from the environment, ``.env`` and the secrets of
``var/``; loading writes nothing, ``coopbot secrets init`` is the one step that does."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from backend.core import keys
from backend.core.config import PROJECT_ROOT, MissingSecret, Settings, load_settings
from webhook.cli import cli

SECRET_VARIABLES = ("COOPBOT_API_KEY", "COOPBOT_SECRET_KEY", "COOPBOT_RASA_TOKEN", "COOPBOT_SESSION_KEY",
                    "COOPBOT_SECRETS")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def env(monkeypatch, tmp_path):
    """An environment with no secret set, a var/ folder and a SQLite file inside ``tmp_path`` (not created)."""
    for name in SECRET_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("COOPBOT_DATABASE_URL", f"sqlite:///{tmp_path}/data/coopbot.db")
    monkeypatch.setenv("COOPBOT_OUTBOX_DIR", str(tmp_path / "outbox"))
    return monkeypatch


def init() -> str:
    result = CliRunner().invoke(cli, ["secrets", "init"])
    assert result.exit_code == 0, result.output
    return result.output


def test_loading_settings_creates_no_file_or_folder(env, tmp_path):
    settings = load_settings()
    assert tree(tmp_path) == []
    assert (settings.api_key, settings.secret_key, settings.rasa_token, settings.session_key) == ("", "", "", "")
    with pytest.raises(MissingSecret) as missing:
        settings.require("api_key")
    message = str(missing.value)
    assert "COOPBOT_API_KEY is not set" in message and "coopbot secrets init" in message
    assert str(tmp_path / "var" / "api_key") in message


def test_secrets_init_creates_the_three_secrets_owner_only_and_keeps_them(env, tmp_path):
    previous = os.umask(0o022)  # a careless shell's umask: the files must not depend on it
    try:
        output = init()
    finally:
        os.umask(previous)
    var = tmp_path / "var"
    assert sorted(p.name for p in var.iterdir()) == ["api_key", "rasa_token", "secret_key"]
    assert mode(var) == 0o700 and mode(tmp_path / "data") == 0o700
    values = {}
    for name in ("api_key", "secret_key", "rasa_token"):
        assert mode(var / name) == 0o600
        values[name] = (var / name).read_text()
        assert len(values[name]) >= 40
        assert f"{var / name}: generated" in output
        assert values[name] not in output
    assert len(set(values.values())) == 3

    again = init()
    assert {name: (var / name).read_text() for name in values} == values
    assert again.count(": kept") == 3 and "generated" not in again

    settings = load_settings()
    assert (settings.api_key, settings.secret_key, settings.rasa_token) == (
        values["api_key"], values["secret_key"], values["rasa_token"])
    assert settings.session_key == keys.derive(values["secret_key"], keys.SESSION)


def test_secrets_init_generates_no_file_for_a_secret_the_environment_sets(env, tmp_path):
    env.setenv("COOPBOT_SECRET_KEY", "master-from-the-environment")
    output = init()
    assert "COOPBOT_SECRET_KEY: set in the environment" in output
    assert not (tmp_path / "var" / "secret_key").exists()
    assert load_settings().secret_key == "master-from-the-environment"


def test_an_empty_secret_file_is_replaced(env, tmp_path):
    (tmp_path / "var").mkdir(mode=0o700)
    (tmp_path / "var" / "api_key").write_text("")
    init()
    assert len((tmp_path / "var" / "api_key").read_text()) >= 40


def test_the_environment_beats_the_generated_file_and_keywords_beat_both(env, tmp_path):
    init()
    env.setenv("COOPBOT_API_KEY", "from-the-environment")
    assert load_settings().api_key == "from-the-environment"
    assert load_settings(api_key="from-the-test").api_key == "from-the-test"
    env.setenv("COOPBOT_PORT", "9000")
    assert load_settings().port == 9000
    assert load_settings(port=1234).port == 1234


def test_every_variable_name_is_read(env):
    values = {
        "COOPBOT_PUBLIC_URL": "https://chat.coop.example/", "COOPBOT_PORT": "8100",
        "COOPBOT_SMTP_URL": "smtp://mail:25", "COOPBOT_MAIL_FROM": "a@coop.example",
        "TWILIO_AUTH_TOKEN": "tw-token", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_FROM_NUMBER": "+15125550000",
        "COOPBOT_RASA_URL": "http://rasa:5005/", "COOPBOT_ACTION_SERVER_URL": "http://actions:5055/",
        "COOPBOT_BACKEND_URL": "http://api:8001/", "COOPBOT_API_KEY": "k", "COOPBOT_SECRET_KEY": "s",
        "COOPBOT_SESSION_KEY": "own-session-key", "COOPBOT_RASA_TOKEN": "r", "COOPBOT_COOP_NAME": "Bluebonnet",
        "COOPBOT_SUPPORT_PHONE": "1-800-000-0000", "COOPBOT_SUPPORT_HOURS": "always",
        "COOPBOT_PASSWORD_POLICY": "smarthub", "COOPBOT_TERMS_VERSION": "2027-01",
        "COOPBOT_ACTIVATION_TTL_HOURS": "48", "COOPBOT_RESET_TTL_HOURS": "3",
        "COOPBOT_REDIS_URL": "redis://r:6379/0", "COOPBOT_VERIFY_POLICY": " Bill ",
        "COOPBOT_TRUSTED_PROXIES": "1", "COOPBOT_CHAT_SESSIONS_PER_HOUR": "5", "COOPBOT_API_PORT": "8101",
        "COOPBOT_RASA_REPLICAS": "2", "COOPBOT_NOTIFY_SENDER": "process", "COOPBOT_LOG_FORMAT": "JSON",
    }
    for name, value in values.items():
        env.setenv(name, value)
    s = load_settings()
    assert (s.public_url, s.port, s.smtp_url, s.mail_from) == (
        "https://chat.coop.example", 8100, "smtp://mail:25", "a@coop.example")
    assert (s.twilio_auth_token, s.twilio_account_sid, s.twilio_from_number) == ("tw-token", "AC1", "+15125550000")
    assert (s.rasa_url, s.action_server_url, s.backend_url) == (
        "http://rasa:5005", "http://actions:5055", "http://api:8001")
    assert (s.api_key, s.secret_key, s.session_key, s.rasa_token) == ("k", "s", "own-session-key", "r")
    assert (s.coop_name, s.support_phone, s.support_hours) == ("Bluebonnet", "1-800-000-0000", "always")
    assert (s.password_policy, s.terms_version, s.activation_ttl_hours, s.reset_ttl_hours) == (
        "smarthub", "2027-01", 48, 3)
    assert (s.redis_url, s.verify_policy, s.trusted_proxies, s.chat_sessions_per_hour) == (
        "redis://r:6379/0", "bill", 1, 5)
    assert (s.api_port, s.rasa_replicas, s.notify_sender, s.log_format) == (8101, 2, "process", "json")
    assert s.secure_cookies is True
    # Twilio's variables have no prefix; the prefixed spelling is not theirs.
    env.delenv("TWILIO_AUTH_TOKEN")
    env.setenv("COOPBOT_TWILIO_AUTH_TOKEN", "not-this-one")
    assert load_settings().twilio_auth_token is None
    assert load_settings(twilio_auth_token="by-keyword").twilio_auth_token == "by-keyword"


def test_empty_variables_count_as_unset(env):
    for name in ("COOPBOT_PORT", "COOPBOT_REDIS_URL", "COOPBOT_CHAT_ORIGINS", "COOPBOT_VERIFY_POLICY",
                 "COOPBOT_RASA_URLS", "TWILIO_AUTH_TOKEN", "COOPBOT_SECRETS", "COOPBOT_API_KEY"):
        env.setenv(name, "")
    s = load_settings(secret_key="s", rasa_token="r")
    assert (s.port, s.redis_url, s.chat_origins, s.verify_policy, s.rasa_urls, s.twilio_auth_token) == (
        8000, None, (), "phone", (), None)
    assert s.secret_key == "s" and s.rasa_token == "r"  # COOPBOT_SECRETS="" limits nothing


def test_comma_separated_lists(env):
    env.setenv("COOPBOT_CHAT_ORIGINS", " https://WWW.Example.coop/ ,,https://pec.example ")
    env.setenv("COOPBOT_RASA_URLS", "http://10.0.0.1:5005/, http://10.0.0.2:5005")
    env.setenv("COOPBOT_ACTION_SERVER_URLS", "http://10.0.0.1:5055 ,http://10.0.0.2:5055/")
    env.setenv("COOPBOT_METRICS_ALLOW", "10.1.0.0/16, 192.0.2.7 ,")
    s = load_settings()
    assert s.chat_origins == ("https://www.example.coop", "https://pec.example")
    assert s.rasa_urls == ("http://10.0.0.1:5005", "http://10.0.0.2:5005")
    assert s.action_server_urls == ("http://10.0.0.1:5055", "http://10.0.0.2:5055")
    assert s.metrics_allow == ("10.1.0.0/16", "192.0.2.7")
    assert load_settings(metrics_allow=("10.0.0.9",)).metrics_allow == ("10.0.0.9",)


def test_a_wrong_verify_policy_is_refused_with_its_name(env):
    env.setenv("COOPBOT_VERIFY_POLICY", "sms")
    with pytest.raises(ValidationError, match="COOPBOT_VERIFY_POLICY must be phone or bill"):
        load_settings()


def test_languages_default_to_english_then_spanish_and_the_first_is_the_default(env):
    assert load_settings().languages == ("en", "es")
    env.setenv("COOPBOT_LANGUAGES", " ES, en ,es")
    assert load_settings().languages == ("es", "en")
    env.setenv("COOPBOT_LANGUAGES", "en")
    assert load_settings().languages == ("en",)


@pytest.mark.parametrize("value", ["fr", "en,fr", ","])
def test_a_language_without_catalogs_is_refused_with_the_variable_s_name(env, value):
    env.setenv("COOPBOT_LANGUAGES", value)
    with pytest.raises(ValidationError, match="COOPBOT_LANGUAGES takes en, es"):
        load_settings()


def test_proofs_default_to_zip_and_ssn_and_are_read_case_blind(env):
    assert load_settings().proofs == ("zip", "ssn")
    env.setenv("COOPBOT_PROOFS", " Meter ")
    assert load_settings().proofs == ("meter",)
    env.setenv("COOPBOT_PROOFS", "zip, METER,zip")
    assert load_settings().proofs == ("zip", "meter")


@pytest.mark.parametrize("value", ["pin", "zip,dob", ","])
def test_an_unknown_proof_is_refused_with_the_variable_s_name(env, value):
    env.setenv("COOPBOT_PROOFS", value)
    with pytest.raises(ValidationError, match="COOPBOT_PROOFS takes zip, ssn, meter"):
        load_settings()


def test_derived_defaults(env):
    env.delenv("COOPBOT_DATABASE_URL")
    env.delenv("COOPBOT_OUTBOX_DIR")
    env.delenv("COOPBOT_BACKEND_URL", raising=False)
    env.setenv("COOPBOT_API_PORT", "8201")
    s = load_settings(secret_key="master")
    assert s.backend_url == "http://127.0.0.1:8201"
    assert s.database_url == f"sqlite:///{PROJECT_ROOT}/var/coopbot.db"
    assert s.outbox_dir == PROJECT_ROOT / "var" / "outbox"
    assert s.secure_cookies is False
    assert s.session_key == keys.derive("master", keys.SESSION)
    relative = load_settings(database_url="sqlite:///data/x.db", outbox_dir="mail")
    assert relative.database_url == f"sqlite:///{PROJECT_ROOT}/data/x.db"
    assert relative.outbox_dir == PROJECT_ROOT / "mail"
    assert load_settings(database_url="sqlite:///:memory:").database_url == "sqlite:///:memory:"


def test_dot_env_is_read_below_the_environment(env, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("COOPBOT_COOP_NAME=From Dotenv\nCOOPBOT_PORT=8300\nTWILIO_ACCOUNT_SID=AC-dotenv\n")
    env.setenv("COOPBOT_PORT", "8400")
    s = Settings(_env_file=dotenv)
    assert (s.coop_name, s.port, s.twilio_account_sid) == ("From Dotenv", 8400, "AC-dotenv")


def test_a_process_given_coopbot_secrets_sees_only_those(env, tmp_path):
    init()
    env.setenv("COOPBOT_SECRET_KEY", "master-from-the-shell")
    env.setenv("COOPBOT_SESSION_KEY", "session-from-the-shell")
    env.setenv("COOPBOT_SECRETS", "api_key")
    environment = dict(os.environ)
    s = load_settings()
    assert s.api_key == (tmp_path / "var" / "api_key").read_text()
    assert (s.secret_key, s.rasa_token, s.session_key) == ("", "", "")
    assert dict(os.environ) == environment  # loading changes nothing (coopbot exec leaves them out)


def test_every_policy_is_a_choice_read_case_blind_and_refused_by_its_variable(env):
    from typing import Literal, get_args, get_origin

    policies = {name: get_args(field.annotation) for name, field in Settings.model_fields.items()
                if get_origin(field.annotation) is Literal}
    assert {"password_policy", "verify_policy", "notify_sender", "log_format"} <= set(policies)
    for name, choices in policies.items():
        variable = "COOPBOT_" + name.upper()
        env.setenv(variable, f" {choices[-1].upper()} ")
        assert getattr(load_settings(), name) == choices[-1]
        env.setenv(variable, "neither")
        with pytest.raises(ValidationError, match=f"{variable} must be {' or '.join(choices)}"):
            load_settings()
        env.delenv(variable)


def test_the_process_settings_are_read_here_too(env, tmp_path):
    for name, value in {"COOPBOT_BIND": "127.0.0.1", "COOPBOT_API_BIND": "127.0.0.2", "COOPBOT_API_WORKERS": "3",
                        "COOPBOT_API_THREADS": "4", "COOPBOT_API_ACCESS_LOG": "0", "COOPBOT_TIMING": "1",
                        "COOPBOT_START_TIMEOUT": "60", "COOPBOT_MODEL": "models/other.tar.gz",
                        "TICKET_LOCK_LIFETIME": "9", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "m")}.items():
        env.setenv(name, value)
    s = load_settings()
    assert (s.bind, s.api_bind, s.api_workers, s.api_threads, s.api_access_log) == (
        "127.0.0.1", "127.0.0.2", 3, 4, False)
    assert (s.timing, s.start_timeout, s.ticket_lock_lifetime) == (True, 60, 9)
    assert s.model == PROJECT_ROOT / "models" / "other.tar.gz" and s.metrics_dir == tmp_path / "m"
    assert s.var_dir == tmp_path / "var" and s.tracker_path == tmp_path / "var" / "rasa_tracker.db"


def test_settings_are_immutable_and_their_repr_shows_no_secret(env):
    s = load_settings(api_key="api-key-value", secret_key="master-value", rasa_token="rasa-value",
                      smtp_url="smtp://user:mail-password@mail:25")
    with pytest.raises(ValidationError):
        s.port = 1
    text = repr(s)
    for secret in ("api-key-value", "master-value", "rasa-value", "mail-password", s.session_key):
        assert secret not in text
