"""The staff console's handoff pages, through Flask's test client, with the SMS channel and the web chat.

Rasa is a FakeRasa whose scripted bot queues the conversation on "person"
(tests/support/handoff_bot.py). No Twilio account is configured: texts to the
member land in the outbox, as with ``make run``. Each test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import email
import json

import pytest
from sqlalchemy import select

from backend.identity import verification
from backend.notify.consent import phone_key
from backend.staff import handoffs
from backend.storage.db import transaction
from backend.storage.models import AuditEntry, Handoff
from tests.support.member_rows import ACCOUNT, EMAIL, ZIP, add_member, add_registration
from tests.support.handoff_bot import ASSISTANT, QUEUED_NOTICE, person_please_bot
from tests.support.sms import PUBLIC_URL, TWILIO_TOKEN, Texter
from tests.support.staff_pages import csrf_token, page_text, sign_in
from tests.support.staff_seed import ADMIN_EMAIL, AGENT_EMAIL, create_staff_users
from webhook.chat import session_tokens

PHONE = "+15125550100"


@pytest.fixture
def app(staffed_app):
    return staffed_app


def outbox(app) -> list[dict]:
    folder = app.config["COOPBOT"].outbox_dir
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))] if folder.exists() else []


def only_handoff(app) -> Handoff:
    with app.extensions["coopbot.sessions"]() as session:
        return session.scalars(select(Handoff)).one()


def post(client, path, **data):
    page = client.get(path.rsplit("/", 1)[0]).get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(page), **data}, follow_redirects=True)


def test_an_sms_member_is_answered_by_an_agent_then_handed_back_to_the_assistant(app, fake_rasa):
    member = Texter(app.test_client())
    assert member.texts("I want a person") == [QUEUED_NOTICE]
    agent = app.test_client()
    sign_in(agent)

    queue = page_text(agent.get("/staff/handoffs"))
    assert "Handoff" in queue and "SMS" in queue and "waiting" in queue
    [row] = agent.get("/staff/handoffs.json").get_json()["handoffs"]
    assert row["status"] == "waiting" and row["language"] == "en" and row["waiting"] == "0 min"
    assert row["last_activity"].endswith(("CST", "CDT"))  # the co-op's own time zone

    handoff = only_handoff(app)
    page = f"/staff/handoffs/{handoff.id}"
    shown = page_text(agent.get(page))
    assert "Take this conversation" in shown and "Times are in the co-op's time zone (America/Chicago)" in shown
    assert "The conversation is yours" in page_text(post(agent, f"{page}/claim"))
    assert post(agent, f"{page}/reply", message="Hi, this is Ana from member services. How can I help?").status_code == 200
    assert outbox(app) == [{"to": PHONE, "from": None, "body": "Hi, this is Ana from member services. How can I help?",
                            "created_at": outbox(app)[0]["created_at"]}]

    # The member's next message reaches the agent, not the assistant.
    assert member.texts("I am stuck at the name, my zip is 78620") == []
    messages = agent.get(f"{page}/messages.json?after=0").get_json()["messages"]
    assert [(m["author"], m["text"]) for m in messages] == [
        ("agent", "Hi, this is Ana from member services. How can I help?"),
        ("member", "I am stuck at the name, my zip is [redacted]")]
    assert fake_rasa.messages_from(phone_key(app.config["COOPBOT"].secret_key, PHONE)) == ["I want a person"]

    done = post(agent, f"{page}/back")
    assert "Handed back to the assistant." in page_text(done)
    assert [text["body"] for text in outbox(app)[1:]] == [
        "You are back with the assistant. Your answers so far are kept.", ASSISTANT]
    with app.extensions["coopbot.sessions"]() as session:
        row = session.get(Handoff, handoff.id)
        assert row.status == "returned" and row.reply_to is None  # the number is not kept
        trail = [(e.staff.email, e.action) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("handoff_%")).order_by(AuditEntry.id))]
    assert trail == [(AGENT_EMAIL, "handoff_claim"), (AGENT_EMAIL, "handoff_reply"), (AGENT_EMAIL, "handoff_back")]
    # The assistant has the conversation again.
    assert member.texts("Garza") == [ASSISTANT]
    dashboard = page_text(agent.get("/staff/"))
    assert "Asked for a person 1" in dashboard and "Median time to the first answer 0 min" in dashboard


def test_a_second_agent_cannot_take_or_answer_a_claimed_conversation(app):
    Texter(app.test_client()).texts("a person please")
    page = f"/staff/handoffs/{only_handoff(app).id}"
    first, second = app.test_client(), app.test_client()
    sign_in(first)
    sign_in(second, email=ADMIN_EMAIL)
    post(first, f"{page}/claim")
    assert "Another agent has this conversation." in page_text(post(second, f"{page}/claim"))
    assert "Another agent has this conversation." in page_text(post(second, f"{page}/reply", message="hello"))
    assert "Another agent has this conversation." in page_text(post(second, f"{page}/close"))
    assert outbox(app) == []


@pytest.mark.parametrize("reply, problem", [
    ("Your SSN ends in 6789, right? 123-45-6789", "looks like a secret"),
    ("Is your ZIP 78620?", "looks like a secret"),
    ("Write to me at ana.agent@example.com", "looks like a secret"),
    ("x " * 200, "Too long for two text messages: 399 of 306 characters."),
])
def test_an_agent_reply_is_held_to_the_assistant_s_rules(app, reply, problem):
    Texter(app.test_client()).texts("a person please")
    page = f"/staff/handoffs/{only_handoff(app).id}"
    agent = app.test_client()
    sign_in(agent)
    post(agent, f"{page}/claim")
    assert problem in page_text(post(agent, f"{page}/reply", message=reply))
    assert outbox(app) == []
    assert agent.get(f"{page}/messages.json").get_json()["messages"] == []


def test_nothing_is_texted_to_a_number_that_opted_out(app):
    member = Texter(app.test_client())
    member.texts("a person please")
    member.texts("STOP")
    page = f"/staff/handoffs/{only_handoff(app).id}"
    agent = app.test_client()
    sign_in(agent)
    post(agent, f"{page}/claim")
    answer = page_text(post(agent, f"{page}/reply", message="Hello, can I help?"))
    assert "This number opted out of texts (STOP): nothing was sent." in answer
    assert outbox(app) == []


def test_the_agent_is_told_when_twilio_answers_that_the_text_failed(make_app, settings_for, db_url, fake_rasa,
                                                                    fake_actions, fake_api, monkeypatch):
    from functools import partial

    from backend.notify import sms
    from tests.support.fake_twilio import FakeTwilio

    settings = settings_for(db_url, twilio_auth_token=TWILIO_TOKEN, public_url=PUBLIC_URL,
                            rasa_url=fake_rasa.url, action_server_url=fake_actions.url, backend_url=fake_api.url,
                            staffed_hours="Mon-Sun 00:00-24:00 America/Chicago",
                            twilio_account_sid="AC" + "1" * 32, twilio_from_number="+15125550000")
    app = make_app(settings, testing=True)
    fake_rasa.bot = person_please_bot(app, fake_rasa)
    with transaction(app.extensions["coopbot.sessions"]) as session:
        create_staff_users(session)
    fake = FakeTwilio().start()
    try:
        monkeypatch.setattr(sms, "send_sms", partial(sms.send_sms, http_client=fake.http_client()))
        member = Texter(app.test_client())
        member.texts("a person please")
        fake.statuses[PHONE] = "failed"  # the Texter texts from PHONE
        page = f"/staff/handoffs/{only_handoff(app).id}"
        agent = app.test_client()
        sign_in(agent)
        post(agent, f"{page}/claim")
        answer = page_text(post(agent, f"{page}/reply", message="Hello, can I help?"))
    finally:
        fake.stop()
    assert "Twilio could not deliver the text: the member did not get it." in answer


def test_a_web_chat_member_sees_the_agent_s_reply_and_the_hand_back_in_the_open_widget(app, fake_rasa):
    member = app.test_client()
    token = member.post("/chat/api/session").get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    key = app.config["COOPBOT"].session_key
    fake_rasa.bot.senders[session_tokens.sender_id(key, session_tokens.session_id(key, token))] = "web"
    assert member.post("/chat/api/messages", json={"text": "a person"}, headers=headers).get_json()["handoff"]

    page = f"/staff/handoffs/{only_handoff(app).id}"
    agent = app.test_client()
    sign_in(agent)
    post(agent, f"{page}/claim")
    post(agent, f"{page}/reply", message="Hello! I'm Ana.")
    polled = member.get("/chat/api/updates?after=0", headers=headers).get_json()
    assert [m["text"] for m in polled["messages"]] == ["Hello! I'm Ana."] and polled["handoff"] is True
    last = polled["messages"][-1]["id"]

    post(agent, f"{page}/close")
    polled = member.get(f"/chat/api/updates?after={last}", headers=headers).get_json()
    assert polled == {"handoff": False, "messages": [
        {"id": last + 1, "text": "Member services closed this chat. Write again any time to continue with the assistant."}]}
    assert outbox(app) == []  # a web chat is answered in the widget, never by text
    with app.extensions["coopbot.sessions"]() as session:
        assert handoffs.open_handoff(session, "web", fake_rasa.received[-1]["sender"]) is None


def test_the_closing_words_keep_their_accents_in_the_widget_and_are_folded_by_sms(app, fake_rasa):
    """The web app's own words when a person closes a Spanish conversation, as each member reads them."""
    texter = Texter(app.test_client())
    texter.texts("quiero hablar con una persona")
    sms_page = f"/staff/handoffs/{only_handoff(app).id}"
    widget = app.test_client()
    token = widget.post("/chat/api/session").get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    widget.post("/chat/api/messages", json={"text": "quiero hablar con una persona"}, headers=headers)
    with app.extensions["coopbot.sessions"]() as session:
        web_page = f"/staff/handoffs/{session.scalars(select(Handoff).where(Handoff.channel == 'web')).one().id}"
    agent = app.test_client()
    sign_in(agent)
    for page in (sms_page, web_page):
        post(agent, f"{page}/claim")
        post(agent, f"{page}/close")
    closed = "Servicio al socio cerró este chat. Escriba cuando quiera para seguir con el asistente."
    assert [text["body"] for text in outbox(app)] == [closed.replace("ó", "o")]
    assert [m["text"] for m in widget.get("/chat/api/updates?after=0", headers=headers).get_json()["messages"]] == [
        closed]


def test_the_console_needs_a_signed_in_agent(app):
    client = app.test_client()
    assert client.get("/staff/handoffs").status_code in (302, 303)
    assert client.get("/staff/handoffs.json").status_code in (302, 303, 401)


def test_a_reset_link_goes_only_to_the_address_on_file_of_an_account_the_conversation_proved(app):
    member = Texter(app.test_client())
    member.texts("a person please, my email is now new.address@example.com")
    handoff = only_handoff(app)
    factory = app.extensions["coopbot.sessions"]
    add_registration(factory, add_member(factory), status="active")
    agent = app.test_client()
    sign_in(agent)
    page = f"/staff/handoffs/{handoff.id}"
    post(agent, f"{page}/claim")
    assert "has not proven the account" in page_text(post(agent, f"{page}/link", kind="reset"))
    assert mails(app) == []

    # The member proves the account (as the assistant's steps do) ...
    with factory() as session:
        assert verification.check_account(session, handoff.sender_key, ACCOUNT, "Doe").result == verification.MATCH
        verification.verify_secret(session, app.config["COOPBOT"], handoff.sender_key, zip_code=ZIP)
        session.commit()
    # ... and the link goes to the address on file, never to the one typed in the chat.
    assert "Mailed to j***@e***.com, the address on file." in page_text(post(agent, f"{page}/link", kind="reset"))
    assert [mail["To"] for mail in mails(app)] == [EMAIL]
    with factory() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "handoff_link")).all()
        assert entry.staff.email == AGENT_EMAIL and entry.detail.endswith("reset sent")


def mails(app):
    folder = app.config["COOPBOT"].outbox_dir
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def test_the_misunderstood_view_links_to_the_handoff_a_misunderstanding_led_to(app):
    member = Texter(app.test_client())
    member.texts("gibberish blorf")
    member.texts("a person please")
    agent = app.test_client()
    sign_in(agent)
    page = agent.get("/staff/misunderstood").get_data(as_text=True)
    handoff = only_handoff(app)
    assert f'href="/staff/handoffs/{handoff.id}">led to handoff {handoff.id}</a>' in page
