"""Member mail: a real SMTP server (aiosmtpd), the outbox fallback, retries and the CLI."""

from __future__ import annotations

import os
import re
import shutil
import ssl
import stat
import subprocess
from datetime import timedelta

import pytest
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner
from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.storage.models import ACTIVE, Registration, RegistrationDraft, utcnow
from backend.notify import compose, dispatch, mail
from tests.support.backend_helpers import SmtpServer, free_port, outbox_mails, parts, wait_for
from tests.support.notifications import factory_for, notification, queue_activation
from webhook.cli import cli

LINK = re.compile(r"(http://coopbot\.test/activate/([A-Za-z0-9_-]{40,})(?:\?lang=[a-z]+)?)")
MAIL_FROM = "online@pec.example"


def assert_link_activates(factory, settings, token):
    with factory() as session:
        assert accounts.activation_page_state(session, token).state == accounts.VALID
        result = accounts.activate(session, token, "a long enough passphrase", settings)
        session.commit()
    assert result.state == accounts.ACTIVATED
    with factory() as session:
        assert session.scalars(select(Registration)).one().status == ACTIVE


def test_activation_mail_through_a_real_smtp_server(settings_for, db_url, smtp_server):
    settings = settings_for(db_url, smtp_url=smtp_server.url, mail_from=MAIL_FROM)
    factory = factory_for(settings)
    outcome = queue_activation(settings, factory)
    assert dispatch.deliver(settings, factory, outcome.notification_ids[0]) is True

    [(envelope_from, recipients, message)] = smtp_server.inbox.messages
    assert envelope_from == MAIL_FROM and recipients == ["maria@example.com"]
    assert message["From"] == f"Pedernales Electric Cooperative <{MAIL_FROM}>"
    assert message["To"] == "maria@example.com"
    assert message["Subject"] == "Activate your Pedernales Electric Cooperative online account"
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    link, token = LINK.search(text).groups()
    assert f'href="{link}"' in html
    for body in (" ".join(text.split()), " ".join(html.split())):
        assert MAIL_FROM in body  # the sender to look for (and to allow past spam filters)
        assert "once" in body and "expires in 24 hours" in body
        assert "If it has expired" in body
        assert settings.support_phone in body
    assert "<html" in html and "<html" not in text
    sent = notification(factory, outcome.notification_ids[0])
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, None)
    assert sent.sent_at is not None
    assert_link_activates(factory, settings, token)


def test_without_smtp_the_mail_goes_to_the_outbox(settings_for, db_url):
    settings = settings_for(db_url)  # no smtp_url
    factory = factory_for(settings)
    outcome = queue_activation(settings, factory)
    assert dispatch.deliver(settings, factory, outcome.notification_ids[0]) is True
    files = list(settings.outbox_dir.iterdir())
    assert len(files) == 1 and files[0].suffix == ".eml"  # no temporary file left behind
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600  # it holds a live link
    [message] = outbox_mails(settings.outbox_dir)
    text, _html = parts(message)
    assert LINK.search(files[0].read_text())  # readable raw, not encoded
    assert_link_activates(factory, settings, LINK.search(text).group(2))


def test_deliver_twice_sends_once(settings_for, db_url):
    settings = settings_for(db_url)
    factory = factory_for(settings)
    notification_id = queue_activation(settings, factory).notification_ids[0]
    assert dispatch.deliver(settings, factory, notification_id) is True
    assert dispatch.deliver(settings, factory, notification_id) is False
    assert dispatch.deliver_due(settings, factory).sent == 0
    assert len(outbox_mails(settings.outbox_dir)) == 1


def test_failed_smtp_is_retried_later_and_delivered(settings_for, db_url):
    port = free_port()  # nothing listens here yet
    settings = settings_for(db_url, smtp_url=f"smtp://127.0.0.1:{port}")
    factory = factory_for(settings)
    notification_id = queue_activation(settings, factory).notification_ids[0]
    now = utcnow()
    assert dispatch.deliver(settings, factory, notification_id, now=now) is False
    failed = notification(factory, notification_id)
    assert (failed.status, failed.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in failed.last_error
    assert failed.next_attempt_at == now + dispatch.BACKOFF[0]
    assert dispatch.deliver_due(settings, factory, now=now).sent == 0  # not due yet

    server = SmtpServer(port=port).start()
    try:
        report = dispatch.deliver_due(settings, factory, now=now + timedelta(minutes=2))
        assert report.sent == 1
        [(_from, recipients, message)] = server.inbox.messages
    finally:
        server.stop()
    assert recipients == ["maria@example.com"]
    delivered = notification(factory, notification_id)
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("sent", 2, None)
    assert_link_activates(factory, settings, LINK.search(parts(message)[0]).group(2))


def test_after_the_last_attempt_it_is_failed_and_listed(settings_for, db_url, monkeypatch, tmp_path):
    settings = settings_for(db_url, smtp_url=f"smtp://127.0.0.1:{free_port()}")
    factory = factory_for(settings)
    notification_id = queue_activation(settings, factory).notification_ids[0]
    now = utcnow()
    for attempt in range(dispatch.MAX_ATTEMPTS):
        assert dispatch.deliver(settings, factory, notification_id, now=now) is False
        now += timedelta(hours=4)
    failed = notification(factory, notification_id)
    assert (failed.status, failed.attempts) == ("failed", dispatch.MAX_ATTEMPTS)
    assert dispatch.deliver_due(settings, factory, now=now + timedelta(days=1)).sent == 0

    monkeypatch.setenv("COOPBOT_DATABASE_URL", db_url)
    monkeypatch.setenv("COOPBOT_SMTP_URL", settings.smtp_url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", settings.secret_key)
    listing = CliRunner().invoke(cli, ["notifications", "list"], catch_exceptions=False)
    assert listing.exit_code == 0
    assert re.search(rf"\s{notification_id}\s+activation\s+failed\s+{dispatch.MAX_ATTEMPTS}\s", listing.output)
    assert "m***@e***.com" in listing.output and "maria@example.com" not in listing.output
    assert "ConnectionRefusedError" in listing.output


def test_cli_retry_sends_what_is_due(settings_for, db_url, monkeypatch, smtp_server):
    settings = settings_for(db_url, smtp_url=smtp_server.url)
    factory = factory_for(settings)
    queue_activation(settings, factory)  # queued, never delivered (the web app died, say)
    monkeypatch.setenv("COOPBOT_DATABASE_URL", db_url)
    monkeypatch.setenv("COOPBOT_SMTP_URL", smtp_server.url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("COOPBOT_PUBLIC_URL", settings.public_url)
    listing = CliRunner().invoke(cli, ["notifications", "list"], catch_exceptions=False)
    assert "activation      pending" in listing.output
    result = CliRunner().invoke(cli, ["notifications", "retry"], catch_exceptions=False)
    assert result.exit_code == 0 and "Sent 1;" in result.output
    assert len(smtp_server.inbox.messages) == 1
    token = LINK.search(parts(smtp_server.inbox.messages[0][2])[0]).group(2)
    assert_link_activates(factory, settings, token)
    # Activating queued the "account is active" confirmation; the next retry sends it.
    result = CliRunner().invoke(cli, ["notifications", "retry"], catch_exceptions=False)
    assert "Sent 1;" in result.output
    assert smtp_server.inbox.messages[1][2]["Subject"] == (
        "Your Pedernales Electric Cooperative online account is active")
    after = CliRunner().invoke(cli, ["notifications", "list"], catch_exceptions=False)
    assert "No notifications waiting or failed." in after.output


def test_retry_thread_sends_queued_mail(settings_for, db_url, smtp_server):
    settings = settings_for(db_url, smtp_url=smtp_server.url)
    factory = factory_for(settings)
    queue_activation(settings, factory)
    thread = dispatch.start_retry_thread(settings, factory, interval=0.05)
    try:
        wait_for(lambda: smtp_server.inbox.messages)
    finally:
        thread.stop()
    assert not thread.is_alive()
    assert len(smtp_server.inbox.messages) == 1


def test_a_mail_no_longer_wanted_is_cancelled(settings_for, db_url):
    settings = settings_for(db_url)
    factory = factory_for(settings)
    outcome = queue_activation(settings, factory)
    with factory() as session:
        registration = session.get(Registration, session.get(RegistrationDraft, "c1").registration_id)
        accounts.unsubscribe(session, registration)
        session.commit()
    assert dispatch.deliver(settings, factory, outcome.notification_ids[0]) is False
    assert notification(factory, outcome.notification_ids[0]).status == "cancelled"
    subjects = [message["Subject"] for message in outbox_mails(settings.outbox_dir)]
    assert subjects == []  # neither the stale activation nor (yet) the unsubscribe mail
    assert dispatch.deliver_due(settings, factory).sent == 1
    assert "deleted" in outbox_mails(settings.outbox_dir)[0]["Subject"]


def test_smtp_login_with_url_encoded_credentials(settings_for, sqlite_url):
    seen = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.login == b"mailer@pec" and auth_data.password == b"p@ss:word")

    server = SmtpServer(authenticator=authenticator, auth_require_tls=False).start()
    try:
        settings = settings_for(sqlite_url, smtp_url=f"smtp://mailer%40pec:p%40ss%3Aword@127.0.0.1:{server.port}")
        message = mail.build_message(settings, "maria@example.com", "Hi", "text", "<p>html</p>")
        assert mail.send(settings, message) is None
    finally:
        server.stop()
    assert seen == [(b"mailer@pec", b"p@ss:word")]
    assert len(server.inbox.messages) == 1


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl command not installed")
def test_starttls_is_used_when_the_server_offers_it(settings_for, sqlite_url, tmp_path, monkeypatch):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = SmtpServer(tls_context=context, require_starttls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
    server.start()
    try:
        settings = settings_for(sqlite_url, smtp_url=server.url)
        message = mail.build_message(settings, "maria@example.com", "Hi", "text", "<p>html</p>")
        mail.send(settings, message)
    finally:
        server.stop()
    assert len(server.inbox.messages) == 1  # the server refuses mail before STARTTLS


def test_smtp_url_parsing():
    assert mail.parse_smtp_url("smtps://u%40x:p%2Fw@mail.example:2465") == mail.SmtpServer(
        "mail.example", 2465, True, "u@x", "p/w")
    assert mail.parse_smtp_url("smtp://mail.example") == mail.SmtpServer("mail.example", 25, False)
    assert mail.parse_smtp_url("smtps://mail.example").port == 465
    for bad in ("http://mail.example", "mail.example:25", "smtp://"):
        with pytest.raises(ValueError):
            mail.parse_smtp_url(bad)


@pytest.mark.parametrize("kind", sorted(compose.SUBJECTS))
def test_every_kind_renders_text_and_html(settings_for, sqlite_url, kind):
    settings = settings_for(sqlite_url)
    content = compose.render(settings, kind, link="http://coopbot.test/activate/x", link_hours=2)
    assert content.subject and settings.coop_name in content.subject
    assert settings.mail_from in content.text and settings.mail_from in content.html
    assert "{{" not in content.text + content.html
    assert os.linesep not in content.subject


class RefusingInbox:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 <maria@example.com>: mailbox unavailable"


def test_a_refused_recipient_is_recorded_with_the_address_masked(settings_for, db_url, caplog):
    server = SmtpServer(inbox=RefusingInbox()).start()
    try:
        settings = settings_for(db_url, smtp_url=server.url)
        factory = factory_for(settings)
        notification_id = queue_activation(settings, factory).notification_ids[0]
        assert dispatch.deliver(settings, factory, notification_id) is False
    finally:
        server.stop()
    failed = notification(factory, notification_id)
    assert failed.status == "pending" and "SMTPRecipientsRefused" in failed.last_error
    assert "550" in failed.last_error and "maria@example.com" not in failed.last_error
    assert "maria@example.com" not in caplog.text
