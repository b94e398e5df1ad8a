"""Changing course in the middle of a flow only on a clear request.

A message read as "delete my registration", "forgot password", "start over"
or "never mind" while the member is signing up may be a misreading ("I want
online access" is close to "I want online access removed"). When the model is
not sure enough, or the same message also carries answers for the form, the
assistant first asks ("It sounds like you want to ... Reply YES or NO") and
keeps the wanted change in the slot ``pending_switch``. YES makes the change,
NO returns to the question that was pending with every answer kept.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.answers import asks_to_delete, asks_to_stop, plain
from actions.tracker_reading import FORM, GOAL_FOR_INTENT, latest_intent, latest_text, value_before_turn
from actions.extract import parse

# Below this confidence a change of course is confirmed first.
SWITCH_CONFIDENCE = 0.9
# Every flow but signing up (the default flow), and the two ways out of one.
SWITCH_FOR_INTENT = {**{intent: goal for intent, goal in GOAL_FOR_INTENT.items() if goal != "register"},
                     "start_over": "start_over", "never_mind": "never_mind"}


def wanted_switch(tracker: Tracker) -> str | None:
    """The change the latest message asks for, when it must be confirmed first; else None."""
    intent, confidence = latest_intent(tracker)
    switch = SWITCH_FOR_INTENT.get(intent or "")
    if switch is None:
        return None
    in_form = tracker.active_loop.get("name") == FORM
    text = latest_text(tracker)
    if in_form:
        if switch == tracker.get_slot("goal"):
            return None  # already doing it
        parsed = parse(text, tracker.get_slot("requested_slot"))
        carries_data = bool(parsed.account or parsed.email or parsed.has_secret or parsed.answer)
        return switch if confidence < SWITCH_CONFIDENCE or carries_data or not said_in_words(switch, text) else None
    if switch == "unsubscribe":
        # Outside a flow only the destructive one is checked: an e-mail address is
        # no part of deleting a registration, so it hints at a misreading.
        return switch if confidence < SWITCH_CONFIDENCE or parse(text).email or not said_in_words(switch, text) else None
    return None


_START_OVER_RE = re.compile(r"\b(?:start(?:ing)?\s+(?:over|again|from\s+scratch)|restart|begin\s+again|from\s+the\s+(?:start|beginning)|"
                            r"redo|empezar|empecemos|comenzar|de\s+nuevo|desde\s+(?:el\s+)?(?:principio|cero)|otra\s+vez|reiniciar)\b")
_RESET_RE = re.compile(r"\b(?:password|passcode|pass\s*word|pw|forgot|forget|reset|sign\s*in|log\s*in|login|locked|"
                       r"contrasena|clave|olvide|olvido|restablecer|iniciar\s+sesion|entrar)\b")


def said_in_words(switch: str, text: str) -> bool:
    """Do the member's own words ask for this change of course? The model's guess alone never
    drops a registration or offers to delete one ("continue" read as "never mind")."""
    if switch == "unsubscribe":
        return asks_to_delete(text)
    if switch == "never_mind":
        return asks_to_stop(text)
    if switch == "start_over":
        return bool(_START_OVER_RE.search(plain(text)))
    if switch == "reset":
        return bool(_RESET_RE.search(plain(text)))
    return True


def asked_this_turn(tracker: Tracker) -> bool:
    """Was the confirmation asked in reply to the latest message (not answered by it)?"""
    return bool(tracker.get_slot("pending_switch")) and not value_before_turn(tracker, "pending_switch")
