"""The actions around the form: starting and finishing a flow, side answers, resets.

A "flow" is what the form is collecting for (slot ``goal``): ``register``
(sign up), ``reset`` (forgot password: verify, then mail a reset link),
``unsubscribe`` (verify, confirm Yes/No, then delete the online
registration) or ``change_email`` (verify as for a sign-up, the phone on file
included, then mail a confirmation link to the login's new address). The form (``actions.form``) fills the slots; these actions
begin a flow, finish it with the backend, and answer everything else.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Callable, NamedTuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActiveLoop,
    EventType,
    FollowupAction,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    ActionExecuted,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import email_typos, messages
from common.carrier_keywords import is_stop_word
from common.gsm import plain, reply_safe, sms_safe, turn_segments
from actions.backend_client import BackendUnavailable, CoopConfig, client, coop_config
from actions.tracker_reading import (
    CODE_SLOT,
    FLOW_STATE_SLOTS,
    FORM,
    LAST_ASKED,
    LINK_HELD,
    PAUSED,
    TERMS_SAID_ACCEPTED,
    link_held,
    THROUGH_THE_LOCK,
    channel_of,
    GOAL_FOR_INTENT,
    events_since_latest_user,
    latest_intent,
    latest_user_event,
    latest_text,
    language_requested,
    say,
    slots_set_this_turn,
    texts_back_on,
    value_before_previous_message,
    value_before_turn,
)
from actions.after_registering import how_long_the_link_lasts, when_to_sign_in
from actions.answers import (asks_about_terms, asks_about_the_paper_bill, asks_where_the_number_is, asks_if_free, continues_here, signs_up_again, asks_why, why_subject, asks_for_time, asks_if_safe, asks_to_change_email, asks_to_delete, asks_to_pause,
                             asks_to_register, asks_to_stop, bill_not_at_hand, has_no_bill_in_hand, only_asks_about_a_person,
                             asks_to_find_by_phone, asks_what_a_person_is, plainly_asks_to_delete, doubts_who_asks, is_resume,
                             deletes_as_the_address_closes, deletes_then_signs_up, deletes_to_use_another_address, names_the_delete_link,
                             paperless_question, questions_about_signing_up, safety_topic, start_question,
                             read_yes_no, signs_off, terms_question_topic, yes_with_side_question)
from actions.earlier_account import other_account_to_offer
from actions.introduced import name_introduced_before_the_flow
from actions.extract import parse, shown_account
from actions.language import language_of
from actions.lock_state import answer_while_locked
from actions.change_of_course import (PROOF_SLOTS, asked_this_turn, names_another_account, raised_the_switch, said_in_words,
                                     switch_question, wanted_switch)
from actions.language_turn import yes_no
from actions.one_time_code import UNLOCK, new_code_asked_after_the_stop
from actions.questions_beside import answers_beside
from actions.pause import back_after_registering, come_back, is_paused, pause, pending_step, take_up
from actions.same_address import LOGIN_GONE
from actions.security_answer import accepts_the_terms, non_answer, only_agreement
from actions.sign_up_facts import asks_how_long_the_link_lasts
from actions.sign_up_start import started_goal, starts_a_fresh_sign_up

log = logging.getLogger(__name__)

# Outcomes after which the member's next step is a link in their mail (the activation, or for an
# account already registered its link or a reset link).
MAILED_A_LINK = frozenset({"registered", "already_registered", "resent"})
FINISHED = {
    "registered",
    "already_registered",
    "reset_sent",
    "unsubscribed",
    "resent",
    "delete_link_sent",
    "email_change_sent",
    "no_login",
}


def _clear_flow(keep: tuple[str, ...] = ()) -> list[EventType]:
    """Clear the flow's slots but ``keep`` (left as they are: a flow action only ever clears a form
    slot, ``form_turn.set_by_actions_this_turn``)."""
    return [SlotSet(slot, None) for slot in FLOW_STATE_SLOTS if slot not in keep] + [SlotSet("requested_slot", None)]


async def _reset_backend(conversation_id: str) -> None:
    try:
        await client().reset_conversation(conversation_id)
    except BackendUnavailable:
        log.warning("could not reset the backend draft of a conversation")


def _filler_of_a_language_request(tracker: Tracker, switch: str) -> bool:
    """During a flow, the rest of a message that asked for another language ("ok can we finish",
    read as "never mind") whose words do not ask for this change of course: no change and no
    "It sounds like you want to ...?", only "continuing in <language>" and the pending question."""
    return (
        tracker.active_loop.get("name") == FORM
        and language_requested(tracker)
        and not said_in_words(switch, latest_text(tracker))
    )


class ActionStartFlow(Action):
    """Begin (or switch) a flow: sign up, password reset or delete the registration."""

    def name(self) -> str:
        return "action_start_flow"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent, _ = latest_intent(tracker)
        goal = GOAL_FOR_INTENT.get(intent or "", "register")
        in_form = tracker.active_loop.get("name") == FORM
        if not in_form and (held := await answer_while_locked(dispatcher, tracker)) is not None:
            return held + [SlotSet("goal", None)]  # the form stops at once: no question while paused
        if not in_form and (new_code := new_code_asked_after_the_stop(tracker)) is not None:
            # "mándeme otro código" read as a value after the codes' limit: the sign-up at its code.
            return new_code
        # "delete that and sign me up again", "bórrelo y regístreme de nuevo" (read as a sign-up or a
        # deletion): the deletion first, and the member hears that signing up again comes after it.
        redo = not in_form and deletes_then_signs_up(latest_text(tracker))
        if redo:
            goal = intent = "unsubscribe"
        signing_up = (
            not redo
            and goal == "unsubscribe"
            and not asks_to_delete(latest_text(tracker))
            and asks_to_register(latest_text(tracker), intent)
        )
        if not redo and not in_form and signs_up_again(latest_text(tracker)):
            # "ok I deleted it. now I want to sign up again but with my new email ..." (read as a value, a
            # change of e-mail or a deletion): a new sign-up, never "You are all set"; the form reads the
            # address given with it.
            signing_up = True
        if signing_up:
            # "I texted STOP by mistake, I want to register": the words ask to sign up, whatever the model read.
            goal = intent = "register"
        instead = (
            (goal in ("unsubscribe", "change_email") or not in_form)
            and tracker.get_slot("goal") != "change_email"
            and deletes_to_use_another_address(latest_text(tracker))
        )
        if instead:
            # "delete my online account so I can redo it with my work email", "delete my account, my
            # work email is going away" (whatever the model read: a deletion, a change of e-mail, a
            # sign-up): the change of e-mail does that, and the member hears so; a member who still
            # wants it deleted says so and the deletion follows.
            goal = intent = "change_email"
            redo = False
        if not in_form and await back_after_registering(dispatcher, tracker):
            # "ya volví, ¿seguimos?" read as a sign-up once it is done: nothing to continue.
            return [SlotSet("goal", None)]
        if not in_form and await when_to_sign_in(dispatcher, tracker):
            # "how long until I can log in?" once registered, read as a password reset: the activation link.
            return [SlotSet("goal", None)]
        if signed_off(dispatcher, tracker):
            return [SlotSet("goal", None)]
        if not in_form and ((intent in ("inform", "correct") and asks_to_delete(latest_text(tracker))
                             and not asks_to_register(latest_text(tracker), intent))
                            or (intent == "register" and plainly_asks_to_delete(latest_text(tracker)))):
            # "please delete my online account, acct 1001234567 name garza zip 78620": the values
            # outweigh the request for the model, the words ask to delete; so do the "registro" and
            # the negated sign-up of "no, quiero BORRAR mi registro", "NO quiero registrarme, quiero
            # eliminar mi acceso", read as a sign-up. The form still asks
            # "Delete your online account registration?" before anything is deleted.
            goal = intent = "unsubscribe"
        if not in_form and intent in ("register", "inform", "correct") and asks_to_change_email(latest_text(tracker)):
            # "I have a new email now, move my login to it" read as a sign-up: the words ask for the change.
            goal = intent = "change_email"
        if in_form and goal == "change_email" and tracker.get_slot("goal") in ("register", "change_email"):
            # "I'd like to use a different e-mail" while signing up: a correction of the address
            # given, which the form reads (there is no login yet whose address could change).
            # While changing it already ("my new email is ..."): the form reads the answer.
            return []
        if not in_form and goal == "unsubscribe" and (
                _asks_for_the_link_again(tracker) or _deletion_confirmed(tracker)):
            # "send me the link to delete my account again" once it went, or "yes, delete my account"
            # to "It sounds like you want to delete ...?" or right after "no" to the deletion's own
            # question: no question again (``_start_deletion``).
            return await _start_deletion(dispatcher, tracker)
        switch = None if signing_up or redo else wanted_switch(tracker)
        if switch and in_form and _filler_of_a_language_request(tracker, switch):
            return []  # the form reads the rest of a language request (actions.language_turn)
        if switch:
            # Not sure enough to change course (or the message also holds answers): ask first.
            say(dispatcher, messages.confirm_switch(switch))
            return [SlotSet("pending_switch", switch)]
        if (
            not in_form
            and intent in ("inform", "correct")
            and tracker.get_slot("outcome") in FINISHED
            and not parse(latest_text(tracker)).account
        ):
            # "ok got it" after a finished flow is not a new sign-up: the form will stop at once.
            config = await coop_config()
            say(dispatcher, messages.anything_else(config))
            return [SlotSet("goal", None)]
        events: list[EventType] = [SlotSet("goal", goal), SlotSet("outcome", None), SlotSet("pending_switch", None)]
        if is_paused(tracker) and goal == tracker.get_slot("goal"):
            # The flow left for later, asked for again ("REGISTRARME", or an answer to its question):
            # it goes on where it stopped, every answer kept; the form reads the message's values.
            if not (pending_step(tracker) == CODE_SLOT and latest_text(tracker).strip(" .!").isdigit()):
                # "54995" after "give me a few min": only the code tried, read at once (a wrong one hears
                # what is wrong, then the code question), never a welcome back before it.
                say(dispatcher, messages.welcome_back())
            return events
        kept = None
        if not in_form:
            # A fresh flow: forget what an earlier, finished one proved (but a deletion's own account).
            fresh, kept = await _begin_afresh(tracker, goal)
            events = fresh + events + [SlotSet("failures", {})]
        elif "change_email" in (goal, tracker.get_slot("goal")):
            # The e-mail slot holds the new address only while changing one: never a sign-up's.
            events.append(SlotSet("email", None))
        held = tracker.get_slot("account_number")
        if in_form and goal == "unsubscribe" and held and names_another_account(latest_text(tracker), held):
            # "delete my other account too" while changing the e-mail: that account is asked and
            # proven anew (here and in the backend), never the held one's link mailed on it.
            await _reset_backend(tracker.sender_id)
            events += [SlotSet(slot, None) for slot in PROOF_SLOTS]
        answered = await _answer_questions_first(dispatcher, tracker)
        if instead:
            say(dispatcher, messages.change_email_instead(deletes_as_the_address_closes(latest_text(tracker))))
        elif redo:
            say(dispatcher, messages.delete_then_sign_up(shown_account(kept) if kept else None))
        elif kept and goal == "register":
            say(dispatcher, messages.sign_up_proven_account_again(kept[-2:]))
        elif kept:
            say(dispatcher, messages.delete_proven_account(shown_account(kept)))
        elif goal in ("reset", "unsubscribe", "change_email") or (intent == "register" and not in_form and not answered):
            started = await _started(goal, latest_text(tracker))
            if started:
                say(dispatcher, started)
        return events


async def _start_deletion(dispatcher: CollectingDispatcher, tracker: Tracker,
                          start: str | None = None) -> list[EventType]:
    """Begin the deletion outside a flow on a message whose words ask for it (read as a "no", a "never
    mind", a "yes" or a deletion); the form follows on the same message.

    One clear yes is enough: when the member already said it (``_deletion_confirmed``), the deletion's
    question is not asked again, and with this conversation's proof of the account standing the link
    goes at once. A request for the link that already went is a resend of it (``_delete_link_again``).
    ``start``: what is said as it starts, when no account of this conversation is kept."""
    if _asks_for_the_link_again(tracker):
        return await _delete_link_again(dispatcher, tracker)
    confirmed = _deletion_confirmed(tracker)
    fresh, kept = await _begin_afresh(tracker, "unsubscribe")
    started = fresh + [SlotSet("goal", "unsubscribe"), SlotSet("outcome", None), SlotSet("pending_switch", None),
                       SlotSet("failures", {})]
    if confirmed and kept:
        if deletes_then_signs_up(latest_text(tracker)):
            say(dispatcher, messages.delete_then_sign_up(shown_account(kept) if kept else None))  # then the link goes
        config = await coop_config()
        try:
            mailed = await _mail_delete_link(dispatcher, tracker, config, resume=False)
        except BackendUnavailable:
            say(dispatcher, messages.backend_down(config))
            return []
        if any(isinstance(event, dict) and event.get("event") == "followup" for event in mailed):
            return started + mailed  # the proof lapsed: asked again, the yes kept
        return started + mailed + [SlotSet("goal", None)]
    if deletes_then_signs_up(latest_text(tracker)):
        say(dispatcher, messages.delete_then_sign_up(shown_account(kept) if kept else None))
    elif kept:
        say(dispatcher, messages.delete_proven_account(shown_account(kept)))
    else:
        say(dispatcher, start or messages.switch_started("unsubscribe"))
    if confirmed:
        started.append(SlotSet("confirm_unsubscribe", True))  # the proof is asked, then the link goes
    return started + [FollowupAction(FORM)]


def _deletion_confirmed(tracker: Tracker) -> bool:
    """Did the member already say yes to deleting, this message asking to delete? Their yes to "It
    sounds like you want to delete your online access?" (``pending_switch``), or deletion words right
    after they answered the deletion's own question ("no, never mind", then "actually yes delete it",
    "sí, bórrelo"): a second "Delete your online account registration?" would ask it twice. Not for
    another account named now: that question was about the one asked before."""
    if tracker.get_slot("pending_switch") == "unsubscribe":
        return True
    named = parse(latest_text(tracker)).account
    return (value_before_previous_message(tracker, "requested_slot") == "confirm_unsubscribe"
            and named in (None, tracker.get_slot("account_number")))


def _asks_for_the_link_again(tracker: Tracker) -> bool:
    """ "send me the delete link again" (in any words naming it) once this conversation's deletion
    link went: that link is resent, whatever the model read."""
    return (tracker.get_slot("outcome") == "delete_link_sent" and names_the_delete_link(latest_text(tracker))
            and not signs_up_again(latest_text(tracker)))  # "I deleted it with the link, now sign me up again"


async def _delete_link_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """ "send the delete link again" after this conversation's deletion link went: the deletion's own
    request once more (``POST /unsubscribe``), never the activation's resend. The backend decides
    what goes: a link mailed minutes ago that still works stands (then the reply says so), the
    day's link mails may be spent; a lapsed proof is asked again, the yes kept."""
    config = await coop_config()
    try:
        return await _mail_delete_link(dispatcher, tracker, config, again=True, resume=False)
    except BackendUnavailable:
        say(dispatcher, messages.backend_down(config))
        return []


# The slots of an account proven in this conversation: a deletion asked right after keeps them.
def _proven_account(tracker: Tracker) -> str | None:
    """The account number this conversation proved (slot ``identity_proof`` "verified", never a proof
    given through the lock), when the message asking to delete names no other account (by number, or
    in words: "my other account", "the one ending in 2223", ``names_another_account``), nor did the
    message that raised the "It sounds like you want to delete ...?" this one says yes to, however
    many language requests re-asked it since (``raised_the_switch``); else None.

    Only this conversation's proof of that very account counts, and only while the backend still
    holds it (its identity check's window): the deletion's ``POST /unsubscribe`` is refused once it
    lapsed, and the proof is then asked again (``ActionCompleteFlow._unsubscribe``). The link to
    confirm still goes to the address on file: what proves a deletion is unchanged."""
    account = tracker.get_slot("account_number")
    if tracker.get_slot("identity_proof") != "verified" or not account or not tracker.get_slot("member_name"):
        return None
    if any(names_another_account(text, account) for text in (latest_text(tracker), raised_the_switch(tracker))):
        return None
    return account


async def _begin_afresh(tracker: Tracker, goal: str) -> tuple[list[EventType], str | None]:
    """The events that begin ``goal`` outside a flow, and the account kept proven, if any: what an
    earlier flow proved is forgotten, here and in the backend, except for a deletion of the account
    this conversation proved (``_proven_account``), whose proof stands so it is not asked again."""
    kept = _proven_account(tracker) if goal == "unsubscribe" or _signs_up_the_deleted_again(tracker, goal) else None
    if kept:
        return _clear_flow(keep=PROOF_SLOTS), kept
    await _reset_backend(tracker.sender_id)
    return _clear_flow(), None


def _signs_up_the_deleted_again(tracker: Tracker, goal: str) -> bool:
    """A sign-up asked for after this conversation mailed the link to delete its proven account
    ("now I'd like to sign up again after all, same account", "REGISTER"), naming no other account: that
    account is signed up again without its proof asked anew (``_proven_account`` says whether it stands)."""
    return (goal == "register" and tracker.get_slot("outcome") == "delete_link_sent"
            and not parse(latest_text(tracker)).account)


async def _started(goal: str, text: str) -> str | None:
    """What starting ``goal`` says; a sign-up answers the question asked with it ("where is the
    account number on the bill?", "please advise what is required"). A sign-up whose message
    already answers its first steps says nothing of its own (``_answers_ahead``)."""
    question = start_question(text) if goal == "register" else None
    if question is None:
        return None if goal == "register" and _answers_ahead(text) else messages.switch_started(goal)
    return messages.sign_up_started(await coop_config(), question)


def _answers_ahead(text: str) -> bool:
    """Does the message that starts a sign-up hold the account number and the e-mail address or the
    proof ("sign up, account 5201000009 Spicewood Veterinary Clinic PLLC, email ..., zip 78669")? Then
    the reply starts with what was found ("Thanks, I found account ..."): "It takes a few short
    questions" would not be true any more, and would push the reply past two SMS segments."""
    parsed = parse(text)
    return bool(parsed.account and (parsed.email or parsed.has_secret))


async def _answer_questions_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "I got a text about signing up. Is this the co-op or a scam?", "quiero registrarme pero no tengo
    correo electronico, se puede?", "can I get paperless billing if I register online?": the question
    asked with the request is answered before the sign-up starts (or goes on), not left for the
    member to ask again (``actions.questions_beside``). True when something besides the safety
    question was answered: then a sign-up's start goes straight to its first question (its "Sure, I can sign you up ..." after an
    answer reads as a yes to the question, and the question already says the sign-up started)."""
    answers = answers_beside(latest_text(tracker), _pending_step(tracker), await coop_config(),
                             email_held=bool(tracker.get_slot("email")))
    for answer in answers:
        say(dispatcher, answer)
    # "is this a scam? I want to register": who asks, then "Sure, I can sign you up" as before.
    return len(answers) > int(asks_if_safe(latest_text(tracker)))


def _pending_step(tracker: Tracker) -> str | None:
    """The question the form waits for (None outside a flow)."""
    return tracker.get_slot("requested_slot") if tracker.active_loop.get("name") == FORM else None


def _ran_this_turn(tracker: Tracker, action: str) -> bool:
    """Did ``action`` already run since the member's latest message?"""
    return any(
        event.get("event") == "action" and event.get("name") == action for event in events_since_latest_user(tracker)
    )


def _resume_registration() -> list[EventType]:
    """Back to the sign-up after a detour, at its pending question with every answer kept."""
    return [SlotSet("goal", "register"), SlotSet("outcome", None), FollowupAction(FORM)]


class ActionCompleteFlow(Action):
    """The form is complete: register, mail a reset link, or delete the registration."""

    def name(self) -> str:
        return "action_complete_flow"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        goal = tracker.get_slot("goal")
        if not goal or tracker.get_slot("outcome") == PAUSED:
            return []  # the form ended early (lockout, already registered, left for later): already answered
        if _ran_this_turn(tracker, self.name()):
            # Finishing handed back to the form and the form finished again in the same turn:
            # a loop (Rasa's circuit breaker would end it with no answer). Wait for the member.
            log.warning("the flow finished twice in one turn; waiting for the member instead")
            return []
        config = await coop_config()
        done: list[EventType] = [SlotSet("goal", None)]
        try:
            if goal == "register":
                events = await self._register(dispatcher, tracker, config)
                if any(isinstance(e, dict) and e.get("event") == "followup" for e in events):
                    return events  # the form asks again: the flow goes on
                return events + done
            if goal == "reset":
                events = await self._reset(dispatcher, tracker, config)
            elif goal == "unsubscribe":
                events = await self._unsubscribe(dispatcher, tracker, config)
            elif goal == "change_email":
                events = await self._change_email(dispatcher, tracker, config)
            else:
                return done
            if any(isinstance(e, dict) and e.get("event") == "followup" for e in events):
                return events  # back to the sign-up
            return events + done
        except BackendUnavailable:
            say(dispatcher, messages.backend_down(config))
            return []
        return done

    async def _register(self, dispatcher, tracker: Tracker, config) -> list[EventType]:
        if tracker.get_slot("terms_accepted") is not True:
            say(dispatcher, messages.terms_declined())
            return [SlotSet("terms_accepted", None)]
        result = await client().register(
            tracker.sender_id, tracker.get_slot("email"), True, language=language_of(tracker)
        )
        link = result.extra.get("link")
        if result.result in ("created", "sent"):
            say(dispatcher, messages.registered_for(link, result.email_masked, config))
            _answer_question_after_yes(dispatcher, tracker, config)
            if other_account_to_offer(tracker):
                say(dispatcher, messages.offer_the_other_account())  # "my house and also my barn"
            return [
                SlotSet("outcome", "registered"),
                SlotSet("email_masked", result.email_masked),
                SlotSet(LINK_HELD, link_held(link)),
            ]
        if result.result == "already_registered":
            say(dispatcher, messages.already_registered_for(link, result.email_masked, config))
            _answer_question_after_yes(dispatcher, tracker, config)
            return [
                SlotSet("outcome", "already_registered"),
                SlotSet("email_masked", result.email_masked),
                SlotSet(LINK_HELD, link_held(link)),
            ]
        if result.result == "email_in_use":
            say(dispatcher, messages.email_in_use())
            return [SlotSet("email", None), SlotSet("goal", "register"), FollowupAction(FORM)]
        if result.result in ("email_not_supported", "invalid_email"):
            say(
                dispatcher,
                messages.email_not_supported()
                if result.result == "email_not_supported"
                else messages.email_cannot_receive_mail(),
            )
            return [SlotSet("email", None), SlotSet("goal", "register"), FollowupAction(FORM)]
        if result.result == "answer_required":
            # The login this conversation signed up with is gone (deleted through its link since), so
            # no security answer stands for it: the question is asked, the Terms stay accepted.
            return [SlotSet("outcome", LOGIN_GONE), SlotSet("security_question", None),
                    SlotSet("security_answer", None), SlotSet("goal", "register"), FollowupAction(FORM)]
        # not_verified: the identity check has lapsed (it lasts a few hours). Say so and ask
        # again for exactly that; if the backend lost the account check too, the form's
        # identity step asks for the name first. Every other answer is kept.
        say(dispatcher, messages.verification_lapsed())
        return [SlotSet("identity_proof", None), SlotSet("goal", "register"), FollowupAction(FORM)]

    async def _reset(self, dispatcher, tracker: Tracker, config) -> list[EventType]:
        result = await client().password_reset(tracker.sender_id, language=language_of(tracker))
        # Asked while the account is locked: the link went only if the proof matched, never told.
        locked = tracker.get_slot("identity_proof") == THROUGH_THE_LOCK
        if result.result == "if_registered":
            # The phone on file is still to be proven: the reply tells nothing of the account's login.
            say(
                dispatcher,
                messages.reset_through_the_lock(None, config) if locked else messages.reset_if_registered(config),
            )
            return [SlotSet("outcome", "reset_sent"), SlotSet(LINK_HELD, None)]
        if result.result in ("sent", "already_registered", "created"):
            say(dispatcher, messages.reset_sent_for(result.extra.get("link"), result.email_masked, config, locked))
            # Through the lock the reply claims no mail either way: nothing is kept of what went.
            held = None if locked else link_held(result.extra.get("link"))
            return [
                SlotSet("outcome", "reset_sent"),
                SlotSet("email_masked", result.email_masked),
                SlotSet(LINK_HELD, held),
            ]
        if locked:
            say(dispatcher, messages.no_login_while_locked("reset", config))
            return []
        if tracker.get_slot("email"):
            # A detour from a sign-up (only a sign-up asks for the e-mail address): resume it.
            say(dispatcher, messages.not_registered_reset_resume())
            return _resume_registration()
        say(dispatcher, messages.not_registered_reset(config))
        return []

    async def _unsubscribe(self, dispatcher, tracker: Tracker, config) -> list[EventType]:
        if tracker.get_slot("confirm_unsubscribe") is not True:
            say(dispatcher, messages.unsubscribe_kept())
            return [SlotSet("confirm_unsubscribe", None)]
        return await _mail_delete_link(dispatcher, tracker, config)

    async def _change_email(self, dispatcher, tracker: Tracker, config) -> list[EventType]:
        result = await client().change_email(
            tracker.sender_id, tracker.get_slot("email"), language=language_of(tracker)
        )
        if result.extra.get("link") == messages.LINKS_STOPPED:
            # The day's link mails to the login are spent: nothing went out, and the reply says so.
            # The address held back is kept with it (the new one's day, or the login's own for an
            # approval): a later "send it again" names it, never "the address on file" as if spent.
            say(dispatcher, messages.links_stopped(result.email_masked, config))
            return [
                SlotSet("outcome", "email_change_sent"),
                SlotSet("email", None),
                SlotSet(LINK_HELD, messages.LINKS_STOPPED),
                SlotSet("email_masked", result.email_masked),
            ]
        if result.result == "confirmation_sent":
            # The same answer whether or not another login has the address (the account page's rule):
            # that address is mailed a notice instead of a link, and nothing changes.
            say(dispatcher, messages.email_change_sent(result.email_masked, config))
            return [SlotSet("outcome", "email_change_sent"), SlotSet("email", None)]
        if result.result == "approval_sent":
            # Proven on bill data alone: the login's current address must approve the move first.
            say(dispatcher, messages.email_change_approval_sent(result.email_masked, config))
            return [SlotSet("outcome", "email_change_sent"), SlotSet("email", None)]
        if result.result == "not_registered":
            say(dispatcher, messages.no_login_to_change())
            return [SlotSet("outcome", "no_login"), SlotSet("pending_switch", "register"), SlotSet("email", None)]
        if result.result in ("same_address", "email_not_supported", "invalid_email"):
            say(
                dispatcher,
                {
                    "same_address": messages.email_change_same_address,
                    "email_not_supported": messages.email_not_supported,
                    "invalid_email": messages.email_cannot_receive_mail,
                }[result.result](),
            )
            return [SlotSet("email", None), SlotSet("goal", "change_email"), FollowupAction(FORM)]
        # not_verified: the identity check lapsed (or the phone on file is still to be proven).
        say(dispatcher, messages.verification_lapsed())
        return [SlotSet("identity_proof", None), SlotSet("goal", "change_email"), FollowupAction(FORM)]


async def _mail_delete_link(dispatcher: CollectingDispatcher, tracker: Tracker, config: CoopConfig, *,
                            again: bool = False, resume: bool = True) -> list[EventType]:
    """The member said yes to deleting: ``POST /unsubscribe`` mails the link to confirm it to the address
    on file, and the reply says what went. ``again``: asked for once more after it went ("send the
    delete link again"); ``resume``: an account found without a login goes back to a sign-up under way.

    Bill data alone deletes nothing: the address on file confirms by link (unless the day's link mails
    are spent, or a link to confirm went minutes ago and still works: then nothing went out, and the
    reply says so; through the lock one reply covers every case, ``messages.delete_through_the_lock``)."""
    result = await client().unsubscribe(tracker.sender_id, language=language_of(tracker))
    if result.result == "not_verified":
        # The proof kept from earlier in the conversation lapsed (``_proven_account``): say so and
        # ask for it again, the yes kept; the form asks the name first if the backend lost that too.
        say(dispatcher, messages.verification_lapsed())
        return [SlotSet("identity_proof", None), SlotSet("goal", "unsubscribe"), SlotSet("outcome", None),
                SlotSet("confirm_unsubscribe", True), FollowupAction(FORM)]
    # Asked while the account is locked: the link went only if the proof matched, never told.
    locked = tracker.get_slot("identity_proof") == THROUGH_THE_LOCK
    if result.result == "if_registered":
        say(dispatcher, messages.delete_through_the_lock(None) if locked else messages.delete_if_registered(config))
        return [SlotSet("outcome", "delete_link_sent"), SlotSet("confirm_unsubscribe", None)]
    if result.result == "confirmation_sent":
        held = None if locked else link_held(result.extra.get("link"))
        if locked:
            say(dispatcher, messages.delete_through_the_lock(result.email_masked))
        elif held == messages.LINKS_STOPPED:
            say(dispatcher, messages.links_stopped(result.email_masked, config))
        elif held == messages.NO_LINK:
            # The link to confirm went minutes ago and still works: nothing new was mailed.
            say(dispatcher, messages.link_sent_recently(result.email_masked))
        elif again:
            say(dispatcher, messages.delete_link_resent(result.email_masked, config))
        else:
            say(dispatcher, messages.delete_link_sent(result.email_masked, config))
        return [
            SlotSet("outcome", "delete_link_sent"),
            SlotSet("confirm_unsubscribe", None),
            SlotSet(LINK_HELD, held),
        ]
    if locked:
        say(dispatcher, messages.no_login_while_locked("unsubscribe", config))
        return [SlotSet("confirm_unsubscribe", None)]
    if result.result == "unsubscribed":
        say(dispatcher, messages.unsubscribed())
        return [SlotSet("outcome", "unsubscribed"), SlotSet("confirm_unsubscribe", None)]
    if resume and tracker.get_slot("email"):
        # A detour from a sign-up (only a sign-up asks for the e-mail address): resume it.
        say(dispatcher, messages.not_registered_unsubscribe(resume=True))
        return [SlotSet("confirm_unsubscribe", None)] + _resume_registration()
    # No login (any more: one deleted through the link since it went has nothing left to delete).
    say(dispatcher, messages.not_registered_unsubscribe())
    return [SlotSet("confirm_unsubscribe", None)]


def _question_reply(
    intent: str | None, text: str, config: CoopConfig, in_form: bool, registered: bool, requested: str | None = None
) -> str | None:
    """The answer to a question around registration (one of ``answers.QUESTION_INTENTS`` but
    "help", whose answer depends on the step), or None for any other intent. ``registered``: the
    member has online access, so paperless billing is on the account page; ``requested``: the
    step asked, which an "is this safe?" answer speaks about (``answers.safety_topic``)."""
    if intent == "account_help":
        return messages.account_help(config)
    if intent == "ask_paperless":
        return messages.paperless_answer(paperless_question(text), config, registered=registered and not in_form,
                                         in_form=in_form)
    if intent == "ask_benefits":
        return messages.benefits(config, in_form=in_form, signed_up=registered)
    if intent == "ask_safety":
        return messages.safety(config, safety_topic(text, requested), doubts_who_asks(text))
    return None


def _answer_question_after_yes(dispatcher: CollectingDispatcher, tracker: Tracker, config: CoopConfig) -> None:
    """ "yes I accept. and can you switch me to paperless?": the Terms were accepted (the form read
    the yes) and the member is registered; now the question that came with the yes is answered, for
    a registered member: "Yes, I accept. Is there a fee?" hears that online access is free, whatever
    the model read, and how long the link lasts, its answer. A question the model did not name is asked
    for again, never dropped."""
    text = latest_text(tracker)
    question = yes_with_side_question(text)
    if not question:
        return
    intent, _ = latest_intent(tracker)
    fee = messages.terms_fee(registered=True) if terms_question_topic(question) == "fee" else None
    # "yes I agree. so how long is that link good for?": how long the link just mailed works.
    link = messages.link_lasts(config, registered=True) if asks_how_long_the_link_lasts(question) else None
    say(
        dispatcher,
        fee or link or _question_reply(intent, text, config, in_form=False, registered=True)
        or messages.side_question_again(),
    )


class ActionSideAnswer(Action):
    """Answers greetings, help, "where is my account number", off-topic messages ..."""

    def name(self) -> str:
        return "action_side_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        config = await coop_config()
        intent, _ = latest_intent(tracker)
        in_form = tracker.active_loop.get("name") == FORM
        requested = tracker.get_slot("requested_slot") if in_form else None
        count = int(tracker.get_slot("offtopic_count") or 0)
        events: list[EventType] = [SlotSet("offtopic_count", 0)]
        pending = tracker.get_slot("pending_switch")
        if not in_form and (held := await answer_while_locked(dispatcher, tracker)) is not None:
            return held + events
        if not in_form and (plainly_asks_to_delete(latest_text(tracker)) or _asks_for_the_link_again(tracker)):
            # "ay no, mejor bórrelo" read as a "no": the words ask to delete, whatever was asked before.
            return events + await _start_deletion(dispatcher, tracker)
        if pending and not in_form:
            text = latest_text(tracker)
            answer = yes_no(tracker, text)
            if answer is None and language_requested(tracker) and not parse(text).has_values:
                # "ok, en español por favor": the offer again, in the new language, still pending.
                say(dispatcher, messages.continuing_in_language())
                say(dispatcher, switch_question(pending))
                return events
            if answer is True and pending == "unsubscribe":
                # The yes to "It sounds like you want to delete ...?" is the deletion's one yes.
                return events + await _start_deletion(dispatcher, tracker)
            if answer is True:
                fresh, kept = await _begin_afresh(tracker, pending)
                say(dispatcher, messages.delete_proven_account(shown_account(kept)) if kept else messages.switch_started(pending))
                return fresh + [
                    SlotSet("goal", pending),
                    SlotSet("outcome", None),
                    SlotSet("failures", {}),
                    FollowupAction(FORM),
                ]
            if answer is False:
                say(dispatcher, messages.switch_declined(False))
                return events + [SlotSet("pending_switch", None)]
            events.append(SlotSet("pending_switch", None))
        back = None if in_form else come_back(dispatcher, tracker)
        if back is not None:
            return events + back
        if not in_form and await back_after_registering(dispatcher, tracker):
            return events
        if not in_form and await when_to_sign_in(dispatcher, tracker):
            return events
        if await how_long_the_link_lasts(dispatcher, tracker):
            return events
        if signed_off(dispatcher, tracker):
            return events
        # A sign-up left for later is still under way: whatever is answered here is answered as within
        # it (never "To sign up, send your account number"), and its pending question follows.
        paused = not in_form and is_paused(tracker)
        in_flow = in_form or paused
        if paused:
            requested = pending_step(tracker)
        if not in_form and _continues_after_the_person_offer(tracker):
            # "ok let's continue" read as a yes or a "no" after "To talk to a person, call ...".
            return events + await _go_on_here(dispatcher, tracker)
        if starts_a_fresh_sign_up(tracker, intent):
            return await _start_from_message(dispatcher, tracker)
        if not in_flow and _asks_with_sign_up_words(latest_text(tracker)):
            # "buenas tardes, ¿qué información necesitan para registrarme?" read as a greeting, "oiga,
            # ¿dónde viene el número de cuenta en el recibo? quiero registrarme" as account help: the
            # answer, and the sign-up starts (its account question follows).
            return await _start_from_message(dispatcher, tracker)
        text = latest_text(tracker)
        subject = why_subject(text) if asks_why(text) and not asks_if_safe(text) and intent != "ask_safety" else None
        if paused and subject:
            # "why do you need my zip?" while the sign-up waits: the reason, then its pending question.
            say(dispatcher, messages.why_step(requested, config, subject))
            return events + take_up()
        if not in_form and subject:
            # "why do you need my account number to sign me up?" before any sign-up: the reason, never
            # the list of what the assistant does; with sign-up words the sign-up starts right after
            # (the start answers the why, ``_answer_questions_first``).
            if asks_to_register(latest_text(tracker), intent):
                return await _start_from_message(dispatcher, tracker)
            say(dispatcher, messages.why_step(None, config, subject, signed_up=_signed_up_here(tracker)))
            if not _signed_up_here(tracker):
                # "just curious, why did you need my zip code earlier?" once registered: the reason only
                say(dispatcher, messages.to_sign_up())
            return events
        if answers_about_a_person(dispatcher, text, config):
            # "Can't you find it from my phone number?" read as anything: the truth and who can.
            if not in_flow and not _signed_up_here(tracker):
                say(dispatcher, messages.to_sign_up())
            return events + (take_up() if paused else [])
        if intent == "account_help" and has_no_bill_in_hand(text) and not asks_where_the_number_is(text):
            # "Oh dear I don't have the bill here" read as account help: what to do without it.
            intent = "no_bill"
        if intent != "ask_paperless" and not asks_if_free(text) and asks_about_the_paper_bill(text):
            # "What happens to my paper bill if I do this online thing?" read as asking what online
            # access offers: the paper bill's answer, whatever the model read.
            intent = "ask_paperless"
        elif intent == "ask_paperless" and asks_where_the_number_is(text):
            # "where exactly is the account number on the paper bill?": where the number is printed.
            intent = "account_help"
        about = _about_signing_up(tracker, in_flow)
        if "what" in about and asks_to_register(latest_text(tracker)):
            # "quiero registrarme pero no sé qué es todo esto, ¿me explica?": what it is, then the sign-up.
            say(dispatcher, messages.what_online_access_is())
            return await _start_from_message(dispatcher, tracker)
        if about:
            # "¿esto de registrarse en línea es gratis? ¿y por qué me piden tantos datos?": each answered.
            # The price asked again ("I asked if it costs money though") hears free again, never "call
            # about billing"; once registered, no "To sign up, send your account number" after it.
            reply = messages.about_signing_up(about, in_flow or _signed_up_here(tracker))
            if "free" in about:
                say(dispatcher, reply)
            else:
                _say_once(dispatcher, tracker, reply, config, in_flow)
        elif in_flow and requested == "terms_accepted" and asks_about_terms(latest_text(tracker)):
            # "what am I agreeing to? do you share my info?": the Terms in short, which say both;
            # the question asked next carries the link.
            say(dispatcher, messages.terms_summary())
        elif intent == "greet" and in_flow and language_requested(tracker):
            # "en español por favor" mid-sign-up: no second hello, the pending question follows.
            say(dispatcher, messages.continuing_in_language())
        elif intent == "greet" and texts_back_on(tracker):
            if in_form:  # the pending question follows; outside a sign-up the carrier's confirmation says enough
                say(dispatcher, messages.going_on_after_start())
            return events
        elif intent == "greet" and paused:
            say(dispatcher, messages.welcome_back())  # "hola" to a sign-up left for later: it goes on
        elif intent == "greet":
            say(dispatcher, messages.hello_in_form() if in_form else messages.intro(config))
        elif intent == "thanks":
            say(dispatcher, messages.thanks())
        elif intent == "goodbye":
            say(dispatcher, messages.goodbye())
        elif intent == "no_bill" and bill_not_at_hand(latest_text(tracker)):
            # "I don't have my bill with me, I'm at work": a bill that is elsewhere, not one never sent.
            _say_once(dispatcher, tracker, messages.bill_not_at_hand(config), config, in_flow)
        elif intent == "no_bill":
            _say_once(dispatcher, tracker, messages.no_bill(config), config, in_flow)
        elif intent == "account_help":
            # "where is it on the bill?" after the same answer: where the number is, said again, is
            # still the answer (a member looking at the bill reads it twice); never "call about billing".
            say(dispatcher, messages.account_help(config))
        elif intent in ("ask_paperless", "ask_benefits", "ask_safety"):
            registered = tracker.get_slot("outcome") in ("registered", "already_registered", "reset_sent")
            text = latest_text(tracker)
            answer = _question_reply(intent, text, config, in_flow, registered, requested)
            if intent == "ask_paperless" and paperless_question(text) == "keeps" and _said_last(tracker, answer):
                # "¿me la siguen mandando por correo?" right after the answer that says so: its short yes.
                answer = messages.paperless_without(config, registered=registered and not in_flow, in_form=in_flow)
            _say_once(dispatcher, tracker, answer, config, in_flow)
        elif intent == "help" or (in_form and intent in ("inform", "correct", "affirm", "deny")):
            say(dispatcher, messages.step_help(requested, config) if in_flow
                else messages.what_i_do(config, signed_up=_signed_up_here(tracker)))
        elif intent in ("affirm", "deny") and paused:
            # "ok", "no" to "I'll keep your answers": the place is still kept (never "Text REGISTER").
            say(dispatcher, messages.paused())
            return events
        elif intent == "deny" and not in_form:
            say(dispatcher, messages.never_mind_idle())
        elif intent == "affirm" and not in_form and tracker.get_slot("outcome") in MAILED_A_LINK:
            # "yes I accept" after "already registered, a link went to ...": all set, no new sign-up
            # (a link went, if minutes before); when the day's link mails held it back, none went.
            masked = tracker.get_slot("email_masked")
            say(
                dispatcher,
                messages.links_stopped(masked, config)
                if tracker.get_slot(LINK_HELD) == messages.LINKS_STOPPED
                else messages.all_set(masked),
            )
        elif intent == "affirm" and not in_form and (read_yes_no(text) or only_agreement(text)):
            say(dispatcher, messages.affirm_idle())
        elif intent == "affirm" and not in_form:
            # A stray "x" the model read as a yes: nothing was asked, so no "Great."; what this
            # number is for and how to start, as a greeting hears.
            say(dispatcher, messages.intro(config))
        else:
            count += 1
            events = [SlotSet("offtopic_count", count)]
            # Once registered here, no "To sign up, send your account number" after it: nothing more to send.
            done = _signed_up_here(tracker)
            if count >= 2:
                say(dispatcher, messages.off_topic_twice(config, in_flow, signed_up=done))
            else:
                say(dispatcher, messages.off_topic(config, in_flow, signed_up=done))
        if paused and intent not in ("thanks", "goodbye"):
            # A question, a greeting, an off-topic message to a sign-up left for later: answered, then
            # the sign-up goes on at its pending question, every answer kept.
            return events + take_up()
        return events


def signed_off(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """With no sign-up under way, does the message only close the conversation ("We do not have another
    account; that is all for today, thank you.", "no tenemos otra cuenta, es todo por hoy, gracias")?
    Then it hears goodbye, whatever the model read (an out-of-scope message, a "no", a value, a
    "never mind"): never "Sorry, I can only help with ..." nor "To sign up, send your account number"."""
    if tracker.active_loop.get("name") == FORM or is_paused(tracker) or not signs_off(latest_text(tracker)):
        return False
    say(dispatcher, messages.goodbye())
    return True


async def _start_from_message(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Outside a flow, a message that starts one whatever the model read (``starts_sign_up``: sign-up
    words the model was unsure of, "hi i want to sign up. acct ...", or an account number, a formal
    letter read as out_of_scope): the flow starts and the form reads every value of the message."""
    goal = started_goal(latest_text(tracker))
    fresh, kept = await _begin_afresh(tracker, goal)
    if kept:
        say(dispatcher, messages.sign_up_proven_account_again(kept[-2:]))
    elif not await _answer_questions_first(dispatcher, tracker) or goal != "register":
        started = await _started(goal, latest_text(tracker))
        if started:
            say(dispatcher, started)
    return fresh + [
        SlotSet("goal", goal),
        SlotSet("outcome", None),
        SlotSet("failures", {}),
        SlotSet("pending_switch", None),
        SlotSet("offtopic_count", 0),
        FollowupAction(FORM),
    ]


def _asks_with_sign_up_words(text: str) -> bool:
    """Does the message ask what signing up needs or where the account number is, in words of
    signing up ("what do I need to register?")? Answered by starting the sign-up (``_started``)."""
    return start_question(text) is not None and asks_to_register(text)


# Readings of a question about signing up itself (what it is, free, why so many questions) that
# have no better answer of their own: the model often reads them as asking for help.
_ABOUT_SIGN_UP_INTENTS = frozenset({"help", "ask_benefits", "out_of_scope", "nlu_fallback", "greet"})


def _about_signing_up(tracker: Tracker, in_form: bool) -> tuple[str, ...]:
    """The questions about signing up itself the latest message asks (``questions_about_signing_up``);
    during a flow not "what" (the step's own help says what the question is for). A question whether
    it is free counts whatever the model read."""
    if latest_intent(tracker)[0] not in _ABOUT_SIGN_UP_INTENTS and not asks_if_free(latest_text(tracker)):
        return ()  # "is it free?" read as account help is still asked whether it is free
    topics = questions_about_signing_up(latest_text(tracker))
    return tuple(topic for topic in topics if topic != "what") if in_form else topics


def _said_last_turn(tracker: Tracker) -> list[str]:
    """What the assistant answered to the member's previous message (Rasa's bot events between
    the previous user message and the latest one)."""
    said: list[str] = []
    users = 0
    for event in reversed(list(tracker.events)):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            said.append(event.get("text") or "")
    return said


def _said_last(tracker: Tracker, answer: str) -> bool:
    """Was ``answer`` said to the member's previous message? Both compared as texted (folded to
    GSM-7): a conversation stored while every reply was folded holds it without its accents."""
    return sms_safe(answer) in {sms_safe(said) for said in _said_last_turn(tracker)}


def _signed_up_here(tracker: Tracker) -> bool:
    """Has this conversation finished a sign-up (its link mailed, or a reset link for an account
    already registered)? Then an answer outside a flow is never followed by "To sign up, send your
    account number": the member has done just that."""
    return tracker.get_slot("outcome") in MAILED_A_LINK | {"reset_sent"}


def _say_once(
    dispatcher: CollectingDispatcher, tracker: Tracker, answer: str, config: CoopConfig, in_form: bool
) -> None:
    """A side answer, unless it was the answer to the previous message too: a follow-up ("does it cost
    anything? can I still pay by check?") read as the same question would get the same paragraph
    again, word for word. Instead: what the assistant cannot answer here and who can (the pending
    question follows in a sign-up; outside one, how to start)."""
    if _said_last(tracker, answer):
        say(dispatcher, messages.beyond_this_assistant(config, in_form=in_form, signed_up=_signed_up_here(tracker)))
    else:
        say(dispatcher, answer)


class ActionDefaultFallback(Action):
    """No rule applies: say what the assistant can do and forget the message."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.active_loop.get("name") != FORM and (held := await answer_while_locked(dispatcher, tracker)) is not None:
            return held + [UserUtteranceReverted()]
        back = come_back(dispatcher, tracker)
        if back is not None:
            return back
        if tracker.active_loop.get("name") != FORM and await back_after_registering(dispatcher, tracker):
            return [UserUtteranceReverted()]
        if await when_to_sign_in(dispatcher, tracker):
            return [UserUtteranceReverted()]
        if starts_a_fresh_sign_up(tracker):
            # "... my account number is ...": never "send your account number" to a message holding one.
            return await _start_from_message(dispatcher, tracker)
        if tracker.active_loop.get("name") == FORM and asked_this_turn(tracker):
            # "It sounds like you want to ...? Reply YES or NO" was this turn's question: nothing is
            # added (never the list that names deletion), and the question stays pending.
            return [FollowupAction(FORM)]
        config = await coop_config()
        if is_paused(tracker):
            # A sign-up left for later is still under way: what the assistant does, then its pending
            # question (never "To sign up, send your account number").
            say(dispatcher, messages.what_i_do(config, in_form=True))
            return take_up()
        say(dispatcher, messages.what_i_do(config, signed_up=_signed_up_here(tracker)))
        return [UserUtteranceReverted()]


def _continues_after_the_person_offer(tracker: Tracker) -> bool:
    """ "ok never mind, let's just do it here then", "mejor aquí sigo" right after the offer of a person
    (``ActionHuman``): going on here, never a stop nor "Text REGISTER"."""
    return tracker.get_slot("outcome") == "human_requested" and continues_here(latest_text(tracker))


async def _go_on_here(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Outside a form, going on here after the offer of a person: a sign-up left for later goes on at
    its pending question, else the sign-up starts (its first question follows)."""
    if is_paused(tracker):
        say(dispatcher, messages.welcome_back())
        return take_up()
    return await _start_from_message(dispatcher, tracker)


def answers_about_a_person(dispatcher: CollectingDispatcher, text: str, config: CoopConfig) -> bool:
    """Answer a question asked with the word "person" or about the phone ("I'm not sure what a person
    means. Can't you find it from my phone number?"): the account cannot be looked up by phone here,
    member services can; or who "a person" is. False (nothing said) for any other message."""
    if asks_to_find_by_phone(text):
        say(dispatcher, messages.no_lookup_by_phone(config))
    elif asks_what_a_person_is(text):
        say(dispatcher, messages.what_a_person_is(config))
    else:
        return False
    return True


class ActionHuman(Action):
    """A person: the conversation is queued for support staff when they are on duty, else the number.

    The queueing is the backend's (``POST /api/handoffs``, docs/handoff.md). While a
    person has the conversation the web app keeps the member's messages away from
    Rasa, so this tracker, and every answer in it, waits untouched for the hand-back.
    """

    def name(self) -> str:
        return "action_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        config = await coop_config()
        in_form = tracker.active_loop.get("name") == FORM
        if only_asks_about_a_person(latest_text(tracker)):
            # Read as a request for a person, but asks what one is or for a look-up by phone: answered
            # (in a sign-up its pending question follows), no one is called.
            answers_about_a_person(dispatcher, latest_text(tracker), config)
            if not in_form and not is_paused(tracker) and not _signed_up_here(tracker):
                say(dispatcher, messages.to_sign_up())
            return [SlotSet("offtopic_count", 0)]
        try:
            handoff = await client().request_handoff(
                tracker.sender_id,
                channel_of(tracker),
                language=language_of(tracker),
                step=tracker.get_slot("requested_slot") if in_form else None,
            )
        except BackendUnavailable:
            handoff = None
        result = handoff.result if handoff else None
        if result == "queued":
            say(dispatcher, messages.handoff_queued(config))
        elif result == "queued_after_hours":
            say(dispatcher, messages.handoff_queued_after_hours(config, handoff.back_weekday, handoff.back_time))
        elif result == "after_hours":
            say(dispatcher, messages.handoff_after_hours(config, handoff.back_weekday, handoff.back_time))
        else:
            say(dispatcher, messages.human_in_form(config) if in_form else messages.human(config))
        return [SlotSet("outcome", "human_requested"), SlotSet("offtopic_count", 0)]


class ActionStartOver(Action):
    """ "start over": forget everything, also what the backend holds for this conversation."""

    def name(self) -> str:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if _filler_of_a_language_request(tracker, "start_over"):
            say(dispatcher, messages.continuing_in_language())
            return [FollowupAction(FORM)]
        if tracker.active_loop.get("name") != FORM and deletes_then_signs_up(latest_text(tracker)):
            # "bórrelo y regístreme de nuevo" read as "start over" outside a flow: nothing is under way
            # to start over; the words ask to delete the login first, then to sign up again.
            return await _start_deletion(dispatcher, tracker)
        if wanted_switch(tracker) == "start_over":
            say(dispatcher, messages.confirm_switch("start_over"))
            return [SlotSet("pending_switch", "start_over")]
        await _reset_backend(tracker.sender_id)
        if (held := await answer_while_locked(dispatcher, tracker)) is not None:
            # Starting over forgets the answers, never the lock: no question while it lasts.
            return held + _clear_flow() + [SlotSet("goal", None), SlotSet("failures", {}), SlotSet("offtopic_count", 0)]
        say(dispatcher, messages.start_over())
        return _clear_flow() + [
            SlotSet("goal", "register"),
            SlotSet("outcome", None),
            SlotSet("failures", {}),
            SlotSet("offtopic_count", 0),
        ]


class ActionNeverMind(Action):
    """ "never mind": stop the flow and forget its answers; "I'll finish this later": keep them."""

    def name(self) -> str:
        return "action_never_mind"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        in_form = tracker.active_loop.get("name") == FORM
        text = latest_text(tracker)
        if not in_form and _continues_after_the_person_offer(tracker):
            return await _go_on_here(dispatcher, tracker)
        if not in_form:
            return await self._outside_a_flow(dispatcher, tracker, text)
        if (is_resume(text) and not asks_to_stop(text)) or _continues_after_the_person_offer(tracker):
            # "ok, continue" read as "never mind": back to the pending question, nothing dropped.
            return [FollowupAction(FORM)]
        if tracker.get_slot("requested_slot") == "security_answer" and non_answer(text) == "wait":
            # "let me think" while the answer is asked asks for time, not to stop.
            say(dispatcher, messages.not_an_answer("wait"))
            return [FollowupAction(FORM)]
        if _filler_of_a_language_request(tracker, "never_mind"):
            say(dispatcher, messages.continuing_in_language())
            return [FollowupAction(FORM)]
        if (
            tracker.get_slot("requested_slot") == CODE_SLOT
            and tracker.get_slot("code_pending") in (True, UNLOCK)
            and asks_for_time(text)
            and not asks_to_stop(text)
        ):
            # "one sec, let me ask the owner" read as "never mind" at the code step: time, not a stop.
            # The patient reply says to send the code: ``code_pending`` set again keeps the question silent.
            say(dispatcher, messages.code_wait())
            return [SlotSet("code_pending", tracker.get_slot("code_pending")), FollowupAction(FORM)]
        if asks_to_pause(text):
            # "stop, I'll finish this later", "para, lo termino después": nothing is dropped, neither
            # the answers nor what the backend's draft proved (for as long as it keeps it); the form
            # waits for the member to come back (``actions.pause``).
            return pause(dispatcher, tracker)
        if wanted_switch(tracker) == "never_mind":
            # The form runs next, its question silent while the YES / NO is pending (``_ask``): no
            # rule follows this action while the form stays active, so without it Rasa's fallback
            # would add the list of everything the assistant does (deletion too) and revert the turn,
            # dropping the question just asked (a "sí" then read as the pending step's answer).
            say(dispatcher, messages.confirm_switch("never_mind"))
            return [SlotSet("pending_switch", "never_mind"), FollowupAction(FORM)]
        await _reset_backend(tracker.sender_id)
        say(dispatcher, messages.never_mind())
        return _clear_flow() + [SlotSet("goal", None), ActiveLoop(None)]

    @staticmethod
    async def _outside_a_flow(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
        """No form runs: a flow left for later goes on ("ya regresé, ¿seguimos?" read as never_mind),
        is kept again ("para, lo termino después") or ends ("cancel, I don't want to sign up"); the
        deletion starts when the words plainly ask for it ("no, never mind, better delete it")."""
        if (held := await answer_while_locked(dispatcher, tracker)) is not None:
            return held
        if plainly_asks_to_delete(text) or _asks_for_the_link_again(tracker):
            return await _start_deletion(dispatcher, tracker)
        back = come_back(dispatcher, tracker)
        if back is not None:
            return back
        if await back_after_registering(dispatcher, tracker):
            return []
        if signed_off(dispatcher, tracker):
            return []
        if is_paused(tracker) and asks_to_pause(text):
            say(dispatcher, messages.paused())
            return []
        if is_paused(tracker) and is_stop_word(text):
            # "STOP" again in the web chat: the place is still kept (a cancel in words ends it).
            say(dispatcher, messages.stopped_kept())
            return []
        if is_paused(tracker) and asks_to_stop(text):
            await _reset_backend(tracker.sender_id)
            say(dispatcher, messages.never_mind())
            return _clear_flow() + [SlotSet("goal", None), SlotSet("outcome", None)]
        if not asks_to_pause(text) and starts_a_fresh_sign_up(tracker, "never_mind"):
            # A request to sign up the model read as "never mind": with nothing under way there is
            # nothing to stop, and the words ask to start.
            return await _start_from_message(dispatcher, tracker)
        say(dispatcher, messages.never_mind_idle())
        return []


class ActionResendEmail(Action):
    """ "I did not get the e-mail": resend once, name the sender and the spam folder."""

    def name(self) -> str:
        return "action_resend_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.active_loop.get("name") != FORM and (held := await answer_while_locked(dispatcher, tracker)) is not None:
            return held
        back = None if tracker.active_loop.get("name") == FORM else come_back(dispatcher, tracker)
        if back is not None:
            # "ok i'm back, email is ..." to a sign-up left for later, read as a mail not received:
            # the address is the pending answer (``pause.carries_an_answer``), nothing is resent.
            return back
        config = await coop_config()
        held, masked = tracker.get_slot(LINK_HELD), tracker.get_slot("email_masked")
        if held == messages.LINKS_STOPPED:
            # The conversation's latest link was held back by the day's link mails: none goes today,
            # and a resend must not be told "sent again" (nothing went the first time) nor "already
            # sent again once" (a held-back resend sent nothing either).
            say(dispatcher, messages.links_stopped(masked, config))
            return []
        if await how_long_the_link_lasts(dispatcher, tracker):
            # "I don't have another account. how long is the link good for?" read as a mail not received:
            # how long the link works, nothing resent ("send the link again" still resends).
            return []
        in_form = tracker.active_loop.get("name") == FORM
        if not in_form and signs_up_again(latest_text(tracker)):
            # "ok I deleted it with the link. now I'd like to sign up again" read as a mail not received:
            # the sign-up, never the deletion's link again.
            return await _start_from_message(dispatcher, tracker)
        if not in_form and tracker.get_slot("outcome") == "delete_link_sent":
            # The conversation's latest link is the one to confirm a deletion: "send the delete link
            # again", "no me llegó, mándelo otra vez" resend that one, never the activation.
            return await _delete_link_again(dispatcher, tracker)
        if names_the_delete_link(latest_text(tracker)):
            if not in_form:
                # None went in this conversation (a new one, a day later): the deletion starts again.
                return await _start_deletion(dispatcher, tracker, messages.delete_link_again_needs_proof())
            if tracker.get_slot("goal") == "unsubscribe":
                # Asked for before the deletion's questions are done: it goes once they are.
                say(dispatcher, messages.delete_link_after_the_steps())
                return []
        try:
            result = await client().resend(tracker.sender_id, language=language_of(tracker))
        except BackendUnavailable:
            say(dispatcher, messages.backend_down(config))
            return []
        if result.result == "sent":
            now_held = link_held(result.extra.get("link"))
            say(
                dispatcher,
                messages.links_stopped(result.email_masked, config)
                if now_held == messages.LINKS_STOPPED
                else messages.resent(result.email_masked, config),
            )
            return [SlotSet("outcome", "resent"), SlotSet(LINK_HELD, now_held)]
        if held == messages.NO_LINK and result.result == "not_registered":
            # "send it again" after "a link went minutes ago, so I did not send another": that link stands.
            say(dispatcher, messages.link_sent_recently(masked))
            return []
        if result.result == "already_resent":
            say(dispatcher, messages.already_resent(config))
        elif result.result == "already_active":
            say(dispatcher, messages.already_active(config))
        else:
            say(dispatcher, messages.nothing_to_resend(config))
        return []


class ActionSessionStart(Action):
    """A new session (first message, or a day after the last one) starts cleanly:
    no slots carried over and nothing left in the backend's draft."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if any(e.get("event") == "user" for e in tracker.events):
            await _reset_backend(tracker.sender_id)
            if tracker.get_slot("goal"):
                # A flow was left unfinished a day ago: say why nothing of it is kept.
                say(dispatcher, messages.session_expired())
        return [SessionStarted(), ActionExecuted("action_listen")]


def _just_explained(tracker: Tracker, slot: str) -> bool:
    """Did the validation reject an answer to ``slot`` this turn? Its explanation already
    says what to send, so asking the same question again would only repeat it."""
    before = value_before_turn(tracker, "failures") or {}
    now = tracker.get_slot("failures") or {}
    return (
        isinstance(now, dict)
        and now.get(slot, 0) > (before.get(slot, 0) if isinstance(before, dict) else 0)
        and value_before_turn(tracker, "requested_slot") == slot
    )


def _told_where_the_number_is(tracker: Tracker, config: CoopConfig) -> bool:
    """Did this turn's replies already say where the account number is found (on the bill, or from member
    services without it)? Then the question comes short: "printed on your bill" twice reads as a repeat."""
    said = {event.get("text") for event in events_since_latest_user(tracker) if event.get("event") == "bot"}
    return bool(said & {messages.account_help(config), messages.bill_not_at_hand(config), messages.no_bill(config),
                        messages.no_lookup_by_phone(config)})


def _ask(
    dispatcher: CollectingDispatcher,
    text: str,
    buttons: list[dict[str, Any]] | None = None,
    tracker: Tracker | None = None,
    slot: str | None = None,
    short: str | None = None,
) -> list[EventType]:
    if tracker is not None and tracker.get_slot("pending_switch"):
        return []  # "It sounds like you want to ...? Reply YES or NO" is the question of this turn
    if tracker is not None and slot and _just_explained(tracker, slot) and not buttons:
        return []
    if short and tracker is not None and (texts_back_on(tracker) or _saves_a_segment(tracker, text, short)):
        # After START the carrier's confirmation goes first in the same turn: the question in short.
        text = short
    say(dispatcher, text, buttons)
    return []


def _saves_a_segment(tracker: Tracker, question: str, short: str) -> bool:
    """Would the short form of the question cost this SMS turn fewer segments than the full one, after
    what the turn said before it (an explanation, an answer to a side question)? The SMS channel texts
    them together (``common.gsm.texted_together``): a turn that answers one thing fits two segments."""
    said = [event.get("text") or "" for event in events_since_latest_user(tracker) if event.get("event") == "bot"]
    return bool(said) and turn_segments(said + [question]) > turn_segments(said + [short])


class Question(NamedTuple):
    """How the form asks for one slot: the text (from the tracker and, when ``needs_config``,
    the co-op facts), the buttons offered with it (made per turn: their titles are translated), and
    its short form, asked after an explanation when it saves the SMS turn a segment (``_ask``)."""

    text: Callable[[Tracker, CoopConfig | None], str]
    buttons: Callable[[CoopConfig | None], list[dict[str, Any]]] | None = None
    needs_config: bool = False
    short: Callable[[Tracker, CoopConfig | None], str] | None = None


# One ``action_ask_<slot>`` per slot of the form (bot/domain.yml lists the names).
QUESTIONS: dict[str, Question] = {
    "account_number": Question(lambda tracker, config: messages.ask_account_number_short()
                               if _told_where_the_number_is(tracker, config) else messages.ask_account_number(),
                               needs_config=True,
                               short=lambda tracker, config: messages.ask_account_number_short()),
    "member_name": Question(
        lambda tracker, config: _ask_member_name(tracker),
        short=lambda tracker, config: messages.ask_member_name_short(),
    ),
    "email": Question(
        lambda tracker, config: (
            messages.ask_new_email() if tracker.get_slot("goal") == "change_email" else messages.ask_email()
        )
    ),
    "identity_proof": Question(
        lambda tracker, config: messages.ask_identity_proof(tracker.get_slot("proof_method"), config.proofs),
        needs_config=True,
        short=lambda tracker, config: messages.ask_identity_proof_short(tracker.get_slot("proof_method"), config.proofs),
    ),
    "security_question": Question(
        lambda tracker, config: messages.ask_security_question(), lambda config: messages.question_buttons(),
        short=lambda tracker, config: messages.ask_security_question_short(),
    ),
    "security_answer": Question(
        lambda tracker, config: messages.ask_security_answer(int(tracker.get_slot("security_question") or 1)),
        short=lambda tracker, config: messages.security_question_text(int(tracker.get_slot("security_question") or 1)),
    ),
    "terms_accepted": Question(
        lambda tracker, config: messages.ask_terms(config), lambda config: messages.yes_no_buttons(), needs_config=True,
        short=lambda tracker, config: messages.ask_terms_short(config),
    ),
    "one_time_code": Question(lambda tracker, config: messages.ask_one_time_code(tracker.get_slot("code_pending"))),
    "confirm_unsubscribe": Question(
        lambda tracker, config: messages.ask_confirm_unsubscribe(), lambda config: messages.yes_no_buttons(),
        short=lambda tracker, config: messages.ask_confirm_unsubscribe_short(),
    ),
}


def _ask_member_name(tracker: Tracker) -> str:
    """The name question; the first time, with the name the member introduced themselves with before the
    sign-up ("Hello this is Dorothy Johnson"): it is offered, never asked as if nothing was said, and
    tried only on the member's yes (``introduced.confirmed_name``), so it spends no try unasked."""
    account = shown_account(tracker.get_slot("account_number"))
    introduced = name_introduced_before_the_flow(tracker)
    if introduced and not (tracker.get_slot("failures") or {}).get("member_name"):
        return messages.ask_member_name_introduced(account, introduced)
    return messages.ask_member_name(account)


class ActionAsk(Action, ABC):
    """``action_ask_<slot>``: the form's question for ``slot`` (table ``QUESTIONS``).

    Abstract (``slot`` is unset), so rasa-sdk registers only the per-slot subclasses below."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for; each subclass sets it."""

    def question(self) -> Question:
        return QUESTIONS[self.slot]

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher, tracker, domain):
        # Rasa's FormAction records no event of its own for the ask action it runs: the slot
        # ``last_asked`` is what tells later turns which question was last put (``pause.last_asked``).
        return await self.ask(dispatcher, tracker, domain) + [SlotSet(LAST_ASKED, self.slot)]

    async def ask(self, dispatcher, tracker, domain) -> list[EventType]:
        """Put the question (or stay silent when this turn's replies already asked it)."""
        question = self.question()
        config = await coop_config() if question.needs_config else None
        buttons = question.buttons(config) if question.buttons else None
        short = question.short(tracker, config) if question.short else None
        return _ask(dispatcher, question.text(tracker, config), buttons, tracker=tracker, slot=self.slot, short=short)


class ActionAskAccountNumber(ActionAsk):
    """action_ask_account_number"""

    slot = "account_number"


class ActionAskMemberName(ActionAsk):
    """action_ask_member_name"""

    slot = "member_name"


class ActionAskEmail(ActionAsk):
    """action_ask_email: silent when a reply of this turn asked "Did you mean ...?" about the
    address typed (``actions.email_typos``): one question per turn."""

    slot = "email"

    async def ask(self, dispatcher, tracker, domain):
        this_turn = events_since_latest_user(tracker)
        if email_typos.offered_this_turn(this_turn):
            return []
        offer = email_typos.offered_before_the_pause(tracker) if _welcomed_back(this_turn) else None
        if offer is not None:
            # Paused in answer to "Did you mean ...?" and back ("ok I'm back"): the offer is the question
            # still pending, asked again, so the next yes or no answers it.
            typed, suggested = offer
            say(dispatcher, messages.email_did_you_mean(suggested, typed) if typed
                else messages.email_did_you_mean_joined(suggested), messages.yes_no_buttons())
            return []
        return await super().ask(dispatcher, tracker, domain)


def _welcomed_back(this_turn: list[dict]) -> bool:
    """Did a reply of this turn welcome the member back to a paused flow (``actions.pause``)?"""
    welcome = reply_safe(messages.welcome_back())
    return any(event.get("event") == "bot" and event.get("text") == welcome for event in this_turn)


class ActionAskIdentityProof(ActionAsk):
    """action_ask_identity_proof: silent when a wrong ZIP's reply of this turn already asked for the
    ZIP again or the last 4 (``messages.zip_again``), also when the ZIP came at another step with
    other answers: one reply never asks the same thing twice, and the turn fits two SMS segments."""

    slot = "identity_proof"

    async def ask(self, dispatcher, tracker, domain):
        asked = (plain(messages.zip_again((await coop_config()).proofs)), plain(messages.no_ssn_send_zip()))
        said_this_turn = events_since_latest_user(tracker) if latest_user_event(tracker) else []
        if any(event.get("event") == "bot" and any(again in plain(event.get("text") or "") for again in asked)
               for event in said_this_turn):
            return []
        return await super().ask(dispatcher, tracker, domain)


class ActionAskSecurityQuestion(ActionAsk):
    """action_ask_security_question"""

    slot = "security_question"


class ActionAskSecurityAnswer(ActionAsk):
    """action_ask_security_answer: silent when a reply of this turn already asked the question
    (``messages.answer_only`` names it, also when the choice and a sentence came in one message at
    the menu), so one reply never asks the same question twice."""

    slot = "security_answer"

    async def ask(self, dispatcher, tracker, domain):
        question = messages.security_question_text(int(tracker.get_slot("security_question") or 1))
        said_this_turn = events_since_latest_user(tracker) if latest_user_event(tracker) else []
        if any(event.get("event") == "bot" and question in (event.get("text") or "") for event in said_this_turn):
            return []
        return await super().ask(dispatcher, tracker, domain)


class ActionAskTermsAccepted(ActionAsk):
    """action_ask_terms_accepted: asked in reply to a message that accepted the Terms in so many
    words ("... and yes I accept the terms" with every other answer), the question says so: the
    yes counts only once the Terms are shown, so it is confirmed, never asked as if unsaid. Right
    after a "no" it says how to accept if the member changes their mind."""

    slot = "terms_accepted"

    async def ask(self, dispatcher, tracker, domain):
        declined = plain(messages.terms_declined())
        said_this_turn = events_since_latest_user(tracker) if latest_user_event(tracker) else []
        if any(event.get("event") == "bot" and declined in plain(event.get("text") or "") for event in said_this_turn):
            # "no" to the Terms was just answered (nothing registered, the answers kept): how to accept
            # if the member changes their mind, never the same question as if nothing was said.
            return _ask(dispatcher, messages.ask_terms_after_no(await coop_config()), messages.yes_no_buttons(),
                        tracker=tracker, slot=self.slot)
        said_before = bool(tracker.get_slot(TERMS_SAID_ACCEPTED))
        if not (accepts_the_terms(latest_text(tracker)) or said_before):
            return await super().ask(dispatcher, tracker, domain)
        config = await coop_config()
        replies = len(dispatcher.messages)
        events = _ask(dispatcher, messages.ask_terms_said_accepted(config), messages.yes_no_buttons(),
                      tracker=tracker, slot=self.slot)
        if said_before and len(dispatcher.messages) > replies:
            # Shown with their link and the member's words acknowledged once: a later ask is the usual one.
            events.append(SlotSet(TERMS_SAID_ACCEPTED, None))
        return events


class ActionAskOneTimeCode(ActionAsk):
    """action_ask_one_time_code: silent right after a code was texted or called this turn, since
    that message already asks for it ("Please send it here"), and after the patient reply to "one
    sec" (it says to send the code; the form sets ``code_pending`` again for both); asking again only repeats it. When no
    code could be sent ("opted_out", "retry") the question says what to do next, so it is asked."""

    slot = "one_time_code"

    async def ask(self, dispatcher, tracker, domain):
        if "code_pending" in slots_set_this_turn(tracker) and tracker.get_slot("code_pending") in (True, UNLOCK):
            return []
        return await super().ask(dispatcher, tracker, domain)


class ActionAskConfirmUnsubscribe(ActionAsk):
    """action_ask_confirm_unsubscribe"""

    slot = "confirm_unsubscribe"


ASK_ACTIONS: dict[str, type[ActionAsk]] = {
    action.slot: action
    for action in (
        ActionAskAccountNumber,
        ActionAskMemberName,
        ActionAskEmail,
        ActionAskIdentityProof,
        ActionAskSecurityQuestion,
        ActionAskSecurityAnswer,
        ActionAskTermsAccepted,
        ActionAskOneTimeCode,
        ActionAskConfirmUnsubscribe,
    )
}
