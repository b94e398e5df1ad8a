"""``POST /api/handoffs``: the action server's request for a person, answered by the staffed hours."""

from __future__ import annotations

import pytest

from backend.staff import handoffs
from tests.support.api_calls import HEADERS


@pytest.fixture
def call(make_app, settings_for, db_url):
    def build(staffed_hours):
        app = make_app(settings_for(db_url, staffed_hours=staffed_hours), api=True, testing=True)
        client = app.test_client()

        def post(body, headers=HEADERS):
            response = client.post("/api/handoffs", json=body, headers=headers)
            return response.status_code, response.get_json()

        post.app = app
        return post

    return build


def test_staffed_now_queues_the_conversation_with_its_channel_step_and_language(call):
    post = call("Mon-Sun 00:00-24:00 America/Chicago")
    body = {"conversation_id": "c1", "channel": "web", "step": "email", "language": "es"}
    assert post(body) == (200, {"result": "queued"})
    assert post(body) == (200, {"result": "queued"})
    with post.app.extensions["coopbot.sessions"]() as session:
        assert [(h.channel, h.sender_key, h.step, h.language) for h in handoffs.queue(session)] == [
            ("web", "c1", "email", "es")]


def test_unstaffed_and_bad_requests(call):
    post = call(None)
    assert post({"conversation_id": "c1", "channel": "sms"}) == (200, {"result": "unstaffed"})
    assert post({"conversation_id": "c1", "channel": "fax"})[0] == 400
    assert post({"conversation_id": "c1"})[0] == 400
    assert post({"conversation_id": "c1", "channel": "sms"}, headers={})[0] == 401
