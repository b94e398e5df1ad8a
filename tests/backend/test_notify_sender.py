"""The notification sender as a process of its own (``coopbot notify run``), and the SMTP server going away.

The production profile runs one sender process instead of a retry thread in
every web worker: the web workers then start none, and mail that could not
go while the mail server was down goes out exactly once when it is back.
"""

from __future__ import annotations

import os
import signal
import subprocess

from sqlalchemy import update

from backend.core.config import PROJECT_ROOT
from backend.storage.models import Notification
from backend.notify import dispatch
from tests.support.backend_helpers import SmtpServer, free_port, wait_for
from tests.support.notifications import factory_for, notification, queue_activation


def test_web_workers_start_no_retry_thread_when_a_sender_process_does_it(settings_for, sqlite_url):
    settings = settings_for(sqlite_url, notify_sender="process")
    assert dispatch.start_retry_thread(settings, factory_for(settings), interval=0.05) is None


def test_mail_queued_while_smtp_is_down_is_sent_once_by_the_sender_process(settings_for, db_url, tmp_path):
    port = free_port()
    settings = settings_for(db_url, smtp_url=f"smtp://127.0.0.1:{port}")
    factory = factory_for(settings)
    outcome = queue_activation(settings, factory)
    [notification_id] = outcome.notification_ids
    dispatch.deliver_after_commit(settings, factory, outcome.notification_ids)  # nobody listens yet
    row = notification(factory, notification_id)
    assert (row.status, row.attempts) == ("pending", 1) and "Connection" in row.last_error

    smtp = SmtpServer(port=port).start()
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "COOPBOT_DATABASE_URL": db_url,
           "COOPBOT_SMTP_URL": settings.smtp_url, "COOPBOT_SECRET_KEY": settings.secret_key,
           "COOPBOT_API_KEY": settings.api_key, "COOPBOT_PUBLIC_URL": settings.public_url,
           "COOPBOT_OUTBOX_DIR": str(tmp_path / "outbox"), "COOPBOT_VAR_DIR": str(tmp_path / "var")}
    sender = subprocess.Popen([str(PROJECT_ROOT / ".venv" / "bin" / "coopbot"), "notify", "run", "--interval", "0.2"],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        # The back-off runs out (as if the minute had passed): the sender's next pass sends it.
        with factory() as session, session.begin():
            session.execute(update(Notification).values(next_attempt_at=row.created_at))
        wait_for(lambda: notification(factory, notification_id).status == "sent", timeout=30)
        assert sender.poll() is None  # still running, for the next pass
        # Another pass (the web app's, or the CLI's) finds nothing left to send.
        assert dispatch.deliver_due(settings, factory).sent == 0
    finally:
        sender.send_signal(signal.SIGTERM)
        output = sender.communicate(timeout=20)[0].decode(errors="replace")
        smtp.stop()
    assert sender.returncode == 0, output
    [(_, recipients, message)] = smtp.inbox.messages
    assert recipients == ["maria@example.com"] and "/activate/" in message.get_body(("plain",)).get_content()
    assert "Garza" not in output and "78620" not in output
