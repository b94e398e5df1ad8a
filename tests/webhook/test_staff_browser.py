"""The staff console in a real browser (headless Chromium) against the app on a real socket.

What support staff do: set up the second factor and sign in with its codes, find a
member's conversation by the account number read out on the phone, open it and see the redactions, read the funnel
on the dashboard, label a misunderstood message and download the NLU file -
and an agent is refused the audit log that an admin can read.
"""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from backend.storage.db import transaction
from backend.storage.models import utcnow
from tests.support.live import live_server
from tests.support.staff_pages import authenticator, browser_sign_in
from tests.support.staff_seed import ADMIN_EMAIL, AGENT_EMAIL, DEMO_FUNNEL, PASSWORD, create_staff_users, seed_demo

PHONE = {"width": 375, "height": 740}

pytestmark = pytest.mark.browser


@pytest.fixture
def console(make_app, sqlite_url, tmp_path):
    """The web app with the demo conversations, two staff accounts and a small domain file."""
    from webhook.database import session_factory

    app = make_app(sqlite_url)
    domain = tmp_path / "domain.yml"
    domain.write_text("intents:\n  - greet\n  - inform\n  - ask_what_is_this\n  - register\n")
    app.config["STAFF_DOMAIN_PATH"] = domain
    with app.app_context():
        with transaction(session_factory()) as session:
            create_staff_users(session)
            demo = seed_demo(session, utcnow())
    with live_server(app) as base:
        yield base, demo, authenticator(app)


def sign_in(page, base, phone, email=AGENT_EMAIL, password=PASSWORD):
    browser_sign_in(page, base, phone, email, password)


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_find_a_conversation_by_account_number_and_see_its_redactions_on_a_phone(console, page):
    base, demo, phone = console
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/staff/")
    assert _fits_the_screen(page)
    page.get_by_label("E-mail address").fill(AGENT_EMAIL)
    page.get_by_label("Password").fill("wrong password!")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("The e-mail address or the password is wrong.")
    sign_in(page, base, phone)

    page.get_by_role("link", name="Conversations").click()
    page.get_by_label("Account number").fill("123 456 789")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("#conversations tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".account")).to_have_text("123456789")
    expect(rows.first.locator(".outcome")).to_have_text("Registered")
    assert _fits_the_screen(page)

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Conversation {demo.registered_sms.id}")
    expect(page.locator("#outcome")).to_have_text("Registered")
    expect(page.locator("#step-reached")).to_have_text("Registered")
    redaction = page.locator(".chat mark.redacted")
    expect(redaction).to_have_count(1)
    expect(redaction).to_be_visible()
    expect(redaction).to_have_text("[redacted]")
    expect(page.locator(".chat .masked").first).to_have_text("j***@e***.com")
    first_member = page.locator(".bubble.from-member").first
    expect(first_member.locator(".intent")).to_have_text("register")
    expect(first_member.locator(".confidence")).to_have_text("0.97")
    assert _fits_the_screen(page)


def test_a_new_agent_sets_up_the_second_factor_on_a_phone_then_signs_in_with_codes(console, page):
    base, _, phone = console
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/staff/conversations")
    page.get_by_label("E-mail address").fill(AGENT_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The right password leads to the set-up page only: no menu, nothing of the console.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(page.get_by_role("navigation")).to_have_count(0)
    qr_code = page.get_by_role("img", name="QR code of your key for the authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth > 0")  # the SVG drew
    key = page.locator("#totp-key").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    expect(page.locator("#totp-uri")).to_have_attribute("href", re.compile(r"^otpauth://totp/.+secret=" + key.replace(" ", "")))
    assert _fits_the_screen(page)
    page.goto(f"{base}/staff/conversations?outcome=registered")  # any console page sends the browser back here
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(page.locator("#totp-key")).to_have_text(key)  # the same key until it is confirmed

    phone.add_key(AGENT_EMAIL, key)
    page.get_by_label("Code from your authenticator app").fill(phone.wrong_code(AGENT_EMAIL))
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That code is wrong or was already used. Wait for the next code of your authenticator app and try again.")
    page.get_by_label("Code from your authenticator app").fill(phone.code(AGENT_EMAIL))
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversations")  # where the agent was going
    expect(page.get_by_text(f"{AGENT_EMAIL} (agent)")).to_be_visible()

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_label("E-mail address").fill(AGENT_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    expect(page.locator("#totp-key")).to_have_count(0)  # the key is never shown again
    page.get_by_label("Code from your authenticator app").fill(phone.code(AGENT_EMAIL))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"{AGENT_EMAIL} (agent)")).to_be_visible()


def test_dashboard_shows_the_funnel_counts_of_the_seeded_conversations(console, page):
    base, _, phone = console
    sign_in(page, base, phone)
    expect(page.get_by_role("heading", name="Registration funnel")).to_be_visible()
    for step, (reached, stopped) in DEMO_FUNNEL.items():
        row = page.locator(f'#funnel-table tr[data-step="{step}"]')
        expect(row.locator(".reached")).to_have_text(str(reached))
        expect(row.locator(".stopped")).to_have_text(str(stopped))
    chart = page.get_by_role("img", name=re.compile(r"^Funnel, members: Started 8, Account number 7"))
    expect(chart).to_be_visible()
    expect(chart.locator("text.bar-value").first).to_have_text("8 (1 stopped)")
    expect(page.locator("#stat-registrations")).to_have_text("2")
    expect(page.locator("#stat-turns")).to_have_text("4")
    expect(page.locator("#stat-minutes")).to_have_text("8 min")
    expect(page.locator("#stat-fallback")).to_have_text("12.5 %")


def test_label_a_misunderstood_message_and_download_the_nlu_file(console, page, tmp_path):
    base, demo, phone = console
    sign_in(page, base, phone)
    page.get_by_role("link", name="Misunderstood").click()
    card = page.locator(f"#message-{demo.fallback_message_id}")
    expect(card.locator("blockquote")).to_have_text("wat does that mean")
    card.get_by_label("Intent the member meant").select_option("ask_what_is_this")
    card.get_by_role("button", name="Save label").click()
    expect(page.get_by_role("status").first).to_have_text(
        f"Message {demo.fallback_message_id} labelled “ask_what_is_this”."
    )
    # Labelled messages leave the "not labelled yet" list; the redacted one cannot be labelled.
    expect(page.locator(f"#message-{demo.fallback_message_id}")).to_have_count(0)
    expect(page.locator(f"#message-{demo.redacted_message_id} .not-exportable")).to_be_visible()
    page.get_by_role("link", name="Labelled", exact=True).click()
    expect(page.locator(f"#message-{demo.fallback_message_id} .label-intent")).to_have_text("ask_what_is_this")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download labelled messages (NLU YAML)").click()
    download = download_info.value
    assert download.suggested_filename == "nlu-labelled.yml"
    saved = tmp_path / "nlu-labelled.yml"
    download.save_as(saved)
    document = yaml.safe_load(saved.read_text())
    assert document == {
        "version": "3.1",
        "nlu": [{"intent": "ask_what_is_this", "examples": "- wat does that mean\n"}],
    }


def test_an_agent_is_refused_the_audit_log_an_admin_reads_it(console, browser, page):
    base, demo, phone = console
    sign_in(page, base, phone)
    expect(page.get_by_role("link", name="Audit log")).to_have_count(0)
    page.goto(f"{base}/staff/conversations/{demo.abandoned.id}")
    expect(page.locator("#outcome")).to_have_text("Abandoned at the e-mail address")
    response = page.goto(f"{base}/staff/audit")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_text("Only administrators can read the audit log.")).to_be_visible()

    admin_context = browser.new_context()
    admin = admin_context.new_page()
    try:
        sign_in(admin, base, phone, ADMIN_EMAIL)
        admin.get_by_role("link", name="Audit log").click()
        row = admin.locator("#audit tbody tr", has_text="Opened transcript")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(AGENT_EMAIL)
        expect(row.get_by_role("link")).to_have_text(str(demo.abandoned.id))
    finally:
        admin_context.close()
