"""Stepping away for a moment as a twelfth play-test's members wrote it, in English and Spanish,
against the real backend API (tests/actions/conftest.py): "ahorita vengo", "ya vengo", "orita
vengo", "ahorita le sigo", "vuelvo en un momento", "be back in a sec", "hold on, someone's at the
door", "give me 5 min" are the flow's one pause at every step, whatever the model read (the intents
below are what the trained model reads for them): the pause reply, every answer kept, never "do you
want to leave the sign-up? YES or NO" nor the list of what the assistant does (which names deletion).
A confirmation to leave that is still asked during a sign-up is followed by nothing else, and its
YES / NO stays the question pending.
"""

from __future__ import annotations

import asyncio

import pytest

from actions import messages
from actions.backend_client import coop_config
from actions.language import speaking
from tests.support.action_conversation import FORM, Conversation, sign_up_start, sign_up_to
from tests.support.replies import reply_in
from tests.support.stepping_away import comes_back, steps_away, turn

BACK = {"en": ("ok im back", "goodbye"), "es": ("ya volví", "greet")}
# (language, step, message, the intent the trained model reads for it)
AWAY = [
    ("es", "security_question", "ahorita vengo, tocan la puerta", "never_mind"),
    ("es", "security_question", "ahorita vengo", "never_mind"),
    ("es", "member_name", "ahorita vengo", "never_mind"),
    ("es", "security_answer", "ahorita regreso", "never_mind"),
    ("es", "terms_accepted", "ya vengo", "affirm"),
    ("es", "security_question", "ahorita le sigo", "never_mind"),
    ("es", "email", "orita vengo", "affirm"),
    ("es", "member_name", "vuelvo en un momento", "correct"),
    ("es", "security_answer", "ahorita le escribo", "never_mind"),
    ("en", "member_name", "be back in a sec", "forgot_password"),
    ("en", "security_question", "be back in a sec", "forgot_password"),
    ("en", "security_answer", "hold on, someone's at the door", "human"),
    ("en", "identity_proof", "hold on, someone's at the door", "human"),
    ("en", "terms_accepted", "give me 5 min", "inform"),
    ("en", "member_name", "give me 5 min", "inform"),
]


def what_i_do(language: str) -> str:
    with speaking(language):
        return messages.what_i_do(asyncio.run(coop_config()))


@pytest.mark.parametrize(("language", "step", "text", "intent"), AWAY)
def test_right_back_is_the_pause_at_every_step_and_coming_back_asks_the_question(backend, language, step, text,
                                                                                intent):
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    steps_away(chat, language, step, text, intent)
    assert chat.slots["account_number"] == "1001234567"
    comes_back(chat, language, step, *BACK[language])


@pytest.mark.parametrize("language", ["es", "en"])
def test_right_back_again_while_paused_keeps_the_pause(backend, language):
    """ "listo, ya. ay no, ahorita vengo otra vez" after a pause: still kept, never "Write REGISTER any time"."""
    chat = sign_up_to(Conversation(language=language), "security_question", sign_up_start(language))
    first, again = (("ahorita vengo", "listo, ya. ay no, ahorita vengo otra vez") if language == "es"
                    else ("be back in a sec", "ok. oh no, be back in a sec again"))
    assert turn(chat, first, "never_mind") == [reply_in(language, messages.paused)]
    replies = turn(chat, again, "never_mind")
    assert replies == [reply_in(language, messages.paused)], replies
    assert reply_in(language, messages.never_mind_idle) not in replies
    assert chat.slots["outcome"] == "paused" and chat.slots["account_number"] == "1001234567"


@pytest.mark.parametrize(("language", "text", "yes"), [("es", "ay no sé", "si"), ("en", "uh I dunno", "yes")])
def test_the_confirmation_to_leave_is_followed_by_nothing_and_stays_pending(backend, language, text, yes):
    """Words the model read as "never mind" that do not say so: the question whether to leave, alone
    (never the list that names deletion); its YES is read as the answer to it, never as a choice of
    security question ("I didn't catch which one you chose")."""
    chat = sign_up_to(Conversation(language=language), "security_question", sign_up_start(language))
    replies = turn(chat, text, "never_mind")
    assert replies == [reply_in(language, messages.confirm_switch, "never_mind")], replies
    assert what_i_do(language) not in replies
    assert chat.slots["pending_switch"] == "never_mind" and chat.active_loop == FORM
    replies = turn(chat, yes, "affirm")
    assert replies[0] == reply_in(language, messages.never_mind), replies
    assert not any(reply_in(language, messages.bad_question, False) in reply for reply in replies)
    assert chat.slots["goal"] is None


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_fallback_after_the_confirmation_adds_nothing(backend, language):
    """Should Rasa's fallback still run after the question whether to leave (no rule follows
    ``action_never_mind`` while the form stays active), it says nothing and keeps the question."""
    chat = sign_up_to(Conversation(language=language), "security_question", sign_up_start(language))
    chat.form_turn("ay no sé" if language == "es" else "uh I dunno", "never_mind", 0.8)
    assert chat.rejected
    said = chat.run("action_never_mind")[1]
    assert said == [reply_in(language, messages.confirm_switch, "never_mind")]
    events, said = chat.run("action_default_fallback")
    assert said == [] and {"event": "followup", "name": FORM} in [
        {"event": event["event"], "name": event.get("name")} for event in events], events
    assert chat.slots["pending_switch"] == "never_mind"
