"""Strangers holding Garza's bill send five wrong ZIPs: the account is locked for sign-ups from their
origins. The member who forgot the password, or wants the online registration deleted, still goes on
after the number and name, gives the ZIP, and hears a reply that is the same for a right and a wrong
ZIP and claims no mail: the link goes to the address on file only for the right one (the backend's
``links_through_the_lock``; docs/security.md, "A link to the address on file passes through the
lock"). A sign-up under the lock is refused as before."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.notify import dispatch
from backend.storage.models import Notification, VerificationAttempt
from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.member_rows import give_login

ACCOUNT, NAME, ZIP, WRONG_ZIP = "1001234567", "Garza", "78620", "78699"
OWNER = "garza.owner@example.com"
FORGOT = {"en": "i forgot my password", "es": "olvidé mi contraseña"}
DELETE = {"en": "delete my online account", "es": "quiero dar de baja mi acceso en línea"}
YES = {"en": "yes", "es": "sí"}
RESET_HEDGED = {"en": "If what you sent matches the account, a link goes to g***@e***.com",
                "es": "Si sus datos coinciden con la cuenta, se envía un enlace a g***@e***.com"}
DELETE_HEDGED = {"en": "If what you sent matches the account, a link to confirm the deletion goes to g***@e***.com",
                 "es": "Si sus datos coinciden con la cuenta, se envía un enlace a g***@e***.com para confirmar"}
# The reply claims no mail: one may have gone out minutes ago, or the day's links may be spent.
UNLESS = {"en": "unless one went out in the last few minutes or today's links are used up",
          "es": "salvo que ya se haya enviado uno hace unos minutos o se hayan agotado los enlaces de hoy"}
# What the lock's reply to a sign-up says, and what a proof's own answer says: never heard here.
NEVER = {"en": ("sign-up", "sign up", "paused", "matches our records", "does not match"),
         "es": ("inscrib", "registrarse", "pausa", "coincide con nuestros registros", "no coincide")}
PAUSED = {"en": "paused after too many wrong answers", "es": "está en pausa"}


@pytest.fixture
def locked(backend_on_each_database):
    """Garza has an active login at OWNER, and five strangers' chats each sent a wrong ZIP."""
    backend = backend_on_each_database
    give_login(backend, ACCOUNT, OWNER)
    for index in range(5):
        stranger = Conversation()
        stranger.start("sign up")
        stranger.form_turn(ACCOUNT)
        stranger.form_turn(NAME)
        stranger.form_turn(f"x{index}@example.com")
        stranger.form_turn(f"7869{index}")
    return backend


def _counted(backend) -> int:
    with backend.session() as session:
        return session.scalar(select(func.count(VerificationAttempt.id)))


def _mails(backend, kind: str) -> int:
    with backend.session() as session:
        return session.scalar(select(func.count(Notification.id)).where(Notification.kind == kind,
                                                                        Notification.to_address == OWNER))


def _through(language: str, start: str, intent: str, zip_code: str, yes: str | None = None) -> tuple[str, Conversation]:
    chat = Conversation(language=language)
    chat.start(start, intent=intent)
    chat.form_turn(ACCOUNT)
    said = joined(chat.form_turn(NAME))
    assert chat.slots["requested_slot"] == "identity_proof", said  # the ZIP is asked, as without a lock
    assert PAUSED[language] not in said
    reply = joined(chat.form_turn(zip_code))
    if yes is not None:
        assert chat.slots["requested_slot"] == "confirm_unsubscribe", reply
        reply = joined(chat.form_turn(yes))
    for words in NEVER[language]:
        assert words not in reply.lower(), reply
    assert zip_code not in reply
    return reply, chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reset_under_the_lock_asks_the_zip_and_answers_a_wrong_one_as_a_right_one(locked, language):
    counted = _counted(locked)
    wrong, wrong_chat = _through(language, FORGOT[language], "forgot_password", WRONG_ZIP)
    assert _mails(locked, dispatch.PASSWORD_RESET) == 0  # a wrong ZIP mails nothing
    right, right_chat = _through(language, FORGOT[language], "forgot_password", ZIP)
    assert wrong == right and RESET_HEDGED[language] in right and UNLESS[language] in right, right
    assert wrong_chat.slots["outcome"] == right_chat.slots["outcome"] == "reset_sent"
    assert _mails(locked, dispatch.PASSWORD_RESET) == 1  # the right one's link, to the address on file
    assert _counted(locked) == counted + 2  # each ZIP, right or wrong, counts alike for its chat and network only
    # A sign-up under the lock stays refused at the name.
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(ACCOUNT)
    assert PAUSED[language] in joined(chat.form_turn(NAME))
    assert chat.slots["outcome"] == "locked_out"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_deletion_under_the_lock_asks_the_zip_and_answers_a_wrong_one_as_a_right_one(locked, language):
    wrong, _ = _through(language, DELETE[language], "unregister", WRONG_ZIP, YES[language])
    assert _mails(locked, dispatch.DELETE_CONFIRM) == 0
    right, chat = _through(language, DELETE[language], "unregister", ZIP, YES[language])
    assert wrong == right and DELETE_HEDGED[language] in right and UNLESS[language] in right, right
    assert chat.slots["outcome"] == "delete_link_sent"
    assert _mails(locked, dispatch.DELETE_CONFIRM) == 1
