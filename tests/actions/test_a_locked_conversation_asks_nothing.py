"""While a lock pauses the conversation, every message hears the pause again and no question, in
English and Spanish, against the real backend API (tests/actions/conftest.py):

- after the conversation's own lock (three wrong names) or the account's (strangers' wrong ZIP codes),
  "send a new code", a code-like "654321", "ok try account 1001234567 Garza again", "Garza" and "start
  over" each hear the lock's reply: never "What is the last name ...", never a new code, and no
  check reaches the backend (no try spent, nothing more told);
- a network paused for the day for an account (web chat, after "start over") says so and asks nothing
  more, then answers every message the same way;
- "I forgot my password", "¿cómo entro a mi cuenta?" (whatever the model read) hear how to sign in and
  whom to call for a reset, the same words after either lock, no check reaching the backend, and the
  lock's reply again after it.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from actions import messages
from actions.backend_client import coop_config
from backend.storage.models import VerificationAttempt
from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import Conversation, at_the_code, joined, sign_up_start
from tests.support.one_time_code import ALVAREZ, add_alvarez
from tests.support.replies import reply_in
from tests.support.security_choice import latest_message_id

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


def _locked_by_its_own_guesses(language: str) -> tuple[Conversation, str]:
    """A member's chat names its account with three wrong names, which lock the conversation: that chat
    and the reply to the last name."""
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    replies = [joined(chat.form_turn(name)) for name in ("Chispa", "Lopez", "Smith")]
    return chat, replies[-1]


@pytest.mark.parametrize("language", ["en", "es"])
def test_after_the_conversation_s_lock_every_message_hears_it(backend, language):
    chat, reply = _locked_by_its_own_guesses(language)
    assert CONVERSATION_LOCKED[language] in reply, reply
    _asks_nothing(chat, backend, language, CONVERSATION_LOCKED[language])


def _locked_by_strangers(language: str) -> tuple[Conversation, str]:
    """Five strangers' chats, each one wrong ZIP, lock the account; then a member's chat names it: that
    chat and the reply to the name."""
    for index in range(5):
        stranger = Conversation()
        stranger.start("sign up")
        for text in ("1001234567", "Garza", f"x{index}@example.com", f"7869{index}"):
            stranger.form_turn(text)
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    return chat, joined(chat.form_turn("Garza"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_after_the_account_s_lock_every_message_hears_it(backend, language):
    chat, reply = _locked_by_strangers(language)
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


# A member who has a login asks how to use it: static help (how to sign in, whom to call for a reset),
# never the lock's reply again nor the reset flow (its checks are what the lock stopped).
SIGN_IN_HELP = {
    "en": [("I forgot my password", "forgot_password"), ("how do I log in?", "help"),
           ("can you reset my password, account 1001234567 Garza", "forgot_password"),
           ("I can't sign in", "out_of_scope")],
    "es": [("olvidé mi contraseña", "forgot_password"), ("¿cómo entro a mi cuenta?", "help"),
           ("quiero restablecer mi contraseña, cuenta 1001234567 Garza", "forgot_password"),
           ("no puedo iniciar sesión", "out_of_scope")],
}


def _helps_to_sign_in(chat: Conversation, backend, language: str, paused: str) -> list[str]:
    checks = _checks(backend)
    helped = reply_in(language, messages.sign_in_help_while_locked, asyncio.run(coop_config()))
    said = []
    for text, intent in SIGN_IN_HELP[language]:
        replies = chat.message(text, intent=intent)
        assert replies == [helped], (text, replies)
        assert not any(question in replies[0] for question in QUESTIONS[language]), (text, replies)
        assert chat.active_loop is None and not chat.slots["requested_slot"] and not chat.slots["goal"]
        said += replies
        # The lock stays: the next message hears it again.
        assert paused in joined(chat.message("654321", intent="inform")), text
    assert _checks(backend) == checks  # no check reached the backend
    return said


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_locked_conversation_asked_how_to_sign_in_hears_the_same_static_help_whatever_the_lock(
        backend, language):
    chat, _ = _locked_by_its_own_guesses(language)
    by_the_conversation = _helps_to_sign_in(chat, backend, language, CONVERSATION_LOCKED[language])
    chat, reply = _locked_by_strangers(language)
    assert ACCOUNT_LOCKED[language] in reply, reply
    by_the_account = _helps_to_sign_in(chat, backend, language, ACCOUNT_LOCKED[language])
    # The same words whatever the lock: nothing told of the account or its login.
    assert by_the_conversation == by_the_account
    assert all(fits_two_segments(said) for said in by_the_account)


def fits_two_segments(said: str) -> bool:
    return septets(to_gsm7(said)) <= MAX_SEPTETS


@pytest.mark.parametrize("text", ["654321", "my code is 456 123", "6 5 4 3 2 1"])
def test_a_code_sent_while_paused_is_marked_as_secret(backend, text):
    """An attacker play-test: a conversation waiting for its code, paused by the account's lock (strangers'
    wrong ZIP codes), sent the code again; the lock's reply answered it and the six digits stayed in
    clear in the staff transcript and the Redis tracker. Nothing reads them while paused, and the
    message is marked as the code read at its step is."""
    for index in range(5):
        stranger = Conversation()
        stranger.start("sign up")
        for sent in ("1001234567", "Garza", f"x{index}@example.com", f"7869{index}"):
            stranger.form_turn(sent)
    chat = Conversation(channel="sms")
    chat.start(sign_up_start("en"))
    chat.form_turn("1001234567")
    assert ACCOUNT_LOCKED["en"] in joined(chat.form_turn("Garza"))
    assert ACCOUNT_LOCKED["en"] in joined(chat.message(text, intent="inform"))
    assert chat.slots["redact_message_id"] == latest_message_id(chat)
    # Words without a code are not marked.
    assert ACCOUNT_LOCKED["en"] in joined(chat.message("hello?", intent="greet"))
    assert chat.slots["redact_message_id"] != latest_message_id(chat)


@pytest.mark.parametrize("language", ["en", "es"])
def test_digits_sent_at_the_code_while_locked_fill_no_slot(backend, language):
    """An attacker play-test: a conversation at its texted code, paused by the account's lock (strangers'
    wrong ZIP codes), sent six digits; the form started again by them stored them in the slot
    ``account_number`` (in clear in the Redis tracker) in place of the account. Rasa's mapping fills
    the slot from the message's entity as the form starts; the form, with no flow while paused, gives
    it back its value: the account's number, unchanged."""
    add_alvarez(backend)
    chat = at_the_code(language)
    for index in range(5):
        stranger = Conversation()
        stranger.start("sign up")
        for sent in (ALVAREZ["account"], ALVAREZ["name"], f"x{index}@example.com", f"7869{index}"):
            stranger.form_turn(sent)
    assert ACCOUNT_LOCKED[language] in joined(chat.form_turn("654321"))
    assert chat.slots["account_number"] == ALVAREZ["account"]
    checks = _checks(backend)
    for text in ("654321", "123 456"):
        said = joined(chat.start(text, intent="inform", extracted={"account_number": text.replace(" ", "")}))
        assert ACCOUNT_LOCKED[language] in said, said
        assert not any(question in said for question in QUESTIONS[language]), said
        assert chat.slots["account_number"] == ALVAREZ["account"]
        assert chat.slots["redact_message_id"] == latest_message_id(chat)
    assert _checks(backend) == checks  # nothing reached the backend
