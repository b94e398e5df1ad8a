"""Leaving a flow for later and coming back: the one pause of the dialogue.

"stop, I'll finish this later", "para, lo termino después", "wait, I need to go, I'll text you
later" keep every answer and what the backend's draft proved, say so, and leave the form
waiting (``outcome`` = ``paused``, no active loop). Whoever reads such words pauses here: the
rule of ``never_mind`` (``ActionNeverMind``) and the form itself (at the steps that read any
words as the answer: the security answer, the Terms, the deletion confirmation; at the others when
the model read the words as something else: "gonna grab my bill at lunch and finish then"), so a pause
says the same and is taken up again the same way wherever it happened: "I'm back, can we
continue?", "ya regresé, ¿seguimos?" or the sign-up words say welcome back and the pending
question (``come_back``). So does a message that carries an answer by its shape, whatever the model
read and whatever words come with it ("ya estoy. el email es ...", "¿sirve el zip? es 78669", read
as ``nlu_fallback`` or ``ask_benefits``): the model's intent for such a message changes with the
address typed, and no rule outside the form may answer it as if no sign-up were under way.

After a finished registration there is nothing to take up: a member who says they are back
hears that the registration is done and what they can do next (``back_after_registering``).
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.backend_client import coop_config
from actions.answers import (asks_to_delete, asks_to_pause, asks_to_stop, comes_back, only_resumes,
                             read_explicit_yes_no, returns)
from actions.extract import outstanding_code, parse
from actions.form_turn import YES_NO_SLOTS, next_slot
from actions.one_time_code import UNLOCK, new_code_asked_after_the_stop, with_code
from actions.tracker_reading import CODE_SLOT, FORM, GOAL_SLOTS, LAST_ASKED, LINK_HELD, PAUSED, latest_intent, latest_text, say

# Outcomes after which a sign-up is done: the activation link is in the member's mail.
REGISTERED = frozenset({"registered", "resent"})


def pause(dispatcher: CollectingDispatcher, tracker: Tracker, reply: str | None = None) -> list[EventType]:
    """Leave the flow for later: every answer kept, the form inactive until the member comes back.
    ``reply``: what is said instead of the usual "I'll keep your answers" (a stop word in the web chat).
    At the texted code the usual reply says the code works for 10 minutes, as "one sec" there hears."""
    say(dispatcher, reply or (messages.paused_at_the_code() if _code_waits(tracker) else messages.paused()))
    return [SlotSet("outcome", PAUSED), SlotSet("pending_switch", None), ActiveLoop(None)]


def _code_waits(tracker: Tracker) -> bool:
    """Is the texted (or called) code the question asked, one outstanding on the phone on file?"""
    return (tracker.get_slot("requested_slot") == CODE_SLOT
            and tracker.get_slot("code_pending") in (True, UNLOCK))


def is_paused(tracker: Tracker) -> bool:
    """Is a flow left for later ("stop, I'll finish this later"), its answers kept, the form inactive?"""
    return (tracker.get_slot("outcome") == PAUSED and bool(tracker.get_slot("goal"))
            and tracker.active_loop.get("name") != FORM)


def pending_step(tracker: Tracker) -> str | None:
    """The question a paused flow waits for: ``requested_slot``, or, when the form paused itself
    (Rasa then empties ``requested_slot``), the first of the flow's steps still unanswered."""
    requested = tracker.get_slot("requested_slot")
    if requested:
        return requested
    goal = tracker.get_slot("goal") or "register"
    required = with_code(list(GOAL_SLOTS.get(goal, GOAL_SLOTS["register"])), tracker.get_slot("code_pending"))
    return next_slot(required, tracker.slots)


def last_asked(tracker: Tracker) -> str | None:
    """The step of the last question the form put (slot ``last_asked``, set by ``action_ask_<step>``),
    since the conversation (re)started. ``requested_slot`` does not tell: a validation that pauses
    the form may set the next step there without that question ever being put."""
    return tracker.get_slot(LAST_ASKED)


def take_up() -> list[EventType]:
    """The events that take a paused flow up again: the form runs next and asks (or reads) its pending
    question, every answer kept."""
    return [SlotSet("outcome", None), SlotSet("pending_switch", None), FollowupAction(FORM)]


def come_back(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "ya regresé, ¿seguimos?", "I'm back", "REGISTRARME" after a pause, or a yes in so many words
    when the question left was a yes/no one ("yes I accept" at the Terms): the flow goes on at its
    pending question, every answer kept. A sign-up stopped at the texted code by the codes' limit (or a
    lock since ended) is taken up there by a request for a new code ("send a new code", NEW CODE),
    whatever the model read (``one_time_code.new_code_asked_after_the_stop``). None: no flow is
    paused, or the words do not come back to it."""
    if (new_code := new_code_asked_after_the_stop(tracker)) is not None:
        return new_code
    if not is_paused(tracker):
        return None
    text, pending = latest_text(tracker), pending_step(tracker)
    resumed = take_up()
    # "yes I'm back", "sí, ya regresé, sigamos": a yes that only greets the return answers nothing.
    yes = (pending in YES_NO_SLOTS and read_explicit_yes_no(text) is True
           and not only_resumes(text, latest_intent(tracker)[0]))
    if yes and last_asked(tracker) == pending:
        # "yes I accept" left at the Terms: answered here; the form, taken up after this answer,
        # reads nothing more of the message. (A no goes by the usual rules.)
        return [SlotSet(pending, True)] + resumed
    if not yes and not comes_back(text, latest_intent(tracker)[0]) and not carries_an_answer(tracker, text, pending):
        return None
    # A yes to a question never asked (the flow paused on the message that answered the step
    # before the Terms) accepts nothing: welcome back, and the question with its link.
    say(dispatcher, messages.welcome_back())
    return resumed


def carries_an_answer(tracker: Tracker, text: str, pending: str | None) -> bool:
    """Does a message to a paused flow hold a value the form reads by its shape (an e-mail address, a
    ZIP, a last 4, an account number, a menu choice, the texted code), beside whatever else it says?
    Then it takes the flow up and the form reads it ("ya estoy. el email es ...", "no tenemos SSN,
    ¿sirve el zip? es 78669"), unless its words leave again, stop or delete."""
    if asks_to_pause(text) or asks_to_stop(text) or asks_to_delete(text):
        return False
    if tracker.get_slot("code_pending") in (True, UNLOCK) and outstanding_code(text):
        return True
    return parse(text, pending).has_value_by_shape


async def back_after_registering(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "ya volví, ¿seguimos?" once the sign-up is done: nothing is left to continue, so the member
    reads that the registration is done (the link is in their mail) and what they can do next, in
    the conversation's language; when the day's link mails held its link back (slot ``link_held``),
    that no link went out instead. False: no sign-up was finished here, or the words are no return."""
    if tracker.get_slot("outcome") not in REGISTERED or not returns(latest_text(tracker)):
        return False
    masked = tracker.get_slot("email_masked")
    if tracker.get_slot(LINK_HELD) == messages.LINKS_STOPPED:
        say(dispatcher, messages.links_stopped(masked, await coop_config()))  # nothing was made or mailed
    else:
        say(dispatcher, messages.registration_done(masked))
    return True
