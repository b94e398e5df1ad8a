"""Stepping away in the action tests: one message as Rasa plays it (the form, or the rule of its intent
when the form rejects it), the pause it makes, and coming back to the same question."""

from __future__ import annotations

from actions import messages
from tests.support.action_conversation import FORM, Conversation
from tests.support.replies import reply_in

# The action a rule runs for an intent when the form rejects the message (data/rules.yml); others:
# action_side_answer.
RULE = {"never_mind": "action_never_mind", "nlu_fallback": "action_default_fallback", "human": "action_human",
        "register": "action_start_flow", "forgot_password": "action_start_flow"}
# Words of each step's question, as the member reads it when asked again.
ASKED = {("en", "member_name"): "last name", ("es", "member_name"): "apellido",
         ("en", "security_question"): "Reply 1, 2 or 3", ("es", "security_question"): "Responda 1, 2 o 3",
         ("en", "security_answer"): "pet", ("es", "security_answer"): "mascota",
         ("en", "terms_accepted"): "Terms", ("es", "terms_accepted"): "Términos",
         ("en", "identity_proof"): "ZIP", ("es", "identity_proof"): "postal",
         ("en", "email"): "e-mail", ("es", "email"): "correo"}


def turn(chat: Conversation, text: str, intent: str) -> list[str]:
    """One message as Rasa plays it: the form, or when it rejects the message (or none is active),
    the rule of the intent, then the form again when that action asks for it (``FollowupAction``)."""
    rule = RULE.get(intent, "action_side_answer")
    if chat.active_loop != FORM:
        return chat.message(text, intent, 0.8, action=rule)
    replies = chat.form_turn(text, intent, 0.8)
    if chat.rejected:
        events, said = chat.run(rule)
        replies += said
        if any(event.get("event") == "followup" for event in events):
            replies += chat.follow_up_form()
    return replies


def steps_away(chat: Conversation, language: str, step: str, text: str, intent: str) -> list[str]:
    """``text`` read as ``intent`` at ``step`` is the pause: its reply alone, the form left, nothing counted
    and the Terms not accepted. The replies."""
    replies = turn(chat, text, intent)
    assert replies == [reply_in(language, messages.paused)], replies
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None and not chat.failures(step)
    assert not chat.slots["terms_accepted"]
    return replies


def comes_back(chat: Conversation, language: str, step: str, back: str, intent: str) -> None:
    """``back`` read as ``intent`` after a pause at ``step``: welcome back, then that step's question again."""
    replies = turn(chat, back, intent)
    assert replies[0] == reply_in(language, messages.welcome_back) and len(replies) == 2, replies
    assert ASKED[language, step] in replies[1], replies
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == step
