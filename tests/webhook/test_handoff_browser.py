"""A whole handoff in a real browser (headless Chromium): a member in the widget, an agent in the console.

The web app runs on a real socket; Rasa is a FakeRasa whose bot queues the chat on
"person" (tests/support/handoff_bot.py). Two browser contexts: the member's page
with the chat, the agent's page with the console. The agent's reply must reach the
open widget without a reload; the member's message must reach the open console.
How fast is the poll's business (1 s), not this test's: a timed assertion would
only measure how loaded the machine is.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from backend.storage.db import transaction
from tests.support.handoff_bot import ASSISTANT, QUEUED_NOTICE, person_please_bot
from tests.support.live import live_server
from tests.support.staff_pages import authenticator, browser_sign_in
from tests.support.staff_seed import create_staff_users

pytestmark = pytest.mark.browser

BOT = ".coopbot-chat__message--bot .coopbot-chat__text"


@pytest.fixture
def site(make_app, sqlite_url, fake_rasa):
    app = make_app(sqlite_url, rasa_url=fake_rasa.url, staffed_hours="Mon-Sun 00:00-24:00 America/Chicago")
    fake_rasa.bot = person_please_bot(app, fake_rasa)
    with transaction(app.extensions["coopbot.sessions"]) as session:
        create_staff_users(session)
    with live_server(app) as base:
        yield base, authenticator(app)


def test_an_agent_answers_a_widget_member_and_hands_back(site, browser):
    base, phone = site
    member = browser.new_context().new_page()
    agent = browser.new_context().new_page()
    for page in (member, agent):
        page.set_default_timeout(15_000)

    member.goto(f"{base}/chat")
    box = member.get_by_label("Your message")
    box.fill("I need a person")
    box.press("Enter")
    expect(member.locator(BOT).last).to_have_text(QUEUED_NOTICE)

    browser_sign_in(agent, base, phone)
    agent.get_by_role("link", name="Handoffs").click()
    row = agent.locator("#handoff-queue tbody tr").first
    expect(row).to_contain_text("Web chat")
    expect(row).to_contain_text("waiting")
    row.get_by_role("link").click()
    agent.get_by_role("button", name="Take this conversation").click()
    expect(agent.get_by_role("status").first).to_contain_text("The conversation is yours")

    reply = agent.get_by_label("Your reply")
    reply.fill("Hi, I'm Ana from member services.")
    expect(agent.locator("#reply-count")).to_have_text("33 of 1000 characters")
    agent.get_by_role("button", name="Send", exact=True).click()
    # In the member's open widget, in its role="log" list.
    expect(member.get_by_role("log").locator(BOT).last).to_have_text("Hi, I'm Ana from member services.")

    box.fill("Thanks, I am stuck at the name")
    box.press("Enter")
    expect(agent.get_by_role("log")).to_contain_text("Thanks, I am stuck at the name")

    # The member leaves the page; a reply written meanwhile is there when the widget opens again.
    member.goto("about:blank")
    agent.get_by_label("Your reply").fill("Which name is on your bill?")
    agent.get_by_role("button", name="Send", exact=True).click()
    expect(agent.get_by_role("log")).to_contain_text("Which name is on your bill?")
    member.goto(f"{base}/chat")
    expect(member.get_by_role("log").locator(BOT).last).to_have_text("Which name is on your bill?")
    box = member.get_by_label("Your message")

    agent.get_by_role("button", name="Hand back to the assistant").click()
    expect(member.locator(BOT).nth(-2)).to_have_text(
        "You are back with the assistant. Your answers so far are kept.")
    expect(member.locator(BOT).last).to_have_text(ASSISTANT)

    # The assistant answers the member again; a reload keeps the whole chat.
    before = member.locator(BOT).count()
    box.fill("Garza")
    box.press("Enter")
    count = before + 1  # the assistant's answer to "Garza" (the same words as its last one)
    expect(member.locator(BOT)).to_have_count(count)
    expect(member.locator(BOT).last).to_have_text(ASSISTANT)
    member.reload()
    expect(member.locator(BOT)).to_have_count(count)
