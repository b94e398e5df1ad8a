"""A live handoff end to end: real web app, registration API, action server and Rasa server.

An SMS member in the middle of a registration asks for a person; an agent claims
the conversation in the staff console and replies (the text lands in the outbox:
no Twilio account); the member's next message reaches the agent, not Rasa; the
agent hands the conversation back, and the member's answer to the pending
question continues the registration with every earlier answer kept.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
from sqlalchemy import select

from backend import staff
from backend.storage.models import Handoff
from tests.support.sms_registration import sender_of
from tests.support.staff_pages import Authenticator
from tests.support.stack import Stack

AGENT = "agent@coop.example"
PASSWORD = "correct horse battery"
MEMBER = {"account": "3005551212", "name": "O'Brien-Smith"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    env = {"COOPBOT_VERIFY_POLICY": "bill", "COOPBOT_STAFFED_HOURS": "Mon-Sun 00:00-24:00 America/Chicago"}
    with Stack(tmp_path_factory.mktemp("stack"), extra_env=env) as instance:
        with instance.session() as session:
            staff.create_staff(session, AGENT, PASSWORD)
            session.commit()
        yield instance


def slots(stack, sender: str) -> dict:
    response = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker",
                         params={"include_events": "NONE", "token": stack.settings.rasa_token}, timeout=10)
    response.raise_for_status()
    return response.json().get("slots") or {}


def outbox(stack) -> list[dict]:
    folder = stack.settings.outbox_dir
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


class Console:
    """The staff console as an agent's browser uses it (cookies, CSRF tokens from the pages).

    Signing in the first time sets the agent's second factor up: the authenticator app
    takes the key the page shows, and the agent types its code.
    """

    def __init__(self, stack):
        self.http = httpx.Client(base_url=stack.web_url, follow_redirects=True, timeout=30)
        page = self.http.get("/staff/sign-in").text
        code_page = self.http.post("/staff/sign-in", data={"email": AGENT, "password": PASSWORD,
                                                           "csrf_token": _csrf(page)})
        phone = Authenticator()
        assert phone.read_key(AGENT, code_page.text), "the first sign-in sets the second factor up"
        signed_in = self.http.post(code_page.url, data={"code": phone.code(AGENT), "csrf_token": _csrf(code_page.text)})
        assert f"{AGENT} (agent)" in signed_in.text

    def post(self, path: str, **data) -> str:
        page = self.http.get(path.rsplit("/", 1)[0]).text
        response = self.http.post(path, data={"csrf_token": _csrf(page), **data})
        response.raise_for_status()
        return response.text


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_sms_member_asks_for_a_person_mid_registration_and_the_agent_hands_back(stack):
    phone = stack.new_phone()
    sender = sender_of(stack, phone)
    stack.sms_texts("I want to sign up for online access", phone)
    stack.sms_texts(MEMBER["account"], phone)
    assert slots(stack, sender)["requested_slot"] == "member_name"

    [notice] = stack.sms_texts("can I talk to a person please", phone)
    assert notice.startswith("A person from member services will answer you here shortly")
    assert stack.settings.support_phone in notice

    console = Console(stack)
    queue = console.http.get("/staff/handoffs.json").json()["handoffs"]
    assert [(row["status"], row["channel"], row["step"]) for row in queue] == [("waiting", "SMS", "Name")]
    page = f"/staff/handoffs/{queue[0]['id']}"
    console.post(f"{page}/claim")
    console.post(f"{page}/reply", message="Hi, this is Ana from member services. What do you need?")
    assert [(t["to"], t["body"]) for t in outbox(stack)] == [
        (phone, "Hi, this is Ana from member services. What do you need?")]

    # The member's next message reaches the agent (redacted), not Rasa: the bot says nothing.
    assert stack.sms_texts("I am not sure what name to give, my zip is 78701", phone) == []
    lines = console.http.get(f"{page}/messages.json").json()["messages"]
    assert lines[-1] == {**lines[-1], "author": "member",
                         "text": "I am not sure what name to give, my zip is [redacted]"}
    assert slots(stack, sender)["requested_slot"] == "member_name"
    assert slots(stack, sender)["account_number"] == MEMBER["account"]

    console.post(f"{page}/back")
    texts = [t["body"] for t in outbox(stack)[1:]]
    assert texts[0] == "You are back with the assistant. Your answers so far are kept."
    # The assistant's own words, asking the pending question again.
    assert "What is the last name or business name on account" in " ".join(texts[1:])
    with stack.session() as session:
        assert session.scalars(select(Handoff.status)).one() == "returned"

    # The member answers the pending question: the registration goes on from there.
    stack.sms_texts(MEMBER["name"], phone)
    state = slots(stack, sender)
    assert state["account_number"] == MEMBER["account"] and state["member_name"]
    assert state["requested_slot"] not in (None, "account_number", "member_name")
