"""PostgreSQL restarted under the web app and the API: no 500, no lost transcript turn, the pool reconnects.

The test runs a PostgreSQL cluster of its own (``initdb`` in a temporary
folder, a free port) and restarts only that one. Without PostgreSQL's server
programs it skips, except in CI, where it fails.
"""

from __future__ import annotations

import pytest

from backend.storage.migrate import upgrade
from tests.support.api_calls import TEST_API_KEY
from tests.support.own_services import PostgresCluster, missing_program
from tests.support.fake_rasa import FakeActionServer, FakeApi, FakeRasa
from tests.support.sms import Texter, transcript
from webhook.relay import TROUBLE


@pytest.fixture
def own_postgres():
    if not PostgresCluster.available():
        missing_program("PostgreSQL's server programs (initdb, pg_ctl) not found under /usr/lib/postgresql")
    cluster = PostgresCluster().init().start()
    cluster.create_database()
    upgrade(cluster.url)
    yield cluster
    cluster.remove()


def test_a_restarted_database_costs_the_members_nothing(settings_for, own_postgres):
    from backend.api.app import create_app as create_api
    from webhook import create_app

    rasa, actions, api = FakeRasa().start(), FakeActionServer().start(), FakeApi().start()
    settings = settings_for(own_postgres.url, twilio_auth_token="tok", public_url="https://coop.example",
                            rasa_url=rasa.url, action_server_url=actions.url, backend_url=api.url)
    app, api_app = create_app(settings), create_api(settings)
    try:
        texter = Texter(app.test_client(), token="tok", public_url="https://coop.example")
        api_client = api_app.test_client()
        assert texter.texts("hello", from_="+15125550170")[0].startswith("You said")
        assert api_client.get("/api/config", headers={"X-Coopbot-Api-Key": TEST_API_KEY}).status_code == 200
        assert api_client.get("/healthz").status_code == 200

        own_postgres.stop()  # every pooled connection is now dead
        # While it is down: the polite reply (a 200 Twilio delivers), never a 500 Twilio drops.
        assert texter.texts("anyone home", from_="+15125550170") == [TROUBLE]
        assert [r["message"] for r in rasa.received] == ["hello"]  # nothing was processed: the member resends
        own_postgres.start()

        replies = texter.texts("are you there", from_="+15125550170")
        assert replies[0].startswith("You said") and TROUBLE not in replies
        assert api_client.get("/healthz").status_code == 200
        assert app.test_client().get("/healthz").get_json()["database"] == "ok"
        turns = [text for direction, text in transcript(app) if direction == "in"]
        assert turns == ["hello", "are you there"]  # no turn lost (the refused one was never taken)
    finally:
        app.extensions["coopbot.engine"].dispose()
        api_app.extensions["coopbot.engine"].dispose()
        for server in (rasa, actions, api):
            server.stop()
