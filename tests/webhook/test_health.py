"""GET /healthz: 200 only when the database, Rasa (model loaded) and the action server answer."""

from __future__ import annotations

import pytest

from tests.webhook.sms_support import fake_actions, fake_rasa, sms_app, sms_client, sms_settings  # noqa: F401


def test_all_up_is_ok(sms_client):
    response = sms_client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "web": "ok", "database": "ok", "rasa": "ok",
                                   "action_server": "ok"}


def test_rasa_down_is_503_naming_rasa(sms_client, fake_rasa):
    fake_rasa.stop()
    response = sms_client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "down" and body["rasa"] == "down" and body["down"] == ["rasa"]
    assert body["database"] == "ok" and body["action_server"] == "ok"


def test_rasa_without_a_model_is_not_healthy(sms_client, fake_rasa):
    fake_rasa.model_loaded = False
    assert sms_client.get("/healthz").status_code == 503


def test_action_server_down_is_503_naming_it(sms_client, fake_actions):
    fake_actions.stop()
    response = sms_client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["down"] == ["action_server"]


def test_database_down_is_503_naming_it(settings_for, tmp_path, fake_rasa, fake_actions):
    from webhook import create_app

    missing = tmp_path / "no-such-dir" / "coopbot.db"
    app = create_app(settings_for(f"sqlite:///{missing}", rasa_url=fake_rasa.url,
                                  action_server_url=fake_actions.url))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["down"] == ["database"]
    app.extensions["coopbot.engine"].dispose()


@pytest.mark.parametrize("wrong", ["bad-token"])
def test_rasa_token_is_used(settings_for, db_url, fake_rasa, fake_actions, wrong):
    from webhook import create_app

    app = create_app(settings_for(db_url, rasa_url=fake_rasa.url, action_server_url=fake_actions.url,
                                  rasa_token=wrong))
    assert app.test_client().get("/healthz").get_json()["rasa"] == "down"
    app.extensions["coopbot.engine"].dispose()
