"""A User-ID co-op (``COOPBOT_USERNAME=user_id``) in a real browser (headless Chromium), phone-sized.

The member opens the activation link, picks a User ID next to the password,
signs in later with that ID, and sees the ID and the e-mail address mail goes to.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.live import live_server
from tests.support.member_rows import EMAIL, add_member, add_registration, mint

PHONE = {"width": 375, "height": 740}
PASSWORD = "porch light evening"


@pytest.fixture
def live_app(make_app, sqlite_url):
    yield make_app(sqlite_url, username="user_id")


@pytest.fixture
def factory(live_app):
    from webhook.database import session_factory

    with live_app.app_context():
        return session_factory()


@pytest.mark.browser
def test_pick_a_user_id_on_activation_then_sign_in_with_it(live_app, factory, page):
    token = mint(factory, add_registration(factory, add_member(factory)))
    page.set_viewport_size(PHONE)
    with live_server(live_app) as base:
        page.goto(f"{base}/activate/{token}")
        page.get_by_label("User ID (you sign in with it)").fill("1234567")
        page.get_by_label("New password").fill(PASSWORD)
        page.get_by_label("Type the password again").fill(PASSWORD)
        page.get_by_role("button", name="Activate my account").click()
        expect(page.get_by_role("alert")).to_contain_text("A User ID cannot be only digits")

        page.get_by_label("User ID (you sign in with it)").fill("Jane.Doe")
        page.get_by_label("New password").fill(PASSWORD)
        page.get_by_label("Type the password again").fill(PASSWORD)
        page.get_by_role("button", name="Activate my account").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your online account is active")
        expect(page.locator("main")).to_contain_text("You are signed in as jane.doe")

        page.context.clear_cookies()
        page.goto(f"{base}/login")
        page.get_by_label("User ID").fill("JANE.DOE")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{base}/account")
        details = page.locator("dl").first
        expect(details).to_contain_text("jane.doe")
        expect(details).to_contain_text(EMAIL)
