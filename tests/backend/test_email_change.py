"""The e-mail change service on SQLite and PostgreSQL: its links are single use, only the hashes are
stored, a superseded confirmation mail is never sent, and nothing is decided by reading a link."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from backend.accounts import email_change
from backend.accounts import online_access as accounts
from backend.accounts import registration as reg
from backend.accounts import websessions
from backend.core import clock
from backend.notify import dispatch
from backend.privacy import tokens
from backend.privacy.hashing import token_hash
from backend.storage import retention
from backend.storage.models import ACTIVE, LIVE_STATUSES, PENDING, EmailChange, Login, Notification, Registration
from tests.support.backend_helpers import OBRIEN, load_members, outbox_mails, parts, verified
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


def _confirmed_change(session_factory, settings, login_id, new="new@example.org") -> str:
    """The login moves to ``new``; the undo token mailed to the old address."""
    _request(session_factory, settings, login_id, new)
    with session_factory() as db, db.begin():
        link, queued = email_change.confirm(db, _token(settings, new))
    assert link.state == email_change.VALID
    dispatch.deliver_after_commit(settings, session_factory, queued)
    return _token(settings, EMAIL, "email/undo")


def _logins_at(session_factory, address) -> list[int]:
    with session_factory() as db:
        return list(db.scalars(select(Login.id).where(Login.email == address, Login.status.in_(LIVE_STATUSES))))


def _mails_to(settings, address) -> int:
    return len([m for m in outbox_mails(settings.outbox_dir) if m["To"] == address])


def test_a_stranger_cannot_take_the_old_address_while_it_may_refuse_the_change(session_factory, settings):
    """The attack: the login moves away, and a stranger grabs the old address before its owner
    refuses, so that the refusal cannot put it back. Registering with it (first with another
    address, then correcting to it) and moving another login to it all fail, with the answers
    an address gets anyway; the refusal then restores the address."""
    login_id = _active_login(session_factory, settings)
    undo = _confirmed_change(session_factory, settings, login_id)
    mails_to_old = _mails_to(settings, EMAIL)

    # A stranger with a bill of their own registers, then "corrects" the address to the old one.
    load_members(session_factory, settings, OBRIEN)
    verified(session_factory, settings, "stranger", OBRIEN)
    with session_factory() as db:
        first = reg.register(db, settings, "stranger", "stranger@example.net", True)
    assert first.result == reg.CREATED
    with session_factory() as db:
        taken = reg.register(db, settings, "stranger", EMAIL, True)
    assert (taken.result, taken.email_masked, taken.notification_ids) == (reg.CREATED, "j***@e***.com", [])
    with session_factory() as db:
        assert reg.resend(db, settings, "stranger").result == reg.SENT  # as for any pending registration
    assert _logins_at(session_factory, EMAIL) == [] and _logins_at(session_factory, "stranger@example.net") == []

    # Another member's login asks to move to the old address: the address is told, no link.
    other = add_registration(session_factory, add_member(session_factory, "2009876543"),
                             email="other@example.com", status=ACTIVE)
    other_login = login(session_factory, other).id
    _request(session_factory, settings, other_login, EMAIL)
    [notice] = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == EMAIL][mails_to_old:]
    assert "/email/" not in "".join(parts(notice))
    with session_factory() as db:
        asked = db.scalars(select(EmailChange).where(EmailChange.login_id == other_login)).one()
        assert asked.status == email_change.SUPERSEDED and asked.confirm_hash is None

    # The owner refuses: the old address comes back, and its password-reset link goes there.
    with session_factory() as db, db.begin():
        link, queued = email_change.revert(db, undo)
    assert link.state == email_change.VALID and queued
    assert _logins_at(session_factory, EMAIL) == [login_id]


def test_a_change_to_the_old_address_asked_before_the_move_cannot_be_confirmed_in_the_window(
        session_factory, settings):
    """Another login's link to the address, confirmed once the owner moved away, moves nothing."""
    login_id = _active_login(session_factory, settings)
    other = add_registration(session_factory, add_member(session_factory, "2009876543"),
                             email="other@example.com", status=ACTIVE)
    other_login = login(session_factory, other).id
    with session_factory() as db, db.begin():
        # A link to the address, as request_change would have made it had the address been free.
        db.add(EmailChange(login_id=other_login, registration_id=other, old_email="other@example.com",
                           new_email=EMAIL, status=PENDING, confirm_hash=token_hash("early-link"),
                           expires_at=reg.utcnow() + timedelta(hours=1)))
    _confirmed_change(session_factory, settings, login_id)
    with session_factory() as db, db.begin():
        link, queued = email_change.confirm(db, "early-link")
    assert (link.state, queued) == (email_change.EXPIRED, [])
    with session_factory() as db:
        assert db.get(Login, other_login).email == "other@example.com"
        assert db.get(Login, login_id).email == "new@example.org"
    assert _logins_at(session_factory, EMAIL) == []


def test_once_the_window_has_passed_the_old_address_is_free_again(session_factory, settings):
    login_id = _active_login(session_factory, settings)
    undo = _confirmed_change(session_factory, settings, login_id)
    with session_factory() as db:
        change = db.scalars(select(EmailChange).where(EmailChange.login_id == login_id)).one()
        later = change.revert_until + timedelta(minutes=1)
        assert email_change.reserved_by(db, EMAIL, change.revert_until - timedelta(minutes=1)) == login_id
        assert email_change.reserved_by(db, EMAIL, later) is None
        assert email_change.revert_state(db, undo, later).state == email_change.EXPIRED
    load_members(session_factory, settings, OBRIEN)
    verified(session_factory, settings, "later", OBRIEN, now=later)
    with session_factory() as db:
        outcome = reg.register(db, settings, "later", EMAIL, True, now=later)
    assert outcome.result == reg.CREATED and outcome.notification_ids
    assert len(_logins_at(session_factory, EMAIL)) == 1 and _logins_at(session_factory, EMAIL) != [login_id]


class Clock:
    """The project's clock (``backend.core.clock``) as a test moves it; it starts ten minutes
    ago, so the mails it queues are due for the sender at once."""

    def __init__(self):
        self.now = clock.utcnow() - timedelta(minutes=10)

    def __call__(self):
        return self.now

    def move(self, **delta):
        self.now += timedelta(**delta)
        return self.now


def test_settled_changes_are_pruned_a_week_after_their_undo_window_or_link_is_over(session_factory, settings):
    """The retention run keeps every change while a link of it can act (the undo window above all,
    while the old address is reserved), and deletes it a week after it settled."""
    time = Clock()
    login_id = _active_login(session_factory, settings)
    other = add_registration(session_factory, add_member(session_factory, "2009876543"),
                             email="other@example.com", status=ACTIVE)
    other_login = login(session_factory, other).id
    with session_factory() as db, db.begin():
        ids = email_change.request_change(db, settings, db.get(Login, login_id), "new@example.org", now=time)
    dispatch.deliver_after_commit(settings, session_factory, ids)
    time.move(minutes=5)
    with session_factory() as db, db.begin():
        link, queued = email_change.confirm(db, _token(settings, "new@example.org"), now=time)
    assert link.state == email_change.VALID
    dispatch.deliver_after_commit(settings, session_factory, queued)
    undo = _token(settings, EMAIL, "email/undo")
    # Never confirmed: a link to a new address left to expire, and one to an address in use.
    with session_factory() as db, db.begin():
        email_change.request_change(db, settings, db.get(Login, login_id), "later@example.org", now=time)
        email_change.request_change(db, settings, db.get(Login, other_login), "new@example.org", now=time)

    def kept() -> dict[str, str]:
        with session_factory() as db:
            return {change.new_email + "/" + str(change.login_id): change.status
                    for change in db.scalars(select(EmailChange))}

    def prune_at(moment) -> int:
        with session_factory() as db, db.begin():
            return retention.prune_email_changes(db, moment)

    every = kept()
    assert sorted(every.values()) == [email_change.CONFIRMED, PENDING, email_change.SUPERSEDED]
    # Six days on: everything is kept, the undo link works and the old address is still reserved.
    time.move(days=6)
    with session_factory() as db, db.begin():
        retention.prune(db, time())
    assert kept() == every
    with session_factory() as db:
        assert email_change.revert_state(db, undo, time).state == email_change.VALID
        assert email_change.reserved_by(db, EMAIL, time()) == login_id
    # The unconfirmed ones expired a day after they were asked: a week later they go.
    assert prune_at(time.move(days=2, minutes=-1)) == 0
    assert prune_at(time.move(minutes=2)) == 2
    assert list(kept().values()) == [email_change.CONFIRMED]
    # The confirmed one: its undo window ends 7 days after the change, and it goes a week later.
    assert prune_at(time.move(days=6, minutes=-2)) == 0
    with session_factory() as db:
        assert email_change.revert_state(db, undo, time).state == email_change.EXPIRED  # late: still told so
    assert prune_at(time.move(minutes=4)) == 1
    assert kept() == {}
    with session_factory() as db:
        assert email_change.revert_state(db, undo, time).state == email_change.UNKNOWN
        assert db.get(Login, login_id).email == "new@example.org"  # the login itself is untouched


def _stranger_takes_over(session_factory, settings, login_id, address) -> str:
    """Whoever moved the login resets its password at the address they gave, signs in, and keeps a
    reset link and a reset mail in reserve; the id of their browser session."""
    with session_factory() as db:
        house = db.get(Login, login_id).live_registrations()[0].id
    with session_factory() as db, db.begin():
        assert accounts.activate(db, mint(session_factory, house, tokens.RESET), "cobalt harbour lantern 9",
                                 settings).state == accounts.ACTIVATED
        assert accounts.authenticate(db, address, "cobalt harbour lantern 9") is not None
        return websessions.start(db, websessions.MEMBER, login_id)


def test_a_chained_change_no_longer_voids_the_owner_s_undo(session_factory, settings):
    """The attack: the login is moved to a stranger's address, the stranger sets a password and
    changes the address again (its undo mail goes to the stranger's first address). The owner's
    undo of the first change still works: the login is back at the owner's address, the later
    change and its undo link are void, the stranger's sessions, password and links are gone."""
    login_id = _active_login(session_factory, settings)
    owner_undo = _confirmed_change(session_factory, settings, login_id, "stranger@example.org")
    _stranger_takes_over(session_factory, settings, login_id, "stranger@example.org")
    with session_factory() as db:
        house = db.get(Login, login_id).live_registrations()[0].id
    spare_reset = mint(session_factory, house, tokens.RESET)
    with session_factory() as db, db.begin():
        spare_mail = dispatch.queue(db, dispatch.PASSWORD_RESET, db.get(Registration, house)).id
        db.get(Notification, spare_mail).next_attempt_at = reg.utcnow() + timedelta(hours=1)  # not sent yet

    # Signed in, the stranger moves the login on; that change's undo mail goes to their first address.
    _request(session_factory, settings, login_id, "second@example.org")
    with session_factory() as db, db.begin():
        link, queued = email_change.confirm(db, _token(settings, "second@example.org"))
    dispatch.deliver_after_commit(settings, session_factory, queued)
    stranger_undo = _token(settings, "stranger@example.org", "email/undo")
    with session_factory() as db:
        assert db.get(Login, login_id).email == "second@example.org"
        assert email_change.revert_state(db, owner_undo).state == email_change.VALID  # it used to be EXPIRED

    with session_factory() as db, db.begin():
        done, queued = email_change.revert(db, owner_undo)
    assert done.state == email_change.VALID and len(queued) == 1
    dispatch.deliver_after_commit(settings, session_factory, queued)
    with session_factory() as db:
        back = db.get(Login, login_id)
        assert back.email == EMAIL and back.password_hash is None and back.status == ACTIVE
        assert websessions.count(db, websessions.MEMBER, login_id) == 0
        assert accounts.authenticate(db, "second@example.org", "cobalt harbour lantern 9") is None
        assert accounts.link_state(db, spare_reset, tokens.RESET).state != accounts.VALID
        assert db.get(Notification, spare_mail).status == dispatch.CANCELLED
        assert email_change.revert_state(db, stranger_undo).state == email_change.VOIDED_LINK
        assert email_change.reserved_by(db, "stranger@example.org", reg.utcnow()) is None
        assert [c.status for c in db.scalars(select(EmailChange).order_by(EmailChange.id))] == [
            email_change.REVERTED, email_change.VOIDED]
    # The stranger's undo moves nothing back; the owner's reset link (to the owner's address) works.
    with session_factory() as db, db.begin():
        assert email_change.revert(db, stranger_undo)[0].state == email_change.VOIDED_LINK
    reset = _token(settings, EMAIL, "activate")
    with session_factory() as db, db.begin():
        assert accounts.activate(db, reset, "violet meadow compass 1", settings).state == accounts.ACTIVATED
    with session_factory() as db:
        assert accounts.authenticate(db, EMAIL, "violet meadow compass 1") is not None
        assert db.get(Login, login_id).email == EMAIL


def test_an_undo_after_the_login_was_deleted_says_so_and_frees_the_address(session_factory, settings):
    login_id = _active_login(session_factory, settings)
    undo = _confirmed_change(session_factory, settings, login_id)
    with session_factory() as db, db.begin():
        assert accounts.unsubscribe_login(db, db.get(Login, login_id))
    with session_factory() as db, db.begin():
        assert email_change.revert(db, undo) == (email_change.ChangeLink(
            email_change.DELETED, db.scalars(select(EmailChange)).one()), [])
    with session_factory() as db:
        assert email_change.reserved_by(db, EMAIL, reg.utcnow()) is None
    load_members(session_factory, settings, OBRIEN)
    verified(session_factory, settings, "again", OBRIEN)
    with session_factory() as db:
        outcome = reg.register(db, settings, "again", EMAIL, True)
    assert outcome.result == reg.CREATED and outcome.notification_ids
