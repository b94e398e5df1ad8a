"""Review 9: a stranger's "taken" User ID tries never hold back another member's activation.

The throttle of a link's User ID tries took the sign-in throttle's three keys, the network alone
among them (30 free, then up to 5 minutes). A network is shared (an office, a mobile carrier's NAT):
a stranger trying taken IDs with the link of their own sign-up, once a minute, made every member
activating from that network wait, a free ID included, and kept the wait at 5 minutes, each try as
it ended. The tries are counted per link's login (with and without the network), as documented.
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.accounts import websessions
from backend.storage.db import transaction
from backend.storage.models import ACTIVE, utcnow
from tests.support.member_rows import add_member, add_registration, login, mint, registration, text_of
from tests.webhook.test_member_user_id import _activate, _other_login_with_id


@pytest.fixture
def uid_client(make_app, settings_for, db_url):
    """The web app of a co-op that signs in with User IDs, CSRF off."""
    app = make_app(settings_for(db_url, username="user_id"), testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()


def _a_minute_later(session_factory):
    """Every wait of the throttle over (its counts stay), as if the stranger had waited it out."""
    with transaction(session_factory) as session:
        for row in session.scalars(select(websessions.SignInThrottle)):
            row.next_allowed_at = utcnow() - timedelta(seconds=1)


def test_a_stranger_s_taken_ids_do_not_make_a_member_on_the_same_network_wait(
    uid_client,
    session_factory,
    pending,
):
    member_registration, member_token = pending
    stranger_registration = add_registration(
        session_factory, add_member(session_factory, "1007777777"), email="stranger@example.com"
    )
    stranger_token = mint(session_factory, stranger_registration)
    _other_login_with_id(session_factory, "jane.doe_42")
    for _ in range(36):  # past the network's 30 free failures, each wait waited out
        _a_minute_later(session_factory)
        tried = _activate(uid_client, stranger_token, "jane.doe_42")
        assert tried.status_code == 400 and "That User ID is already taken" in text_of(tried)

    own = _activate(uid_client, member_token, "jane.doe.barn")
    assert own.status_code == 303, text_of(own)
    assert registration(session_factory, member_registration).status == ACTIVE
    assert login(session_factory, member_registration).user_id == "jane.doe.barn"
