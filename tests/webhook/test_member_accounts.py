"""One login, several accounts: the account page lists each, paperless per account, and
"Unsubscribe" removes one account or the whole login; staff see a login's accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.storage.db import transaction
from backend.privacy import tokens
from backend.storage.models import ACTIVE, PENDING, UNSUBSCRIBED, Notification, Registration
from tests.support.member_rows import add_member, add_registration, login, mint, registration, text_of
from tests.support.staff_pages import page_text
from tests.support.staff_pages import sign_in as staff_sign_in
from tests.support.staff_seed import create_staff_users

EMAIL = "jane.doe@example.com"
PASSWORD = "a long enough password 7"
HOUSE, BARN, NEIGHBOUR = "1001234567", "2009876543", "300111222"


@pytest.fixture
def login_with_two(no_csrf, client, session_factory, settings):
    """Jane's login holds the house and the barn; the neighbour has a login of his own."""
    house = add_registration(session_factory, add_member(session_factory, HOUSE))
    with session_factory() as db, db.begin():
        assert accounts.activate(db, mint(session_factory, house), PASSWORD, settings).state == accounts.ACTIVATED
    login_id = login(session_factory, house).id
    barn = add_registration(session_factory, add_member(session_factory, BARN), status=ACTIVE, login_id=login_id)
    neighbour = add_registration(session_factory, add_member(session_factory, NEIGHBOUR),
                                 email="neighbour@example.com", status=ACTIVE)
    assert client.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 303
    return house, barn, neighbour


def test_the_account_page_lists_every_account_by_its_last_digits(client, login_with_two):
    page = text_of(client.get("/account"))
    assert "******4567" in page and "******6543" in page
    assert HOUSE not in page and BARN not in page and "*****1222" not in page  # never the full number
    assert page.count("Paperless billing Off") == 2 and page.count("Unsubscribe this account") == 2


def test_paperless_is_chosen_per_account(client, session_factory, login_with_two):
    house, barn, _ = login_with_two
    page = text_of(client.post("/account/paperless", data={"account": barn, "paperless": "on"},
                               follow_redirects=True))
    assert "Paperless billing is on for the account ending in 6543" in page
    assert registration(session_factory, barn).paperless_billing is True
    assert registration(session_factory, house).paperless_billing is False


def test_a_member_cannot_touch_another_login_s_account(client, session_factory, login_with_two):
    _, _, neighbour = login_with_two
    page = text_of(client.post("/account/paperless", data={"account": neighbour, "paperless": "on"},
                               follow_redirects=True))
    assert "Choose paperless or paper bills" in page
    assert registration(session_factory, neighbour).paperless_billing is False
    page = text_of(client.post("/account/unsubscribe", data={"account": neighbour, "answer": "yes"},
                               follow_redirects=True))
    assert "That account is not on your online login." in page
    assert registration(session_factory, neighbour).status == ACTIVE


def test_unsubscribing_one_account_keeps_the_login_and_the_other(client, session_factory, login_with_two):
    house, barn, _ = login_with_two
    confirm = text_of(client.get(f"/account/unsubscribe?account={barn}"))
    assert "Remove the account ending in 6543?" in confirm and "your other accounts and your sign-in stay" in confirm
    page = text_of(client.post("/account/unsubscribe", data={"account": barn, "answer": "yes"},
                               follow_redirects=True))
    assert "The account ending in 6543 is no longer on your online login." in page
    assert "******4567" in page and "******6543" not in page and "Unsubscribe this account" not in page
    assert registration(session_factory, barn).status == UNSUBSCRIBED
    assert registration(session_factory, house).status == ACTIVE
    assert login(session_factory, house).status == ACTIVE and login(session_factory, house).password_hash
    with session_factory() as db:
        told = db.scalars(select(Notification.kind).where(Notification.registration_id == barn)).all()
    assert told == ["unsubscribed"]


def test_unsubscribing_the_whole_login_removes_every_account_and_signs_out(client, session_factory, login_with_two):
    house, barn, neighbour = login_with_two
    confirm = text_of(client.get("/account/unsubscribe"))
    assert f"you can no longer sign in with {EMAIL}" in confirm
    response = client.post("/account/unsubscribe", data={"answer": "yes"})
    assert response.status_code == 303 and response.location.endswith("/account/deleted")
    with session_factory() as db:
        statuses = dict(db.execute(select(Registration.id, Registration.status)).all())
    assert statuses == {house: UNSUBSCRIBED, barn: UNSUBSCRIBED, neighbour: ACTIVE}
    gone = login(session_factory, house)
    assert gone.status == UNSUBSCRIBED and gone.password_hash is None and gone.security_answer_hash is None
    assert client.get("/account").status_code == 302
    assert client.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 401


def test_staff_see_a_login_s_accounts_and_an_account_s_login(app, session_factory, login_with_two):
    with transaction(session_factory) as session:
        create_staff_users(session)
    app.config["WTF_CSRF_ENABLED"] = True  # the staff sign-in helper reads the token from the page
    client = app.test_client()
    staff_sign_in(client)
    text = page_text(client.get(f"/staff/accounts/{BARN}"))
    assert "Online login j***@e***.com (active)" in text
    assert f"{HOUSE} (active)" in text and f"{BARN} (active)" in text and NEIGHBOUR not in text


def test_the_add_link_shows_the_account_and_adds_it_once(client, session_factory, login_with_two):
    house, _, _ = login_with_two
    well = add_registration(session_factory, add_member(session_factory, "4005550001"), status=PENDING,
                            login_id=login(session_factory, house).id)
    token = mint(session_factory, well, tokens.ADD)
    page = client.get(f"/add/{token}")
    assert page.status_code == 200 and "Add the account ending in 0001?" in text_of(page)
    assert registration(session_factory, well).status == PENDING  # reading the link changes nothing
    assert "******0001" not in text_of(client.get("/account"))
    done = text_of(client.post(f"/add/{token}"))
    assert "The account ending in 0001 is on your online login" in done
    assert registration(session_factory, well).status == ACTIVE
    assert "******0001" in text_of(client.get("/account"))
    again = client.post(f"/add/{token}")
    assert again.status_code == 410 and "This link no longer works" in text_of(again)
    assert client.get("/add/not-a-token").status_code == 404
    # An add link cannot set the login's password.
    assert client.get(f"/activate/{token}").status_code == 404
