"""The activation link and the account page in a real browser (headless Chromium), phone-sized.

The web app runs on a real socket (``tests.support.live.live_server``); the member
opens the link from the mail, double-clicks the button (the seed guide warns
that used to break activation), signs in and sees the masked account number.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from backend.storage.models import ACTIVE
from tests.support.live import live_server
from tests.support.member_rows import ACCOUNT, EMAIL, add_member, add_registration, mint, registration

PHONE = {"width": 375, "height": 740}
PASSWORD = "porch light evening"


@pytest.fixture
def live_app(make_app, sqlite_url):
    app = make_app(sqlite_url)
    yield app


@pytest.fixture
def factory(live_app):
    from webhook.database import session_factory

    with live_app.app_context():
        return session_factory()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_activate_with_a_double_click_then_sign_in_on_a_phone(live_app, factory, page):
    registration_id = add_registration(factory, add_member(factory))
    token = mint(factory, registration_id)
    statuses = []
    page.on("response", lambda response: statuses.append((response.url, response.status)))
    page.set_viewport_size(PHONE)

    with live_server(live_app) as base:
        page.goto(f"{base}/activate/{token}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Activate your online account")
        assert _fits_the_screen(page)
        page.get_by_label("New password").fill(PASSWORD)
        page.get_by_label("Type the password again").fill(PASSWORD)
        button = page.get_by_role("button", name="Activate my account")
        assert button.bounding_box()["height"] >= 44  # a comfortable tap target
        button.dblclick()

        # Whichever submit the browser shows, the member sees success, signed in: the second submit
        # left before the first one's cookie was back gets the first one's page, never "sign in here".
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile(r"Your online account is (active|already activated)"))
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        assert "Sign in here" not in page.locator("main").inner_text()
        assert all(status < 400 for url, status in statuses if "/activate/" in url), statuses
        row = registration(factory, registration_id)
        assert row.status == ACTIVE

        # Sign in as the member would later, from a fresh browser session.
        page.context.clear_cookies()
        page.goto(f"{base}/login")
        page.get_by_label("E-mail address").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        expect(page).to_have_url(f"{base}/account")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your online account")
        expect(page.locator("main")).to_contain_text("******4567")
        assert ACCOUNT not in page.content()
        expect(page.locator("dl").first).to_contain_text(EMAIL)
        assert _fits_the_screen(page)
        unsubscribe = page.get_by_role("link", name="Unsubscribe")
        assert unsubscribe.bounding_box()["height"] >= 44


@pytest.mark.browser
def test_wrong_password_keeps_the_email_and_focuses_the_error_summary(live_app, factory, page):
    page.set_viewport_size(PHONE)
    with live_server(live_app) as base:
        page.goto(f"{base}/login")
        page.get_by_label("E-mail address").fill(EMAIL)
        page.get_by_label("Password").fill("not my password")
        page.get_by_role("button", name="Sign in").click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("do not match an active online account")
        expect(summary).to_be_focused()
        expect(page.get_by_label("E-mail address")).to_have_value(EMAIL)
        summary.get_by_role("link").click()
        expect(page.get_by_label("E-mail address")).to_be_focused()
