"""A fault test whose server program (redis-server, initdb) is missing skips on a developer's machine and fails in CI."""

from __future__ import annotations

import pytest

from tests.support.own_services import missing_program


@pytest.mark.parametrize("ci, require_postgres", [("true", None), ("1", None), (None, "1"), ("true", "1")])
def test_a_missing_program_fails_in_ci(monkeypatch, ci, require_postgres):
    for name, value in (("CI", ci), ("COOPBOT_REQUIRE_POSTGRES", require_postgres)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    with pytest.raises(pytest.fail.Exception, match="redis-server not found; scripts/ensure-servers installs it"):
        missing_program("redis-server not found")


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_a_missing_program_skips_elsewhere(monkeypatch, ci):
    monkeypatch.delenv("COOPBOT_REQUIRE_POSTGRES", raising=False)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="scripts/ensure-servers installs it"):
        missing_program("redis-server not found")
