"""Fixtures and helpers shared by the SMS, transcript and health tests of the web app."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.models import Conversation, SmsInbound, TranscriptMessage
from tests.webhook.fake_rasa import FakeActionServer, FakeApi, FakeRasa
from webhook.sms_simulator import message_texts, signed_form

TWILIO_TOKEN = "test-twilio-token"
PUBLIC_URL = "https://coop.example"


@pytest.fixture
def fake_rasa():
    fake = FakeRasa().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_actions():
    fake = FakeActionServer().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_api():
    fake = FakeApi().start()
    yield fake
    fake.stop()


def _fake_api(request) -> FakeApi:
    """The module's ``fake_api`` fixture when it imports one (to stop it), else one of this test's own."""
    try:
        return request.getfixturevalue("fake_api")
    except pytest.FixtureLookupError:
        fake = FakeApi().start()
        request.addfinalizer(fake.stop)
        return fake


@pytest.fixture
def sms_settings(request, settings_for, db_url, fake_rasa, fake_actions):
    return settings_for(db_url, twilio_auth_token=TWILIO_TOKEN, public_url=PUBLIC_URL,
                        rasa_url=fake_rasa.url, action_server_url=fake_actions.url,
                        backend_url=_fake_api(request).url)


@pytest.fixture
def sms_app(sms_settings):
    from webhook import create_app

    app = create_app(sms_settings)
    app.config.update(TESTING=True)
    yield app
    app.extensions["coopbot.engine"].dispose()


@pytest.fixture
def sms_client(sms_app):
    return sms_app.test_client()


class Texter:
    """Posts signed /sms requests to the test client, as Twilio would."""

    def __init__(self, client, token=TWILIO_TOKEN, public_url=PUBLIC_URL):
        self.client, self.token, self.public_url = client, token, public_url

    def post(self, body, from_="+15125550100", message_sid=None, num_media=0, extra=None,
             headers=None, path="/sms"):
        form, signed = signed_form(self.token, self.public_url, body, from_=from_, message_sid=message_sid,
                                   num_media=num_media, extra=extra, path=path)
        signed.update(headers or {})
        return self.client.post(path, data=form, headers=signed)

    def texts(self, body, **kwargs):
        response = self.post(body, **kwargs)
        assert response.status_code == 200, response.data
        assert response.mimetype == "text/xml"
        return message_texts(response.get_data(as_text=True))


@pytest.fixture
def texter(sms_client):
    return Texter(sms_client)


def conversations(app):
    with app.extensions["coopbot.sessions"]() as session:
        return list(session.scalars(select(Conversation).order_by(Conversation.id)))


def transcript(app):
    with app.extensions["coopbot.sessions"]() as session:
        return [(m.direction, m.text) for m in session.scalars(select(TranscriptMessage).order_by(TranscriptMessage.id))]


def inbound_rows(app):
    with app.extensions["coopbot.sessions"]() as session:
        return list(session.scalars(select(SmsInbound)))
