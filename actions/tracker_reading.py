"""Small helpers every action uses: what the member just sent, and how to reply.

Kept apart from the actions so that the rules for reading the tracker (which
user message is the latest, whether the form already saw it) live in one place.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.channel import channel_in
from actions.messages import LINKS_STOPPED, NO_LINK
from common.gsm import reply_safe

FORM = "registration_form"

# The ``outcome`` of a flow the member left for later ("stop, I'll finish this later"): its goal,
# answers and pending question are kept, the form is inactive until the member comes back.
PAUSED = "paused"

# Actions that answer a message themselves; when the form resumes after one of
# them it must not read the same message again as an answer.
ANSWERING_ACTIONS = {
    "action_side_answer",
    "action_human",
    "action_start_over",
    "action_never_mind",
    "action_resend_email",
    "action_default_fallback",
    # Finishing a flow may hand back to the form (a lapsed identity check, an e-mail
    # address in use): the message it answered is no answer to the form.
    "action_complete_flow",
}

# Slots the form fills, in the order it asks for them.
REGISTER_SLOTS = ["account_number", "member_name", "email", "identity_proof",
                  "security_question", "security_answer", "terms_accepted"]
RESET_SLOTS = ["account_number", "member_name", "identity_proof"]
UNSUBSCRIBE_SLOTS = ["account_number", "member_name", "identity_proof", "confirm_unsubscribe"]
# The new address comes last: asked only once the account (and the phone on file) is proven.
CHANGE_EMAIL_SLOTS = ["account_number", "member_name", "identity_proof", "email"]
GOAL_SLOTS = {"register": REGISTER_SLOTS, "reset": RESET_SLOTS, "unsubscribe": UNSUBSCRIBE_SLOTS,
              "change_email": CHANGE_EMAIL_SLOTS}
# "identity_proof" after a proof given while the account is locked, in a flow whose only mail is a
# link to the address on file (a reset, "confirm deleting"): the backend compared the proof and tells
# no one whether it matched; the link goes only if it did (docs/security.md, "A link to the address
# on file passes through the lock"). bot/tracker_store.py keeps it as it keeps "verified".
THROUGH_THE_LOCK = "through_the_lock"
LINK_GOALS = ("reset", "unsubscribe")
# The flow (slot "goal") each intent that starts one asks for; a change of course
# mid-flow (``actions.change_of_course``) reads the same map.
GOAL_FOR_INTENT = {"register": "register", "forgot_password": "reset", "unregister": "unsubscribe",
                   "change_email": "change_email"}
# "one_time_code" is asked next, right after member_name, only when the backend texted a
# code to the phone on file (slot "code_pending", see ValidateRegistrationForm).
CODE_SLOT = "one_time_code"
FORM_SLOTS = REGISTER_SLOTS + ["confirm_unsubscribe", CODE_SLOT]
# Set once a second account number brought with words of adding was held while the first was being
# registered ("Let's finish account ending in 67 first"): the registration's reply offers to add it.
OTHER_ACCOUNT_HELD = "other_account_held"
# What the latest reply about a link mail said was held back (``link_held``: "none", the one mailed
# minutes ago stands; "daily_limit", the day's link mails are spent), empty when one went: a later
# "resend", "yes" or "I'm back" is answered with what really went (``actions.flow_actions``, ``actions.pause``).
LINK_HELD = "link_held"
# Set when a message sent before the Terms were shown accepted them in so many words ("... and yes I
# agree to the terms" with every other answer): that yes counts only once their link is in front of
# the member, so the Terms question, however many turns later (after the texted code, after the
# security answer asked again), says it was heard and asks to confirm it (``ActionAskTermsAccepted``).
TERMS_SAID_ACCEPTED = "terms_said_accepted"
# The step whose question the form last put (set by every ``action_ask_<step>``): Rasa records no
# event of its own for the ask action a form runs, and ``requested_slot`` may name a step whose
# question was never put (a validation that pauses the form sets it too).
LAST_ASKED = "last_asked"


def link_held(link: str | None) -> str | None:
    """The value of slot ``link_held`` for the backend's ``link`` in an answer: that ``link`` when it
    says nothing was mailed (``NO_LINK``, ``LINKS_STOPPED``), else None (a mail went)."""
    return link if link in (NO_LINK, LINKS_STOPPED) else None
FLOW_STATE_SLOTS = FORM_SLOTS + ["pending_name", "proof_method", "failures", "email_masked", "code_pending",
                                 "pending_switch", OTHER_ACCOUNT_HELD, LINK_HELD, TERMS_SAID_ACCEPTED]


def say(dispatcher: CollectingDispatcher, text: str, buttons: list[dict] | None = None) -> None:
    """Send one reply, with its accents (the web chat shows them), at most two SMS segments long
    once the SMS channel folds it to GSM-7 (``common.gsm.reply_safe``)."""
    if buttons:
        dispatcher.utter_message(text=reply_safe(text), buttons=buttons)
    else:
        dispatcher.utter_message(text=reply_safe(text))


def latest_user_event(tracker: Tracker) -> dict[str, Any] | None:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event
    return None


def channel_of(tracker: Tracker) -> str:
    """The channel of the member's latest message ("sms" or "web"), from the metadata the web app sends
    (:func:`actions.channel.channel_in`); "web" when it names neither."""
    channel = channel_in(tracker.latest_message, tracker.events)
    return channel if channel in ("sms", "web") else "web"


def texts_back_on(tracker: Tracker) -> bool:
    """The latest message is the web app's greeting after the member turned texts back on (START):
    its metadata says ``{"texts_back_on": true}``, so the assistant offers to go on where it stopped."""
    event = latest_user_event(tracker) or {}
    return any(isinstance(metadata, dict) and metadata.get("texts_back_on") is True
               for metadata in ((tracker.latest_message or {}).get("metadata"), event.get("metadata")))


def language_requested(tracker: Tracker) -> bool:
    """The latest message asked for a language: the web app marks it ``{"language_requested": true}``
    in its metadata. A message that only asked ("en español por favor") comes as a greeting, answered
    without a hello; a longer one as its rest ("ok can we finish"), whose filler answers nothing."""
    event = latest_user_event(tracker) or {}
    return any(isinstance(metadata, dict) and metadata.get("language_requested") is True
               for metadata in ((tracker.latest_message or {}).get("metadata"), event.get("metadata")))


def latest_message_id(tracker: Tracker) -> str | None:
    event = latest_user_event(tracker)
    return event.get("message_id") if event else None


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def text_that_set(tracker: Tracker, slot: str) -> str:
    """The member's message on whose turn ``slot`` last changed ("" when none): the message that
    raised a question still pending, however many turns only asked it again since (a language
    request re-asks "It sounds like you want to ...?" and leaves it pending)."""
    setting = False
    for event in reversed(list(tracker.events)):
        if event.get("event") == "slot" and event.get("name") == slot:
            setting = True
        elif setting and event.get("event") == "user":
            return event.get("text") or ""
    return ""


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def events_since_latest_user(tracker: Tracker) -> list[dict[str, Any]]:
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return events[index + 1:]
    return events


def message_already_handled(tracker: Tracker) -> bool:
    """Was the latest message already answered this turn (form rejected it, or a side
    answer or "start over" ran)? Then the resuming form must not treat it as an answer."""
    for event in events_since_latest_user(tracker):
        if event.get("event") == "action_execution_rejected":
            return True
        if event.get("event") == "action" and event.get("name") in ANSWERING_ACTIONS:
            return True
    return False


def value_before_turn(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (slot mappings may have overwritten it)."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    return _value_before(events[:last_user], slot)


def value_before_previous_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the member's previous message (the one before the latest): what that
    message answered ("no" to "Delete your online account registration?" had ``requested_slot``
    "confirm_unsubscribe"). None when there is no previous message."""
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    return _value_before(events[:users[-2]], slot) if len(users) >= 2 else None


def _value_before(events: list[dict[str, Any]], slot: str) -> Any:
    """The slot's value once ``events`` happened (a restart or a new session empties it)."""
    value = None
    for event in events:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
        elif event.get("event") in ("restart", "reset_slots", "session_started"):
            value = None
    return value


def last_value_held(tracker: Tracker, slot: str) -> Any:
    """The slot's latest value other than empty in this session (a flow's ``goal`` once the flow
    ended and emptied it); None when it held none since the session started."""
    value = None
    for event in tracker.events:
        if event.get("event") == "slot" and event.get("name") == slot and event.get("value"):
            value = event.get("value")
        elif event.get("event") in ("restart", "reset_slots", "session_started"):
            value = None
    return value


def slots_set_this_turn(tracker: Tracker) -> set[str]:
    return {e.get("name") for e in events_since_latest_user(tracker) if e.get("event") == "slot"}
