"""A stranger with the bill of an account that has a phone on file (policy ``phone``) asks for a
password reset, the deletion link or a new login address: before that phone is proven nothing
tells whether the account has no login, a pending one or an active one (docs/security.md,
"Who has a login: no oracle")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import ACTIVE, PENDING, UNSUBSCRIBED, Member, Notification, Registration
from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.member_rows import add_registration
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code

NEUTRAL = {"en": "If this account has an online login, I sent a link to",
           "es": "Si esta cuenta tiene acceso en linea, mande un enlace a"}
FORGOT = {"en": "i forgot my password", "es": "olvidé mi contraseña"}


def _with_login(backend, status):
    if status is not None:
        with backend.session() as session:
            member_id = session.scalars(select(Member.id).where(Member.account_number == ALVAREZ["account"])).one()
        add_registration(backend.session, member_id, email=f"alvarez.{status}@example.com", status=status)


def _plain(text: str) -> str:
    return text.replace("í", "i").replace("é", "e")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reset_asked_before_the_phone_is_answered_alike_for_every_login(backend, language):
    add_alvarez(backend)
    replies = []
    for status in (None, PENDING, ACTIVE):
        if status is not None:
            _with_login(backend, status)
        chat = Conversation(language=language)
        chat.start(FORGOT[language], intent="forgot_password")
        chat.form_turn(f"{ALVAREZ['account']} {ALVAREZ['name']}")
        reply = joined(chat.form_turn(ALVAREZ["zip"]))
        replies.append(reply[reply.index(NEUTRAL[language][:20]):] if NEUTRAL[language][:20] in reply else reply)
        assert NEUTRAL[language] in _plain(reply), reply
        assert "a***@e***.com" not in reply
        if status == PENDING:  # PENDING then ACTIVE: a fresh login for the next round
            with backend.session() as session, session.begin():
                for row in session.scalars(select(Registration)):
                    row.status = UNSUBSCRIBED
    assert len(set(replies)) == 1, replies


def test_a_new_address_asked_for_an_account_without_a_login_asks_for_the_code_first(backend):
    add_alvarez(backend)
    chat = Conversation()
    chat.start("new email address", "change_email")
    chat.form_turn(ALVAREZ["account"])
    chat.form_turn(ALVAREZ["name"])
    reply = joined(chat.form_turn(ALVAREZ["zip"]))
    assert "texted a 6-digit code" in reply and "no online login" not in reply
    reply = joined(chat.form_turn(last_code(backend)))
    reply += joined(chat.form_turn("alvarez.new@example.com"))
    assert "no online login yet" in reply  # told once the phone is proven


ALREADY = {"en": "This account already has an online registration, so I did not make a second one. I sent a "
                 "password reset link to the e-mail address at a***@e***.com",
           "es": "Esta cuenta ya tiene un registro en línea, así que no hice otro. Le mandé un enlace para cambiar "
                 "la contraseña al correo a***@e***.com"}


def _sign_up_to_the_code(language: str) -> tuple[Conversation, str]:
    chat = Conversation(language=language, channel="web")
    chat.start(sign_up_start(language))
    chat.form_turn(f"{ALVAREZ['account']} {ALVAREZ['name']}")
    return chat, joined(chat.form_turn(ALVAREZ["zip"]))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_sign_up_of_an_account_with_an_active_login_asks_for_the_code_as_one_without(
        backend_on_each_database, language):
    """A stranger holding the bill signs up from another phone: until the code from the phone on file,
    the answer is the one an account without a login gets, and names no address; once the code is
    typed back, the member reads that the account is registered, and the reset link goes out."""
    backend = add_alvarez(backend_on_each_database)
    _, without_login = _sign_up_to_the_code(language)
    _with_login(backend, ACTIVE)  # alvarez.active@example.com
    chat, with_login = _sign_up_to_the_code(language)
    assert with_login == without_login
    assert "6" in with_login and "0177" in with_login
    assert "a***@e***.com" not in with_login and ALREADY[language][:30] not in with_login
    assert not _reset_mails(backend)  # nothing mailed yet

    reply = joined(chat.form_turn(last_code(backend)))
    assert ALREADY[language] in reply, reply
    assert len(_reset_mails(backend)) == 1
    assert chat.slots.get("outcome") == "already_registered"


def _reset_mails(backend) -> list[str]:
    with backend.session() as session:
        return list(session.scalars(select(Notification.kind).where(Notification.kind == "password_reset")))
