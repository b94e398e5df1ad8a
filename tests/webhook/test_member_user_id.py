"""A co-op that signs in with User IDs (``COOPBOT_USERNAME=user_id``), through the Flask test client.

The member picks the ID on the activation page (the account is proven and the
link held by then), signs in with it on /login, and the mail keeps going to
the e-mail address. Runs on SQLite and PostgreSQL (``db_url``).
"""

from __future__ import annotations

import threading

import pytest

from backend.privacy import tokens
from backend.privacy.hashing import hash_password
from backend.storage.models import ACTIVE, Login
from tests.support.backend_helpers import outbox_mails, parts
from tests.support.member_rows import (
    EMAIL,
    add_member,
    add_registration,
    link_rows,
    login,
    mint,
    registration,
    sign_in,
    text_of,
)
from datetime import timedelta
from sqlalchemy import select
from backend.accounts import websessions
from backend.storage.db import transaction
from backend.storage.models import utcnow

GOOD = "correct horse battery"
RULES = "Use 6 to 32 letters, digits, dots, dashes or underscores, not only digits."


@pytest.fixture
def uid_settings(settings_for, db_url):
    return settings_for(db_url, username="user_id")


@pytest.fixture
def uid_client(make_app, uid_settings):
    app = make_app(uid_settings, testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()


def _activate(client, token, user_id, password=GOOD, query=""):
    return client.post(f"/activate/{token}{query}",
                       data={"user_id": user_id, "password": password, "confirm": password})


def _sign_in(client, username, password=GOOD):
    return sign_in(client, username, password, field="user_id")


def _other_login_with_id(session_factory, user_id, email="other@example.com", account="1009999999"):
    """Another member's active login that already holds ``user_id``."""
    registration_id = add_registration(session_factory, add_member(session_factory, account),
                                       email=email, status=ACTIVE)
    with session_factory() as db, db.begin():
        row = db.get(Login, login(session_factory, registration_id).id)
        row.user_id = user_id
        row.password_hash = hash_password(GOOD)
    return registration_id


def test_activation_page_asks_for_a_user_id_and_states_the_rules(uid_client, session_factory, pending):
    registration_id, token = pending
    response = uid_client.get(f"/activate/{token}")
    page = text_of(response)
    assert response.status_code == 200
    assert "User ID (you sign in with it)" in page and RULES in page
    assert "we keep e-mailing your address" in page
    html = response.get_data(as_text=True)
    assert f'value="{EMAIL}" autocomplete="email" readonly' in html  # where mail goes, shown
    assert [row.used_at for row in link_rows(session_factory, registration_id)] == [None]


def test_a_valid_user_id_activates_signs_in_and_mail_still_goes_to_the_address(
        uid_client, uid_settings, session_factory, pending):
    registration_id, token = pending
    response = _activate(uid_client, token, "  Jane.Doe_42 ")
    assert response.status_code == 303 and response.location.endswith("/welcome")
    assert login(session_factory, registration_id).user_id == "jane.doe_42"  # case-insensitive: stored lower
    assert registration(session_factory, registration_id).status == ACTIVE
    assert "Use this User ID and your new password" in text_of(uid_client.get("/welcome"))

    [mail] = outbox_mails(uid_settings.outbox_dir)
    assert mail["To"] == EMAIL
    text, _html = parts(mail)
    assert "Sign in with the User ID and the password you chose" in " ".join(text.split())

    uid_client.post("/logout")
    signed_in = _sign_in(uid_client, "JANE.DOE_42")
    assert signed_in.status_code == 303 and signed_in.location.endswith("/account")
    account = text_of(uid_client.get("/account"))
    assert "User ID (username) jane.doe_42" in account and EMAIL in account


@pytest.mark.parametrize(("user_id", "answer"), [
    ("", "Choose a User ID."),
    ("jd42", "A User ID has 6 to 32 characters."),
    ("x" * 33, "A User ID has 6 to 32 characters."),
    ("jane doe", "A User ID may contain only letters a-z, digits, dots, dashes and underscores."),
    ("jané_doe", "A User ID may contain only letters a-z, digits, dots, dashes and underscores."),
    ("5125550100", "A User ID cannot be only digits (so it is never an account or phone number)."),
    ("jane@example.com", "A User ID is not an e-mail address. Choose a name without @."),
])
def test_an_invalid_user_id_is_refused_with_the_reason_and_spends_nothing(
        uid_client, session_factory, pending, user_id, answer):
    registration_id, token = pending
    response = _activate(uid_client, token, user_id)
    assert response.status_code == 400
    assert answer in text_of(response)
    assert [row.used_at for row in link_rows(session_factory, registration_id)] == [None]
    assert login(session_factory, registration_id).user_id is None
    assert registration(session_factory, registration_id).status == "pending"


def test_the_rules_are_answered_in_spanish(uid_client, pending):
    _registration_id, token = pending
    page = text_of(uid_client.get(f"/activate/{token}?lang=es"))
    assert "Use de 6 a 32 letras, dígitos, puntos, guiones o guiones bajos" in page
    refused = _activate(uid_client, token, "12345678", query="?lang=es")
    assert "Un ID de usuario no puede tener solo dígitos" in text_of(refused)


def test_a_taken_user_id_asks_for_another_and_another_works(uid_client, session_factory, pending):
    registration_id, token = pending
    _other_login_with_id(session_factory, "jane.doe_42")
    response = _activate(uid_client, token, "Jane.Doe_42")  # same ID in other letters' case
    assert response.status_code == 400
    assert "That User ID is already taken. Please choose another." in text_of(response)
    assert [row.used_at for row in link_rows(session_factory, registration_id)] == [None]

    assert _activate(uid_client, token, "jane.doe.barn").status_code == 303
    assert login(session_factory, registration_id).user_id == "jane.doe.barn"


def test_sign_in_by_e_mail_is_refused_once_the_login_has_a_user_id(uid_client, session_factory, pending):
    _registration_id, token = pending
    assert _activate(uid_client, token, "jane.doe_42").status_code == 303
    uid_client.post("/logout")
    refused = _sign_in(uid_client, EMAIL)
    assert refused.status_code == 401
    assert "That User ID and password do not match an active online account." in text_of(refused)
    wrong = _sign_in(uid_client, "jane.doe_42", "not the password")
    assert wrong.status_code == 401  # same answer as an unknown ID
    assert text_of(wrong).count("That User ID and password do not match") == text_of(refused).count(
        "That User ID and password do not match")


def test_a_login_from_before_user_ids_signs_in_by_e_mail_and_picks_an_id_on_its_reset_link(
        uid_client, session_factory):
    registration_id = add_registration(session_factory, add_member(session_factory), status=ACTIVE)
    with session_factory() as db, db.begin():
        db.get(Login, login(session_factory, registration_id).id).password_hash = hash_password(GOOD)
    assert "Sign in with your e-mail address" in text_of(uid_client.get("/login"))
    assert _sign_in(uid_client, EMAIL.upper()).status_code == 303
    uid_client.post("/logout")

    token = mint(session_factory, registration_id, tokens.RESET)
    assert "User ID (you sign in with it)" in text_of(uid_client.get(f"/activate/{token}"))
    assert _activate(uid_client, token, "janedoe", password="a new horse battery").status_code == 303
    uid_client.post("/logout")
    assert _sign_in(uid_client, "janedoe", "a new horse battery").status_code == 303
    uid_client.post("/logout")
    assert _sign_in(uid_client, EMAIL, "a new horse battery").status_code == 401


def test_the_login_page_asks_for_the_user_id(uid_client):
    page = uid_client.get("/login").get_data(as_text=True)
    assert 'name="user_id"' in page and 'name="email"' not in page
    assert "User ID" in text_of(uid_client.get("/login"))


def test_default_email_mode_asks_for_no_user_id(no_csrf, client, session_factory, pending):
    registration_id, token = pending
    page = text_of(client.get(f"/activate/{token}"))
    assert "User ID" not in page and "E-mail address (your username)" in page
    assert "User ID" not in text_of(client.get("/login"))
    response = client.post(f"/activate/{token}", data={"password": GOOD, "confirm": GOOD, "user_id": "jane.doe_42"})
    assert response.status_code == 303
    assert login(session_factory, registration_id).user_id is None  # a stray field is ignored
    client.post("/logout")
    assert sign_in(client, EMAIL, GOOD).status_code == 303


def test_a_reset_link_shows_the_login_s_id_and_keeps_it(uid_client, session_factory, pending):
    registration_id, token = pending
    assert _activate(uid_client, token, "jane.doe_42").status_code == 303
    uid_client.post("/logout")
    reset = mint(session_factory, registration_id, tokens.RESET)
    page = uid_client.get(f"/activate/{reset}")
    assert "User ID (you sign in with it)" not in text_of(page)
    assert 'value="jane.doe_42" autocomplete="username" readonly' in page.get_data(as_text=True)
    changed = uid_client.post(f"/activate/{reset}",
                              data={"user_id": "someone.else", "password": "a new horse battery",
                                    "confirm": "a new horse battery"})
    assert changed.status_code == 303
    assert login(session_factory, registration_id).user_id == "jane.doe_42"  # a reset never changes the ID


def test_staff_see_the_user_id_of_the_login_beside_its_accounts(make_app, uid_settings, session_factory):
    from backend.storage.db import transaction
    from tests.support.staff_pages import page_text
    from tests.support.staff_pages import sign_in as staff_sign_in
    from tests.support.staff_seed import create_staff_users

    with_id = _other_login_with_id(session_factory, "rosa.ranch", email="rosa@example.com", account="1001111111")
    add_registration(session_factory, add_member(session_factory, "1002222222"), status=ACTIVE,
                     login_id=login(session_factory, with_id).id)
    add_registration(session_factory, add_member(session_factory, "1003333333"), email="old@example.com",
                     status=ACTIVE)  # made before the co-op switched to User IDs
    with transaction(session_factory) as session:
        create_staff_users(session)
    client = make_app(uid_settings, testing=True).test_client()
    staff_sign_in(client)
    for account in ("1001111111", "1002222222"):
        text = page_text(client.get(f"/staff/accounts/{account}"))
        assert "User ID (signs in with it) rosa.ranch" in text
        assert "1001111111 (active)" in text and "1002222222 (active)" in text and "r***@e***.com" in text
    text = page_text(client.get("/staff/accounts/1003333333"))
    assert "User ID (signs in with it) none yet" in text and "rosa.ranch" not in text


def test_a_link_that_keeps_trying_taken_ids_waits_before_any_more_are_looked_up(
        uid_client, session_factory, pending):
    """Attacker round atk5: anyone holds an activation link of their own (their own account), and
    each "already taken" told them of another member's User ID: thousands a minute, no limit. Now
    the link's tries count like failed sign-ins (3 free, then growing waits), and during the wait
    nothing is looked up, not even a free ID."""
    registration_id, token = pending
    _other_login_with_id(session_factory, "jane.doe_42")
    tried = [_activate(uid_client, token, "jane.doe_42") for _ in range(4)]
    assert [response.status_code for response in tried] == [400] * 4
    assert all("That User ID is already taken" in text_of(response) for response in tried)
    waiting = _activate(uid_client, token, "jane.doe.barn")
    assert waiting.status_code == 429 and "Too many tries. Please wait" in text_of(waiting)
    assert "already taken" not in text_of(waiting)
    assert [row.used_at for row in link_rows(session_factory, registration_id)] == [None]
    assert login(session_factory, registration_id).user_id is None


def test_fifty_tries_at_once_are_counted_one_after_the_other(uid_client, session_factory, pending):
    """The same, fifty tries of a taken ID at once (a lock of the login's row orders them): each
    reads the failures the others committed, so a few are answered and the rest wait."""
    _registration_id, token = pending
    _other_login_with_id(session_factory, "jane.doe_42")
    barrier = threading.Barrier(50)
    answers = []

    def submit():
        barrier.wait()
        answers.append(_activate(uid_client.application.test_client(), token, "jane.doe_42"))

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    told = [a for a in answers if "That User ID is already taken" in text_of(a)]
    # One after the other, 3 free tries and the 4th's 1-second wait: 4 answered. The first waits are
    # short (1 s, 2 s), so on a loaded machine a wait may run out while the others queue for the lock
    # and one or two more are answered; without the ordering most of the fifty would be.
    assert len(answers) == 50 and 4 <= len(told) <= 6
    assert {a.status_code for a in answers if a not in told} == {429}


# --- test_review9_user_id_tries_of_a_neighbour ---
# Review 9: a stranger's "taken" User ID tries never hold back another member's activation.
#
# The throttle of a link's User ID tries took the sign-in throttle's three keys, the network alone
# among them (30 free, then up to 5 minutes). A network is shared (an office, a mobile carrier's NAT):
# a stranger trying taken IDs with the link of their own sign-up, once a minute, made every member
# activating from that network wait, a free ID included, and kept the wait at 5 minutes, each try as
# it ended. The tries are counted per link's login (with and without the network), as documented.
# Runs on SQLite and PostgreSQL.

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
