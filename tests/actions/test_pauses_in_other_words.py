"""Leaving for a while in other words than "later", as a fifth play-test's members did it, in English
and Spanish, against the real backend API (tests/actions/conftest.py): going to fetch the bill or
the glasses, or finishing at lunch, is the flow's one pause at every step, whatever intent the model
read (the intents below are what the trained model reads for these messages): the same reply as
"stop, I'll finish this later", never "nothing changed" nor the question alone, and coming back
gives the welcome back and the pending question, every answer kept.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.answers import asks_to_pause, steps_away_or_back
from tests.support.replies import reply_in
from tests.support.action_conversation import FORM, Conversation, joined, sign_up_start, sign_up_to

LEAVING = [
    ("en", "email", "I'm at work, gonna grab my bill at lunch and finish then", "no_bill", 0.69),
    ("en", "identity_proof", "Hold on, I need to find my glasses and the bill. Be right back.", "nlu_fallback", 0.35),
    ("en", "identity_proof", "Actually stop for now, I'll finish this later tonight", "never_mind", 1.0),
    ("es", "email", "estoy en el trabajo, lo termino en la comida", "never_mind", 0.99),
    ("es", "identity_proof", "espere, busco mis lentes", "correct", 0.44),
    ("es", "email", "espere, busco mis lentes", "correct", 0.44),
    ("en", "email", "Hold on, I need to find my glasses and the bill. Be right back.", "nlu_fallback", 0.35),
]
BACK = {"en": "I'm back, can we continue?", "es": "ya regresé, ¿seguimos?"}
ASKED = {("en", "email"): "e-mail", ("es", "email"): "correo",
         ("en", "identity_proof"): "ZIP", ("es", "identity_proof"): "postal"}



def leave(chat: Conversation, text: str, intent: str, confidence: float) -> list[str]:
    """One message during the form, as Rasa plays it: the form, or when it rejects the message,
    the rule of the intent (``never_mind``: the pause's own rule)."""
    replies = chat.form_turn(text, intent, confidence)
    if chat.rejected:
        replies += chat.run("action_never_mind" if intent == "never_mind" else "action_side_answer")[1]
    return replies


@pytest.mark.parametrize(("language", "step", "text", "intent", "confidence"), LEAVING)
def test_going_to_fetch_something_is_the_pause_and_coming_back_goes_on(backend, language, step, text, intent,
                                                                      confidence):
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    replies = leave(chat, text, intent, confidence)
    assert replies == [reply_in(language, messages.paused)], replies
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    assert not chat.failures(step) and chat.slots["account_number"] == "1001234567"
    back = chat.message(BACK[language], "never_mind", action="action_never_mind")
    assert back[0] == reply_in(language, messages.welcome_back) and len(back) == 2, back
    assert ASKED[language, step] in back[1], back
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == step


@pytest.mark.parametrize("text", [
    "one sec", "un momento", "let me grab my bill",
    # questions about where to find something are no leaving
    "¿dónde busco el número de cuenta?", "where do I find the account number", "how do I get my bill online?",
    "I don't have my bill with me right now, I'm at work",
])
def test_a_moment_or_a_question_is_no_pause(text):
    assert steps_away_or_back(text) != "away"
    assert not asks_to_pause(text)


def test_a_value_with_words_of_leaving_is_read(backend):
    chat = sign_up_to(Conversation(language="en"), "email")
    reply = joined(chat.form_turn("g@example.com, gonna grab my bill at lunch and finish then", "no_bill", 0.6))
    assert chat.slots["email"] == "g@example.com" and chat.slots["outcome"] != "paused", reply
