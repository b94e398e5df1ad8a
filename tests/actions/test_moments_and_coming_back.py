"""Stepping away for a moment and coming back, as a sixth play-test's members wrote it, in English
and Spanish, against the real backend API (tests/actions/conftest.py): "brb", "be right back",
"un momento", "espérame tantito, me están llamando" or going to fetch the bill ("hang on let me go
find my bill", read as "no bill" by the model) is the flow's one pause at the steps without a
patient reply of their own, whatever intent the model read (never "Hi!" nor "No bill yet?"); "ok im
back", "ya estoy aquí, perdón", "ya volví" give the welcome back and the pending question, paused
or not (never "Goodbye!" nor "do you want to leave?"), every answer kept.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.answers import steps_away_for_a_moment
from tests.support.action_conversation import FORM, Conversation, joined, sign_up_start, sign_up_to
from tests.support.replies import reply_in

ASKED = {("en", "account_number"): "account number", ("es", "account_number"): "número de cuenta",
         ("en", "email"): "e-mail", ("es", "email"): "correo",
         ("en", "identity_proof"): "ZIP", ("es", "identity_proof"): "postal"}
# (language, step, message, the intent the model read, the rule Rasa runs for it outside the form)
MOMENTS = [
    ("en", "account_number", "hang on let me go find my bill", "no_bill"),
    ("en", "account_number", "let me grab my bill", "no_bill"),
    ("en", "email", "brb", "greet"),
    ("en", "identity_proof", "be right back", "greet"),
    ("en", "email", "one sec", "nlu_fallback"),
    ("es", "email", "un momento", "greet"),
    ("es", "email", "espérame tantito, me están llamando", "out_of_scope"),
    ("es", "account_number", "déjame buscar mi recibo", "no_bill"),
    ("es", "identity_proof", "ahorita vuelvo", "never_mind"),
]
BACK = [("en", "ok im back", "goodbye"), ("en", "I'm back", "greet"),
        ("es", "ya estoy aquí, perdón", "never_mind"), ("es", "ya volví", "greet")]


def turn(chat: Conversation, text: str, intent: str) -> list[str]:
    """One message, as Rasa plays it: the form, or when it rejects the message, the rule of the intent."""
    rule = {"never_mind": "action_never_mind", "nlu_fallback": "action_default_fallback"}.get(intent,
                                                                                             "action_side_answer")
    if chat.active_loop != FORM:
        return chat.message(text, intent, 0.8, action=rule)
    replies = chat.form_turn(text, intent, 0.8)
    if chat.rejected:
        replies += chat.run(rule)[1]
    return replies


COMING_BACK = {"en": ("ok im back", "goodbye"), "es": ("ya estoy aquí, perdón", "never_mind")}


@pytest.mark.parametrize(("language", "step", "text", "intent"), MOMENTS)
def test_a_moment_is_the_pause_and_coming_back_asks_the_question_again(backend, language, step, text, intent):
    back, back_intent = COMING_BACK[language]
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    replies = turn(chat, text, intent)
    assert replies == [reply_in(language, messages.paused)], replies
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None and not chat.failures(step)
    replies = turn(chat, back, back_intent)
    assert replies[0] == reply_in(language, messages.welcome_back) and len(replies) == 2, replies
    assert ASKED[language, step] in replies[1], replies
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == step
    if step != "account_number":
        assert chat.slots["account_number"] == "1001234567"


@pytest.mark.parametrize(("language", "text", "intent"), BACK)
def test_back_without_a_pause_is_welcomed_and_asked_again(backend, language, text, intent):
    """The member said "brb" in words the assistant did not take as a pause, then "ok im back"."""
    chat = sign_up_to(Conversation(language=language), "email", sign_up_start(language))
    replies = turn(chat, text, intent)
    assert replies[0] == reply_in(language, messages.welcome_back) and len(replies) == 2, replies
    assert ASKED[language, "email"] in replies[1]
    assert reply_in(language, messages.goodbye) not in replies
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == "email" and chat.slots["member_name"]


@pytest.mark.parametrize(("language", "text"), [("en", "one sec"), ("es", "un momento")])
def test_the_name_step_keeps_its_patient_reply_for_a_bare_moment(backend, language, text):
    """A moment without words of stepping away ("brb" has them: the pause, as at every step)."""
    chat = sign_up_to(Conversation(language=language), "member_name", sign_up_start(language))
    reply = joined(turn(chat, text, "greet"))
    assert reply_in(language, messages.name_wait) in reply and chat.slots["outcome"] != "paused"


@pytest.mark.parametrize("text", [
    "wait, that's not my email", "one sec, where is the account number?", "un momento, ¿dónde viene el número?",
    "espera, me equivoqué de correo", "hang on", "never mind, cancel it",
])
def test_a_question_or_a_correction_with_a_moment_is_no_pause(text):
    assert not steps_away_for_a_moment(text)
