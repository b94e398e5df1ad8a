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

from rasa_sdk import Tracker

from actions.conversation import FORM, latest_intent, latest_text, value_before_turn
from actions.extract import parse

# Below this confidence a change of course is confirmed first.
SWITCH_CONFIDENCE = 0.9
SWITCH_FOR_INTENT = {"unregister": "unsubscribe", "forgot_password": "reset",
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
        return switch if confidence < SWITCH_CONFIDENCE or carries_data else None
    if switch == "unsubscribe":
        # Outside a flow only the destructive one is checked: an e-mail address is
        # no part of deleting a registration, so it hints at a misreading.
        return switch if confidence < SWITCH_CONFIDENCE or parse(text).email else None
    return None


def asked_this_turn(tracker: Tracker) -> bool:
    """Was the confirmation asked in reply to the latest message (not answered by it)?"""
    return bool(tracker.get_slot("pending_switch")) and not value_before_turn(tracker, "pending_switch")
