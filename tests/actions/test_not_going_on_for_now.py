"""A member who says they don't want to go on for now ("ya basta, no quiero seguir", "enough, I don't want
to continue") in the web chat gets the pause, as a stop word there ("basta", STOP) does: every answer kept,
the way back said, and "continue" goes on where it stopped; words that say what to drop ("forget what I told
you", "start over") still drop it. English and Spanish, against the real backend API (a play-test: the
sentence cancelled the sign-up and dropped the answers while a lone "basta" kept them)."""

from __future__ import annotations

import pytest

from actions import messages
from actions.tracker_reading import FORM
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to
from tests.support.replies import reply_in

NOT_NOW = {
    "en": ["enough, I don't want to continue", "Enough. I do not want to continue.", "I don't want to go on"],
    "es": ["ya basta, no quiero seguir", "ya no quiero seguir", "basta, no quiero continuar"],
}
FORGET = {"en": "enough, forget what I told you", "es": "ya basta, olvide lo que le dije"}
BACK = {"en": "continue", "es": "sigue"}
YES = {"en": "yes", "es": "sí"}


def _turn(chat: Conversation, text: str, intent: str = "never_mind") -> str:
    """One message as Rasa plays it in the web chat: the form, or when it rejects the message the rule
    of ``never_mind`` (``action_never_mind``, which the model reads in such words)."""
    if chat.active_loop != FORM:
        return joined(chat.message(text, intent, 0.95))
    replies = chat.form_turn(text, intent, 0.95)
    if chat.rejected:
        replies += chat.run("action_never_mind")[1]
    return joined(replies)


def _at(step: str, language: str) -> Conversation:
    return sign_up_to(Conversation(language=language, channel="web"), step, sign_up_start(language))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("wording", range(3))
@pytest.mark.parametrize("step", ["email", "security_answer"])
def test_not_going_on_for_now_pauses_and_keeps_the_answers(backend, language, wording, step):
    chat = _at(step, language)
    said = _turn(chat, NOT_NOW[language][wording])
    assert reply_in(language, messages.never_mind) not in said, said
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None, said
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"], said
    assert chat.slots.get("security_answer") is None, "the words are no security answer"
    said = _turn(chat, BACK[language], intent="affirm")
    assert chat.slots["requested_slot"] == step and chat.slots["account_number"] == "1001234567", said


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pause_says_how_to_go_on(backend, language):
    chat = _at("email", language)
    said = _turn(chat, NOT_NOW[language][0])
    assert reply_in(language, messages.paused) in said or reply_in(language, messages.stopped_kept) in said, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_forgetting_what_was_said_still_drops_the_answers(backend, language):
    chat = _at("email", language)
    said = _turn(chat, FORGET[language])
    assert chat.slots["outcome"] != "paused", said
    if chat.slots.get("pending_switch"):  # "It sounds like you want to stop ...? ": the yes confirms it
        said = _turn(chat, YES[language], intent="affirm")
    assert chat.slots["outcome"] != "paused", said
    assert not chat.slots.get("account_number"), said
