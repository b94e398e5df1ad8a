"""Helpers for backend tests: members loaded through the real importer, a real SMTP server."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from backend.accounts.members_import import HEADER, import_members
from tests.support.local_http import free_port

GARZA = dict(account="1001234567", name="Garza", zip="78620", last4="4321")
GARZA_RANCH = dict(account="20456789", name="Garza Ranch LLC", zip="78606", last4="7788")
OBRIEN = dict(account="1001876543", name="O'Brien-Smith", zip="78676", last4="2468")
MULLER = dict(account="000452318", name="Müller", zip="78624", last4="")  # nine digits no SSN starts with
# Nine digits that may be a whole SSN or tax ID (common.secret_shapes.may_be_tax_id): kept as a keyed reference.
BRANDT = dict(account="104452318", name="Brandt", zip="78624", last4="")


def load_members(session_factory, settings, *members: dict) -> None:
    """Write ``members`` through the CSV importer (the only way members enter the system)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for index, member in enumerate(members):
        writer.writerow([member["account"], member.get("meter", f"M{index}"), member["name"], member["zip"],
                         member.get("last4", ""), member.get("phone", "")])
    buffer.seek(0)
    report = import_members(session_factory, buffer, settings.secret_key)
    assert report.ok, report.rejected


def wait_for(condition, timeout: float = 10.0, interval: float = 0.02):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


def all_at_once(count: int, target) -> list:
    """Call ``target(0)`` ... ``target(count - 1)`` in threads released at the same instant
    (a barrier), for races; return their results in order. Any exception fails the test."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = target(index)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


class TickingClock:
    """A clock for races: each reading is a millisecond after the one before, whichever thread reads.

    Threads released together read it in an order that is not the order in
    which they get a lock, as the wall clock does, but a test can still say
    where the readings fall (all within ``count`` ms after ``start``).
    """

    def __init__(self, start):
        self.start = start
        self._readings = 0
        self._lock = threading.Lock()

    def __call__(self):
        from datetime import timedelta

        with self._lock:
            self._readings += 1
            return self.start + timedelta(milliseconds=self._readings)


class Inbox:
    """aiosmtpd handler keeping every message it receives (parsed) with its envelope."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on 127.0.0.1 (aiosmtpd), started and stopped by the test."""

    def __init__(self, port: int | None = None, inbox: Inbox | None = None, **smtp_options):
        self.port = port or free_port()
        self.inbox = inbox or Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **smtp_options)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def outbox_mails(folder: Path) -> list[EmailMessage]:
    if not Path(folder).exists():
        return []
    return [message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(Path(folder).glob("*.eml"))]


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies of a multipart/alternative mail."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def verified(factory, settings, conversation: str, member: dict, now=None):
    """A conversation passes the bill-data checks (account and name, then ZIP) and stores its
    security answer, each step in its own transaction as the API runs them; the ZIP check's result."""
    from backend.accounts import registration
    from backend.identity import verification

    with factory() as session:
        assert verification.check_account(session, conversation, member["account"], member["name"],
                                          now=now).result == verification.MATCH
    with factory() as session:
        result = verification.verify_secret(session, settings, conversation, zip_code=member["zip"], now=now)
    with factory() as session:
        assert registration.store_security_answer(session, conversation, 2, "Fluffy") == registration.STORED
    return result


# --- a registration through the backend, as the action server makes one -------------------------
LOGIN_PASSWORD = "correct horse battery"
ACTIVATE_LINK = re.compile(r"/activate/([A-Za-z0-9_-]{40,})")
ADD_LINK = re.compile(r"/add/([A-Za-z0-9_-]{40,})")


def register_in(factory, settings, conversation: str, email: str, now=None):
    """The verified ``conversation`` registers ``email`` (Terms accepted); the outcome."""
    from backend.accounts import registration

    with factory() as session:
        return registration.register(session, settings, conversation, email, True, now=now)


def deliver_outcome(settings, factory, outcome, now=None) -> None:
    """Send the mails and texts ``outcome`` queued, as the web app does after the commit."""
    from backend.notify import dispatch

    for notification_id in outcome.notification_ids:
        dispatch.deliver(settings, factory, notification_id, now=now)


def own_active_login(factory, settings, member: dict, email: str, conversation: str = "own") -> None:
    """``member`` signs up with ``email`` and activates the login with ``LOGIN_PASSWORD``: a
    stranger's own login, before they turn to someone else's bill."""
    from backend.accounts import online_access

    verified(factory, settings, conversation, member)
    deliver_outcome(settings, factory, register_in(factory, settings, conversation, email))
    mail = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == email][-1]
    token = ACTIVATE_LINK.search(parts(mail)[0]).group(1)
    with factory() as session:
        assert online_access.activate(session, token, LOGIN_PASSWORD, settings).state == online_access.ACTIVATED
        session.commit()
