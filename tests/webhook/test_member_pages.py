"""Member pages through the Flask test client, on SQLite and PostgreSQL (``db_url``).

What is checked is what a member sees on the page, plus the database rows that
prove the page told the truth (link spent or not, registration state).
CSRF is switched off where a test is not about CSRF; ``test_post_without_csrf_token_*``
keep it on.
"""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from backend.privacy import tokens
from backend.accounts import websessions
from backend.storage.db import transaction
from backend.privacy.hashing import verify_password
from backend.storage.models import ACTIVE, UNSUBSCRIBED, Notification, utcnow
from tests.support.backend_helpers import free_port, outbox_mails, parts
from tests.support.member_rows import (
    ACCOUNT,
    EMAIL,
    add_member,
    add_registration,
    link_rows,
    login,
    mint,
    registration,
    sign_in,
    spent_link_page,
    text_of,
)

GOOD = "correct horse battery"


def _activate(client, token, password=GOOD, confirm=None):
    return client.post(f"/activate/{token}",
                       data={"password": password, "confirm": password if confirm is None else confirm})


def _login(client, email=EMAIL, password=GOOD):
    return sign_in(client, email, password)


@pytest.fixture
def active(no_csrf, client, session_factory, pending):
    """An activated registration, signed out again: its id."""
    registration_id, token = pending
    assert _activate(client, token).status_code == 303
    client.post("/logout", follow_redirects=True)  # shows (and so clears) "You are signed out."
    return registration_id


# --- Activation link: GET shows, POST consumes ---------------------------------------------

def test_get_shows_the_form_and_consumes_nothing(client, session_factory, pending):
    registration_id, token = pending
    for _ in range(3):  # a mail scanner, a link preview, then the member
        response = client.get(f"/activate/{token}")
        assert response.status_code == 200
        page = text_of(response)
        assert "Activate your online account" in page
        html = response.get_data(as_text=True)
        assert f'value="{EMAIL}" autocomplete="username" readonly' in html  # the username, shown
        assert 'autocomplete="new-password"' in html
    assert [row.used_at for row in link_rows(session_factory, registration_id)] == [None]
    assert registration(session_factory, registration_id).status == "pending"


def test_the_activation_page_names_the_account_the_login_is_for(client, pending):
    """A stranger may sign up their own account with someone else's address: whoever reads the mail
    sees which account the login would be made for before choosing a password."""
    _registration_id, token = pending
    page = text_of(client.get(f"/activate/{token}"))
    assert f"This login is for the account ending in {ACCOUNT[-4:]}." in page


def test_post_sets_the_password_activates_and_offers_paperless(no_csrf, client, session_factory, pending):
    registration_id, token = pending
    response = _activate(client, token)
    assert response.status_code == 303
    assert response.location.endswith("/welcome")

    row = registration(session_factory, registration_id)
    assert row.status == ACTIVE and row.activated_at is not None
    credentials = login(session_factory, registration_id)
    assert GOOD not in (credentials.password_hash or "") and verify_password(credentials.password_hash, GOOD)
    assert all(link.used_at is not None for link in link_rows(session_factory, registration_id))

    welcome = client.get("/welcome")
    assert "Your online account is active" in text_of(welcome)
    assert "Would you like paperless billing?" in text_of(welcome)
    chosen = client.post("/account/paperless", data={"paperless": "on"}, follow_redirects=True)
    assert "Paperless billing is on" in text_of(chosen)
    assert registration(session_factory, registration_id).paperless_billing is True


def test_activation_mails_a_confirmation_after_the_commit(no_csrf, client, settings, session_factory, pending):
    registration_id, token = pending
    assert outbox_mails(settings.outbox_dir) == []
    assert _activate(client, token).status_code == 303
    [mail] = outbox_mails(settings.outbox_dir)  # sent during the request, not by a retry
    assert mail["To"] == EMAIL
    assert mail["Subject"] == f"Your {settings.coop_name} online account is active"
    text, _html = parts(mail)
    assert "is now active" in text and "http://coopbot.test/login" in text and "/activate/" not in text
    assert _notice_statuses(session_factory, registration_id) == [("activated", "sent")]
    # A second submit of the same link activates nothing and mails nothing: sent on to the link's page.
    assert spent_link_page(client, _activate(client, token), token).status_code == 200
    assert len(outbox_mails(settings.outbox_dir)) == 1


def test_a_mail_server_that_is_down_does_not_break_activation(make_app, db_url, session_factory, pending):
    registration_id, token = pending
    app = make_app(db_url, smtp_url=f"smtp://127.0.0.1:{free_port()}")  # nobody listens
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    response = _activate(app.test_client(), token)
    assert response.status_code == 303 and response.location.endswith("/welcome")
    assert registration(session_factory, registration_id).status == ACTIVE
    # The confirmation is not lost: it waits, with its error, for the retry thread.
    with session_factory() as db:
        [notice] = db.scalars(select(Notification).where(Notification.registration_id == registration_id))
        assert (notice.kind, notice.status, notice.attempts) == ("activated", "pending", 1)
        assert "ConnectionRefusedError" in notice.last_error


def _notice_statuses(session_factory, registration_id):
    with session_factory() as db:
        rows = db.scalars(select(Notification).where(Notification.registration_id == registration_id)
                          .order_by(Notification.id))
        return [(n.kind, n.status) for n in rows]


def test_expired_link_explains_how_to_get_a_new_one(no_csrf, client, session_factory):
    registration_id = add_registration(session_factory, add_member(session_factory))
    token = mint(session_factory, registration_id, ttl=timedelta(seconds=-1))
    for response in (client.get(f"/activate/{token}"), _activate(client, token)):
        assert response.status_code == 410
        page = text_of(response)
        assert "This link has expired" in page
        assert "1-888-554-4732" in page and "/chat" in page
    assert registration(session_factory, registration_id).status == "pending"
    assert login(session_factory, registration_id).password_hash is None


def test_unknown_link_says_so(client):
    response = client.get("/activate/not-a-real-token")
    assert response.status_code == 404
    assert "We do not recognise this link" in text_of(response)


def test_reuse_and_reload_after_success_say_already_activated(no_csrf, app, session_factory, pending):
    registration_id, token = pending
    first = app.test_client()
    assert _activate(first, token).status_code == 303
    stored_hash = login(session_factory, registration_id).password_hash

    other_browser = app.test_client()
    for response in (spent_link_page(other_browser, _activate(other_browser, token, "another good passphrase"), token),
                     other_browser.get(f"/activate/{token}")):
        assert response.status_code == 200
        page = text_of(response)
        assert "Your online account is already activated" in page
        assert "Sign in here" in page
        assert f'value="{EMAIL}"' in response.get_data(as_text=True)  # the sign-in form, pre-filled
    # The member who activated, resubmitting (back button): straight to the account.
    again = spent_link_page(first, _activate(first, token), token)
    assert again.status_code == 200 and "Go to your account" in text_of(again)
    assert login(session_factory, registration_id).password_hash == stored_hash


def test_double_submit_from_two_tabs_activates_once(no_csrf, app, session_factory, pending):
    registration_id, token = pending
    barrier = threading.Barrier(2)
    responses = []

    def submit(password):
        client = app.test_client()
        barrier.wait()
        responses.append(_activate(client, token, password))

    threads = [threading.Thread(target=submit, args=(password,))
               for password in ("first tab passphrase", "second tab passphrase")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Both redirected: the winner to the welcome page, the loser to the link's page, "already activated".
    assert sorted(urlsplit(response.location).path for response in responses) == sorted(["/welcome", f"/activate/{token}"])
    loser = next(response for response in responses if response.location.endswith(f"/activate/{token}"))
    assert "already activated" in text_of(spent_link_page(app.test_client(), loser, token))
    row = registration(session_factory, registration_id)
    assert row.status == ACTIVE
    winners = [p for p in ("first tab passphrase", "second tab passphrase")
               if verify_password(login(session_factory, registration_id).password_hash, p)]
    assert len(winners) == 1


def test_mismatched_confirmation_keeps_the_link_usable(no_csrf, client, session_factory, pending):
    registration_id, token = pending
    response = _activate(client, token, GOOD, confirm="correct horse batery")
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page
    assert "The two passwords do not match" in page
    assert '<a href="#confirm">' in response.get_data(as_text=True)  # summary links to the field
    assert GOOD not in response.get_data(as_text=True)  # never echoed back
    assert registration(session_factory, registration_id).status == "pending"
    assert _activate(client, token).status_code == 303


# --- Password presets ------------------------------------------------------------------------

@pytest.fixture
def client_with_policy(make_app, db_url):
    def build(policy):
        app = make_app(db_url, password_policy=policy)
        app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
        return app.test_client()

    return build


@pytest.mark.parametrize("policy, rejected, accepted", [
    ("nist", [("password123", "too common"), ("Abc1234", "at least 8 characters")], GOOD),
    ("smarthub", [("abcdefgh", "capital"), ("abcdefgh", "number"),
                  ("Abcdefgh123", "no more than 10 characters")], "Abc12345"),
])
def test_password_policy_presets(client_with_policy, session_factory, pending, policy, rejected, accepted):
    registration_id, token = pending
    client = client_with_policy(policy)
    for password, message in rejected:
        response = _activate(client, token, password)
        assert response.status_code == 400
        assert message in text_of(response)
        assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert registration(session_factory, registration_id).status == "pending"
    assert _activate(client, token, accepted).status_code == 303
    assert verify_password(login(session_factory, registration_id).password_hash, accepted)


def test_smarthub_hint_is_shown(client_with_policy, pending):
    _, token = pending
    page = text_of(client_with_policy("smarthub").get(f"/activate/{token}"))
    assert "Use 6 to 10 characters, with at least one capital letter and one number." in page


# --- Sign-in and the account page ------------------------------------------------------------

def test_login_shows_the_account_with_the_number_masked(client, active):
    response = _login(client)
    assert response.status_code == 303 and response.location.endswith("/account")
    account = client.get("/account")
    page = text_of(account)
    assert "******4567" in page
    assert ACCOUNT not in account.get_data(as_text=True)
    assert EMAIL in page and "Active" in page


def test_failed_login_is_generic_and_keeps_the_email(client, active):
    wrong_password = _login(client, password="not the password")
    unknown_email = _login(client, email="nobody@example.com", password="not the password")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 401
        assert "do not match an active online account" in text_of(response)
    assert f'value="{EMAIL}"' in wrong_password.get_data(as_text=True)
    assert text_of(wrong_password).replace(EMAIL, "X") == text_of(unknown_email).replace(
        "nobody@example.com", "X")
    assert client.get("/account").status_code == 302


def test_login_rotates_the_session(client, active):
    with client.session_transaction() as session:
        session["planted"] = "before sign-in"
    _login(client)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_login_failures_earn_growing_waits_not_a_lock(client, active, session_factory):
    for _ in range(3):
        assert _login(client, password="wrong guess").status_code == 401
    with transaction(session_factory) as session:
        keys = websessions.throttle_keys(websessions.MEMBER, EMAIL, "127.0.0.1")
        for _ in range(12):
            websessions.record_failure(session, keys)
    refused = _login(client)  # the right password, during the wait
    assert refused.status_code == 429
    assert re.search(r"Too many tries\. Please wait \d+ (minutes|seconds?), then try again\.", text_of(refused))
    assert client.get("/account").status_code == 302
    with transaction(session_factory) as session:
        for row in session.scalars(select(websessions.SignInThrottle)):
            row.next_allowed_at = utcnow() - timedelta(seconds=1)
    assert _login(client).status_code == 303


def test_a_stranger_s_guesses_slow_the_member_by_a_minute_at_most(app, active, session_factory):
    with transaction(session_factory) as session:
        keys = websessions.throttle_keys(websessions.MEMBER, EMAIL, "203.0.113.9")
        for _ in range(500):
            websessions.record_failure(session, keys)
        owner_keys = websessions.throttle_keys(websessions.MEMBER, EMAIL, "198.51.100.7")
        assert websessions.wait_seconds(session, owner_keys) <= 60


def test_logout_ends_every_copy_of_the_session(app, client, active):
    _login(client)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/account").status_code == 200
    client.post("/logout")
    assert copy.get("/account").status_code == 302


def test_unsubscribing_ends_every_session(app, client, active, session_factory):
    _login(client)
    other = app.test_client()
    _login(other)
    assert other.get("/account").status_code == 200
    client.post("/account/unsubscribe", data={"answer": "yes"})
    assert other.get("/account").status_code == 302
    with transaction(session_factory) as session:
        assert session.scalars(select(websessions.WebSession)).all() == []


def test_member_sessions_end_after_a_week_idle(client, active, session_factory):
    _login(client)
    with transaction(session_factory) as session:
        session.scalars(select(websessions.WebSession)).one().last_seen_at = utcnow() - timedelta(days=8)
    assert client.get("/account").status_code == 302


def test_logout_signs_out(client, active):
    _login(client)
    response = client.post("/logout", follow_redirects=True)
    assert "You are signed out." in text_of(response)
    assert client.get("/account").location.endswith("/login")


def test_paperless_toggle(client, session_factory, active):
    _login(client)
    page = text_of(client.post("/account/paperless", data={"paperless": "on"}, follow_redirects=True))
    assert "Paperless billing is on" in page and "Paperless billing On" in page
    assert registration(session_factory, active).paperless_billing is True
    page = text_of(client.post("/account/paperless", data={"paperless": "off"}, follow_redirects=True))
    assert "Its bill will come by mail" in page and "Paperless billing Off" in page
    assert registration(session_factory, active).paperless_billing is False


def test_unsubscribe_no_keeps_the_registration(client, session_factory, active):
    _login(client)
    confirm = client.get("/account/unsubscribe")
    assert "Delete your online registration?" in text_of(confirm)
    assert "Yes, delete my registration" in text_of(confirm) and "No, keep my registration" in text_of(confirm)
    response = client.post("/account/unsubscribe", data={"answer": "no"}, follow_redirects=True)
    assert "Nothing changed" in text_of(response) and "******4567" in text_of(response)
    assert registration(session_factory, active).status == ACTIVE


def test_unsubscribe_yes_deletes_then_registering_again_works(no_csrf, client, settings, session_factory, active):
    _login(client)
    client.post("/account/paperless", data={"paperless": "on"})
    response = client.post("/account/unsubscribe", data={"answer": "yes"}, follow_redirects=True)
    page = text_of(response)
    assert "Your online registration is deleted" in page and "register again any time" in page

    row = registration(session_factory, active)
    assert row.status == UNSUBSCRIBED and row.unsubscribed_at is not None
    credentials = login(session_factory, active)
    assert credentials.status == UNSUBSCRIBED
    assert credentials.password_hash is None and credentials.security_answer_hash is None
    assert row.paperless_billing is False
    with session_factory() as db:
        notices = db.scalars(select(Notification).where(Notification.registration_id == active)
                             .order_by(Notification.id)).all()
    assert [(n.kind, n.channel, n.to_address, n.status) for n in notices] == [
        ("activated", "email", EMAIL, "sent"), ("unsubscribed", "email", EMAIL, "sent")]
    # The "deleted" mail was delivered right after the commit, to the address of the registration.
    deleted = [m for m in outbox_mails(settings.outbox_dir) if "registration was deleted" in m["Subject"]]
    assert [m["To"] for m in deleted] == [EMAIL]
    deleted_text = " ".join(parts(deleted[0])[0].split())
    assert "has been deleted" in deleted_text and "register again at any time" in deleted_text
    assert "/activate/" not in deleted_text

    assert client.get("/account").status_code == 302  # signed out
    assert _login(client).status_code == 401  # the old password no longer works

    # The same member registers again (as the API would) and activates a new link.
    again = add_registration(session_factory, row.member_id)
    assert _activate(client, mint(session_factory, again), "a brand new passphrase").status_code == 303
    client.post("/logout")
    assert _login(client, password="a brand new passphrase").status_code == 303
    assert "******4567" in text_of(client.get("/account"))


def test_deleted_registrations_links_stop_working(no_csrf, client, session_factory, active):
    reset = mint(session_factory, active, tokens.RESET, timedelta(hours=2))
    _login(client)
    client.post("/account/unsubscribe", data={"answer": "yes"})
    response = client.get(f"/activate/{reset}")
    assert response.status_code == 410
    assert "The online registration it belonged to was deleted" in text_of(response)


# --- Password reset uses the same page ------------------------------------------------------

def test_reset_link_sets_a_new_password_and_signs_out_other_browsers(no_csrf, app, session_factory, active):
    old_browser = app.test_client()
    _login(old_browser)
    assert old_browser.get("/account").status_code == 200

    token = mint(session_factory, active, tokens.RESET, timedelta(hours=2))
    member = app.test_client()
    assert "Set a new password" in text_of(member.get(f"/activate/{token}"))
    response = _activate(member, token, "my new passphrase", confirm="my new passphrase")
    assert response.status_code == 303
    assert "Your new password is set" in text_of(member.get(response.location, follow_redirects=True))

    assert old_browser.get("/account").status_code == 302
    assert _login(app.test_client()).status_code == 401
    assert _login(app.test_client(), password="my new passphrase").status_code == 303
    stranger = app.test_client()
    again = spent_link_page(stranger, _activate(stranger, token, "yet another passphrase"), token)
    assert "Your new password is already set" in text_of(again)


# --- CSRF, terms, page basics ----------------------------------------------------------------

def test_post_without_csrf_token_is_refused(client, session_factory, pending):
    registration_id, token = pending
    response = _activate(client, token)
    assert response.status_code == 400
    assert "Nothing has been changed" in text_of(response)
    assert registration(session_factory, registration_id).status == "pending"
    assert _login(client).status_code == 400


def test_post_with_csrf_token_from_the_page_works(client, session_factory, pending):
    registration_id, token = pending
    form = client.get(f"/activate/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    response = client.post(f"/activate/{token}", data={"csrf_token": csrf, "password": GOOD, "confirm": GOOD})
    assert response.status_code == 303
    assert registration(session_factory, registration_id).status == ACTIVE


@pytest.mark.parametrize(("purpose", "language", "words"), [
    (tokens.ACTIVATE, "en", "Your online account is already activated"),
    (tokens.ACTIVATE, "es", "Su cuenta en línea ya está activada"),
    (tokens.RESET, "en", "Your new password is already set"),
])
def test_a_second_submit_after_success_shows_the_password_set(app, session_factory, purpose, language, words):
    """The first submit signed this browser in (a new form token): the resubmit with the form's
    old token is told the password is set, never "this form was open too long"."""
    status = ACTIVE if purpose == tokens.RESET else "pending"
    token = mint(session_factory, add_registration(session_factory, add_member(session_factory), status=status),
                 purpose)
    client = app.test_client()
    form = client.get(f"/activate/{token}?lang={language}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    data = {"csrf_token": csrf, "password": "a new passphrase here", "confirm": "a new passphrase here"}
    assert client.post(f"/activate/{token}?lang={language}", data=data).status_code == 303
    again = spent_link_page(client, client.post(f"/activate/{token}?lang={language}", data=data), token)
    page = text_of(again)
    assert again.status_code == 200 and words in page and "Nothing has been changed" not in page, page


def test_terms_page_shows_its_version(client):
    page = text_of(client.get("/terms"))
    assert "Terms and Conditions for online account access" in page
    assert "Version 2026-01" in page


@pytest.mark.parametrize("path", ["/login", "/terms", "ACTIVATE"])
def test_pages_are_accessible_basics(client, pending, path):
    path = f"/activate/{pending[1]}" if path == "ACTIVATE" else path
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<html lang="en">' in html and '<main id="main"' in html
    assert response.headers["Cache-Control"] == "no-store"
    for input_id in re.findall(r'<input(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html, f"input {input_id} has no label"
    css = client.get("/static/coopbot.css")
    assert css.status_code == 200 and b":focus-visible" in css.data
