"""``coopbot secrets init``: the one step that writes the local secrets (``make run`` runs it).

Loading the settings only reads ``var/api_key``, ``var/secret_key`` and
``var/rasa_token``; this step creates the missing ones, so that every local
process (web app, API, action server, Rasa) agrees on them without an operator
choosing any. A secret the environment (or ``.env``) sets is not generated: a
file nobody reads would silently take over the day the variable is removed.
It also creates the folder of a SQLite database, the other thing a first
``make run`` needs on disk.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from backend.core.config import SECRET_FILES, SECRET_VARIABLES, Settings, private_dir, secret_file, secret_from_file

GENERATED, KEPT, FROM_ENVIRONMENT = "generated", "kept", "set in the environment"


@dataclass(frozen=True)
class SecretState:
    name: str
    state: str  # GENERATED, KEPT or FROM_ENVIRONMENT

    def describe(self) -> str:
        if self.state == FROM_ENVIRONMENT:
            return f"{SECRET_VARIABLES[self.name]}: {FROM_ENVIRONMENT} (no file needed)"
        return f"{secret_file(self.name)}: {self.state}"


def _create_once(name: str) -> bool:
    """Write a new random secret to ``var/<name>`` (0600) unless the file exists; True if written.

    The file appears whole or not at all (written aside, then hard-linked into
    place), so a process starting at the same moment never reads half a secret,
    and of two runs at once the first one's secret stays.
    """
    path = secret_file(name)
    folder = private_dir(path.parent)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            if secret_from_file(name):
                return False
            os.replace(temporary, path)  # an empty file (a write cut short) is no secret
            return True
        return True
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _sqlite_folder(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not url.database.startswith("file:"):
        private_dir(os.path.dirname(url.database) or ".")


def init_secrets(settings: Settings) -> list[SecretState]:
    """Generate every missing secret of ``var/`` the environment does not set; create the SQLite folder.

    ``settings`` must be loaded *before* anything is written here, so a value it
    holds for a secret without its file can only come from the environment.
    """
    private_dir(secret_file(SECRET_FILES[0]).parent, own=True)  # var/: every secret file lives there
    states = []
    for name in SECRET_FILES:
        if secret_from_file(name):
            states.append(SecretState(name, KEPT))
        elif getattr(settings, name):
            states.append(SecretState(name, FROM_ENVIRONMENT))
        else:
            states.append(SecretState(name, GENERATED if _create_once(name) else KEPT))
    _sqlite_folder(settings.database_url)
    return states
