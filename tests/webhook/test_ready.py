"""`coopbot wait-ready` (what `make run` prints while starting): says what is still down, then the URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from tests.support.local_http import LocalHTTPServer, QuietHandler
from webhook.cli import cli


class Health(QuietHandler):
    answers: list[tuple[int, dict]] = []

    def do_GET(self):
        status, payload = Health.answers.pop(0) if len(Health.answers) > 1 else Health.answers[0]
        self.send_json(status, payload)


@pytest.fixture
def health(monkeypatch, tmp_path):
    server = LocalHTTPServer(Health).start()
    monkeypatch.setenv("COOPBOT_PORT", str(urlsplit(server.url).port))
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setattr("webhook.ready.REPORT_EVERY", 0)
    monkeypatch.setattr("webhook.ready.time.sleep", lambda seconds: None)  # the poll interval only
    yield server
    server.stop()


def test_says_what_is_starting_then_prints_the_urls_and_demo_members(health):
    Health.answers = [(503, {"status": "down", "down": ["rasa"]}), (200, {"status": "ok"})]
    result = CliRunner().invoke(cli, ["wait-ready"])
    assert result.exit_code == 0, result.output
    assert "waiting for Rasa server (loading the model)" in result.output
    assert "coopbot is ready." in result.output
    assert "/chat" in result.output and "/staff/" in result.output
    assert "account 1001234567, name Garza" in result.output


def test_a_degraded_replica_is_not_ready_yet(health, monkeypatch):
    monkeypatch.setenv("COOPBOT_START_TIMEOUT", "0")
    Health.answers = [(200, {"status": "degraded", "degraded": ["rasa"]})]
    result = CliRunner().invoke(cli, ["wait-ready"])
    assert result.exit_code == 1
    assert "coopbot is ready." not in result.output
    assert "still not ready after 0s; not answering yet: Rasa server (loading the model)" in result.output
