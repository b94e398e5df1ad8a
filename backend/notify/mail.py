"""Sending member mail: SMTP when ``COOPBOT_SMTP_URL`` is set, else the outbox folder.

``COOPBOT_SMTP_URL`` is ``smtp://[user:pass@]host:port`` or ``smtps://...``:
``smtps`` speaks TLS from the first byte (port 465 by default); ``smtp``
upgrades with STARTTLS whenever the server offers it, so credentials never
cross the network in clear against a server that supports TLS. User and
password are URL-decoded (``%40`` for ``@``). Certificates are verified with
the system's trust store.

Every mail has a plain-text and an HTML part (``multipart/alternative``):
SMS-first members read mail on phones with all kinds of clients.

Internationalised addresses: a domain in another script (``jane@b\u00fccher.de``)
is sent in its ASCII form (``xn--bcher-kva.de``), which every server accepts.
A local part in another script (``b\u00fccher@example.com``) needs a server
that offers SMTPUTF8: the mail is then sent with it (envelope and headers in
UTF-8); a server without it could only produce an undeliverable mail, so such
an address is refused at registration (:func:`can_deliver`) and a mail to one
fails at once instead of being retried (:class:`UndeliverableAddress`).
"""

from __future__ import annotations

import smtplib
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from backend.core.config import Settings
from backend.notify import outbox

SMTP_TIMEOUT_SECONDS = 15
# How long an answer to "does the SMTP server offer SMTPUTF8?" is trusted.
SMTPUTF8_PROBE_TTL_SECONDS = 600
_probe_cache: dict[str, tuple[float, bool]] = {}
_probe_lock = threading.Lock()


class UndeliverableAddress(ValueError):
    """The address cannot be delivered by the configured mail server (retrying will not help)."""


def needs_smtputf8(address: str) -> bool:
    """A local part (before the @) that is not ASCII needs SMTPUTF8; a domain never does (IDNA)."""
    local, _, _ = address.rpartition("@")
    return not local.isascii()


def ascii_address(address: str) -> str:
    """The address with its domain in ASCII (IDNA); the local part as it is."""
    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError as exc:
        raise UndeliverableAddress(f"the domain cannot be written in ASCII: {exc}") from None


def server_offers_smtputf8(settings: Settings) -> bool:
    """Ask the configured SMTP server (EHLO, cached for a few minutes); the outbox always can."""
    if not settings.smtp_url:
        return True
    now = time.monotonic()
    with _probe_lock:
        cached = _probe_cache.get(settings.smtp_url)
        if cached and now - cached[0] < SMTPUTF8_PROBE_TTL_SECONDS:
            return cached[1]
    server = parse_smtp_url(settings.smtp_url)
    try:
        with _connect(server) as client:
            client.ehlo()
            offered = bool(client.has_extn("smtputf8"))
    except (OSError, smtplib.SMTPException):
        return False  # unknown: refuse what may not be deliverable (ASCII addresses are unaffected)
    with _probe_lock:
        _probe_cache[settings.smtp_url] = (now, offered)
    return offered


def can_deliver(settings: Settings, address: str) -> bool:
    """Can a mail to ``address`` be delivered with the configured server (or outbox)?"""
    return not needs_smtputf8(address) or server_offers_smtputf8(settings)


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
    message["To"] = ascii_address(to)
    message["Date"] = formatdate(localtime=False)
    domain = settings.mail_from.rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, cte=_body_encoding(text))
    message.add_alternative(html, subtype="html", cte=_body_encoding(html))
    return message


def _connect(server: SmtpServer) -> smtplib.SMTP:
    if server.implicit_tls:
        return smtplib.SMTP_SSL(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS,
                                context=ssl.create_default_context())
    return smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS)


def _send_smtp(server: SmtpServer, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    with _connect(server) as client:
        client.ehlo()
        if not server.implicit_tls and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if server.username:
            client.login(server.username, server.password or "")
        international = needs_smtputf8(str(message["To"]))
        if international and not client.has_extn("smtputf8"):
            raise UndeliverableAddress("the mail server does not offer SMTPUTF8, which this address needs")
        # With a non-ASCII address smtplib sends MAIL FROM ... SMTPUTF8 BODY=8BITMIME and
        # serialises the headers in UTF-8 (RFC 6531/6532).
        client.send_message(message)


def send(settings: Settings, message: EmailMessage) -> Path | None:
    """Send ``message``; return the outbox path when it was written to a file instead.

    Raises whatever the SMTP conversation raises: the dispatcher records it and retries.
    """
    if settings.smtp_url:
        _send_smtp(parse_smtp_url(settings.smtp_url), message)
        return None
    return outbox.write_mail(settings.outbox_dir, message)
