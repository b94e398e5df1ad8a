"""After a link mail was held back (the 10-minute guard: one went minutes ago; the day's link mails
spent), every later reply about the link says what really went: a "resend" / "¿me lo reenvías?", a
"yes" to the offer to resend, an "I'm back" never claim a mail (slot ``link_held``), in English and
Spanish, against the real backend API (tests/actions/conftest.py) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.accounts import link_mails
from backend.notify import dispatch
from backend.storage.models import Login, Member, Notification, Registration, utcnow
from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.member_rows import give_login
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code

OWNER = "alvarez.owner@example.com"
STOPPED = {
    "en": "No more links go to the e-mail address at {masked} today, so I did not send one.",
    "es": "Hoy ya no se mandan más enlaces al correo {masked}, así que no mandé uno.",
}
RECENT = {
    "en": "A link went to the e-mail address at a***@e***.com a few minutes ago, so I did not send another.",
    "es": "Hace unos minutos mandé un enlace al correo a***@e***.com, así que no mandé otro.",
}
# What a reply must never say once the link was held back: a mail sent (again), "already sent again".
CLAIMS = {
    "en": (
        "sent the activation e-mail again",
        "already sent the e-mail again",
        "the link went to",
        "open the link I sent",
    ),
    "es": (
        "otra vez el correo de activación",
        "Ya le mandé el correo otra vez",
        "el enlace se envió a",
        "abra el enlace que le envié",
    ),
}
YES = {"en": "yes", "es": "sí"}
RESEND = {"en": "can you send it again?", "es": "¿me lo reenvías?"}
BACK = {"en": "I'm back, can we continue?", "es": "ya volví, ¿seguimos?"}


def _claims_nothing(reply: str, language: str) -> None:
    assert not any(claim in reply for claim in CLAIMS[language]), reply


def _later_replies(chat: Conversation, language: str) -> list[str]:
    """The member's later messages about the link, each as Rasa answers it outside a flow."""
    return [
        joined(chat.message(RESEND[language], "email_not_received", action="action_resend_email")),
        joined(chat.message(RESEND[language], "email_not_received", action="action_resend_email")),
        joined(chat.message(YES[language], "affirm", 0.99)),
        joined(chat.message(BACK[language], "greet")),
    ]


def _reset_mailed(session, registration_id: int, to: str, when, on_bill: bool = False) -> None:
    """A reset link mail for ``registration_id`` sent at ``when``."""
    session.add(
        Notification(
            kind=dispatch.PASSWORD_RESET,
            registration_id=registration_id,
            to_address=to,
            status=dispatch.SENT,
            asked_on_bill=on_bill,
            created_at=when,
            next_attempt_at=when,
        )
    )


def _spend_the_day(backend, login_email: str, on_bill: bool) -> None:
    """The login's link mails of the day (the bill-data budget, or the member's own) were all sent,
    over an hour ago (none within the 10-minute guard)."""
    earlier = utcnow() - timedelta(hours=2)
    with backend.session() as session, session.begin():
        registration_id = session.scalars(select(Registration.id).join(Login).where(Login.email == login_email)).first()
        for index in range(link_mails.DAILY_BILL_LINK_MAILS if on_bill else link_mails.DAILY_LINK_MAILS):
            _reset_mailed(session, registration_id, login_email, earlier + timedelta(minutes=index), on_bill)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_resend_after_the_day_s_mails_held_the_sign_up_s_offer_back_claims_no_mail(
    backend_on_each_database, language
):
    """Another account signed up with a login's address once the day's mails of that login are spent:
    no offer was made or mailed, and no later message is told a link went (or went again)."""
    backend = add_alvarez(backend_on_each_database)
    give_login(backend, ALVAREZ["account"], OWNER)
    _spend_the_day(backend, OWNER, on_bill=True)
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in ("1001234567", "Garza", OWNER, "78620", "2", "Rex"):
        chat.form_turn(text)
    reply = joined(chat.form_turn(YES[language], intent="affirm", confidence=0.99))
    stopped = STOPPED[language].format(masked="a***@e***.com")
    assert stopped in reply and chat.slots["link_held"] == "daily_limit", reply
    for later in _later_replies(chat, language):
        assert stopped in later, later
        _claims_nothing(later, language)
    with backend.session() as session:
        assert not session.scalars(select(Notification.id).where(Notification.kind == dispatch.ADD_ACCOUNT)).all()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_resend_the_day_s_mails_held_back_is_never_told_it_was_sent_again_once(backend_on_each_database, language):
    """The member's own pending sign-up (its activation mailed); the day's mails of the login are then
    spent: "resend" is told no link goes today, and so is every later message about it (never "I
    already sent the e-mail again once": the held-back resend sent nothing)."""
    backend = backend_on_each_database
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in ("1001234567", "Garza", "g@example.com", "78620", "2", "Rex"):
        chat.form_turn(text)
    chat.form_turn(YES[language], intent="affirm", confidence=0.99)
    assert chat.slots["outcome"] == "registered" and not chat.slots["link_held"]
    _spend_the_day(backend, "g@example.com", on_bill=True)
    stopped = STOPPED[language].format(masked=chat.slots["email_masked"])
    for later in _later_replies(chat, language):
        assert stopped in later, later
        _claims_nothing(later, language)
    with backend.session() as session:
        activations = session.scalars(select(Notification.id).where(Notification.kind == dispatch.ACTIVATION)).all()
    assert len(activations) == 1  # the sign-up's own, nothing since


@pytest.mark.parametrize("language", ["en", "es"])
def test_after_the_10_minute_guard_held_a_link_back_later_replies_say_the_earlier_one_stands(
    backend_on_each_database, language
):
    """A sign-up of an account already registered, whose reset link went 3 minutes ago: nothing new is
    mailed, and a later "send it again" says the link of minutes ago stands, never that one went now
    (a "yes" hears that the link went, which it did, minutes before)."""
    backend = add_alvarez(backend_on_each_database)
    give_login(backend, ALVAREZ["account"], OWNER)
    with backend.session() as session, session.begin():
        registration_id = session.scalars(
            select(Registration.id).join(Member).where(Member.account_number == ALVAREZ["account"])
        ).one()
        _reset_mailed(session, registration_id, OWNER, utcnow() - timedelta(minutes=3))
    chat = Conversation(language=language, channel="web")
    chat.start(sign_up_start(language))
    chat.form_turn(f"{ALVAREZ['account']} {ALVAREZ['name']}")
    chat.form_turn(ALVAREZ["zip"])
    reply = joined(chat.form_turn(last_code(backend)))
    assert chat.slots["outcome"] == "already_registered" and chat.slots["link_held"] == "none", reply
    for _ in range(2):
        later = joined(chat.message(RESEND[language], "email_not_received", action="action_resend_email"))
        assert RECENT[language] in later, later
        _claims_nothing(later, language)
    with backend.session() as session:
        assert (
            len(session.scalars(select(Notification.id).where(Notification.kind == dispatch.PASSWORD_RESET)).all()) == 1
        )
