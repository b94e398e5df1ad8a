"""A conversation paused by a lock answers every message with that pause, and nothing else.

After too many wrong answers the backend answers a check with ``locked`` and a ``lock_scope``: the
conversation's own lock, the account's, or the member's network's for the day (docs/security.md,
"Guessing budgets"). :func:`form_turn.lock` ends the flow with that reply and keeps what it said in
the slot ``lock`` (the scope and, for the conversation and the network, until when). Until then
every message, whatever the model read ("send a new code", "654321", "ok try account ... again",
"start over"), hears the same pause again (:func:`answer_while_locked`): never the next sign-up
question, never a new code, and no call to the backend, so no budget is spent and nothing more is
told than the first reply told (no tries left, no word of whether an account exists).

One request is answered otherwise: how to sign in or a password reset ("I forgot my password",
"¿cómo entro?"), whatever the model read, hears how to sign in and whom to call for a reset
(``messages.sign_in_help_while_locked``): the same static words whatever the lock and the account,
with no flow started, no check, no backend call and the lock kept for the next message.

A new session (a day later) starts without it, as everything else; a check then asks the backend
again, which still answers ``locked`` while the lock lasts.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.answers import asks_for_sign_in_help
from actions.backend_client import coop_config
from actions.patterns import CODE_AT_ITS_STEP_RE, CODE_RE
from actions.tracker_reading import FORM_SLOTS, latest_message_id, latest_text, say, slots_set_this_turn, value_before_turn

LOCK = "lock"
CONVERSATION, ACCOUNT, NETWORK = "conversation", "account", "network"


def kept(scope: str, locked_until: str | None) -> dict[str, Any]:
    """The value of slot ``lock`` for a lock of ``scope`` the backend said lasts until ``locked_until``."""
    return {"scope": scope, "until": locked_until if isinstance(locked_until, str) else None}


def minutes_until(locked_until: str | None) -> float:
    """Minutes until an ISO time the backend gave (0 when there is none or it cannot be read)."""
    try:
        until = datetime.fromisoformat(str(locked_until))
    except ValueError:
        return 0.0
    if until.tzinfo is None:
        until = until.replace(tzinfo=timezone.utc)
    return (until - datetime.now(timezone.utc)).total_seconds() / 60


def _lasting(tracker: Tracker) -> dict[str, Any] | None:
    """The lock this conversation is paused by, while it lasts (None: none, or it is over)."""
    lock = tracker.get_slot(LOCK)
    if not isinstance(lock, dict) or lock.get("scope") not in (CONVERSATION, ACCOUNT, NETWORK):
        return None
    if lock.get("until") and minutes_until(lock["until"]) <= 0:
        return None
    return lock


async def paused_reply(lock: dict[str, Any]) -> str:
    """The reply of the lock, as its first reply said it: how long (the conversation's own lock),
    whom to call (every one)."""
    config = await coop_config()
    if lock["scope"] == ACCOUNT:
        return messages.account_locked(config)
    if lock["scope"] == NETWORK:
        return messages.network_paused(config)
    wait = minutes_until(lock.get("until"))
    return messages.lockout(config, math.ceil(wait) if wait > 0 else None)


def _marked_if_a_code(tracker: Tracker) -> list[EventType]:
    """Six digits sent while paused (the code texted before the lock, sent again: "654321", "my code
    is 456 123") are marked as a code read at its step is: nothing reads them while the lock lasts,
    and an attacker play-test found them in clear in the transcript and the Redis tracker."""
    text = latest_text(tracker)
    if CODE_RE.search(text) or CODE_AT_ITS_STEP_RE.search(text):
        return [SlotSet("redact_message_id", latest_message_id(tracker))]
    return []


def slots_kept_while_locked(tracker: Tracker) -> list[EventType]:
    """While a lock lasts the form reads nothing: every form slot Rasa's mappings filled from the
    message (the form started again by "654321", its digits taken as an ``account_number`` entity)
    gets back its value from before the message. An attacker play-test found the code sent again
    stored in clear in ``account_number`` in the Redis tracker, in place of the account."""
    if _lasting(tracker) is None:
        return []
    return [SlotSet(slot, value_before_turn(tracker, slot))
            for slot in sorted(slots_set_this_turn(tracker)) if slot in FORM_SLOTS]


async def answer_while_locked(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """Is this conversation paused by a lock that still lasts? Then the message hears the pause again
    (a request for sign-in help hears that help) and the caller answers nothing else (no question,
    no flow started, no backend call): the events to return first (a code-like message marked as
    secret), else None."""
    lock = _lasting(tracker)
    if lock is None:
        return None
    if asks_for_sign_in_help(latest_text(tracker)):
        # A member who has a login asks how to use it: static help, the lock stays (no reset flow:
        # its checks are what the lock stopped).
        say(dispatcher, messages.sign_in_help_while_locked(await coop_config()))
    else:
        say(dispatcher, await paused_reply(lock))
    return _marked_if_a_code(tracker)
