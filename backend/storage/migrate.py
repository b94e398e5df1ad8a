"""Database migrations (Alembic), run by ``coopbot db upgrade`` and by tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head", secret_key: str = "") -> None:
    """Apply every migration up to ``revision`` to the database at ``url``.

    ``secret_key`` (the master secret) lets a migration hash what an older schema kept
    in clear (0016: the meter numbers); a database without such rows needs none.
    """
    config = alembic_config(url)
    config.attributes["secret_key"] = secret_key
    command.upgrade(config, revision)
