"""Internationalised addresses: sent with SMTPUTF8 when the server offers it, else refused at
registration with a result the bot turns into a question for another address. Real SMTP
servers (aiosmtpd) with and without SMTPUTF8."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import Notification
from backend.notify import dispatch, mail
from tests.support.backend_helpers import GARZA, SmtpServer, load_members, outbox_mails
from tests.support.api_calls import HEADERS, register, verify

UTF8_LOCAL = "b\u00fccher@example.com"
IDN_DOMAIN = "jane@b\u00fccher.de"


@pytest.fixture
def utf8_server():
    server = SmtpServer(enable_SMTPUTF8=True).start()
    yield server
    server.stop()


@pytest.fixture
def plain_server():
    server = SmtpServer(enable_SMTPUTF8=False).start()
    yield server
    server.stop()


def _api(app):
    client = app.test_client()

    def call(method, path, json=None, headers=HEADERS):
        # Closed like a WSGI server closes a sent answer (mail goes out only then).
        with client.open(f"/api{path}", method=method, json=json, headers=headers) as response:
            return response.status_code, response.get_json()

    return call


@pytest.fixture
def make_api(make_app, db_url):
    """The registration API's own app with setting overrides, and its settings."""

    def build(**overrides):
        app = make_app(db_url, api=True, testing=True, **overrides)
        return app, app.config["COOPBOT"]

    yield build
    mail._probe_cache.clear()


@pytest.fixture
def verified_api(make_api, session_factory):
    """The API on ``server``, with Garza loaded and conversation c1 verified."""

    def build(server):
        app, settings = make_api(smtp_url=server.url)
        load_members(session_factory, settings, GARZA)
        api = _api(app)
        verify(api)
        return api

    return build


def test_an_international_address_is_sent_with_smtputf8(verified_api, session_factory, utf8_server):
    api = verified_api(utf8_server)
    status, body = register(api, email=UTF8_LOCAL)
    assert (status, body["result"]) == (200, "created")
    [(envelope_from, recipients, message)] = utf8_server.inbox.messages
    assert recipients == [UTF8_LOCAL]
    assert message["To"] == UTF8_LOCAL  # a readable UTF-8 header, not an RFC 2047 encoded word
    with session_factory() as session:
        assert session.scalars(select(Notification.status)).one() == dispatch.SENT


def test_without_smtputf8_the_address_is_refused_at_registration(verified_api, session_factory, plain_server):
    api = verified_api(plain_server)
    status, body = register(api, email=UTF8_LOCAL)
    assert (status, body) == (200, {"result": "email_not_supported"})
    assert plain_server.inbox.messages == []
    with session_factory() as session:
        assert session.scalars(select(Notification)).all() == []
    # The member then gives an ASCII address and is registered.
    status, body = api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com",
                                                 "terms_accepted": True})
    assert (status, body["result"]) == (200, "created")
    [(_, recipients, _)] = plain_server.inbox.messages
    assert recipients == ["maria@example.com"]


def test_a_domain_in_another_script_is_sent_in_ascii_to_any_server(verified_api, plain_server):
    api = verified_api(plain_server)
    status, body = register(api, email=IDN_DOMAIN)
    assert (status, body["result"]) == (200, "created")
    [(_, recipients, message)] = plain_server.inbox.messages
    assert recipients == ["jane@xn--bcher-kva.de"]
    assert message["To"] == "jane@xn--bcher-kva.de"


def test_a_mail_the_server_cannot_take_fails_at_once_not_retried(settings_for, db_url, plain_server):
    settings = settings_for(db_url, smtp_url=plain_server.url)
    message = mail.build_message(settings, UTF8_LOCAL, "Hello", "text", "<p>html</p>")
    with pytest.raises(mail.UndeliverableAddress):
        mail.send(settings, message)
    assert plain_server.inbox.messages == []


def test_the_outbox_keeps_an_international_address_readable(settings_for, db_url, tmp_path):
    settings = settings_for(db_url)
    assert mail.can_deliver(settings, UTF8_LOCAL)  # no SMTP server: the outbox takes any address
    path = mail.send(settings, mail.build_message(settings, UTF8_LOCAL, "Hello", "text", "<p>html</p>"))
    assert UTF8_LOCAL.encode() in path.read_bytes()
    [message] = outbox_mails(settings.outbox_dir)
    assert message["To"] == UTF8_LOCAL


def test_the_bot_asks_for_another_address_in_plain_sms_text():
    from actions import messages
    from common import gsm

    text = messages.email_not_supported()
    assert gsm.is_gsm7(text) and gsm.septets(text) <= 306
