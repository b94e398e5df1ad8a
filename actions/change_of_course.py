"""Changing course in the middle of a flow only on a clear request.

A message read as "delete my registration", "forgot password", "start over"
or "never mind" while the member is signing up may be a misreading ("I want
online access" is close to "I want online access removed"). When the model is
not sure enough, or the same message also carries answers for the form, the
assistant first asks ("It sounds like you want to ... Reply YES or NO") and
keeps the wanted change in the slot ``pending_switch``. YES makes the change,
NO returns to the question that was pending with every answer kept.

The form (``actions.form``) hands this module the turns that change or keep the
goal: the YES / NO to that confirmation (``answer_switch``) and a message that
only asks for the pending question again (``pending_question_again``, ``ask_again``).
"""

from __future__ import annotations

import logging
import re

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.answers import (asks_to_delete, asks_to_go_on, asks_to_register, asks_to_stop, goes_on, names_a_sign_up, plain,
                             read_yes_no, speaks_of_another_account)
from actions.backend_client import BackendUnavailable, client
from actions.language_turn import yes_no
from actions.form_turn import FREE_TEXT_SLOTS, YES_NO_SLOTS, next_slot, set_by_actions_this_turn
from actions.tracker_reading import (
    FLOW_STATE_SLOTS,
    FORM,
    FORM_SLOTS,
    GOAL_FOR_INTENT,
    GOAL_SLOTS,
    language_requested,
    latest_intent,
    latest_text,
    say,
    slots_set_this_turn,
    text_that_set,
    value_before_turn,
)
from actions.earlier_account import asks_to_add_an_account
from actions.extract import parse
from actions.same_address import asks_for_the_same, earlier_address
from common.masking import mask_email

log = logging.getLogger(__name__)

# What proves an account in this conversation (kept for a deletion of that account, forgotten when a
# deletion turns to another).
PROOF_SLOTS = ("account_number", "member_name", "identity_proof", "proof_method")
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
        carries_data = parsed.gives_account_data or bool(parsed.answer)
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


def raised_the_switch(tracker: Tracker) -> str:
    """The member's message that raised the pending "It sounds like you want to ...?" ("" when none is
    pending): read when a yes answers it, however many turns only asked it again since ("Español",
    "in English please" re-ask it and leave it pending)."""
    return text_that_set(tracker, "pending_switch") if tracker.get_slot("pending_switch") else ""


def names_another_account(text: str, held: str | None) -> bool:
    """Does a deletion request name an account other than ``held`` (slot ``account_number``): by its
    number ("can you delete the online access of account 6001112223 too"), or in words ("my other
    account", "my husband's, the one ending in 2223", "la otra cuenta", ``speaks_of_another_account``)?
    Then it is about that account, never the one held: every deletion proves its own account."""
    named = parse(text).account
    return named != held if named is not None else speaks_of_another_account(text, held)


def switch_question(pending: str) -> str:
    """The yes/no question that left ``pending`` waiting, to ask it again: the offer to sign up
    after "no online login" for "register", else "It sounds like you want to ...?"."""
    return messages.no_login_to_change() if pending == "register" else messages.confirm_switch(pending)


def asked_this_turn(tracker: Tracker) -> bool:
    """Was the confirmation asked in reply to the latest message (not answered by it)?"""
    return bool(tracker.get_slot("pending_switch")) and not value_before_turn(tracker, "pending_switch")


async def answer_switch(pending: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                         requested: str | None, required: list[str]) -> list[EventType] | None:
    """YES / NO to "It sounds like you want to ...": make the change, or go back to the
    pending question keeping every answer. None: the reply was neither (read it as usual)."""
    text = latest_text(tracker)
    answer = yes_no(tracker, text)
    if answer is False and _carries_a_correction(text, requested):
        return None  # "no, that's wrong - my email is ...": no change of course; the form reads the correction
    # What the slot mappings took from the YES / NO is no answer to the form.
    restored = {slot: value_before_turn(tracker, slot) for slot in slots_set_this_turn(tracker)
                if slot in FORM_SLOTS}
    events = [SlotSet(slot, value) for slot, value in restored.items()]
    if answer is None and language_requested(tracker) and not parse(text, requested).has_values:
        # "ok, in English please": the same question again, in the new language, still pending.
        say(dispatcher, messages.continuing_in_language())
        say(dispatcher, switch_question(pending))
        return events + [SlotSet("requested_slot", requested)]
    if answer is None:
        return None
    no = answer is False
    events.append(SlotSet("pending_switch", None))
    if no:
        say(dispatcher, messages.switch_declined(True))
        return events + [SlotSet("requested_slot", requested)]
    if pending in ("unsubscribe", "reset", "change_email"):
        say(dispatcher, messages.switch_started(pending))
        slots = {**tracker.slots, **restored}
        if "change_email" in (pending, tracker.get_slot("goal")):
            # The e-mail slot holds the new address only while changing one: never a sign-up's.
            events.append(SlotSet("email", None))
            slots["email"] = None
        if pending == "unsubscribe":
            # This YES to "It sounds like you want to delete your online access?" is the deletion's
            # one yes: once the account is proven the link goes, "Delete ...?" is not asked again.
            events.append(SlotSet("confirm_unsubscribe", True))
            slots["confirm_unsubscribe"] = True
            if names_another_account(raised_the_switch(tracker), tracker.get_slot("account_number")):
                # The question was raised by a message naming another account: this conversation's
                # proof is of the one held, so the account is asked and proven anew, never the held
                # one's link mailed (here and in the backend, which forgets its proof).
                await _forget_the_proof(tracker)
                events += [SlotSet(slot, None) for slot in PROOF_SLOTS]
                slots.update(dict.fromkeys(PROOF_SLOTS))
        return events + [SlotSet("goal", pending),
                         SlotSet("requested_slot", next_slot(list(GOAL_SLOTS[pending]), slots))]
    await _forget_the_proof(tracker)
    cleared = [SlotSet(slot, None) for slot in FLOW_STATE_SLOTS]
    if pending == "start_over":
        say(dispatcher, messages.start_over())
        return events + cleared + [SlotSet("goal", "register"), SlotSet("failures", {}),
                                   SlotSet("outcome", None), SlotSet("requested_slot", required[0])]
    say(dispatcher, messages.never_mind())
    return events + cleared + [SlotSet("goal", None), SlotSet("requested_slot", None)]


def signs_up_instead_of_deleting(tracker: Tracker) -> bool:
    """During a deletion, do the member's words ask to sign up or to add an account to the login ("I want
    to add another account to my login, same email as before", "quiero registrar otra cuenta")? That is
    another goal, never an answer to the deletion's steps: its account number is no correction of the
    one being deleted, and the deletion's name is never checked against it."""
    text = latest_text(tracker)
    return (tracker.get_slot("goal") == "unsubscribe" and not asks_to_delete(text) and not asks_to_stop(text)
            and (asks_to_add_an_account(text) or names_a_sign_up(text)))


async def sign_up_instead_of_deleting(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Drop the deletion (nothing was deleted: that takes its YES and the mailed link) and start the
    sign-up afresh: the deletion's proof is forgotten (slots and backend draft), so the account the
    member sends next is checked with its own name, no try of the deletion's carried over. "Same
    e-mail as before" said with it is the address this conversation gave earlier."""
    await _forget_the_proof(tracker)
    say(dispatcher, messages.sign_up_instead_of_deleting())
    events: list[EventType] = [SlotSet(slot, None) for slot in FLOW_STATE_SLOTS] + [
        SlotSet("goal", "register"), SlotSet("outcome", None), SlotSet("failures", {})]
    earlier = earlier_address(tracker).address if asks_for_the_same(latest_text(tracker), None) else None
    if earlier:
        say(dispatcher, messages.confirm_same_email(mask_email(earlier)))
        events.append(SlotSet("email", earlier))
    return events + [SlotSet("requested_slot", GOAL_SLOTS["register"][0])]


async def _forget_the_proof(tracker: Tracker) -> None:
    try:
        await client().reset_conversation(tracker.sender_id)
    except BackendUnavailable:
        log.warning("could not reset the backend draft of a conversation")


def _carries_a_correction(text: str, requested: str | None) -> bool:
    """Does a "no" to "It sounds like you want to ...?" also correct an answer (an e-mail address,
    an account number, a proof, or a field named as wrong)? Then it answers nothing else: the form
    reads it as that correction and the change of course is dropped, as for any other reply.
    No turn has read the message yet, so an account number, an address or a proof it holds counts
    as given (``Parsed.flags_a_mistake`` reads the rest, as at the form's own yes/no steps)."""
    parsed = parse(text, requested)
    return parsed.gives_account_data or parsed.flags_a_mistake


# A message that only acknowledges ("ok", "gracias") may be a last name or a pet's name at the
# free-text questions ("Bueno", "Dale"): there only these single words ask for the question again.
_RESUME_SINGLE_WORDS = {"ok", "okay", "k", "continue", "continuar", "sigue", "siga", "next", "proceed",
                        "thanks", "gracias"}


def pending_question_again(text: str, requested: str, intent: str | None, confidence: float,
                           goal: str | None) -> bool | None:
    """Should the pending question simply be asked again, reading nothing? None: no; False:
    yes ("ok, go on" after an explanation); True: yes, after saying nothing changed (a member
    who is signing up says they still want to, or the model read a deletion the words do not ask).

    Only for a message that holds no answer (the caller checks)."""
    if requested in YES_NO_SLOTS:
        if asks_to_go_on(text):
            return False
        if read_yes_no(text, intent, confidence) is not None:
            return None  # "ok", "dale", "sí": the answer to the question
    elif goes_on(text):
        words = plain(text).split()
        if requested not in FREE_TEXT_SLOTS or len(words) > 1 or words[0] in _RESUME_SINGLE_WORDS:
            return False
    if (goal or "register") != "register" or asks_to_stop(text) or asks_to_delete(text):
        return None
    if asks_to_register(text, intent):
        return True  # "I still want to sign up", "I texted STOP by mistake, I want to register"
    if intent == "unregister":
        return True  # a member who is signing up is offered deletion only when they ask for it
    return None


def ask_again(tracker: Tracker, requested: str) -> list[EventType]:
    """Give back what the slot mappings took from the message and ask the pending question again."""
    before = {slot: value_before_turn(tracker, slot) for slot in FORM_SLOTS}
    before.update(set_by_actions_this_turn(tracker))
    events: list[EventType] = [SlotSet(slot, before.get(slot)) for slot in sorted(slots_set_this_turn(tracker))
                               if slot in FORM_SLOTS]
    return events + [SlotSet("offtopic_count", 0), SlotSet("requested_slot", requested)]
