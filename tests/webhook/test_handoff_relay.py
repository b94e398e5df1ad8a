"""While a person has the conversation the assistant is silent and the member's messages go to the agent.

Rasa is a FakeRasa on a real socket; its scripted bot plays the action server's
part of "a person, please" by queueing the conversation in the database, as
``POST /api/handoffs`` does. Each test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from backend import staff
from backend.notify.consent import phone_key
from backend.staff import handoffs
from tests.support.handoff_bot import QUEUED_NOTICE, held_messages, person_please_bot, web_chat_session
from tests.support.sms import Texter

@pytest.fixture
def app(make_app, sms_settings, fake_rasa):
    app = make_app(sms_settings.model_copy(update={"staffed_hours": "Mon-Sun 00:00-24:00 UTC"}), testing=True)
    fake_rasa.bot = person_please_bot(app, fake_rasa)
    return app


def test_sms_member_queued_then_silent_while_the_agent_has_the_conversation(app, fake_rasa):
    texter = Texter(app.test_client())
    assert texter.texts("I want a person") == [QUEUED_NOTICE]  # the form's question is held back
    assert texter.texts("my zip is 78620 and my email is ana@example.com, help") == []
    assert texter.texts("hello?") == []
    assert fake_rasa.messages_from(_sender(app)) == ["I want a person"]  # nothing else reached Rasa
    [(status, reply_to, messages)] = held_messages(app)
    assert status == "waiting" and reply_to == "+15125550100"
    assert [author for author, _ in messages] == ["member", "member"]
    assert "78620" not in messages[0][1] and "ana@example.com" not in messages[0][1]
    assert "[redacted]" in messages[0][1] and messages[1][1] == "hello?"


def test_stop_still_wins_during_a_handoff(app, fake_rasa):
    texter = Texter(app.test_client())
    texter.texts("I want a person")
    [confirmation] = texter.texts("STOP")
    assert confirmation.startswith("You are unsubscribed from")
    assert texter.texts("hello?") == []  # opted out: silence, and nothing for the agent either
    [(_, _, messages)] = held_messages(app)
    assert messages == []


def test_web_chat_member_is_silent_for_rasa_and_polls_the_agent_s_replies(app, fake_rasa):
    client, headers, sender = web_chat_session(app, fake_rasa)
    answer = client.post("/chat/api/messages", json={"text": "a person please"}, headers=headers).get_json()
    assert [r["text"] for r in answer["replies"]] == [QUEUED_NOTICE] and answer["handoff"] is True
    answer = client.post("/chat/api/messages", json={"text": "are you there?"}, headers=headers).get_json()
    assert answer["replies"] == [] and answer["handoff"] is True
    assert fake_rasa.messages_from(sender) == ["a person please"]

    polled = client.get("/chat/api/updates?after=0", headers=headers).get_json()
    assert polled == {"messages": [], "handoff": True}
    with app.extensions["coopbot.sessions"]() as session:
        agent = staff.create_staff(session, "agent@example.com", "a long enough password")
        handoff = handoffs.open_handoff(session, "web", sender)
        handoffs.claim(session, handoff.id, agent.id)
        reply = handoffs.add_agent_reply(session, handoff.id, agent.id, "Hi, I am Ana. How can I help?")
        session.commit()
        reply_id = reply.id
    polled = client.get("/chat/api/updates?after=0", headers=headers).get_json()
    assert polled == {"messages": [{"id": reply_id, "text": "Hi, I am Ana. How can I help?"}], "handoff": True}
    assert client.get(f"/chat/api/updates?after={reply_id}", headers=headers).get_json()["messages"] == []
    # Another chat session sees nothing of it.
    other = client.post("/chat/api/session").get_json()["token"]
    assert client.get("/chat/api/updates?after=0",
                      headers={"Authorization": f"Bearer {other}"}).get_json() == {"messages": [], "handoff": False}
    assert client.get("/chat/api/updates?after=0").status_code == 401


def test_a_language_click_while_a_person_has_the_web_chat_reaches_neither_rasa_nor_the_agent(app, fake_rasa):
    """The widget sends a click on "Español" at once; a person has the conversation, so no
    assistant's words come back and the agent gets no empty message; the language is kept."""
    client, headers, sender = web_chat_session(app, fake_rasa)
    assert client.post("/chat/api/messages", json={"text": "a person please"}, headers=headers).get_json()["handoff"]
    answer = client.post("/chat/api/messages", json={"language": "es"}, headers=headers).get_json()
    assert answer == {"replies": [], "language": "es", "secret": False, "handoff": True}
    assert fake_rasa.messages_from(sender) == ["a person please"]
    [(_, _, messages)] = held_messages(app, "web")
    assert messages == []


@pytest.mark.parametrize("body", [{"language": None}, {"language": "fr"}, {"language": ""}])
def test_a_language_not_offered_while_a_person_has_the_web_chat_is_refused_and_queues_nothing(app, fake_rasa, body):
    """Only a language the co-op offers may come without text: any other is no click on a language
    button, refused as an empty message would be, and the agent gets no empty line."""
    client, headers, sender = web_chat_session(app, fake_rasa)
    assert client.post("/chat/api/messages", json={"text": "a person please"}, headers=headers).get_json()["handoff"]
    for _ in range(3):
        assert client.post("/chat/api/messages", json=body, headers=headers).status_code == 400
    assert fake_rasa.messages_from(sender) == ["a person please"]
    [(_, _, messages)] = held_messages(app, "web")
    assert messages == []


def _sender(app):
    return phone_key(app.config["COOPBOT"].secret_key, "+15125550100")


def test_a_web_chat_still_waiting_when_staff_go_off_duty_goes_back_to_the_assistant(app, fake_rasa):
    client = app.test_client()
    token = client.post("/chat/api/session").get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/chat/api/messages", json={"text": "a person please"}, headers=headers).get_json()["handoff"]
    # Staff hours are over (an operator's new schedule, or the evening): nobody took it.
    app.config["COOPBOT"] = app.config["COOPBOT"].model_copy(update={"staffed_hours": None})
    answer = client.post("/chat/api/messages", json={"text": "hello?"}, headers=headers).get_json()
    assert [r["text"] for r in answer["replies"]] == ["Assistant here."] and answer["handoff"] is False
