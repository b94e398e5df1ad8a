"""A new e-mail address for a login from the account page: the new address confirms it with a
link (GET changes nothing, POST once), the old address is told and can undo it for 7 days, and
nobody without the password can start it or learn which addresses have a login."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from backend.accounts import online_access as accounts
from backend.notify import dispatch
from backend.storage.models import (
    ACTIVE, EmailChange, LinkToken, Login, Notification, Registration, SecurityEvent, utcnow,
)
from tests.support.backend_helpers import outbox_mails, parts
from tests.support.member_rows import (
    EMAIL, NEIGHBOUR_EMAIL as OTHER, PASSWORD, add_member, add_neighbour, add_registration, login_with_two,
    registration, sign_in, text_of,
)

NEW = "jane.new@example.org"


@pytest.fixture
def jane(no_csrf, client, session_factory, settings):
    """Jane's login holds the house (paperless) and the barn; the neighbour has a login of his own."""
    house, barn, login_id = login_with_two(session_factory, settings)
    with session_factory() as db, db.begin():
        accounts.set_paperless(db, db.get(type(registration(session_factory, house)), house), True)
    add_neighbour(session_factory)
    assert sign_in(client).status_code == 303
    return house, barn, login_id


def _ask(client, new=NEW, password=PASSWORD):
    return client.post("/account/email", data={"email": new, "password": password}, follow_redirects=True)


def _mails_to(settings, address):
    return [m for m in outbox_mails(settings.outbox_dir) if m["To"] == address]


def _link(message, path):
    text, _ = parts(message)
    return re.search(rf"https?://\S+(/{path}/[A-Za-z0-9_-]+)", text).group(1)


def _login_row(session_factory, login_id) -> Login:
    with session_factory() as db:
        return db.get(Login, login_id)


def _move(client, settings, new=NEW, old=EMAIL) -> str:
    """The signed-in login moved from ``old`` to ``new`` (asked, then confirmed from the mail);
    returns the undo link mailed to ``old``."""
    _ask(client, new=new)
    client.post(_link(_mails_to(settings, new)[0], "email"))
    return _link(_mails_to(settings, old)[-1], "email/undo")


def _assert_undone(undoing, client, session_factory, login_id, undo, moved_to) -> None:
    """The undo link pressed in the browser ``undoing``: GET only asks, POST moves the login back to
    the old address with no password; the browser that was signed in (``client``) is signed out and
    no known password works at either address."""
    shown = undoing.get(undo)
    assert shown.status_code == 200 and f"Move your online login back to {EMAIL}?" in text_of(shown)
    assert _login_row(session_factory, login_id).email == moved_to  # GET changes nothing
    done = undoing.post(undo)
    assert done.status_code == 200 and f"Your online login is back at {EMAIL}" in text_of(done)
    back = _login_row(session_factory, login_id)
    assert back.email == EMAIL and back.password_hash is None
    assert client.get("/account").status_code == 302
    assert sign_in(client, moved_to).status_code == 401 and sign_in(client, EMAIL).status_code == 401


def test_the_new_address_confirms_and_the_login_keeps_everything(client, settings, session_factory, jane):
    house, barn, login_id = jane
    assert "Change e-mail address" in text_of(client.get("/account"))
    page = text_of(_ask(client))
    assert f"We mailed a link to {NEW}. Your address changes only when you open it and press Confirm" in page
    assert _login_row(session_factory, login_id).email == EMAIL  # nothing moves before the new mailbox says so
    [mail] = _mails_to(settings, NEW)
    assert mail["Subject"] == "Confirm the new e-mail address of your Pedernales Test Co-op online login" \
        or mail["Subject"].startswith("Confirm the new e-mail address")
    link = _link(mail, "email")

    # A mail scanner opening the link changes nothing.
    shown = client.get(link)
    assert shown.status_code == 200 and f"Use {NEW} for your online login?" in text_of(shown)
    assert "j***@e***.com" in text_of(shown) and EMAIL not in text_of(shown)
    assert _login_row(session_factory, login_id).email == EMAIL

    done = client.post(link)
    assert done.status_code == 200 and f"Your online login now uses {NEW}" in text_of(done)
    moved = _login_row(session_factory, login_id)
    assert moved.email == NEW and moved.status == ACTIVE
    assert registration(session_factory, house).login_id == login_id == registration(session_factory, barn).login_id
    assert registration(session_factory, house).paperless_billing is True
    again = client.post(link)
    assert again.status_code == 410 and "This link no longer works" in text_of(again)

    # The same password signs in with the new address only.
    client.post("/logout")
    assert sign_in(client, EMAIL).status_code == 401
    assert sign_in(client, NEW).status_code == 303
    account = text_of(client.get("/account"))
    assert NEW in account and "******4567" in account and "******6543" in account

    # The old address is told, in the window stated in docs/security.md.
    [notice] = _mails_to(settings, EMAIL)[-1:]
    text, html = parts(notice)
    assert "now uses another address" in " ".join(text.split()) and "within 7 days" in " ".join(text.split())
    assert "/email/undo/" in html
    with session_factory() as db:
        kinds = list(db.scalars(select(SecurityEvent.kind)))
    assert "email_changed" in kinds


def test_the_old_address_can_undo_within_the_window(client, settings, session_factory, jane):
    _, _, login_id = jane
    undo = _move(client, settings)
    # Every browser is signed out, and the known password no longer works anywhere.
    _assert_undone(client, client, session_factory, login_id, undo, NEW)
    # A reset link went to the old address, and it sets a new password.
    reset = _link(_mails_to(settings, EMAIL)[-1], "activate")
    assert client.post(reset, data={"password": "another long password 8",
                                    "confirm": "another long password 8"}).status_code in (200, 303)
    assert sign_in(client, EMAIL, "another long password 8").status_code == 303
    assert client.post(undo).status_code == 410


def test_the_old_address_cannot_undo_after_the_window(client, settings, session_factory, jane):
    _, _, login_id = jane
    undo = _move(client, settings)
    with session_factory() as db, db.begin():
        # Confirmed 7 days and a minute ago: the window has closed.
        past = utcnow() - timedelta(days=7, minutes=1)
        db.execute(update(EmailChange).values(confirmed_at=past, revert_until=past + timedelta(days=7)))
    late = client.post(undo)
    assert late.status_code == 410 and "more than 7 days have passed" in text_of(late)
    assert _login_row(session_factory, login_id).email == NEW
    assert client.get("/account").status_code == 200  # still signed in


def test_a_stranger_without_the_password_cannot_change_the_address(client, settings, session_factory, jane):
    _, _, login_id = jane
    wrong = _ask(client, password="not the password at all")
    assert wrong.status_code == 401 and "That is not the password of your online login." in text_of(wrong)
    assert not _mails_to(settings, NEW)
    with session_factory() as db:
        assert not db.scalars(select(EmailChange)).all()
    assert _login_row(session_factory, login_id).email == EMAIL
    # Not signed in at all: the page sends the visitor to sign in.
    client.post("/logout")
    assert client.post("/account/email", data={"email": NEW, "password": PASSWORD}).status_code == 302
    assert not _mails_to(settings, NEW)


def test_an_address_with_a_login_gets_the_same_answer_and_nothing_changes(client, settings, session_factory, jane):
    _, _, login_id = jane
    free = _ask(client, new="someone.free@example.net")
    taken = _ask(client, new=OTHER)
    assert free.status_code == taken.status_code == 200
    assert text_of(free).replace("someone.free@example.net", "X") == text_of(taken).replace(OTHER, "X")
    # The other login's owner is told, with no link, and nothing of theirs changes.
    [notice] = _mails_to(settings, OTHER)
    text, html = parts(notice)
    assert "nothing was changed" in " ".join(text.split()) and "/email/" not in text + html
    assert _login_row(session_factory, login_id).email == EMAIL
    with session_factory() as db:
        assert db.scalars(select(Login).where(Login.email == OTHER)).one().status == ACTIVE


def test_an_older_link_stops_working_when_a_newer_address_is_asked(client, settings, session_factory, jane):
    _, _, login_id = jane
    _ask(client, new="first@example.net")
    _ask(client, new=NEW)
    old_link = _link(_mails_to(settings, "first@example.net")[0], "email")
    assert client.post(old_link).status_code == 410
    assert _login_row(session_factory, login_id).email == EMAIL
    assert client.get("/email/not-a-token").status_code == 404
    assert client.get("/email/undo/not-a-token").status_code == 404


def test_spanish_mails_for_a_spanish_page(client, settings, session_factory, jane):
    client.post("/account/email?lang=es", data={"email": NEW, "password": PASSWORD})
    [mail] = _mails_to(settings, NEW)
    text, _ = parts(mail)
    assert "Para confirmarlo, abra este enlace y pulse Confirmar" in " ".join(text.split()) and "/email/" in text
    assert mail["Subject"].startswith("Confirme la nueva dirección de correo")


def test_an_undo_after_the_old_address_was_taken_still_locks_the_login(client, settings, session_factory, jane):
    """Someone registered a login with the freed old address: the undo cannot move the login back,
    but its password stops working, every browser is signed out and no reset link goes anywhere."""
    _, _, login_id = jane
    undo = _move(client, settings)
    add_registration(session_factory, add_member(session_factory, "400111333"), email=EMAIL)
    before = len(outbox_mails(settings.outbox_dir))
    done = client.post(undo)
    assert done.status_code == 200 and "could not move back to it" in text_of(done)
    stuck = _login_row(session_factory, login_id)
    assert stuck.email == NEW and stuck.password_hash is None
    assert client.get("/account").status_code == 302
    assert len(outbox_mails(settings.outbox_dir)) == before
    with session_factory() as db:
        assert "email_change_undo_blocked" in list(db.scalars(select(SecurityEvent.kind)))


# ------------------------------------------------------------------ links left at the old address
def _mail_link(settings, session_factory, registration_id, kind, deliver=True) -> int:
    """What the conversation does when the member asks for a reset (or the delete link): one mail queued."""
    with session_factory() as db, db.begin():
        notification_id = dispatch.queue(db, kind, db.get(Registration, registration_id)).id
    if deliver:
        dispatch.deliver_after_commit(settings, session_factory, [notification_id])
    return notification_id


def _set_password(client, link, password="a stranger's password 9"):
    return client.post(link, data={"password": password, "confirm": password})


def test_a_reset_link_mailed_to_the_old_address_is_void_once_the_change_is_confirmed(
        client, settings, session_factory, jane):
    """The attack: whoever reads the old mailbox keeps the reset link asked before the move, and sets
    the password with it after the login has moved. Every link there is void; a reset mail still
    queued for the old address is not sent; the undo link of the change still works."""
    house, barn, login_id = jane
    _mail_link(settings, session_factory, house, dispatch.PASSWORD_RESET)
    _mail_link(settings, session_factory, barn, dispatch.DELETE_CONFIRM)
    old_reset = _link(_mails_to(settings, EMAIL)[-2], "activate")
    old_delete = _link(_mails_to(settings, EMAIL)[-1], "delete")
    late = _mail_link(settings, session_factory, house, dispatch.PASSWORD_RESET, deliver=False)
    mails_before = len(_mails_to(settings, EMAIL))

    _ask(client)
    assert client.post(_link(_mails_to(settings, NEW)[0], "email")).status_code == 200
    assert _login_row(session_factory, login_id).email == NEW

    refused = _set_password(client, old_reset)
    assert refused.status_code == 410
    assert sign_in(client, NEW, "a stranger's password 9").status_code == 401
    assert sign_in(client, NEW).status_code == 303  # the member's own password still works
    assert client.post(old_delete).status_code == 410
    assert registration(session_factory, barn).status == ACTIVE
    dispatch.deliver_after_commit(settings, session_factory, [late])
    with session_factory() as db:
        assert db.get(Notification, late).status == dispatch.CANCELLED
    # Only the notice of the change (with its undo link) went to the old address since.
    [notice] = _mails_to(settings, EMAIL)[mails_before:]
    undo = _link(notice, "email/undo")
    assert client.post(undo).status_code == 200
    assert _login_row(session_factory, login_id).email == EMAIL


@pytest.mark.parametrize(("lang", "voided", "expired"), [
    ("en", "The e-mail address of this online login was changed after the link was sent", "This link has expired"),
    ("es", "La dirección de correo de este acceso en línea cambió después de enviarse el enlace",
     "Este enlace venció"),
])
def test_a_link_voided_by_an_address_change_says_so_not_that_it_expired(
        client, settings, session_factory, jane, lang, voided, expired):
    """The member whose login was moved opens the reset link mailed minutes before: it stopped working
    because the address changed, which "links work for 24 hours" would hide."""
    house, barn, _ = jane
    _mail_link(settings, session_factory, house, dispatch.PASSWORD_RESET)
    moved = _link(_mails_to(settings, EMAIL)[-1], "activate")
    _mail_link(settings, session_factory, barn, dispatch.PASSWORD_RESET)
    lapsed = _link(_mails_to(settings, EMAIL)[-1], "activate")
    with session_factory() as db, db.begin():  # this one ran out before the change
        for token in db.scalars(select(LinkToken).where(LinkToken.registration_id == barn)):
            token.expires_at = token.created_at + timedelta(microseconds=1)
    _ask(client)
    assert client.post(_link(_mails_to(settings, NEW)[0], "email")).status_code == 200

    page = client.get(f"{moved}?lang={lang}")
    assert page.status_code == 410
    assert voided in " ".join(text_of(page).split()) and expired not in text_of(page)
    page = client.get(f"{lapsed}?lang={lang}")
    assert page.status_code == 410 and expired in text_of(page), text_of(page)[150:700]
    assert voided not in " ".join(text_of(page).split())


def test_a_reset_link_mailed_to_the_new_address_is_void_once_the_change_is_undone(
        client, settings, session_factory, jane):
    """The other way round: whoever moved the login asks a reset to the new address; the owner's undo
    must leave that link dead, or it would set the password the undo has just cleared."""
    house, _, login_id = jane
    undo = _move(client, settings)
    _mail_link(settings, session_factory, house, dispatch.PASSWORD_RESET)
    their_reset = _link(_mails_to(settings, NEW)[-1], "activate")

    assert client.post(undo).status_code == 200
    assert _login_row(session_factory, login_id).email == EMAIL
    assert _set_password(client, their_reset).status_code == 410
    assert _login_row(session_factory, login_id).password_hash is None
    # The owner's own reset link (mailed by the undo) works.
    assert _set_password(client, _link(_mails_to(settings, EMAIL)[-1], "activate"),
                         "the owner's new password 1").status_code in (200, 303)
def test_a_chained_change_does_not_void_the_owner_s_undo(client, settings, session_factory, jane):
    """The attack, played by whoever holds the password (phished, or set through a reset link at
    the address they moved the login to): the login moves away, and, signed in, they move it again
    so that the next undo mail goes to their own first address. The owner's undo still works, in
    another browser: the login comes back, the stranger is signed out and their password, and
    their own undo link, are worth nothing."""
    _, _, login_id = jane
    owner_undo = _move(client, settings)
    again = "jane.third@example.net"
    assert client.get("/account").status_code == 200
    stranger_undo = _move(client, settings, new=again, old=NEW)
    assert _login_row(session_factory, login_id).email == again

    _assert_undone(client.application.test_client(), client, session_factory, login_id, owner_undo, again)
    voided = client.post(stranger_undo)
    assert voided.status_code == 410 and "An earlier change of this login's address was undone" in text_of(voided)
    assert _login_row(session_factory, login_id).email == EMAIL


def test_the_current_address_approves_a_move_asked_on_bill_data(client, settings, session_factory, jane):
    """The link mailed to the current address: GET changes nothing, Approve sends the new address
    its link (the login still moves only when that is confirmed), a second press does nothing."""
    from backend.accounts import email_change
    from backend.notify import dispatch

    _, _, login_id = jane
    with session_factory() as db, db.begin():
        queued = email_change.request_change(db, settings, db.get(Login, login_id), NEW, approval=True)
    dispatch.deliver_after_commit(settings, session_factory, queued)
    assert not _mails_to(settings, NEW)
    approve = _link(_mails_to(settings, EMAIL)[-1], "email/approve")
    shown = client.get(approve + "?lang=es")
    assert shown.status_code == 200 and "¿Pasar su acceso en línea de" in text_of(shown)
    assert NEW in text_of(shown)  # in full: the owner sees the address is not theirs
    assert not _mails_to(settings, NEW)
    done = client.post(approve)
    assert done.status_code == 200 and "Aprobó el cambio" in text_of(done)  # the page kept its language
    assert _login_row(session_factory, login_id).email == EMAIL
    [confirm] = _mails_to(settings, NEW)
    assert client.post(approve).status_code == 410
    client.post(_link(confirm, "email"))
    assert _login_row(session_factory, login_id).email == NEW


def test_an_undo_after_the_login_was_deleted_explains_how_to_sign_up_again(client, settings, session_factory, jane):
    _, _, login_id = jane
    undo = _move(client, settings)
    with session_factory() as db, db.begin():
        assert accounts.unsubscribe_login(db, db.get(Login, login_id))
    for answer in (client.get(undo), client.post(undo)):
        assert answer.status_code == 410 and "This online login was deleted" in text_of(answer)
        assert "sign up again in the chat or by text" in " ".join(text_of(answer).split())
    assert _login_row(session_factory, login_id).email == NEW
