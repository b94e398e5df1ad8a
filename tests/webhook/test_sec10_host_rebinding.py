"""Attacker: DNS rebinding. A page on a stranger's domain points that name at the web app.

The browser then sends the stranger's name as ``Host`` and as ``Origin``; the two agreed, so the
chat's same-origin check opened a conversation for the stranger's page, and the member and staff
pages answered under the stranger's origin. Only the public URL's host, the chat origins', the
hosts of COOPBOT_ALLOWED_HOSTS and loopback are answered; /healthz, /metrics and Twilio's signed
webhooks are answered under any host (a load balancer probes by address; Twilio signs over the
public URL).
"""

from __future__ import annotations

import pytest

from tests.support.sms import PUBLIC_URL, TWILIO_TOKEN, Texter
from webhook.sms_simulator import signed_form

SITE = "https://www.example.coop"  # a co-op site allowed to embed the chat
EVIL = "evil.example:8000"


@pytest.fixture
def web(make_app, settings_for, db_url, fake_rasa, fake_actions, fake_api):
    settings = settings_for(db_url, twilio_auth_token=TWILIO_TOKEN, public_url=PUBLIC_URL,
                            rasa_url=fake_rasa.url, action_server_url=fake_actions.url, backend_url=fake_api.url,
                            chat_origins=(SITE,), allowed_hosts=("Coop-Bot.Example.net",))
    return make_app(settings, testing=True).test_client()


def test_a_rebinding_page_gets_no_chat_session_and_sends_nothing_to_rasa(web, fake_rasa):
    evil = {"Host": EVIL, "Origin": f"http://{EVIL}"}
    assert web.post("/chat/api/session", headers=evil).status_code == 400
    token = web.post("/chat/api/session").get_json()["token"]  # one the visitor's own tab holds
    answer = web.post("/chat/api/messages", json={"text": "I want to sign up"},
                      headers=evil | {"Authorization": f"Bearer {token}"})
    assert answer.status_code == 400 and fake_rasa.received == []


@pytest.mark.parametrize("path", ["/chat", "/login", "/account", "/activate/" + "a" * 43, "/terms",
                                  "/staff/sign-in", "/staff/", "/chat/widget.js"])
def test_member_staff_and_chat_pages_are_refused_under_a_stranger_s_host(web, path):
    answer = web.get(path, headers={"Host": EVIL})
    assert answer.status_code == 400
    assert answer.get_data(as_text=True) == "Unknown host.\n"


@pytest.mark.parametrize("host", ["coop.example", "COOP.example:443", "www.example.coop", "coop-bot.example.net",
                                  "localhost:8000", "127.0.0.1:8000", "[::1]:8000"])
def test_the_co_op_s_own_names_and_loopback_are_answered(web, host):
    assert web.get("/chat", headers={"Host": host}).status_code == 200


def test_health_and_twilio_s_signed_webhooks_are_answered_under_any_host(web):
    assert web.get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code in (200, 503)
    form, headers = signed_form(TWILIO_TOKEN, PUBLIC_URL, "HELP")
    answer = web.post("/sms", data=form, headers=headers | {"Host": "10.0.0.7:8000"})
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    # Still refused unsigned, whatever the host.
    assert web.post("/sms", data=form, headers={"Host": "10.0.0.7:8000"}).status_code == 403
    assert Texter(web).post("HELP", headers={"Host": "coop.example"}).status_code == 200
