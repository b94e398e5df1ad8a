"""The PostgreSQL server the tests use (an admin connection; each test gets a database of its own)."""

from __future__ import annotations

import os

from sqlalchemy import create_engine

PG_ADMIN_URL = os.environ.get(
    "COOPBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_unavailable() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"
    return None
