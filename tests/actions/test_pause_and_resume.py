"""A sign-up left for later and taken up again, as a play-tester's member did it, in English and
Spanish, against the real backend API (tests/actions/conftest.py):

- "stop, I'll finish this later" / "para, lo termino después" keeps every answer (and what the
  backend proved), says so, and the form waits;
- "I'm back, can we continue?" / "ya regresé, ¿seguimos?" / the sign-up words go on at the pending
  question, whatever intent the model read, and the proof given before the pause still counts;
- "cancel, I don't want to sign up" still ends the sign-up, before or after a pause.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import FORM, Conversation, at_the_email_step, joined

PAUSES = [("es", "para, lo termino despues"), ("en", "stop, I'll finish this later"),
          ("en", "I have to go, I'll finish later"), ("es", "tengo que irme, luego lo termino")]
KEPT = {"es": "guardo sus respuestas", "en": "keep your answers"}
DROPPED = ("Nothing was registered", "No hay nada registrado")
ASKS_THE_EMAIL = {"es": "correo", "en": "e-mail"}
CANCELS = [("es", "cancela, ya no quiero registrarme"), ("en", "cancel, I don't want to sign up")]


def _never_mind(chat: Conversation, text: str) -> str:
    """A message the model read as never_mind, during the form: the form rejects it, the rule answers."""
    chat.form_turn(text, intent="never_mind")
    assert chat.rejected
    return joined(chat.run("action_never_mind")[1])


def _paused(language: str, text: str) -> tuple[Conversation, str]:
    chat = at_the_email_step(language)
    return chat, _never_mind(chat, text)


def _outside_the_form(chat: Conversation, text: str, intent: str, action: str) -> str:
    """A message while no form runs, answered by ``action`` (as a rule picks it by ``intent``); the
    form follows when the action starts it again."""
    chat.user(text, intent)
    events, said = chat.run(action)
    if action == "action_start_flow" or any(event.get("event") == "followup" for event in events):
        said += chat.follow_up_form()
    return joined(said)


@pytest.mark.parametrize(("language", "text"), PAUSES)
def test_a_pause_keeps_the_answers_and_says_so(backend, language, text):
    chat, reply = _paused(language, text)
    assert KEPT[language] in reply, reply
    assert not any(words in reply for words in DROPPED), reply
    assert chat.active_loop is None
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"] == "Garza"


@pytest.mark.parametrize(("language", "text", "intent", "action"), [
    ("es", "ya regrese, seguimos?", "never_mind", "action_never_mind"),
    ("es", "ya regrese, seguimos?", "affirm", "action_side_answer"),
    ("es", "REGISTRARME", "register", "action_start_flow"),
    ("en", "I'm back, can we continue?", "never_mind", "action_never_mind"),
    ("en", "I'm back, can we continue?", "greet", "action_side_answer"),
    ("en", "let's continue", "affirm", "action_side_answer"),
    ("en", "sign up", "register", "action_start_flow"),
])
def test_coming_back_goes_on_at_the_pending_question(backend, language, text, intent, action):
    chat, _ = _paused(language, "para, lo termino despues" if language == "es" else "stop, I'll finish this later")
    reply = _outside_the_form(chat, text, intent, action)
    assert ASKS_THE_EMAIL[language] in reply, reply
    assert "REGISTRARME" not in reply and "REGISTER" not in reply, reply
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == "email"
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"] == "Garza"
    # What the backend proved before the pause still counts: the ZIP is checked for that account.
    chat.form_turn("g@example.com")
    chat.form_turn("78620")
    assert chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize(("language", "text"), CANCELS)
def test_a_clear_cancel_still_ends_the_sign_up(backend, language, text):
    chat = at_the_email_step(language)
    reply = _never_mind(chat, text)
    assert any(words in reply for words in DROPPED), reply
    assert chat.slots["goal"] is None and chat.slots["account_number"] is None


@pytest.mark.parametrize(("language", "text"), CANCELS)
def test_a_clear_cancel_after_a_pause_ends_it(backend, language, text):
    chat, _ = _paused(language, PAUSES[0][1] if language == "es" else PAUSES[1][1])
    reply = _outside_the_form(chat, text, "never_mind", "action_never_mind")
    assert any(words in reply for words in DROPPED), reply
    assert chat.slots["goal"] is None and chat.slots["account_number"] is None


WHERE = {"en": ("where is the account number on the bill?", "labeled Account Number"),
         "es": ("¿dónde viene el número de cuenta en el recibo?", "como Account Number")}


@pytest.mark.parametrize("language", ["en", "es"])
def test_where_the_number_is_asked_while_paused_is_answered_then_the_pending_question(backend, language):
    chat, _ = _paused(language, "para, lo termino despues" if language == "es" else "stop, I'll finish this later")
    question, where = WHERE[language]
    reply = _outside_the_form(chat, question, "account_help", "action_side_answer")
    assert where in reply and ASKS_THE_EMAIL[language] in reply, reply
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == "email"
    assert chat.slots["account_number"] == "1001234567"
