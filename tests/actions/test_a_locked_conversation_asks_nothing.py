"""While a lock pauses the conversation, every message hears the pause again and no question, in
English and Spanish, against the real backend API (tests/actions/conftest.py):

- after the conversation's own lock (three wrong names) or the account's (strangers' wrong ZIP codes),
  "send a new code", a code-like "654321", "ok try account 1001234567 Garza again", "Garza" and "start
  over" each hear the lock's reply: never "What is the last name ...", never a new code, and no
  check reaches the backend (no try spent, nothing more told);
- a network paused for the day for an account (web chat, after "start over") says so and asks nothing
  more, then answers every message the same way.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.storage.models import VerificationAttempt
from tests.support.action_conversation import Conversation, joined, sign_up_start

CONVERSATION_LOCKED = {"en": "this conversation is locked", "es": "esta conversación está bloqueada"}
ACCOUNT_LOCKED = {"en": "online sign-up for this account is paused",
                  "es": "el registro en línea de esta cuenta está en pausa"}
NETWORK_PAUSED = {"en": "came from your network today", "es": "llegaron demasiadas respuestas incorrectas"}
QUESTIONS = {"en": ("What is", "last name", "account number", "ZIP", "code I just"),
             "es": ("¿Qué", "apellido", "número de cuenta", "código postal", "código que acabo")}
FOLLOW_UPS = {
    "en": [("send a new code", "out_of_scope"), ("654321", "inform"),
           ("ok try account 1001234567 Garza again", "inform"), ("Garza", "inform"), ("start over", "start_over"),
           ("I want to sign up", "register"), ("hello?", "greet"), ("never mind", "never_mind"),
           ("I did not get the email", "email_not_received")],
    "es": [("mándeme un código nuevo", "out_of_scope"), ("654321", "inform"),
           ("ok intente la cuenta 1001234567 Garza otra vez", "inform"), ("Garza", "inform"),
           ("empezar de nuevo", "start_over"), ("quiero registrarme", "register"), ("¿hola?", "greet"),
           ("olvídelo", "never_mind"), ("no me llegó el correo", "email_not_received")],
}
ACTIONS = {"start_over": "action_start_over", "email_not_received": "action_resend_email"}


def _checks(backend) -> int:
    with backend.session() as session:
        return session.scalar(select(func.count()).select_from(VerificationAttempt))


def _asks_nothing(chat: Conversation, backend, language: str, paused: str) -> None:
    checks = _checks(backend)
    for text, intent in FOLLOW_UPS[language]:
        said = joined(chat.message(text, intent=intent, action=ACTIONS.get(intent)))
        assert paused in said, (text, said)
        assert not any(question in said for question in QUESTIONS[language]), (text, said)
        assert chat.active_loop is None and not chat.slots["requested_slot"], (text, chat.slots["requested_slot"])
    assert _checks(backend) == checks  # no check reached the backend: nothing spent, nothing told


@pytest.mark.parametrize("language", ["en", "es"])
def test_after_the_conversation_s_lock_every_message_hears_it(backend, language):
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    for name in ("Chispa", "Lopez", "Smith"):
        reply = joined(chat.form_turn(name))
    assert CONVERSATION_LOCKED[language] in reply, reply
    _asks_nothing(chat, backend, language, CONVERSATION_LOCKED[language])


@pytest.mark.parametrize("language", ["en", "es"])
def test_after_the_account_s_lock_every_message_hears_it(backend, language):
    for index in range(5):  # strangers' chats, each one wrong ZIP: the account is locked
        stranger = Conversation()
        stranger.start("sign up")
        for text in ("1001234567", "Garza", f"x{index}@example.com", f"7869{index}"):
            stranger.form_turn(text)
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    reply = joined(chat.form_turn("Garza"))
    assert ACCOUNT_LOCKED[language] in reply, reply
    _asks_nothing(chat, backend, language, ACCOUNT_LOCKED[language])


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_network_paused_for_the_day_asks_nothing_more(backend, language):
    from backend.identity import source_budget
    from backend.identity import verification as v
    from backend.storage.models import utcnow

    now = utcnow()
    guessers = [f"guess-{language}-{index}" for index in range(source_budget.PAIR_LIMIT)]
    with backend.session() as session:
        for guesser in guessers:
            v.remember_origin(session, guesser, "web", "shared-nat")
        session.commit()
    for guesser in guessers:
        with backend.session() as session:
            v.check_account(session, guesser, "1001234567", "Smith", now=now)
    chat = Conversation(language=language, channel="web")
    with backend.session() as session:
        v.remember_origin(session, chat.sender, "web", "shared-nat")
        session.commit()
    chat.start(sign_up_start(language))
    reply = joined(chat.form_turn("1001234567 Garza"))
    assert NETWORK_PAUSED[language] in reply, reply
    assert not any(question in reply for question in QUESTIONS[language]), reply
    _asks_nothing(chat, backend, language, NETWORK_PAUSED[language])
