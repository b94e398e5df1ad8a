"""Fixtures for action tests: the real backend API on a real socket.

The actions run in-process through the action server's own executor
(``actions.serve.Executor``, rasa-sdk's with the turn's language bound) and call the REAL backend API, served by the
real Flask app on a live socket against a migrated database. Nothing of the
backend is mocked; Rasa itself is replaced by the conversation driver of
tests/support/action_conversation.py.
"""

from __future__ import annotations

import pytest

from actions import backend_client
from backend.storage.db import make_engine, make_session_factory
from tests.support.api_calls import TEST_API_KEY
from tests.support.backend_helpers import load_members
from tests.support.live import live_server

MEMBERS = [
    # account, meter, name, zip, last4
    ("1001234567", "M12345", "Garza", "78620", "4321"),
    ("20456789", "77AB12", "Garza Ranch LLC", "78606", "9876"),
    ("3005551212", "M55555", "O'Brien-Smith", "78701", "1111"),
    ("400777", "A1", "Nguyen", "78666", ""),
    ("500123456789", "Z9Z9Z9", "Müller", "78130-1234", "2468"),
    ("6001112223", "M60001", "Peterson", "78610", "1357"),
    # two accounts of one member (the house and the ranch), whose name members type without the ñ
    ("3100000101", "M31001", "Peña", "78701", "1101"),
    ("3100000142", "M31042", "Peña", "78742", "1142"),
    ("7001230103", "M70001", "Nguyễn", "78703", "1103"),  # a letter with two diacritics (U+1EC5)
    ("7001230125", "M70002", "Tran", "78725", "1125"),
]


@pytest.fixture
def backend_with(settings_for, sqlite_url):
    """``backend_with(database_url=None, **settings)``: the real registration API process's app on a live
    socket, members imported (SQLite unless ``database_url``)."""
    from backend.api.app import create_app

    started = []

    def start(database_url: str | None = None, **overrides):
        settings = settings_for(database_url or sqlite_url, **overrides)
        engine = make_engine(settings.database_url)
        load_members(make_session_factory(engine), settings,
                     *(dict(account=account, meter=meter, name=name, zip=zip_code, last4=last4)
                       for account, meter, name, zip_code, last4 in MEMBERS))
        app = create_app(settings)
        server = live_server(app)
        url = server.__enter__()
        started.append((server, app, engine))
        backend_client.set_client(backend_client.BackendClient(url, TEST_API_KEY))
        return Backend(url, settings, make_session_factory(engine))

    yield start
    backend_client.set_client(None)
    for server, app, engine in started:
        server.__exit__(None, None, None)
        app.extensions["coopbot.engine"].dispose()
        engine.dispose()


@pytest.fixture
def backend(backend_with):
    """The real registration API process's app on a live socket, with members imported."""
    return backend_with()


@pytest.fixture
def backend_on_each_database(backend_with, db_url):
    """The live backend on SQLite, then on PostgreSQL: the attacker tests run on both."""
    return backend_with(database_url=db_url)


class Backend:
    def __init__(self, url, settings, session_factory):
        self.url = url
        self.settings = settings
        self.session = session_factory
