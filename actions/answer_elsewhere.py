"""The security answer typed at another step: its messages marked for redaction.

"my pet's name is Rex" while the e-mail address is asked, the answer sent with the
account number, or again after the Terms: such a message is no answer to its step and
the dialogue does not mark it, yet it holds the secret. The backend is the one place
that compares it with the answer (``backend.privacy.answer_mentions``); this module
only hands it the messages and marks those it names in ``redact_message_id``, the way
every message holding a secret is marked (``bot/tracker_store.py`` redacts them, the
web app's transcript too):

- when the answer is stored, the conversation's earlier messages go with it
  (:func:`earlier_messages`), and the ones holding it come back;
- after that, each message the form reads is asked about (:func:`mark_later_mention`),
  and, once the form is done (the member registered and talks on), the first action
  to run on a message asks about it (:func:`mark_after_the_form`, run by
  ``actions.serve.Executor``); the backend compares until the registration's link expires.

Nothing here holds or compares the answer.
"""

from __future__ import annotations

import logging

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.backend_client import BackendUnavailable, client
from actions.tracker_reading import (events_since_latest_user, latest_message_id, latest_user_event,
                                     message_already_handled, value_before_turn)

log = logging.getLogger(__name__)

REDACT_SLOT = "redact_message_id"
REDACTED = "[redacted]"  # what the tracker store keeps of a redacted message (bot/tracker_store.py)


# The most messages PUT /security-answer takes (backend/api/openapi.yaml): the latest ones go.
MAX_EARLIER_MESSAGES = 500


def earlier_messages(tracker: Tracker) -> list[tuple[str, str]]:
    """(message_id, text) of the member's messages before the latest one, those not yet redacted."""
    latest = latest_user_event(tracker)
    return [(event["message_id"], event["text"]) for event in tracker.events
            if event.get("event") == "user" and event is not latest and event.get("message_id")
            and event.get("text") and event["text"] != REDACTED][-MAX_EARLIER_MESSAGES:]


def marks(message_ids) -> list[EventType]:
    """``redact_message_id`` set to each id in turn: the tracker store redacts every message it named."""
    return [SlotSet(REDACT_SLOT, message_id) for message_id in message_ids]


def _marked(events: list[EventType], message_id: str) -> bool:
    return any(event.get("event") == "slot" and event.get("name") == REDACT_SLOT and event.get("value") == message_id
               for event in events)


def _reads_the_message(tracker: Tracker, events: list[EventType]) -> bool:
    """Did this run of the form take the message (so a mark added to its events changes nothing
    else)? A run that returns no slot but ``requested_slot`` lets Rasa reject the message (a rule
    answers a side question); the form's run after that answer marks it instead."""
    return message_already_handled(tracker) or any(
        event.get("event") == "slot" and event.get("name") != "requested_slot" for event in events)


async def mark_later_mention(tracker: Tracker, events: list[EventType]) -> list[EventType]:
    """The mark for the latest message if it holds the answer stored before this turn, else nothing.

    The backend being down costs only the check (the web app's transcript checks again when it
    records the message)."""
    message_id = latest_message_id(tracker)
    if (not message_id or value_before_turn(tracker, "security_answer") != "stored"
            or _marked(events, message_id) or not _reads_the_message(tracker, events)):
        return []
    return await _ask(tracker, message_id)


# Rasa's own actions that run on a message before any of ours.
_RASA_FIRST = ("action_listen", "action_extract_slots")


async def mark_after_the_form(tracker: Tracker, events: list[EventType]) -> list[EventType]:
    """The mark for the latest message, asked by the first action to run on it while no form is
    active, once an answer was stored ("by the way, Vantablackova is her name" after registering);
    else nothing. The form asks about the messages it reads itself (:func:`mark_later_mention`)."""
    message_id = latest_message_id(tracker)
    if (not message_id or (tracker.active_loop or {}).get("name")
            or value_before_turn(tracker, "security_answer") != "stored" or _marked(events, message_id)
            or any(event.get("event") == "action" and event.get("name") not in _RASA_FIRST
                   for event in events_since_latest_user(tracker))):
        return []
    return await _ask(tracker, message_id)


async def answer_held(tracker: Tracker, text: str) -> bool:
    """Does ``text`` (sent after the answer was stored) hold the answer? False when the backend cannot
    be asked. The form asks before it reads digits as an account number: the answer sent again
    ("8675309") must never be said back as one."""
    try:
        return await client().answer_mentioned(tracker.sender_id, text)
    except BackendUnavailable:
        log.warning("could not ask whether a message holds the security answer (backend unavailable)")
        return False


async def _ask(tracker: Tracker, message_id: str) -> list[EventType]:
    """Ask the backend whether the latest message holds the answer; its mark if it does."""
    text = (latest_user_event(tracker) or {}).get("text") or ""
    if not text or text == REDACTED:
        return []
    try:
        held = await client().answer_mentioned(tracker.sender_id, text)
    except BackendUnavailable:
        log.warning("could not ask whether a message holds the security answer (backend unavailable)")
        return []
    return marks([message_id]) if held else []
