"""Review 9: the second factor's wrong codes behind a reverse proxy, on SQLite and PostgreSQL.

The code page counted wrong codes under the TCP peer, not the client the trusted proxies saw
(the password step already took the client's network). Behind the proxy every code typed anywhere
was the proxy's: a stranger holding a colleague's password pushed the address-with-client key
(up to 15 minutes) that the colleague's own right code then waited on, far past the minute the
address-alone rule allows a stranger to cost anyone.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.accounts import websessions
from backend.storage.db import transaction
from backend.storage.models import utcnow
from tests.support.staff_pages import CODE_PAGE, authenticator, csrf_token, enter_code, page_text, sign_in
from tests.support.staff_seed import AGENT_EMAIL, PASSWORD, create_staff_users

PROXY = "10.0.0.5"


@pytest.fixture
def proxied(make_app, settings, session_factory):
    """The web app behind one trusted proxy; the agent's second factor set up."""
    with transaction(session_factory) as session:
        create_staff_users(session)
    app = make_app(settings.model_copy(update={"trusted_proxies": 1}), testing=True)
    sign_in(_from(app.test_client(), "192.0.2.1"))
    return app


def _from(client, address):
    """A browser at ``address``, reaching the app through the proxy."""
    client.environ_base.update({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address})
    return client


def _password(client):
    page = client.get("/staff/sign-in").get_data(as_text=True)
    return client.post(
        "/staff/sign-in",
        data={"email": AGENT_EMAIL, "password": PASSWORD, "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )


def _a_while_later(session_factory):
    """Every wait of the throttle over (its counts stay), as if the guesser had waited it out."""
    with transaction(session_factory) as session:
        for row in session.scalars(select(websessions.SignInThrottle)):
            row.next_allowed_at = utcnow() - timedelta(seconds=1)


def test_a_stranger_s_wrong_codes_elsewhere_do_not_make_the_staff_member_wait(proxied, session_factory):
    phone = authenticator(proxied)
    stranger = _from(proxied.test_client(), "203.0.113.7")
    code_page = _password(stranger)  # the stolen password
    assert code_page.request.path == CODE_PAGE
    for _ in range(9):  # under the address-alone rule's 10 free failures, each wait waited out
        _a_while_later(session_factory)
        assert enter_code(stranger, code_page, code=phone.wrong_code(AGENT_EMAIL)).status_code == 401

    agent = _from(proxied.test_client(), "198.51.100.20")
    own_code_page = _password(agent)
    assert own_code_page.request.path == CODE_PAGE
    signed_in = enter_code(agent, own_code_page)
    assert signed_in.status_code == 200, page_text(signed_in)
    assert "agent@coop.example (agent)" in page_text(signed_in)


def test_a_password_without_its_code_is_no_sign_in_in_the_staff_list(make_app, settings, session_factory, monkeypatch):
    """``coopbot staff list`` showed a right password alone (the code never typed: a stolen password)
    as the account's last sign-in, hiding when its owner really last signed in."""
    from click.testing import CliRunner

    from webhook.cli import cli

    with transaction(session_factory) as session:
        create_staff_users(session)
    app = make_app(settings, testing=True)
    monkeypatch.setenv("COOPBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", "test-secret-key")

    def last_sign_in():
        listing = CliRunner().invoke(cli, ["staff", "list"]).output.splitlines()
        [row] = [line for line in listing if line.startswith(AGENT_EMAIL)]
        return row.split()[2]

    assert _password(app.test_client()).request.path == CODE_PAGE
    assert last_sign_in() == "never"
    sign_in(app.test_client())
    assert last_sign_in() == utcnow().strftime("%Y-%m-%d")
