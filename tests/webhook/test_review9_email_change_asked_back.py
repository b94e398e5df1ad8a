"""Review 9: the account page's e-mail change, asked for one address, then another, then the first again.

The double-submit guard sent nothing when the same address had been mailed by this login within
10 minutes, and said "We mailed a link to ...": "that link stands". But the request for the other
address in between voided it, so the member held a link that no longer works, told it was the one
to open, and could not get another for 10 minutes. The guard now holds back only a repeat of the
login's latest request; asked back, the first address gets a new link, and it works. On SQLite and
PostgreSQL.
"""

from __future__ import annotations

import re

from tests.support.backend_helpers import outbox_mails, parts
from tests.support.member_rows import EMAIL, PASSWORD, login_with_two, sign_in, text_of

WORK, HOME = "jane.work@example.org", "jane.home@example.org"


def _ask(client, new):
    return client.post("/account/email", data={"email": new, "password": PASSWORD}, follow_redirects=True)


def _links_to(settings, address):
    found = []
    for mail in outbox_mails(settings.outbox_dir):
        if mail["To"] == address:
            text, _html = parts(mail)
            found += re.findall(r"https?://\S+/email/([A-Za-z0-9_\-]+)", text)
    return found


def test_an_address_asked_back_gets_a_link_that_works(no_csrf, client, session_factory, settings):
    login_with_two(session_factory, settings)
    assert sign_in(client).status_code == 303
    assert f"We mailed a link to {WORK}" in text_of(_ask(client, WORK))
    assert f"We mailed a link to {HOME}" in text_of(_ask(client, HOME))
    back = _ask(client, WORK)  # changed their mind, a minute later
    assert f"We mailed a link to {WORK}" in text_of(back)

    newest = _links_to(settings, WORK)[-1]
    confirmed = client.post(f"/email/{newest}", follow_redirects=True)
    assert confirmed.status_code == 200, text_of(confirmed)
    assert "no longer works" not in text_of(confirmed)
    assert WORK in text_of(client.get("/account")) and EMAIL not in text_of(client.get("/account"))


def test_a_stranger_s_request_awaiting_approval_in_between_voids_nothing(session_factory, settings):
    """The member's double submit stays a double submit when a stranger's request (on bill data,
    awaiting the login's approval) came in between: it voids none of the member's own, so the link
    the member was told of still works and nothing more is mailed."""
    from sqlalchemy import select

    from backend.accounts import email_change
    from backend.notify import dispatch
    from backend.storage.models import Login, Notification, utcnow

    _house, _barn, login_id = login_with_two(session_factory, settings)
    now = utcnow()
    with session_factory() as session, session.begin():
        email_change.request_signed_in(session, settings, session.get(Login, login_id), WORK, now=now)
    with session_factory() as session, session.begin():
        email_change.request_change(session, settings, session.get(Login, login_id), HOME, now, approval=True)
    with session_factory() as session, session.begin():
        held, _ids = email_change.request_signed_in(session, settings, session.get(Login, login_id), WORK, now=now)
    assert held == "recent"
    with session_factory() as session:
        kinds = session.scalars(select(Notification.kind).where(Notification.to_address == WORK)).all()
        statuses = session.scalars(select(email_change.EmailChange.status).order_by(email_change.EmailChange.id)).all()
    assert kinds == [dispatch.EMAIL_CONFIRM] and statuses == ["pending", "unapproved"]
