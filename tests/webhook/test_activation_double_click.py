"""A double click on "Activate": two submits of the form from one browser before the first answer is back.

Both carry the cookie of the form's page (the first submit's signed-in cookie is
not back yet), so the second finds the link spent. Each must still end on the
first one's page, signed in to the same session; another browser, or this one
without the password just set, gets "already activated" and gains nothing.
On SQLite and PostgreSQL (``db_url``), with CSRF checks on, as in a browser.
"""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from backend.accounts import websessions
from backend.privacy import tokens
from backend.privacy.hashing import verify_password
from backend.storage.models import ACTIVE, Notification, WebSession
from tests.support.member_rows import add_member, add_registration, login, mint, registration, spent_link_page, text_of

GOOD = "correct horse battery"
# What the first submit's page says, signed in: (where it redirects, what the page says).
OUTCOME = {
    tokens.ACTIVATE: ("/welcome", "Would you like paperless billing?"),
    tokens.RESET: ("/account?changed=password", "Your new password is set"),
}


def _link(session_factory, purpose):
    status = ACTIVE if purpose == tokens.RESET else "pending"
    registration_id = add_registration(session_factory, add_member(session_factory), status=status)
    return registration_id, mint(session_factory, registration_id, purpose)


def _form_page(client, token):
    """The browser opens the link: the form's CSRF token (its cookie now holds the form's session)."""
    html = client.get(f"/activate/{token}").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _same_browser(app, client):
    """A second client sending what ``client``'s browser holds now: the cookie of the form's page."""
    name = app.config["SESSION_COOKIE_NAME"]
    twin = app.test_client()
    twin.set_cookie(name, client.get_cookie(name).value)
    return twin


def _submit(client, token, csrf, password=GOOD, **fields):
    data = {"csrf_token": csrf, "password": password, "confirm": password, **fields}
    return client.post(f"/activate/{token}", data=data)


def _signed_in_outcome(client, response, purpose):
    where, words = OUTCOME[purpose]
    assert response.status_code == 303, text_of(response)
    assert response.location.endswith(where)
    page = client.get(response.location, follow_redirects=True)
    assert page.status_code == 200 and page.request.path != "/login" and words in text_of(page)


def _first_submit_done(app, session_factory):
    """The first submit has activated and signed in; ``second`` still sends the form page's cookie."""
    registration_id, token = _link(session_factory, tokens.ACTIVATE)
    first = app.test_client()
    csrf = _form_page(first, token)
    second = _same_browser(app, first)
    _signed_in_outcome(first, _submit(first, token, csrf), tokens.ACTIVATE)
    return registration_id, token, first, second, csrf


def _member_sessions(session_factory, registration_id):
    login_id = login(session_factory, registration_id).id
    with session_factory() as db:
        return db.scalar(
            select(func.count())
            .select_from(WebSession)
            .where(WebSession.kind == websessions.MEMBER, WebSession.subject_id == login_id)
        )


def _activated_notices(session_factory, registration_id):
    with session_factory() as db:
        return db.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.registration_id == registration_id, Notification.kind == "activated")
        )


@pytest.fixture
def user_id_app(make_app, settings_for, db_url):
    """The app of a co-op that signs in with User IDs: the activation form asks for one."""
    return make_app(settings_for(db_url, username="user_id"), testing=True)


@pytest.mark.parametrize(
    ("purpose", "user_id"), [(tokens.ACTIVATE, None), (tokens.RESET, None), (tokens.ACTIVATE, "porchlight7")]
)
def test_two_submits_at_once_from_one_browser_both_sign_in(app, user_id_app, session_factory, purpose, user_id):
    app = user_id_app if user_id else app
    fields = {"user_id": user_id} if user_id else {}
    registration_id, token = _link(session_factory, purpose)
    first = app.test_client()
    csrf = _form_page(first, token)
    second = _same_browser(app, first)
    barrier = threading.Barrier(2)
    responses = {}

    def submit(client):
        barrier.wait()
        responses[client] = _submit(client, token, csrf, **fields)

    threads = [threading.Thread(target=submit, args=(client,)) for client in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    for client in (first, second):
        _signed_in_outcome(client, responses[client], purpose)
    assert verify_password(login(session_factory, registration_id).password_hash, GOOD)
    assert registration(session_factory, registration_id).status == ACTIVE
    assert _member_sessions(session_factory, registration_id) == 1
    assert _activated_notices(session_factory, registration_id) == (1 if purpose == tokens.ACTIVATE else 0)
    assert login(session_factory, registration_id).user_id == user_id


def test_the_second_submit_after_the_first_committed_gets_its_page(app, session_factory):
    """The slow case of the race, in order: the first submit is done, its cookie not yet back."""
    registration_id, token, first, second, csrf = _first_submit_done(app, session_factory)
    _signed_in_outcome(second, _submit(second, token, csrf), tokens.ACTIVATE)
    assert _member_sessions(session_factory, registration_id) == 1
    assert _activated_notices(session_factory, registration_id) == 1
    # Signing out in one ends the session of both (it is the same one).
    account = first.get("/account").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', account).group(1)
    assert first.post("/logout", data={"csrf_token": csrf}).status_code in (302, 303)
    assert second.get("/account").status_code == 302


def test_another_browser_gets_the_used_page_even_with_the_password(app, session_factory):
    registration_id, token = _link(session_factory, tokens.ACTIVATE)
    member = app.test_client()
    _signed_in_outcome(member, _submit(member, token, _form_page(member, token)), tokens.ACTIVATE)
    stranger = app.test_client()
    response = spent_link_page(stranger, _submit(stranger, token, _form_page(stranger, token)), token)
    assert response.status_code == 200
    page = text_of(response)
    assert "Your online account is already activated" in page and "Sign in here" in page
    assert stranger.get("/account").status_code == 302  # not signed in
    assert _member_sessions(session_factory, registration_id) == 1


def test_the_same_browser_without_the_password_it_set_gains_nothing(app, session_factory):
    """Whoever holds the form's cookie and the link (from the mail) still needs the password."""
    registration_id, token, first, second, csrf = _first_submit_done(app, session_factory)
    response = spent_link_page(second, _submit(second, token, csrf, "another good passphrase"), token)
    assert response.status_code == 200
    assert "Your online account is already activated" in text_of(response)
    assert second.get("/account").status_code == 302
    assert verify_password(login(session_factory, registration_id).password_hash, GOOD)
    assert _member_sessions(session_factory, registration_id) == 1
