"""Backend fixtures: a database not migrated yet (the SMTP server fixture is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.postgres import own_database, postgres_unavailable


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def unmigrated_url(request, tmp_path):
    """An empty database of this test's own, not migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    with own_database("coopbot_migrate") as url:
        yield url
