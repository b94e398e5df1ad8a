"""/staff/outbox: while the mail server is down, staff see what is waiting; once it is back, nothing is."""

from __future__ import annotations

from sqlalchemy import update

from backend.storage.db import transaction
from backend.storage.models import Notification
from backend.notify import dispatch
from tests.support.backend_helpers import SmtpServer, free_port
from tests.support.notifications import queue_activation
from tests.support.staff_seed import create_staff_users
from tests.support.staff_pages import page_text, sign_in


def test_staff_see_mail_waiting_while_smtp_is_down_and_none_once_it_is_sent(settings_for, db_url):
    from webhook import create_app

    port = free_port()
    settings = settings_for(db_url, smtp_url=f"smtp://127.0.0.1:{port}")  # nobody listens yet
    app = create_app(settings)
    app.config.update(TESTING=True)
    factory = app.extensions["coopbot.sessions"]
    try:
        with transaction(factory) as session:
            create_staff_users(session)
        outcome = queue_activation(settings, factory)
        dispatch.deliver_after_commit(settings, factory, outcome.notification_ids)
        client = app.test_client()
        assert client.get("/staff/outbox").status_code == 302  # staff only
        sign_in(client)
        page = page_text(client.get("/staff/outbox"))
        assert "1 waiting to be sent" in page
        assert "m***@e***.com" in page and "maria@example.com" not in page
        assert "activation (email)" in page and "Connection" in page

        smtp = SmtpServer(port=port).start()
        try:
            with factory() as session, session.begin():
                session.execute(update(Notification).values(next_attempt_at=Notification.created_at))
            assert dispatch.deliver_due(settings, factory).sent == 1
            assert dispatch.deliver_due(settings, factory).sent == 0
        finally:
            smtp.stop()
        assert len(smtp.inbox.messages) == 1
        page = page_text(client.get("/staff/outbox"))
        assert "0 waiting to be sent" in page and "Nothing waiting" in page
    finally:
        app.extensions["coopbot.engine"].dispose()
