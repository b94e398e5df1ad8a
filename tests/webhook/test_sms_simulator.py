"""``coopbot sms``: a signed request exactly as Twilio sends it, the replies printed."""

from __future__ import annotations

from click.testing import CliRunner

from tests.support.live import live_server
from tests.support.sms import PUBLIC_URL, TWILIO_TOKEN
from webhook.cli import cli


def test_the_simulator_signs_posts_and_prints_the_replies(sms_app, fake_rasa, monkeypatch):
    fake_rasa.bot = lambda sender, text: ([{"text": "Hi there."}, {"text": "What is your account number?"}],
                                          {}, "greet", 0.9)
    monkeypatch.setenv("COOPBOT_PUBLIC_URL", PUBLIC_URL)  # the app validates against this URL
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TWILIO_TOKEN)
    with live_server(sms_app) as url:
        result = CliRunner().invoke(cli, ["sms", "I want to register", "--from", "+15125550111", "--url", url])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["Hi there.", "What is your account number?"]
    assert fake_rasa.received[0]["message"] == "I want to register"


def test_a_wrong_token_is_reported_not_hidden(sms_app, fake_rasa, monkeypatch):
    monkeypatch.setenv("COOPBOT_PUBLIC_URL", PUBLIC_URL)
    with live_server(sms_app) as url:
        result = CliRunner().invoke(cli, ["sms", "hello", "--url", url, "--token", "wrong"])
    assert result.exit_code != 0
    assert "403" in result.output
    assert fake_rasa.received == []


def test_no_token_at_all_says_how_to_set_one(monkeypatch, tmp_path):
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["sms", "hello", "--url", "http://127.0.0.1:9"])
    assert result.exit_code != 0
    assert "TWILIO_AUTH_TOKEN" in result.output
