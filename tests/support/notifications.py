"""A queued activation mail, made the way a registration makes it, and the row that records it."""

from __future__ import annotations

from backend.accounts import registration as reg
from backend.identity import verification as v
from backend.storage.db import make_engine, make_session_factory
from backend.storage.models import Notification
from tests.support.backend_helpers import GARZA, load_members


def factory_for(settings):
    return make_session_factory(make_engine(settings.database_url))


def queue_activation(settings, factory, conversation="c1", email="maria@example.com"):
    """A verified conversation registers; return the outcome (its mail is queued, not sent)."""
    load_members(factory, settings, GARZA)
    with factory() as session:
        v.check_account(session, conversation, GARZA["account"], "Garza")
    with factory() as session:
        v.verify_secret(session, settings, conversation, zip_code=GARZA["zip"])
    with factory() as session:
        reg.store_security_answer(session, conversation, 1, "Ortiz")
    with factory() as session:
        outcome = reg.register(session, settings, conversation, email, True)
    assert outcome.result == reg.CREATED
    return outcome


def notification(factory, notification_id) -> Notification:
    with factory() as session:
        return session.get(Notification, notification_id)
