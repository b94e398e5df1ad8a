"""One run of the registration form's validation: what it knows, changes and says.

Shared by the form (``actions.form``), its one-time-code sub-flow
(``actions.one_time_code``) and the change-of-course handling
(``actions.change_of_course``), which all read and answer through a ``FormTurn``.
"""

from __future__ import annotations

import math
from typing import Any

from rasa_sdk import Tracker

from actions import messages
from actions.backend_client import client, coop_config
from actions.language import language_of
from actions.lock_state import ACCOUNT, CONVERSATION, LOCK, NETWORK, kept, minutes_until
from actions.tracker_reading import FORM_SLOTS, LINK_HELD, events_since_latest_user, link_held, value_before_turn

FREE_TEXT_SLOTS = {"member_name", "security_answer"}
YES_NO_SLOTS = {"terms_accepted", "confirm_unsubscribe"}
EXPLAIN_AFTER = 2


class FormTurn:
    """What this one run of the validation knows, changes and says."""

    def __init__(self, tracker: Tracker, requested: str | None, correcting: bool = False):
        self.tracker = tracker
        self.requested = requested
        # At the Terms, the message corrects the security answer just given
        # (``actions.security_answer.corrects_the_answer``): read once by the form's ``run``.
        self.correcting = correcting
        self.conversation_id = tracker.sender_id
        self.before = {slot: value_before_turn(tracker, slot) for slot in FORM_SLOTS}
        self.before.update(set_by_actions_this_turn(tracker))
        self.values: dict[str, Any] = dict(self.before)
        self.updates: dict[str, Any] = {}
        self.notes: list[str] = []  # confirmations, said together in one reply
        self.problems: list[str] = []  # what was wrong, said after the confirmations
        self.offer: str | None = None  # a yes/no question among the problems, shown with Yes / No buttons
        self.failed: str | None = None  # the slot whose answer failed this turn
        self.end_flow = False
        self.redact = False
        self.redact_earlier: list[str] = []  # earlier messages holding the security answer stored this turn

    def get(self, slot: str) -> Any:
        return self.values.get(slot)

    def ask_yes_no(self, text: str) -> None:
        """A yes/no question among the problems ("Did you mean ...?"): the web chat shows it with Yes / No
        buttons, as every other yes/no question."""
        self.problems.append(text)
        self.offer = text

    def set(self, slot: str, value: Any) -> None:
        self.values[slot] = value
        self.updates[slot] = value

    def extra(self, slot: str) -> Any:
        """A slot outside the form's list (pending_name, proof_method, failures, goal)."""
        if slot in self.updates:
            return self.updates[slot]
        return self.tracker.get_slot(slot)

    def fail(self, slot: str, text: str | None = None) -> None:
        self.failed = slot
        if text:  # None: asking the question again says enough
            self.problems.append(text)


def set_by_actions_this_turn(tracker: Tracker) -> dict[str, Any]:
    """Form slots that an action (not the slot mappings) cleared since the latest message, such as
    a new flow clearing the answers of a finished one: they count as the values before the turn.

    A flow action only ever clears a form slot. A value after one is Rasa's own: when the form
    starts on the message, Rasa fills the slots its mappings read from it (the ``email`` entity of
    "3100000125, Tran, tran.v@example.com, 78620") before the form runs, with no action event
    between. That value is this message's answer, not one held before: it is read and confirmed
    ("Got it, I will use ...") as when typed at its question."""
    values: dict[str, Any] = {}
    action = None
    for event in events_since_latest_user(tracker):
        if event.get("event") == "action":
            action = event.get("name")
        elif (event.get("event") == "slot" and event.get("name") in FORM_SLOTS and action in _FLOW_ACTIONS
              and event.get("value") is None):
            values[event["name"]] = None
    return values


def held_before_turn(tracker: Tracker, slot: str) -> Any:
    """The form slot's value as this turn reads it: its value before the latest message, unless a flow
    action cleared it since (a new sign-up right after a finished one holds no account yet)."""
    cleared = set_by_actions_this_turn(tracker)
    return None if slot in cleared else value_before_turn(tracker, slot)


# Actions that begin, end or clear a flow before the form reads the same message.
_FLOW_ACTIONS = {"action_start_flow", "action_start_over", "action_side_answer", "action_complete_flow",
                 "action_default_fallback"}


def next_slot(required: list[str], slots: dict[str, Any]) -> str | None:
    """The first required slot still empty: the form's next question (None: all filled)."""
    return next((slot for slot in required if slots.get(slot) is None), None)


def failure_counts(turn: FormTurn) -> dict[str, int]:
    """Failed answers so far, per slot (slot ``failures``)."""
    value = turn.extra("failures")
    return dict(value) if isinstance(value, dict) else {}


def is_second_failure(turn: FormTurn, slot: str) -> bool:
    """Would a failure now be the second on ``slot``? Then the question is explained in more detail."""
    return failure_counts(turn).get(slot, 0) + 1 >= EXPLAIN_AFTER


# A per-source wait (docs/security.md) is minutes long; a longer one pauses one account for the day.
SOURCE_WAIT_MINUTES = 60


# The outcome of a flow a lock or the codes' limit ended (``lock``, ``one_time_code.send_code``).
LOCKED_OUT = "locked_out"


async def lock(turn: FormTurn, result=None) -> None:
    """Too many failed checks: wait a few minutes (the member's network slowed, the question stays
    open), or end the flow with the lock's reply, which every later message hears again while the
    lock lasts (``actions.lock_state``: the conversation's own lock, the account's, the network's
    for the day)."""
    config = await coop_config()
    scope = getattr(result, "lock_scope", None) if result is not None else None
    until = getattr(result, "locked_until", None) if result is not None else None
    if scope == "source" and minutes_until(until) <= SOURCE_WAIT_MINUTES:
        # The member's network is slowed, not shut out: the same question stays open.
        turn.problems.append(messages.network_wait())
        turn.failed = None
        return
    turn.updates["outcome"] = LOCKED_OUT
    if scope == "source":
        turn.problems.append(messages.network_paused(config))
        turn.updates[LOCK] = kept(NETWORK, until)
    elif scope == "account":
        turn.problems.append(messages.account_locked(config))
        turn.updates[LOCK] = kept(ACCOUNT, until)
    else:
        # The conversation's own lock: it says how long to wait, and nothing of any account.
        wait = minutes_until(until)
        turn.problems.append(messages.lockout(config, math.ceil(wait) if wait > 0 else None))
        turn.updates[LOCK] = kept(CONVERSATION, until)
    turn.end_flow = True
    turn.failed = None


async def already_registered(turn: FormTurn) -> None:
    """A sign-up of an account that has an online login: its reset link (or its activation link
    again) goes to the address on file, and the reply says what was mailed, or that nothing was."""
    result = await client().password_reset(turn.conversation_id, language=language_of(turn.tracker))
    config = await coop_config()
    turn.updates["outcome"] = "already_registered"
    turn.updates[LINK_HELD] = None
    turn.end_flow = True
    if result.result == "if_registered":
        # The phone on file is still to be proven: the reply tells nothing of the login.
        turn.notes.append(messages.reset_if_registered(config))
        return
    turn.updates["email_masked"] = result.email_masked
    # A link held back (minutes ago, the day's budget) is kept, so no later reply claims a mail.
    turn.updates[LINK_HELD] = link_held(result.extra.get("link"))
    turn.notes.append(messages.already_registered_for(result.extra.get("link"), result.email_masked, config))
