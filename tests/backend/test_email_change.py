"""The e-mail change service on SQLite and PostgreSQL: its links are single use, only the hashes are
stored, a superseded confirmation mail is never sent, and nothing is decided by reading a link."""

from __future__ import annotations

import re

from sqlalchemy import select

from backend.accounts import email_change
from backend.accounts import online_access as accounts
from backend.notify import dispatch
from backend.storage.models import ACTIVE, EmailChange, Login, Notification
from tests.support.backend_helpers import outbox_mails, parts
from tests.support.member_rows import add_member, add_registration, login, mint

EMAIL = "jane.doe@example.com"
PASSWORD = "a long enough password 7"


def _active_login(session_factory, settings) -> int:
    house = add_registration(session_factory, add_member(session_factory, "1001234567"))
    with session_factory() as db, db.begin():
        assert accounts.activate(db, mint(session_factory, house), PASSWORD, settings).state == accounts.ACTIVATED
    return login(session_factory, house).id


def _request(session_factory, settings, login_id, new):
    with session_factory() as db, db.begin():
        ids = email_change.request_change(db, settings, db.get(Login, login_id), new)
    dispatch.deliver_after_commit(settings, session_factory, ids)


def _token(settings, address, path="email"):
    mail = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == address][-1]
    return re.search(rf"/{path}/([A-Za-z0-9_-]+)", parts(mail)[0]).group(1)


def test_confirming_twice_moves_the_login_once_and_no_token_is_stored(session_factory, settings):
    login_id = _active_login(session_factory, settings)
    _request(session_factory, settings, login_id, "new@example.org")
    token = _token(settings, "new@example.org")
    with session_factory() as db:
        assert email_change.confirm_state(db, token).state == email_change.VALID
        stored = db.scalars(select(EmailChange)).one()
        assert token not in (stored.confirm_hash or "") and stored.confirm_hash
        assert not [n for n in db.scalars(select(Notification.to_address)) if token in n]
    with session_factory() as db, db.begin():
        first, queued = email_change.confirm(db, token)
    with session_factory() as db, db.begin():
        second, again = email_change.confirm(db, token)
    assert first.state == email_change.VALID and queued
    assert second.state == email_change.USED and again == []
    with session_factory() as db:
        moved = db.get(Login, login_id)
        assert moved.email == "new@example.org" and moved.status == ACTIVE
        assert moved.password_hash  # the password stays
    dispatch.deliver_after_commit(settings, session_factory, queued)
    undo = _token(settings, EMAIL, "email/undo")
    with session_factory() as db, db.begin():
        assert email_change.revert(db, undo)[0].state == email_change.VALID
    with session_factory() as db, db.begin():
        assert email_change.revert(db, undo)[0].state == email_change.USED
    with session_factory() as db:
        assert db.get(Login, login_id).email == EMAIL


def test_a_superseded_confirmation_mail_is_not_sent(session_factory, settings):
    login_id = _active_login(session_factory, settings)
    with session_factory() as db, db.begin():
        first = email_change.request_change(db, settings, db.get(Login, login_id), "first@example.org")
    _request(session_factory, settings, login_id, "second@example.org")
    dispatch.deliver_after_commit(settings, session_factory, first)  # the older mail's turn comes late
    assert not [m for m in outbox_mails(settings.outbox_dir) if m["To"] == "first@example.org"]
    with session_factory() as db:
        assert db.get(Notification, first[0]).status == dispatch.CANCELLED


def test_an_address_with_a_login_gets_no_link(session_factory, settings):
    login_id = _active_login(session_factory, settings)
    add_registration(session_factory, add_member(session_factory, "2009876543"), email="taken@example.com",
                     status=ACTIVE)
    _request(session_factory, settings, login_id, "taken@example.com")
    [notice] = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == "taken@example.com"]
    assert "/email/" not in "".join(parts(notice))
    with session_factory() as db:
        change = db.scalars(select(EmailChange)).one()
        assert change.confirm_hash is None and change.status == email_change.SUPERSEDED
        assert db.get(Login, login_id).email == EMAIL
