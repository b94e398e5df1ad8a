"""The web chat's page, files and JSON API, through Flask's test client.

Rasa is outside the web app: a FakeRasa on a real loopback socket answers like
its REST channel, so the real relay and Rasa client run. Each test runs on
SQLite and PostgreSQL (the relay writes the transcript).
"""

from __future__ import annotations

import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from backend.storage.models import Conversation, SmsOptOut, TranscriptMessage
from webhook.chat import session_tokens
from webhook.relay import TROUBLE

ALLOWED_SITE = "https://www.example.coop"


@pytest.fixture
def chat_app(make_app, db_url, fake_rasa):
    app = make_app(db_url, rasa_url=fake_rasa.url, chat_origins=(ALLOWED_SITE,))
    app.config.update(TESTING=True)
    yield app


@pytest.fixture
def chat(chat_app):
    return chat_app.test_client()


def new_token(client, **kwargs) -> str:
    response = client.post("/chat/api/session", **kwargs)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["token"]


def send(client, token: str | None, text, **kwargs):
    headers = dict(kwargs.pop("headers", {}))
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.post("/chat/api/messages", json={"text": text}, headers=headers, **kwargs)


def choose_bot(sender, text):
    messages = [
        {"recipient_id": sender, "text": "Which security question would you like? Reply 1, 2 or 3."},
        {"recipient_id": sender, "text": "Pick one:", "buttons": [
            {"title": "Your first pet's name", "payload": "1"},
            {"title": "The city you were born in", "payload": "2"},
        ]},
    ]
    return messages, {"requested_slot": "security_question"}, "inform", 0.97


# ---------------------------------------------------------------------------------- the page
def test_page_shows_the_widget_and_no_operator_block(chat):
    """Members read the page: the line a co-op pastes into its site (and the setting it needs) is
    in docs/configuration.md, never on it (a play-test's members read "Add this chat to your web site")."""
    response = chat.get("/chat")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<meta name="viewport"' in page
    assert "<main" in page and "data-coopbot-chat" in page
    assert re.search(r'<script src="/chat/widget\.js"[^>]*defer', page)
    assert "Add this chat to your web site" not in page and "COOPBOT_CHAT_ORIGINS" not in page
    assert "snippet-code" not in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_favicon_is_served(chat):
    """Browsers ask for /favicon.ico on every page: an icon, not a 404 in the console."""
    icon = chat.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert "<svg" in icon.get_data(as_text=True)
    assert 'rel="icon"' in chat.get("/chat").get_data(as_text=True)


def test_page_escapes_the_configured_url(make_app, sqlite_url):
    app = make_app(sqlite_url, public_url='http://coopbot.test/"><script>alert(1)</script>')
    page = app.test_client().get("/chat").get_data(as_text=True)
    assert "<script>alert(1)" not in page


def test_widget_files_are_served_by_the_app(chat):
    script = chat.get("/chat/widget.js")
    assert script.status_code == 200
    assert script.mimetype == "text/javascript"
    assert script.headers["X-Content-Type-Options"] == "nosniff"
    source = script.get_data(as_text=True)
    # Text is only ever inserted as text: none of the ways to inject markup are used.
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert unsafe not in source
    style = chat.get("/chat/widget.css")
    assert style.status_code == 200
    assert style.mimetype == "text/css"


# ---------------------------------------------------------------------------------- sessions
def test_session_tokens_are_random_and_signed(chat, chat_app):
    first, second = new_token(chat), new_token(chat)
    assert first != second
    key = chat_app.config["COOPBOT"].session_key
    assert session_tokens.session_id(key, first) != session_tokens.session_id(key, second)


def test_a_message_without_a_token_is_refused(chat, fake_rasa):
    response = send(chat, None, "hello")
    assert response.status_code == 401
    assert "session" in response.get_json()["error"]
    assert fake_rasa.received == []


@pytest.mark.parametrize("token", [
    "not-a-token",
    URLSafeTimedSerializer("another-secret", salt="coopbot.chat.session").dumps("a" * 32),
    URLSafeTimedSerializer("test-secret-key", salt="something-else").dumps("a" * 32),
], ids=["garbage", "signed-with-another-key", "signed-for-another-purpose"])
def test_a_bad_or_forged_token_is_refused(chat, fake_rasa, token):
    response = send(chat, token, "hello")
    assert response.status_code == 401
    assert response.get_json()["error"]
    assert fake_rasa.received == []


@pytest.mark.parametrize("method, path", [("post", "/chat/api/messages"), ("get", "/chat/api/updates")])
@pytest.mark.parametrize("token, error", [
    (None, "Your chat session is missing. Please reload the page."),
    ("not-a-token", "Your chat session has expired. Please start again."),
], ids=["missing", "forged"])
def test_both_endpoints_refuse_a_chat_without_its_session_alike(chat, fake_rasa, method, path, token, error):
    """The widget is told the same thing by both endpoints, with the CORS headers its site needs to read it."""
    headers = {"Origin": ALLOWED_SITE} | ({"Authorization": f"Bearer {token}"} if token else {})
    response = getattr(chat, method)(path, json={"text": "hello"} if method == "post" else None, headers=headers)
    assert response.status_code == 401
    assert response.get_json() == {"error": error}
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_SITE
    assert fake_rasa.received == []


def test_an_expired_token_is_refused():
    token = session_tokens.issue("k")
    assert session_tokens.session_id("k", token)
    with pytest.raises(session_tokens.InvalidToken):
        session_tokens.session_id("k", token, max_age=-1)


# ---------------------------------------------------------------------------------- messages
def test_the_web_chat_shows_each_reply_apart_however_long_the_turn(chat, fake_rasa):
    """Only SMS texts a long turn's replies together (webhook.relay): the chat shows each as it is."""
    from tests.support.sms_replies import EXPLANATION, QUESTION, bot_replies
    fake_rasa.bot = bot_replies(EXPLANATION, QUESTION)
    replies = send(chat, new_token(chat), "why do you need my zip?").get_json()["replies"]
    assert [reply["text"] for reply in replies] == [EXPLANATION, QUESTION]


def test_replies_come_back_as_json_with_buttons(chat, fake_rasa):
    fake_rasa.bot = choose_bot
    token = new_token(chat)
    response = send(chat, token, "I want to sign up")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {"replies": [
        {"text": "Which security question would you like? Reply 1, 2 or 3.", "buttons": []},
        {"text": "Pick one:", "buttons": [
            {"title": "Your first pet's name", "payload": "1"},
            {"title": "The city you were born in", "payload": "2"},
        ]},
    ], "secret": False, "language": "en", "handoff": False}


def test_a_message_holding_a_secret_is_flagged_so_the_widget_keeps_no_copy(chat, fake_rasa):
    fake_rasa.bot = lambda sender, text: (
        [{"text": "Thanks, that matches."}], {"_secret": True, "requested_slot": "email"}, "inform", 0.97)
    token = new_token(chat)
    answer = send(chat, token, "78620").get_json()
    assert answer["secret"] is True
    fake_rasa.bot = choose_bot
    assert send(chat, token, "what now").get_json()["secret"] is False


def test_rasa_knows_the_chat_by_a_pseudonym_that_stays_the_same(chat, chat_app, fake_rasa):
    token = new_token(chat)
    send(chat, token, "hi")
    send(chat, token, "my account is 1001234567")
    other = new_token(chat)
    send(chat, other, "hi")
    senders = [r["sender"] for r in fake_rasa.received]
    assert senders[0] == senders[1] != senders[2]
    session = session_tokens.session_id(chat_app.config["COOPBOT"].session_key, token)
    assert re.fullmatch(r"[0-9a-f]{64}", senders[0])
    assert session not in senders[0] and token not in senders[0]
    assert fake_rasa.received[0]["message"] == "hi"


def test_the_turn_is_kept_in_the_transcript_as_a_web_conversation(chat, chat_app, fake_rasa):
    token = new_token(chat)
    send(chat, token, "hello there")
    sender = fake_rasa.received[0]["sender"]
    with chat_app.app_context():
        from webhook.database import get_session

        session = get_session()
        conversation = session.scalars(select(Conversation).where(Conversation.sender_key == sender)).one()
        assert conversation.channel == "web"
        texts = session.scalars(
            select(TranscriptMessage.text).where(TranscriptMessage.conversation_id == conversation.id)
        ).all()
    assert "hello there" in texts


@pytest.mark.parametrize("body, expected", [
    ({"text": ""}, "type a message"),
    ({"text": "   "}, "type a message"),
    ({"text": "x" * 1001}, "too long"),
    ({"text": 42}, '{"text"'),
    ({"message": "hi"}, '{"text"'),
    (["hi"], '{"text"'),
])
def test_bad_input_gets_a_clear_answer_and_reaches_nobody(chat, fake_rasa, body, expected):
    token = new_token(chat)
    response = chat.post("/chat/api/messages", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert expected in response.get_json()["error"]
    assert fake_rasa.received == []


def test_a_body_that_is_not_json_is_refused(chat, fake_rasa):
    token = new_token(chat)
    response = chat.post("/chat/api/messages", data="text=hi",
                         headers={"Authorization": f"Bearer {token}"},
                         content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert fake_rasa.received == []


def test_when_rasa_is_down_the_member_gets_a_polite_reply(chat, fake_rasa):
    fake_rasa.fail_status = 500
    token = new_token(chat)
    response = send(chat, token, "hello")
    assert response.status_code == 200
    assert response.get_json() == {"replies": [{"text": TROUBLE, "buttons": []}], "secret": False, "language": "en",
                                    "handoff": False}


def test_markup_in_a_reply_is_returned_as_json_text_never_as_a_page(chat, fake_rasa):
    fake_rasa.bot = lambda sender, text: ([{"text": '<img src=x onerror="alert(1)">'}], {}, "greet", 0.9)
    response = send(chat, new_token(chat), "hi")
    assert response.mimetype == "application/json"
    assert response.get_json()["replies"][0]["text"] == '<img src=x onerror="alert(1)">'


# ---------------------------------------------------------------------------------- CORS
def test_our_own_page_needs_no_cors_headers(chat):
    token = new_token(chat, headers={"Origin": "http://coopbot.test"})
    response = send(chat, token, "hi", headers={"Origin": "http://coopbot.test"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_an_allowed_site_gets_cors_headers(chat):
    preflight = chat.options("/chat/api/messages", headers={
        "Origin": ALLOWED_SITE,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    })
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == ALLOWED_SITE
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    allowed_headers = preflight.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed_headers and "content-type" in allowed_headers
    assert "Origin" in preflight.headers["Vary"]

    token = new_token(chat, headers={"Origin": ALLOWED_SITE})
    response = send(chat, token, "hi", headers={"Origin": ALLOWED_SITE})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_SITE
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("origin", ["https://evil.example", "http://www.example.coop", "null"])
def test_any_other_site_is_refused(chat, fake_rasa, origin):
    preflight = chat.options("/chat/api/messages", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
    })
    assert preflight.status_code == 403
    assert "Access-Control-Allow-Origin" not in preflight.headers

    session = chat.post("/chat/api/session", headers={"Origin": origin})
    assert session.status_code == 403
    assert "Access-Control-Allow-Origin" not in session.headers

    response = send(chat, new_token(chat), "hi", headers={"Origin": origin})
    assert response.status_code == 403
    assert "not allowed" in response.get_json()["error"]
    assert fake_rasa.received == []


def test_chat_origins_come_from_the_environment(monkeypatch, tmp_path):
    from backend.core.config import load_settings

    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("COOPBOT_CHAT_ORIGINS", " https://WWW.Example.coop/ ,https://pec.example ")
    assert load_settings().chat_origins == ("https://www.example.coop", "https://pec.example")
    monkeypatch.delenv("COOPBOT_CHAT_ORIGINS")
    assert load_settings().chat_origins == ()


def test_an_allowed_site_may_poll_for_a_person_s_replies(chat):
    preflight = chat.options("/chat/api/updates", headers={
        "Origin": ALLOWED_SITE,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    })
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == ALLOWED_SITE
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    token = new_token(chat, headers={"Origin": ALLOWED_SITE})
    response = chat.get("/chat/api/updates?after=0",
                        headers={"Origin": ALLOWED_SITE, "Authorization": f"Bearer {token}"})
    assert response.get_json() == {"messages": [], "handoff": False}
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_SITE
    refused = chat.get("/chat/api/updates", headers={"Origin": "https://evil.example",
                                                     "Authorization": f"Bearer {token}"})
    assert refused.status_code == 403


# ------------------------------------------------------------------------------ stop words
# A stop word typed in the web chat (STOP, PARAR): there is no number to opt out, so the chat opts
# nothing out and answers with no carrier confirmation; the word goes to the dialogue, marked as the
# web chat's, which stops the sign-up and keeps its place (tests/actions/test_stop_word_in_chat.py).
KEPT = {"en": "OK, I stopped the sign-up here and kept your answers; nothing is registered yet.",
        "es": "Está bien, detuve el registro aquí y guardé sus respuestas; todavía no hay nada registrado."}
CARRIER = ("resubscribe", "Ya no recibira", "You will no longer", "opted out", "INICIAR", "START")


@pytest.mark.parametrize("word, language", [("STOP", "en"), ("cancel", "en"), ("PARAR", "es"), ("No más", "es")])
def test_a_stop_word_in_the_chat_goes_to_the_dialogue_and_opts_nothing_out(chat, chat_app, fake_rasa, word, language):
    fake_rasa.bot = lambda sender, text: ([{"text": KEPT[language]}], {"outcome": "paused"}, "never_mind", 0.99)
    token = new_token(chat)
    answer = send(chat, token, word).get_json()
    assert [reply["text"] for reply in answer["replies"]] == [KEPT[language]]
    assert not any(carrier in reply["text"] for reply in answer["replies"] for carrier in CARRIER)
    received = fake_rasa.received[-1]
    assert received["message"] == word and received["metadata"]["channel"] == "web"
    with chat_app.app_context():
        from webhook.database import get_session

        assert get_session().scalar(select(func.count()).select_from(SmsOptOut)) == 0
