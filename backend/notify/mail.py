"""Sending member mail: SMTP when ``COOPBOT_SMTP_URL`` is set, else the outbox folder.

``COOPBOT_SMTP_URL`` is ``smtp://[user:pass@]host:port`` or ``smtps://...``:
``smtps`` speaks TLS from the first byte (port 465 by default); ``smtp``
upgrades with STARTTLS whenever the server offers it, so credentials never
cross the network in clear against a server that supports TLS. User and
password are URL-decoded (``%40`` for ``@``). Certificates are verified with
the system's trust store.

Every mail has a plain-text and an HTML part (``multipart/alternative``):
SMS-first members read mail on phones with all kinds of clients.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from backend.config import Settings
from backend.notify import outbox

SMTP_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpServer:
    """``smtp://user:pass@host:587`` -> :class:`SmtpServer`; ``ValueError`` for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("COOPBOT_SMTP_URL must look like smtp://[user:pass@]host:port or smtps://...")
    implicit_tls = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname,
        port=parts.port or (465 if implicit_tls else 25),
        implicit_tls=implicit_tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def _body_encoding(text: str) -> str:
    # Plain ASCII stays readable in the raw file (links unbroken); other text is quoted-printable.
    return "7bit" if text.isascii() and all(len(line) < 990 for line in text.splitlines()) else "quoted-printable"


def build_message(settings: Settings, to: str, subject: str, text: str, html: str) -> EmailMessage:
    """A ``multipart/alternative`` mail from the co-op's sender address."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((settings.coop_name, settings.mail_from))
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    domain = settings.mail_from.rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, cte=_body_encoding(text))
    message.add_alternative(html, subtype="html", cte=_body_encoding(html))
    return message


def _send_smtp(server: SmtpServer, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    if server.implicit_tls:
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS, context=context)
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS)
    with client:
        client.ehlo()
        if not server.implicit_tls and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if server.username:
            client.login(server.username, server.password or "")
        client.send_message(message)


def send(settings: Settings, message: EmailMessage) -> Path | None:
    """Send ``message``; return the outbox path when it was written to a file instead.

    Raises whatever the SMTP conversation raises: the dispatcher records it and retries.
    """
    if settings.smtp_url:
        _send_smtp(parse_smtp_url(settings.smtp_url), message)
        return None
    return outbox.write_mail(settings.outbox_dir, message)
