"""Fixtures of the web-app tests: fake Rasa, action server and backend API, and an app wired to them."""

from __future__ import annotations

import pytest

from backend.storage.db import transaction
from tests.support.fake_rasa import FakeActionServer, FakeApi, FakeRasa
from tests.support.handoff_bot import person_please_bot
from tests.support.member_rows import add_member, add_registration, mint
from tests.support.sms import PUBLIC_URL, TWILIO_TOKEN, Texter
from tests.support.staff_seed import create_staff_users


@pytest.fixture
def no_csrf(app):
    """The app with CSRF checks off, for tests that post forms without reading them first."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def pending(session_factory):
    """A pending registration and a fresh activation link: (registration id, token)."""
    registration_id = add_registration(session_factory, add_member(session_factory))
    return registration_id, mint(session_factory, registration_id)


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


@pytest.fixture
def sms_settings(settings_for, db_url, fake_rasa, fake_actions, fake_api):
    return settings_for(db_url, twilio_auth_token=TWILIO_TOKEN, public_url=PUBLIC_URL,
                        rasa_url=fake_rasa.url, action_server_url=fake_actions.url,
                        backend_url=fake_api.url)


@pytest.fixture
def sms_app(make_app, sms_settings):
    return make_app(sms_settings, testing=True)


@pytest.fixture
def sms_client(sms_app):
    return sms_app.test_client()


@pytest.fixture
def texter(sms_client):
    return Texter(sms_client)


@pytest.fixture
def staffed_app(make_app, settings_for, db_url, fake_rasa, fake_actions, fake_api):
    """The web app with staff users, staffed round the clock, whose bot hands every member to a person."""
    settings = settings_for(db_url, twilio_auth_token=TWILIO_TOKEN, public_url=PUBLIC_URL,
                            rasa_url=fake_rasa.url, action_server_url=fake_actions.url, backend_url=fake_api.url,
                            staffed_hours="Mon-Sun 00:00-24:00 America/Chicago")
    app = make_app(settings, testing=True)
    fake_rasa.bot = person_please_bot(app, fake_rasa)
    with transaction(app.extensions["coopbot.sessions"]) as session:
        create_staff_users(session)
    return app
