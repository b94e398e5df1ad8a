"""``coopbot db upgrade`` migrates an empty database and is safe to run again."""

from click.testing import CliRunner
from sqlalchemy import create_engine, inspect

from webhook.cli import cli


def test_db_upgrade_creates_the_schema_and_can_run_twice(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("COOPBOT_DATABASE_URL", url)
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))
    for _ in range(2):
        result = CliRunner().invoke(cli, ["db", "upgrade"], catch_exceptions=False)
        assert result.exit_code == 0 and "up to date" in result.output
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"members", "registrations", "notifications", "alembic_version"} <= tables
