"""GET /healthz: 200 only when the database, Rasa (model loaded), the action server and the API process answer."""

from __future__ import annotations

import pytest

from tests.support.fake_rasa import FakeActionServer, FakeRasa


def test_all_up_is_ok(sms_client):
    response = sms_client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "web": "ok", "database": "ok", "rasa": "ok",
                                   "action_server": "ok", "api": "ok"}


def test_rasa_down_is_503_naming_rasa(sms_client, fake_rasa):
    fake_rasa.stop()
    response = sms_client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "down" and body["rasa"] == "down" and body["down"] == ["rasa"]
    assert body["database"] == "ok" and body["action_server"] == "ok"


def test_rasa_without_a_model_is_not_healthy(sms_client, fake_rasa):
    fake_rasa.model_loaded = False
    response = sms_client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "down" and body["rasa"] == "down" and body["down"] == ["rasa"]


def test_action_server_down_is_503_naming_it(sms_client, fake_actions):
    fake_actions.stop()
    response = sms_client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["down"] == ["action_server"]


def test_api_process_down_is_503_naming_it(sms_client, fake_api):
    fake_api.stop()
    response = sms_client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["down"] == ["api"]


def test_database_down_is_503_naming_it(make_app, tmp_path, fake_rasa, fake_actions, fake_api):
    missing = tmp_path / "no-such-dir" / "coopbot.db"
    app = make_app(f"sqlite:///{missing}", rasa_url=fake_rasa.url,
                   action_server_url=fake_actions.url, backend_url=fake_api.url)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["down"] == ["database"]


@pytest.mark.parametrize("wrong", ["bad-token"])
def test_rasa_token_is_used(make_app, db_url, fake_rasa, fake_actions, wrong):
    app = make_app(db_url, rasa_url=fake_rasa.url, action_server_url=fake_actions.url,
                   rasa_token=wrong)
    assert app.test_client().get("/healthz").get_json()["rasa"] == "down"


@pytest.fixture
def two_replicas(make_app, db_url, fake_api):
    servers = [(FakeRasa().start(), FakeActionServer().start()) for _ in range(2)]
    app = make_app(db_url, rasa_urls=tuple(r.url for r, _ in servers),
                   action_server_urls=tuple(a.url for _, a in servers), backend_url=fake_api.url)
    yield app, servers
    for rasa, actions in servers:
        for server in (rasa, actions):
            try:
                server.stop()
            except OSError:
                pass


def test_each_replica_is_reported_and_one_down_is_degraded_not_down(two_replicas):
    app, [(rasa1, actions1), (rasa2, actions2)] = two_replicas
    body = app.test_client().get("/healthz").get_json()
    assert body["status"] == "ok"
    assert [(r["rasa"], r["rasa_status"], r["action_server"]) for r in body["replicas"]] == [
        (rasa1.url, "ok", actions1.url), (rasa2.url, "ok", actions2.url)]

    rasa2.stop()
    response = app.test_client().get("/healthz")
    body = response.get_json()
    assert response.status_code == 200  # the members of replica 2 are served by replica 1
    assert body["status"] == "degraded" and body["rasa"] == "degraded" and body["degraded"] == ["rasa"]
    assert [r["rasa_status"] for r in body["replicas"]] == ["ok", "down"]

    rasa1.stop()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["down"] == ["rasa"]


# ------------------------------------------------------------------ who sees the details
OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}


def test_the_public_sees_only_ok(sms_client):
    response = sms_client.get("/healthz", environ_base=OUTSIDE)
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_the_public_sees_only_down_not_what_is_down(sms_client, fake_rasa):
    fake_rasa.stop()
    response = sms_client.get("/healthz", environ_base=OUTSIDE)
    assert response.status_code == 503 and response.get_json() == {"status": "down"}
    # Loopback still learns what is down.
    assert sms_client.get("/healthz").get_json()["down"] == ["rasa"]


def test_a_proxied_request_from_loopback_is_public(sms_client):
    response = sms_client.get("/healthz", headers={"X-Forwarded-For": "198.51.100.4"})
    assert response.get_json() == {"status": "ok"}


def test_the_replica_urls_are_shown_only_to_allowed_addresses(two_replicas, make_app, db_url):
    app, [(rasa1, _), _] = two_replicas
    public = app.test_client().get("/healthz", environ_base=OUTSIDE)
    assert public.get_json() == {"status": "ok"} and rasa1.url not in public.get_data(as_text=True)
    app.config["COOPBOT"] = app.config["COOPBOT"].model_copy(update={"metrics_allow": ("203.0.113.0/24",)})
    allowed = app.test_client().get("/healthz", environ_base=OUTSIDE).get_json()
    assert allowed["replicas"][0]["rasa"] == rasa1.url
