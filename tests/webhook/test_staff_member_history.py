"""One SMS member's thread as the staff console shows it, after she was read as asking for a person.

The play-test: "I'm not sure what a person means" was read as a request for a person
(0.78); with no staffed hours the assistant gave the phone number and the sign-up went
on, and she registered. The console showed two conversations (the first "Asked for a
person", ended at the account number), while the dashboard said nobody asked for a person
and the queue that nobody was waiting. Asking for a person is a moment of the conversation,
and one definition of it (``backend.staff.asks``) serves the transcript, the dashboard and
the queue. Each test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from backend.storage.db import transaction
from backend.storage.models import utcnow
from tests.support.scripted_bot import ASK_ACCOUNT, ASK_EMAIL, ASK_NAME, Turn, scripted_bot
from tests.support.sms import Texter, conversations
from tests.support.staff_pages import page_text, sign_in
from tests.support.staff_seed import add_conversation, create_staff_users

NUMBER_OFFER = "To talk to a person, call 1-888-554-4732. Or keep going here."
REGISTERED = "Done! We sent the activation link to j***@e***.com."

THREAD = {
    "register": Turn((ASK_ACCOUNT,), "register", 0.97, {"requested_slot": "account_number"}),
    "I'm not sure what a person means": Turn(
        (NUMBER_OFFER, ASK_ACCOUNT), "human", 0.78, {"requested_slot": "account_number", "outcome": "human_requested"}),
    "5101000027": Turn((ASK_NAME,), slots={"requested_slot": "member_name", "account_number": "5101000027"}),
    "Garza": Turn((ASK_EMAIL,), slots={"requested_slot": "email"}),
    "jane@example.com": Turn((REGISTERED,), slots={"requested_slot": None, "outcome": "registered"}),
}


@pytest.fixture
def app(sms_app, fake_rasa):
    fake_rasa.bot = scripted_bot(THREAD)
    with transaction(sms_app.extensions["coopbot.sessions"]) as session:
        create_staff_users(session)
    return sms_app


def conversation_rows(response, table_id="conversations") -> list[str]:
    html = response.get_data(as_text=True)
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.S)
    return re.findall(r'<tr data-conversation="(\d+)"', body.group(1)) if body else []


def test_asking_for_a_person_then_registering_is_one_conversation_counted_alike_everywhere(app):
    member = Texter(app.test_client())
    for text in THREAD:
        member.texts(text)
    [conversation] = conversations(app)
    staff = app.test_client()
    sign_in(staff)

    listed = staff.get("/staff/conversations")
    assert conversation_rows(listed) == [str(conversation.id)]
    assert "Registered, after asking for a person" in page_text(listed)
    # The conversation list's "Asked for a person" finds her although she went on and registered.
    assert conversation_rows(staff.get("/staff/conversations?outcome=human_requested")) == [str(conversation.id)]

    shown = page_text(staff.get(f"/staff/conversations/{conversation.id}"))
    assert "Outcome Registered, after asking for a person" in shown
    assert "Furthest step Registered" in shown
    assert re.search(r"Asked for a person \d{4}-\d\d-\d\d \d\d:\d\d UTC · not queued: told the co-op's phone number",
                     shown)
    assert "This member's other conversations" not in shown

    dashboard = page_text(staff.get("/staff/"))
    assert "Asked for a person 1 Queued for an agent 0 Told the phone number 1" in dashboard
    assert "Conversations 1 Members 1" in dashboard

    queue = staff.get("/staff/handoffs")
    assert "Nobody is waiting." in page_text(queue)  # nobody could take it: no staffed hours
    assert conversation_rows(queue, "not-queued") == [str(conversation.id)]


def test_a_member_who_only_asked_for_a_person_reads_so_everywhere(app):
    member = Texter(app.test_client())
    member.texts("register")
    member.texts("I'm not sure what a person means")
    [conversation] = conversations(app)
    staff = app.test_client()
    sign_in(staff)
    assert "Outcome Asked for a person" in page_text(staff.get(f"/staff/conversations/{conversation.id}"))
    assert "Asked for a person 1" in page_text(staff.get("/staff/"))
    assert conversation_rows(staff.get("/staff/handoffs"), "not-queued") == [str(conversation.id)]


def test_one_phone_s_several_conversations_link_to_each_other(app):
    """A thread split before (an ending, a day's silence) is still read as one member's history."""
    now = utcnow()
    with transaction(app.extensions["coopbot.sessions"]) as session:
        asked = add_conversation(session, started_at=now - timedelta(hours=3), outcome="human_requested",
                                 step_reached="account_number", completed=True)
        registered = add_conversation(session, started_at=now - timedelta(hours=2), outcome="registered",
                                      step_reached="registered", completed=True)
        stranger = add_conversation(session, started_at=now - timedelta(hours=1), step_reached="email")
        registered.sender_key = asked.sender_key
        ids = asked.id, registered.id, stranger.id
    asked_id, registered_id, stranger_id = ids
    staff = app.test_client()
    sign_in(staff)
    html = staff.get(f"/staff/conversations/{asked_id}").get_data(as_text=True)
    history = re.search(r'<ul id="same-member">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r'data-conversation="(\d+)"', history) == [str(registered_id)]
    assert f'href="/staff/conversations/{registered_id}"' in history
    assert "Registered, furthest step Registered" in " ".join(re.sub(r"<[^>]+>", " ", history).split())
    back = staff.get(f"/staff/conversations/{registered_id}").get_data(as_text=True)
    assert re.findall(r'data-conversation="(\d+)"', re.search(r'<ul id="same-member">(.*?)</ul>', back, re.S)
                      .group(1)) == [str(asked_id)]
    assert 'id="same-member"' not in staff.get(f"/staff/conversations/{stranger_id}").get_data(as_text=True)


def funnel_row(html: str, step: str) -> dict[str, int]:
    row = re.search(rf'<tr data-step="{step}">(.*?)</tr>', html, re.S).group(1)
    return {name: int(value) for name, value in re.findall(r'class="([a-z-]+)">(\d+)<', row)}


def test_the_funnel_counts_members_by_their_furthest_step_beside_conversations(app):
    """An opted-out thread and a split thread of members who registered are no drop-outs at the account number."""
    now = utcnow()
    with transaction(app.extensions["coopbot.sessions"]) as session:
        def thread(*conversations):
            rows = [add_conversation(session, started_at=now - timedelta(hours=hours), outcome=outcome,
                                     step_reached=step, completed=outcome != "in_progress")
                    for hours, outcome, step in conversations]
            for row in rows[1:]:
                row.sender_key = rows[0].sender_key

        thread((5, "opted_out", "account_number"), (4, "registered", "registered"))
        thread((3, "human_requested", "account_number"), (2, "registered", "registered"))
        thread((1, "in_progress", "email"))
    staff = app.test_client()
    sign_in(staff)
    response = staff.get("/staff/")
    html = response.get_data(as_text=True)
    assert "Conversations 5 Members 3" in page_text(response)
    assert funnel_row(html, "started") == {"members-reached": 3, "members-stopped": 0, "reached": 5, "stopped": 0}
    assert funnel_row(html, "account_number") == {"members-reached": 3, "members-stopped": 0,
                                                  "reached": 5, "stopped": 2}
    assert funnel_row(html, "email") == {"members-reached": 3, "members-stopped": 1, "reached": 3, "stopped": 1}
    assert funnel_row(html, "registered") == {"members-reached": 2, "members-stopped": 0,
                                              "reached": 2, "stopped": 0}
    # The chart draws members.
    assert re.search(r'<text class="bar-value"[^>]*>3 \(1 stopped\)</text>', html)
    assert "Funnel, members: Started 3, Account number 3" in html


def test_a_first_message_asking_for_a_person_counts_as_queued(staffed_app):
    """The handoff is asked for before the turn's conversation exists: it is tied to it once written."""
    Texter(staffed_app.test_client()).texts("I want a person")
    [conversation] = conversations(staffed_app)
    staff = staffed_app.test_client()
    sign_in(staff)
    assert "Asked for a person 1 Queued for an agent 1 Told the phone number 0" in page_text(staff.get("/staff/"))
    html = staff.get(f"/staff/conversations/{conversation.id}").get_data(as_text=True)
    assert re.search(r'<a href="/staff/handoffs/\d+">queued as handoff \d+</a>', html)
    queue = staff.get("/staff/handoffs")
    assert "Nobody is waiting." not in page_text(queue)
    assert conversation_rows(queue, "not-queued") == [] and "None." in page_text(queue)
