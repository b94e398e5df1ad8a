"""Files with personal data or keys are owner-only, and each process gets only the keys it uses."""

from __future__ import annotations

import os
import stat
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import text

from backend.core.config import Settings, load_settings
from backend.core.local_secrets import init_secrets
from backend.storage.db import make_engine
from backend.storage.migrate import upgrade
from backend.notify import outbox

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """A permissive umask, as a careless shell might have: the code must not rely on the umask."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_generated_keys_and_their_folder_are_owner_only(tmp_path, monkeypatch, open_umask):
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("COOPBOT_SECRET_KEY", raising=False)
    init_secrets(Settings(database_url=f"sqlite:///{tmp_path}/data/coopbot.db"))
    assert mode(tmp_path / "var") == 0o700
    assert mode(tmp_path / "var" / "secret_key") == 0o600
    assert mode(tmp_path / "data") == 0o700


def test_a_var_folder_made_wider_before_the_first_run_is_made_owner_only(tmp_path, monkeypatch, open_umask):
    """``make catalogs`` (or a hand's ``mkdir var``) under a 022 umask made ``var/`` 0755 before
    ``coopbot secrets init`` ever ran: the keys' folder is coopbot's own, so it is tightened."""
    (tmp_path / "var").mkdir(mode=0o755)
    os.chmod(tmp_path / "var", 0o755)
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("COOPBOT_SECRET_KEY", raising=False)
    init_secrets(Settings(database_url=f"sqlite:///{tmp_path}/data/coopbot.db"))
    assert mode(tmp_path / "var") == 0o700
    init_secrets(Settings(database_url=f"sqlite:///{tmp_path}/data/coopbot.db"))  # the keys kept, still 0700
    assert mode(tmp_path / "var") == 0o700


def test_make_catalogs_makes_var_owner_only(tmp_path):
    """The Makefile's own ``mkdir`` of ``var/`` (the catalogs' template goes there) under a 022 umask."""
    rule = next(line.strip() for line in (ROOT / "Makefile").read_text().splitlines() if "mkdir" in line
                and "var" in line)
    subprocess.run(f"umask 022; {rule.lstrip('@')}", shell=True, cwd=tmp_path, check=True)
    assert mode(tmp_path / "var") == 0o700


def test_a_new_sqlite_database_and_its_wal_are_owner_only(tmp_path, open_umask):
    (tmp_path / "data").mkdir()
    url = f"sqlite:///{tmp_path}/data/coopbot.db"
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE probe (x INTEGER)"))
        connection.execute(text("INSERT INTO probe VALUES (1)"))
        files = sorted(p.name for p in (tmp_path / "data").iterdir())
        assert "coopbot.db-wal" in files
        for name in files:
            assert mode(tmp_path / "data" / name) == 0o600, name
    engine.dispose()


def test_outbox_folder_and_files_are_owner_only(tmp_path, open_umask):
    message = EmailMessage()
    message["To"] = "jane@example.com"
    message.set_content("Your link: http://coopbot.test/activate/abc")
    path = outbox.write_mail(tmp_path / "outbox", message)
    assert mode(tmp_path / "outbox") == 0o700
    assert mode(path) == 0o600


def _process_env(process: str, tmp_path: Path, command: str, init: bool = True,
                 status: int = 0) -> subprocess.CompletedProcess:
    """``command`` run in the environment ``coopbot exec PROCESS`` gives that process (``make run``'s
    processes get exactly this), after ``coopbot secrets init`` as ``make run`` does it (unless ``init``)."""
    env = {
        "PATH": os.environ["PATH"], "HOME": str(tmp_path),
        "COOPBOT_VAR_DIR": str(tmp_path / "var"),
        # Also set by an operator's shell: must still not reach the processes that do not use it.
        "COOPBOT_SECRET_KEY": "master-from-the-shell", "TWILIO_AUTH_TOKEN": "twilio-from-the-shell",
    }
    first = ".venv/bin/coopbot secrets init >/dev/null && " if init else ""
    script = f"{first}.venv/bin/coopbot exec {process} -- {command}"
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == status, result.stderr[-2000:]
    return result


def _env_of(result) -> dict[str, str]:
    return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)


SECRET_VARIABLES = ("COOPBOT_SECRET_KEY", "COOPBOT_API_KEY", "COOPBOT_RASA_TOKEN", "COOPBOT_SESSION_KEY",
                    "TWILIO_AUTH_TOKEN", "COOPBOT_DATABASE_URL", "COOPBOT_SMTP_URL")


def test_rasa_gets_only_its_own_token(tmp_path):
    env = _env_of(_process_env("rasa", tmp_path, "env"))
    assert env.get("COOPBOT_RASA_TOKEN")
    assert [name for name in SECRET_VARIABLES if name in env] == ["COOPBOT_RASA_TOKEN"]


def test_the_action_server_gets_only_the_api_key_and_reads_no_other_secret(tmp_path):
    probe = ('.venv/bin/python -c "from backend.core.config import load_settings as l; s = l(); '
             'print(\'SETTINGS\', bool(s.api_key), s.secret_key == \'\', s.rasa_token == \'\', s.session_key == \'\')"')
    env = _env_of(_process_env("actions", tmp_path, "env"))
    assert env.get("COOPBOT_API_KEY")
    assert [name for name in SECRET_VARIABLES if name in env] == ["COOPBOT_API_KEY"]
    result = _process_env("actions", tmp_path, probe)
    assert "SETTINGS True True True True" in result.stdout


def test_the_web_app_gets_the_master_secret_but_not_the_api_key(tmp_path):
    env = _env_of(_process_env("web", tmp_path, "env"))
    assert env["COOPBOT_SECRET_KEY"] == "master-from-the-shell"
    assert env["TWILIO_AUTH_TOKEN"] == "twilio-from-the-shell"
    assert env.get("COOPBOT_RASA_TOKEN") and env.get("COOPBOT_SESSION_KEY") and env.get("COOPBOT_DATABASE_URL")
    assert "COOPBOT_API_KEY" not in env


def test_the_rasa_tracker_store_file_is_owner_only(tmp_path):
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    tracker = tmp_path / "var" / "rasa_tracker.db"
    code = ("from rasa.shared.core.domain import Domain; from bot.tracker_store import RedactingTrackerStore; "
            "RedactingTrackerStore(Domain.load('bot/domain.yml'))")
    _process_env("rasa", tmp_path, f'.venv-rasa/bin/python -c "{code}"')
    assert tracker.exists()
    assert mode(tracker) == 0o600
    assert mode(tmp_path / "var") == 0o700


def test_a_process_whose_secret_was_never_generated_stops_at_once_saying_what_to_run(tmp_path):
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "coopbot"), "exec", "rasa"], cwd=ROOT,
                            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path),
                                 "COOPBOT_VAR_DIR": str(tmp_path / "var")},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stdout == ""
    assert "COOPBOT_RASA_TOKEN is not set" in result.stderr and "coopbot secrets init" in result.stderr
    assert not (tmp_path / "var").exists()  # loading the settings wrote nothing


def test_settings_without_coopbot_secrets_read_every_secret(settings_for, sqlite_url, monkeypatch):
    for name in ("COOPBOT_API_KEY", "COOPBOT_SECRET_KEY", "COOPBOT_RASA_TOKEN", "COOPBOT_SECRETS"):
        monkeypatch.delenv(name, raising=False)
    init_secrets(load_settings(database_url=sqlite_url))
    settings = load_settings(database_url=sqlite_url)
    assert settings.api_key and settings.secret_key and settings.rasa_token and settings.session_key
