"""Validation of the registration form: every member message goes through here.

One ``FormValidationAction`` (Rasa's own pattern, RasaHQ/rasa-3.x-form-examples
05-validation) that reads the whole message at once (``actions.extract``) so
that several answers in one text, answers before their question and
corrections all work, and checks each value with the backend API at once:

- account number + name  -> POST /identity/account   (slot ``member_name`` is set only on a match)
- ZIP or SSN/TIN last 4  -> POST /identity/verify    (slot ``identity_proof`` = "verified", never the value)
- security answer        -> PUT  /security-answer    (slot ``security_answer`` = "stored", never the value)

A message holding a secret gets its ``message_id`` into ``redact_message_id``,
which makes the tracker store and the web app's transcript drop its text.
Secrets are recognised by their shape whatever was asked (docs/security.md):
a whole SSN is refused at every step, the texted code is read as the code at
any step while it is outstanding, a nine-digit account number is checked but
never repeated, and a new security answer inside a correction is stored hashed.

Repeated failures on one question are counted per slot (RasaHQ/financial-demo
custom_forms.py): the second failure explains the question in more detail,
the third also offers a person, so a member is never trapped in a loop.

When the message is a side question ("where is my account number?") and
holds no answer, the validation returns nothing: the form then rejects the
turn and a rule answers the question before the form asks again.

The class keeps one small ``validate_<slot>`` method per slot, as in Rasa's form
examples: each returns ``{slot: value}`` for what it accepted, ``{slot: None}`` for
what it rejects or forgets, and ``{}`` when the message says nothing about the
slot, and records what to say on the ``FormTurn``. Unlike rasa-sdk's own dispatch
(``FormValidationAction.get_validation_events`` calls ``validate_<slot>(value,
dispatcher, tracker, domain)`` for each slot a mapping set), ``run`` reads the whole
message itself and calls each method once, in the order of the questions, with the
turn and the parsed message, because one answer can decide another (a new account
number forgets the name). rasa-sdk's dispatch is switched off
(``get_validation_events``) so that no method is ever called twice, nor with
rasa-sdk's arguments. Around the class live the one-time-code sub-flow (``actions.one_time_code``), the change-of-goal
turns (``actions.change_of_course``), the state of one run (``actions.form_turn``)
and the regular expressions (``actions.patterns``). Imports go one way: those
modules never import this one.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import email_typos, messages, meter, sign_up_facts
from actions.answer_elsewhere import answer_held, earlier_messages, mark_later_mention, marks
from actions.backend_client import BackendUnavailable, CoopConfig, client, coop_config
from actions.tracker_reading import (
    events_since_latest_user,
    CODE_SLOT,
    FORM_SLOTS,
    GOAL_SLOTS,
    LAST_ASKED,
    LINK_GOALS,
    OTHER_ACCOUNT_HELD,
    PAUSED,
    TERMS_SAID_ACCEPTED,
    THROUGH_THE_LOCK,
    latest_intent,
    language_requested,
    latest_message_id,
    latest_text,
    message_already_handled,
    say,
    slots_set_this_turn,
    value_before_turn,
)
from common.carrier_keywords import is_stop_word
from common.gsm import MAX_SEPTETS, texted_septets
from common.masking import mask_email
from actions.questions_beside import answers_beside
from actions.answers import (
    NOT_RECEIVED_RE,
    after_resume_words,
    asks_about_paperless,
    asks_about_someone_elses_email,
    asks_about_terms,
    asks_at_the_terms,
    asks_if_proof_ok,
    asks_if_safe,
    asks_to_prove_otherwise,
    has_no_ssn,
    asks_why,
    why_subject,
    plain,
    speaks_of_another_account,
    asks_to_delete,
    asks_to_stop,
    asks_for_time,
    asks_time_to_read,
    asks_how_many_left,
    asks_if_free,
    asks_to_wait,
    asks_what_if_declined,
    asks_what_the_security_step_is_for,
    after_coming_back,
    code_trouble,
    comes_back,
    only_resumes,
    doubts_who_asks,
    has_no_email,
    names_the_terms,
    only_para,
    paperless_question,
    read_choice,
    read_explicit_yes_no,
    read_yes_no,
    rules_out_an_option,
    safety_topic,
    start_question,
    reopens_security_answer,
    security_question_words,
    goes_away_for_a_moment,
    leaves_without_asking,
    is_here_again,
    steps_away_for_a_moment,
    steps_away_or_back,
    terms_link_fails,
    terms_question_topic,
    yes_with_side_question,
)
from actions.extract import (
    Parsed,
    answer_in_sentence,
    asks_for_a_number,
    clean_name,
    corrected_answer,
    ending_names_an_account,
    full_ssn,
    without_whole_ssn,
    is_a_name_try,
    name_beside_coming_back,
    nine_digit_account,
    code_in,
    outstanding_code,
    parse,
    says_account,
    shown_account,
    only_a_place_after_the_question,
    without_answer_intro,
    without_correction_words,
    without_addresses,
    numbers_as_digits,
)
from actions.language import language_of
from actions.language_turn import answers_nothing, yes_no
from actions.sign_up_start import started_by_this_message
from actions.name_words import acknowledgement_only, is_plausible_name
from actions.change_of_course import (answer_switch, ask_again, asked_this_turn, pending_question_again,
                                      sign_up_instead_of_deleting, signs_up_instead_of_deleting)
from actions.introduced import name_introduced_before_the_flow
from actions.form_turn import (
    EXPLAIN_AFTER,
    FREE_TEXT_SLOTS,
    YES_NO_SLOTS,
    LOCKED_OUT,
    FormTurn,
    already_registered,
    held_before_turn,
    failure_counts,
    is_second_failure,
    lock,
    next_slot,
)
from actions.lock_state import slots_kept_while_locked
from actions.pause import carries_an_answer, pause
from actions.one_time_code import UNLOCK, code_outstanding, read_code, send_code, unlock_code, with_code
from actions.question_typos import misspelt_question, respelled_choice
from actions.security_answer import (
    accepts_the_terms,
    answer_before_a_yes,
    answer_itself,
    answers_after_coming_back,
    asks_about_the_answer,
    asks_for_another_question,
    asks_which_question,
    choice_beside_a_question,
    corrects_the_answer,
    is_an_answer,
    marked_answer,
    may_hold_an_answer,
    new_answer_value,
    non_answer,
    only_yes_or_no,
    question_at_the_menu,
    question_named_only,
    too_long_for_an_answer,
)
from actions.earlier_account import adds_another_account, asks_for_the_same_name, registered_name
from actions.same_address import (LOGIN_GONE, asks_for_the_same, earlier_address, login_gone,
                                  without_the_login_s_question)
from actions.patterns import (
    ANSWER_COMMAND_RE,
    ANSWER_FILLER_ES_RE,
    ANSWER_FILLER_PT_RE,
    ANSWER_FILLER_RE,
    ANSWER_TRAIL_RE,
    COMMAND_RE,
)

log = logging.getLogger(__name__)

# Intents that a rule answers while the form waits (the form's from_text
# mappings exclude them too, see bot/domain.yml).
DOMAIN_FILE = Path(__file__).resolve().parents[1] / "bot" / "domain.yml"


def _side_intents() -> frozenset[str]:
    """The side intents as bot/domain.yml states them once (``&side_intents``, the slot
    mappings' ``not_intent``): a rule answers them while the form waits."""
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    return frozenset(next(mapping["not_intent"] for slot in domain["slots"].values()
                          for mapping in slot.get("mappings", []) if "not_intent" in mapping))


SIDE_INTENTS = _side_intents()
# Side intents that change the course of the conversation: they win over an
# answer-like text when the model is sure enough.
STEERING_INTENTS = {"forgot_password", "unregister", "human", "start_over", "never_mind",
                    "email_not_received"}
OFFER_PERSON_AFTER = 3


# The steps whose answer is read from any words: a step-away or come-back message must not be
# taken as the security answer, nor its "ok" as a yes to the Terms or to a deletion.
_READ_WHOLE = ("security_answer", "terms_accepted", "confirm_unsubscribe")
# Steps that answer a moment asked for ("one sec") with a patient reply of their own, no pause.
_OWN_PATIENT_REPLY = ("member_name", CODE_SLOT)


async def _held_proof_checked(turn: FormTurn):
    """The proof held from a message whose account number and name did not match, checked now that a
    corrected number or name matched (this turn: "sorry, wrong number, it's 5101000021", "oops creek.
    Blanco Creek Goat Dairy LLC"), or None."""
    if (not turn.get("member_name") or turn.before.get("member_name")
            or turn.get("identity_proof") in ("verified", THROUGH_THE_LOCK)):
        return None
    result = await client().verify_held(turn.conversation_id, language=language_of(turn.tracker))
    return None if result.result == "none_held" else result


# Six digits and nothing else: one digit more than a ZIP, the shortest account number.
SIX_DIGITS_ALONE = re.compile(r"\s*\d{6}\s*")
# The words around a code said again, folded (``plain``): "the code is", "my code was", "el código es",
# "674186 is the code", "aquí está el código".
_CODE_AGAIN_WORDS = frozenset({"the", "my", "your", "this", "code", "is", "was", "it's", "its", "here", "el", "mi",
                               "su", "codigo", "es", "era", "aqui", "esta", "este", "ok", "okay"})


def _the_code_again(text: str) -> bool:
    """Six digits alone, or with words that name them the code and nothing else ("the code is
    674186", "el código es 674186"): the code sent once more, never an account number."""
    if SIX_DIGITS_ALONE.fullmatch(text):
        return True
    found = code_in(text)
    words = plain(found[1]).split() if found else []
    return (bool(words) and set(words) <= _CODE_AGAIN_WORDS
            and bool({"code", "codigo"} & set(words)) and code_in(found[1]) is None)


# Digits alone, maybe grouped ("8675309", "2021 12 25", "20-21"): a number and nothing else.
DIGITS_ALONE = re.compile(r"\s*\d+(?:[\s.-]\d+)*\s*")


# What the rest of a message after a right code may give: the steps after the code. Digits there are
# never an account number, a ZIP or a last 4 ("123456 or was it 654321?": a second code, not an
# account that would replace the one just proven), and the name was checked before the code.
_AFTER_THE_CODE = frozenset({"email", "security_question", "security_answer", "terms_accepted"})


def _after_the_code(parsed: Parsed) -> Parsed:
    """``parsed`` (the rest of a message whose code was right) with only what the steps after the code read."""
    return dataclasses.replace(parsed, account=None, bad_account=None, name=None, zip_code=None, last4=None, bad_secret=False,
                   proof_method=None, corrections={slot for slot in parsed.corrections if slot in _AFTER_THE_CODE})


def _address_instead_of_the_code(turn: FormTurn, text: str, parsed: Parsed) -> bool:
    """At the code, does the message give or correct the e-mail address, with no code in it and
    nothing said about the code ("I never got it, my email is ...": the code's trouble first)?"""
    return ((parsed.gives_an_address or "email" in parsed.corrections) and code_in(text) is None
            and code_trouble(text, latest_intent(turn.tracker)[0]) is None)


def _account_says_so(text: str) -> bool:
    """A code-shaped number that account words introduce ("account 400777") is an account number."""
    return code_in(text) is not None and outstanding_code(text) is None


class ValidateRegistrationForm(FormValidationAction):
    """Fills and checks the registration form (also used to verify for reset / unsubscribe)."""

    def name(self) -> str:
        return "validate_registration_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return _required(tracker.get_slot("goal"), tracker.get_slot("code_pending"), tracker.get_slot("email"),
                         tracker)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = await self._take_turn(dispatcher, tracker, domain)
        # A message holding the answer stored earlier, whatever it answered, is redacted too.
        return events + await mark_later_mention(tracker, events)

    async def _take_turn(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        if not tracker.get_slot("goal"):
            # No flow to run: the form stops at once (paused by a lock, it keeps nothing of the message).
            return slots_kept_while_locked(tracker) + [SlotSet("requested_slot", None)]
        required = await self.required_slots([], dispatcher, tracker, domain)
        if requested is None and value_before_turn(tracker, "outcome") == PAUSED:
            # Taken up after the form paused itself (Rasa then empties ``requested_slot``): the
            # question left is the first one still unanswered.
            requested = next_slot(required, tracker.slots)
        pending_switch = tracker.get_slot("pending_switch")
        if pending_switch and not asked_this_turn(tracker):
            answered = await answer_switch(pending_switch, dispatcher, tracker, requested, required)
            if answered is not None:
                return answered
        resumed_with_an_answer = value_before_turn(tracker, "outcome") == PAUSED and (
            _answer_after_coming_back(tracker, requested, latest_text(tracker)) is not None
            or carries_an_answer(tracker, latest_text(tracker), requested))
        # Taken up at the code by a request for a new one after the codes' limit stopped the sign-up
        # (``one_time_code.new_code_asked_after_the_stop``): the request is read there, as at the code.
        resumed_for_a_code = value_before_turn(tracker, "outcome") == LOCKED_OUT and requested == CODE_SLOT
        if (message_already_handled(tracker) and not _sign_up_the_model_was_unsure_of(tracker)
                and not resumed_with_an_answer and not resumed_for_a_code):
            # Resuming after a side answer: ask the next question, read nothing. (A flow taken up
            # again by "no, ya regresé. la 1", read as "never mind", or by "ya estoy. el email es ...",
            # read as anything (``pause.carries_an_answer``), reads the answer in it.)
            return [SlotSet("requested_slot", next_slot(required, tracker.slots))]

        if signs_up_instead_of_deleting(tracker):
            # "I want to add another account to my login" while a deletion waits for its proof or its
            # YES: the sign-up, afresh (nothing deleted, no earlier name checked against the new number).
            return await sign_up_instead_of_deleting(dispatcher, tracker)
        text = latest_text(tracker)
        if asks_for_a_number(requested):
            # "٧٨٦٢٠", "seven eight six two zero" at the ZIP / last 4, "uno dos tres cuatro cinco seis"
            # at the code: the number in plain digits for every reader of the turn, the code's included.
            text = numbers_as_digits(text, requested)
        if value_before_turn(tracker, "outcome") == PAUSED:
            # "ya volví perdón. la de la mascota", "ok I'm back, pet's name" after a pause: the welcome
            # back was said as the flow was taken up; the answer after the words of coming back is read.
            text = _answer_after_coming_back(tracker, requested, text) or text
        elif requested == "security_answer" and (answer := _answer_after_coming_back(tracker, requested, text)):
            # "ok I'm back, the answer is Rex", "ya regresé, es Bowie" while the answer is asked: welcome
            # back, and the answer is read (never dropped for the question again).
            say(dispatcher, messages.welcome_back())
            text = answer
        if requested == "security_question":
            # "hi school", "high schol i guess": a question's name typed with a typo is that question,
            # read as if spelt right (never the school question's answer).
            text = respelled_choice(text)
        if value_before_turn(tracker, "outcome") == PAUSED and requested == "member_name":
            # "oops, I didn't mean that, hit the wrong thing. Kowalczyk is the last name" after a STOP:
            # a name has no shape of its own, so the name beside the words of coming back is what is read.
            text = name_beside_coming_back(text) or text
        if value_before_turn(tracker, "outcome") == PAUSED and _only_comes_back(tracker, requested, text):
            # "REGISTRARME", "I'm back, can we continue?" after a pause: welcome back was said as the
            # flow was taken up (``actions.pause``, ``action_start_flow``); the pending question
            # follows, nothing read, nothing counted.
            return ask_again(tracker, requested)
        stepped = _steps_away_or_back(tracker, requested, text)
        intent_read = latest_intent(tracker)[0]
        if (stepped and not parse(text, requested).has_value_by_shape
                and (read_explicit_yes_no(text) is None or (stepped == "back" and only_resumes(text, intent_read)))):
            # "stop, I'll finish later", "ok back, where were we" where any words may be the answer
            # (the security answer) or "ok ..." may read as a yes (the Terms): no answer, no refusal,
            # nothing counted. Leaving is the flow's one pause (``actions.pause``: the answers kept,
            # the form waits); "I'm back" without a pause asks the pending question again.
            if stepped == "away":
                return ask_again(tracker, requested) + pause(dispatcher, tracker)
            say(dispatcher, messages.welcome_back())
            return ask_again(tracker, requested)
        if is_stop_word(text):
            # "PARAR", "STOP" typed in the web chat (the SMS channel opts a number out before the
            # dialogue): the sign-up stops and keeps its place, whatever the step (never a security
            # answer nor a refusal); "continue", "me equivoqué, quiero seguir" take it up again.
            return ask_again(tracker, requested) + pause(dispatcher, tracker, messages.stopped_kept())
        if full_ssn(text):
            return await self._refuse_full_ssn(dispatcher, tracker, requested, required)
        resumed = after_resume_words(text)
        if resumed and parse(resumed, requested).has_value_by_shape:
            # "bueno, continúe. Mi cuenta es 1009093356", "ok continúe, la 1": the words of going on
            # ask for the pending question, and the value after them answers it.
            text = resumed
        if (requested == "security_question" and (chosen := choice_beside_a_question(text))
                and parse(chosen, requested).question):
            # "la 1, Garcia. ¿y con esto ya no me llega el recibo en papel?": the choice and its answer
            # are read as if sent alone, the question answered beside them (``answers_beside``, below).
            text = chosen
        parsed = parse(text, requested)
        intent, confidence = latest_intent(tracker)
        # "yea lol", "sí ese" to "Did you mean ...?": read as every yes/no answer is, whatever the
        # model read, so no rule answers it instead and the address is kept.
        answers_the_offer = (requested == "email" and not parsed.has_values
                             and (email_typos.offered(tracker) or email_typos.offered_earlier(tracker)) is not None
                             and yes_no(tracker, text) is not None)
        if requested and not answers_the_offer and _only_asks_about_the_sign_up(text, parsed, requested):
            # "does it have to be the same email you have on file?", "¿el código postal de la casa o donde
            # me llega el recibo?", "are the answers case sensitive?", "¿cuánto tarda esto?" at any step,
            # whatever the model read: the answer (``actions.sign_up_facts``), then the question pending,
            # nothing read or counted.
            for answer in sign_up_facts.answer(text, await coop_config()):
                say(dispatcher, answer)
            return ask_again(tracker, requested)
        facts_beside: list[str] = []
        if requested == "security_answer" and not answers_the_offer and sign_up_facts.answer(text, CoopConfig()):
            # "Rex. are the answers case sensitive?": the answer is what stands beside the question, which
            # is answered before the next question (``actions.sign_up_facts``).
            facts_beside = sign_up_facts.answer(text, await coop_config())
            text = sign_up_facts.without_the_questions(text)
            parsed = parse(text, requested)
        if (requested and requested not in _READ_WHOLE and not parsed.email and not parsed.gives_a_value
                and asks_about_someone_elses_email(text)):
            # "stop wait, can I use my wife's email instead of mine?" (whatever the model read, "instead"
            # reads as a correction), at the e-mail step or before it: yes, then the pending question,
            # nothing counted.
            say(dispatcher, messages.any_email_you_open())
            return ask_again(tracker, requested)
        if requested == "email" and not parsed.has_values and not parsed.email_problem and has_no_email(text):
            # "I don't think I have one of those. Is that the same as my phone number?", "¿qué es un
            # correo electrónico?": what an address is and how to get one, whatever the model read
            # (never "that does not look like an e-mail address"), then the question, nothing counted.
            say(dispatcher, messages.no_email_help(await coop_config()))
            return ask_again(tracker, requested)
        if (requested and requested != "confirm_unsubscribe" and not parsed.gives_a_value
                and start_question(text) == "needed" and not asks_why(text) and read_yes_no(text) is None):
            # "what information do you need?", "what data do you need?", "¿qué datos necesitan?" at any
            # step of the sign-up, the security answer and the Terms included (a question, never an answer
            # nor a refusal): the whole list, then the pending question ("¿para qué necesitan el número?"
            # asks why: the step's own answer).
            say(dispatcher, messages.what_is_needed(await coop_config()))
            return ask_again(tracker, requested)
        if requested == CODE_SLOT and not parsed.has_value_by_shape and asks_to_prove_otherwise(text):
            # "can I just give you my zip instead?", "¿puedo darle mi código postal?" at the code: no (the
            # ZIP / last 4 is on papers others may have; the code proves the phone on file), whom to call
            # without that phone, then the code question; no wrong code counted, whatever the model read.
            say(dispatcher, messages.code_not_replaced(await coop_config(), tracker.get_slot("code_pending") == UNLOCK))
            return ask_again(tracker, requested)
        if intent == "change_email" and tracker.get_slot("goal") == "register" and not parsed.email:
            # "I want to use a different e-mail" while signing up corrects the address given
            # (there is no login yet whose address could change): it is asked again.
            parsed.corrections.add("email")
        if (not parsed.email and tracker.get_slot("goal") == "register"
                and asks_for_the_same(text, requested) and "email" in required):
            # "same email as before", "el mismo correo": the address this conversation gave earlier
            # (adding another account after a sign-up); known only masked, it must be typed.
            earlier = earlier_address(tracker)
            if earlier.address:
                parsed.email, parsed.email_given_before = earlier.address, True
            elif requested == "email":
                say(dispatcher, messages.same_address_unknown(earlier.masked))
                return ask_again(tracker, requested)
        if (not tracker.get_slot("member_name") and requested not in _READ_WHOLE
                and asks_for_the_same_name(text, requested)
                and (not parsed.name or asks_for_the_same_name(parsed.name, requested))):
            # "ok now the barn please, 50010017 same name", "el mismo nombre": the name of the account
            # this conversation registered (none held: the name is asked, no try spent).
            parsed.name = registered_name(tracker)
        if _stray_number(tracker, requested, text):
            # "000000" at the e-mail question: a code typed at the wrong time, never a new account.
            say(dispatcher, messages.stray_number_kept_account(
                _last_two(held_before_turn(tracker, "account_number")), requested == "email"))
            return ask_again(tracker, requested)
        if _adds_to_the_matched_account(tracker, text, parsed):
            # "I also have the barn account to add: 7710020017 Pruitt zip 78620" at the Terms, "I also
            # have account 400777" at the ZIP or the code: the matched account is finished first, never
            # replaced (a plain correction still replaces); the first registration's reply then offers
            # to add the other (``OTHER_ACCOUNT_HELD``).
            say(dispatcher, messages.finish_this_account_first(_last_two(held_before_turn(tracker, "account_number"))))
            events = ask_again(tracker, requested) + [SlotSet(OTHER_ACCOUNT_HELD, True)]
            if parsed.has_secret or nine_digit_account(parsed.account):
                events.append(SlotSet("redact_message_id", latest_message_id(tracker)))
            return events
        if requested == "identity_proof" and ending_names_an_account(text):
            # "also delete the one ending in 0987" at the ZIP / last 4: those digits name an account,
            # never a last-4 guess; nothing is checked or counted. The account held is finished first
            # (another account is asked and proven on its own right after), the proof asked again.
            held = held_before_turn(tracker, "account_number")
            if held and speaks_of_another_account(text, held):
                say(dispatcher, messages.finish_before_another_account(_last_two(held)))
            return ask_again(tracker, requested)
        if asked_this_turn(tracker) and not parsed.has_values:
            # "It sounds like you want to ...?" was just asked: nothing else to read.
            return [SlotSet("requested_slot", requested)]
        # "my meter number is C0002" at the proof question is the answer, whatever the model read.
        meter_answer = (requested == "identity_proof" and meter.METER in (await coop_config()).proofs
                        and meter.read(text, True) is not None)
        correcting = requested == "terms_accepted" and corrects_the_answer(text, intent, confidence)
        if not meter_answer and not correcting and answers_nothing(tracker, requested, text, parsed):
            # "ok can we finish in English please": the filler around a language request answers
            # nothing; the member reads that it goes on in that language, and the question again.
            say(dispatcher, messages.continuing_in_language())
            return ask_again(tracker, requested)
        if requested and not meter_answer and _asks_if_proof_ok(tracker, text, parsed, required):
            # "wait, that was the social security number, is that OK?": yes, what it was, then the question.
            say(dispatcher, messages.proof_accepted(tracker.get_slot("proof_method")))
            return ask_again(tracker, requested)
        if requested == "terms_accepted" and not parsed.has_values:
            # A question at the Terms, answered before the readers every step has: "what happens if I say
            # no?", "does it say anything about charging me a fee ...?", "whats in the terms? link wont
            # load"; what none of them answers comes last (``_answer_left_at_the_terms``, below).
            answer = _answer_at_the_terms(text, correcting, await coop_config())
            if answer:
                say(dispatcher, answer)
                return ask_again(tracker, requested)
        if requested and not parsed.has_values and not meter_answer and asks_how_many_left(text):
            # "how many more questions are there? this is a lot": how many, then the question.
            say(dispatcher, messages.questions_left(len(_left(required, tracker))))
            return ask_again(tracker, requested)
        if requested and not meter_answer and not correcting and _only_asks_if_free(text, parsed, requested):
            # "is it free?" at the e-mail step, "¿Este servicio tiene algún costo? ¿Es gratis?" at the ZIP:
            # whatever the model read (often account help), the free answer, then the question pending.
            say(dispatcher, messages.terms_fee())
            return ask_again(tracker, requested)
        if requested and not parsed.has_values and not meter_answer and not correcting and not answers_the_offer:
            again = pending_question_again(text, requested, intent, confidence, tracker.get_slot("goal"))
            if again is not None:
                if again and not any(tracker.get_slot(slot) for slot in FORM_SLOTS):
                    # "I want to sign up" right after "OK, let's start over.": nothing was under way
                    # to keep, so the sign-up starts (never "nothing changed, let's continue").
                    say(dispatcher, messages.switch_started("register"))
                elif again:
                    say(dispatcher, messages.switch_declined(True))
                return ask_again(tracker, requested)
        if requested == "email" and not parsed.has_values and only_para(text):
            # "para", "para?": no "why" (that is "para qué") and no address; whatever the model read
            # (help), the e-mail question again with what an address looks like, nothing counted.
            say(dispatcher, messages.email_again())
            return ask_again(tracker, requested)
        if (requested == "identity_proof" and not parsed.gives_a_value and not meter_answer and has_no_ssn(text)
                and "zip" in (await coop_config()).proofs):
            # "la clínica es una empresa; no tenemos número de Seguro Social. ¿Qué otro dato puedo
            # proporcionarle?": whatever the model read (often a safety question), the ZIP instead, or the
            # business's Tax ID, said short; nothing counted.
            say(dispatcher, messages.no_ssn_send_zip())
            return ask_again(tracker, requested)
        if (requested and not meter_answer and not correcting
                and (_only_asks_if_safe(text, parsed, requested)
                     or _the_model_reads_safety(intent, confidence, parsed, requested, text))):
            # "¿es seguro mandar el seguro social por mensaje?", "is this a scam?" at any step: a question
            # whether it is safe chooses nothing (its "seguro social" is no choice of the SSN as the proof)
            # and is no address tried; the safety answer (the SSN one offers the ZIP instead), then the
            # question pending, nothing counted.
            if intent == "ask_safety":
                return []  # the form rejects the turn and the rule's step-aware safety answer follows
            say(dispatcher, messages.safety(await coop_config(), safety_topic(text, requested), doubts_who_asks(text)))
            return ask_again(tracker, requested)
        if (requested and not meter_answer and not correcting
                and not (intent in STEERING_INTENTS and confidence >= 0.6)
                and _asks_why_of_step(requested, text, parsed)):
            # "y xq necesitan mi zip?", "why another code?": what the step is for, then its question.
            say(dispatcher, messages.why_step(requested, await coop_config(), why_subject(text, requested)))
            return ask_again(tracker, requested)
        if (requested == "security_question" and intent != "ask_paperless" and asks_about_paperless(text)
                and not parsed.has_values and not read_choice(text, security_question_words())):
            # "... can we switch the ranch to paperless billing?" read as another intent: answered as the
            # rule answers ``ask_paperless`` (which it leaves to), then the menu; nothing chosen or counted.
            say(dispatcher, messages.paperless_answer(paperless_question(text), await coop_config(), in_form=True))
            return ask_again(tracker, requested)
        if requested == "terms_accepted" and not parsed.has_values and not correcting:
            # A question at the Terms that no reader above answered (``_answer_at_the_terms``, a why, "is
            # this safe?", "how many more?"): the Terms in short, or whom to ask.
            answer = _answer_left_at_the_terms(text, intent, confidence, await coop_config())
            if answer:
                say(dispatcher, answer)
                return ask_again(tracker, requested)
        if (requested and not meter_answer and not corrected_answer(text) and not correcting and not answers_the_offer
                and _is_side_question(intent, confidence, parsed, requested, text)):
            return []  # the form rejects this turn and a rule answers it

        turn = FormTurn(tracker, requested, correcting)
        config = await coop_config()
        try:
            await self._read(turn, parsed, text, required)
        except BackendUnavailable:
            turn.problems.append(messages.backend_down(config))
            turn.failed = None
        if requested not in _READ_WHOLE and not _flow_started_this_turn(tracker):
            # "5101000017 Sandoval. pero no tengo email, que hago?": the values are read and confirmed,
            # the question beside them answered, then the next question (a flow's start answered its own).
            turn.problems[:0] = answers_beside(latest_text(tracker), requested, config,
                                               email_held=bool(turn.get("email")),
                                               proof_given="zip" if parsed.zip_code else "last4" if parsed.last4 else None)
        elif facts_beside:
            turn.problems[:0] = facts_beside
        # The code texted this turn, or an address of a login this conversation made (no security question).
        required = _required(turn.extra("goal"), turn.extra("code_pending"), turn.get("email"), tracker,
                             gone=turn.updates.get("outcome") == LOGIN_GONE)

        events = self._finish(turn, parsed, dispatcher, config, required)
        if pending_switch and not asked_this_turn(tracker):
            events.append(SlotSet("pending_switch", None))  # answered with something else
        return events

    # ------------------------------------------------------------------
    async def _read(self, turn: FormTurn, parsed: Parsed, text: str, required: list[str]) -> None:
        said = latest_text(turn.tracker)
        if (turn.requested != "terms_accepted" and "terms_accepted" in required
                and accepts_the_terms(said) and (parsed.has_values or not only_yes_or_no(said))):
            # "... pet name Rusty, and yes I agree to the terms" in a first message, "... which was Ekström.
            # And yes, I accept the Terms" at the menu, "Duke. Yes, I accept the terms." at the answer step:
            # the Terms were never shown, so that yes accepts nothing; their question, whenever it comes,
            # says it was heard (``ActionAskTermsAccepted``). Only a yes to the Terms question itself counts.
            # (A yes sent alone is told the Terms come at the end, or that the answer comes first: then
            # asked as usual.)
            turn.updates[TERMS_SAID_ACCEPTED] = True
        if turn.requested == CODE_SLOT and not _account_says_so(text):
            # A 6-digit code also looks like an account number: read it as the code only (unless account
            # words introduce it: "sorry wrong account, account 400777" is a correction). A message with no
            # code that gives or corrects the address ("Mi correo cambió: nombre@hotmial..com", "wait wrong
            # email") is read whole, as at any other step: no wrong code counted, the code question open.
            rest = text if _address_instead_of_the_code(turn, text, parsed) else await read_code(turn, text)
            rest_parsed = _after_the_code(parse(rest, turn.requested)) if rest and not turn.end_flow else None
            if rest_parsed is None or not (rest_parsed.has_value_by_shape or rest_parsed.corrections
                                           or rest_parsed.email_problem):
                return
            # "Code is 003840. My email is ...", "110756 and I'll pick question 2": once the code is
            # verified, the rest of the message (the code cut out) is read as values given out of turn,
            # as at any other step; they are confirmed with the code and the next question follows.
            text, parsed = rest, rest_parsed
        code = outstanding_code(text) if code_outstanding(turn) else None
        if code is not None:
            # The texted code sent at another step is that code, never an account number.
            await read_code(turn, code[0])
            if turn.end_flow or not code[1]:
                return  # the code alone: the question asked stays open, unanswered and unfailed
            text = code[1]
            parsed = parse(text, turn.requested)
        if (turn.requested in _AFTER_THE_CODE and _the_code_again(text) and not _account_says_so(text)
                and turn.get(CODE_SLOT) == "verified"):
            # "594186", "the code is 594186" again after the code was confirmed: that code once more,
            # never an account number said back ("... on account 594186?") nor a security answer stored.
            turn.redact = True
            turn.notes.append(messages.code_already_confirmed())
            return
        if turn.requested == "security_answer" and DIGITS_ALONE.fullmatch(text) and not _account_says_so(text):
            # Digits alone at "What is your pet's name?" ("8675309") are the answer, never an account
            # number said back and checked with the name.
            turn.redact = True
            parsed = dataclasses.replace(parsed, account=None, bad_account=None, zip_code=None, last4=None,
                                         bad_secret=False)
        gives_the_answer = (turn.requested == "security_answer"
                            or (turn.requested == "security_question" and parsed.question)
                            or (turn.requested == "terms_accepted" and (turn.correcting or corrected_answer(text)
                                                                        or "security_answer" in parsed.corrections)))
        if gives_the_answer and (parsed.account or parsed.bad_account) and not says_account(text):
            # "it's 8675309", "es 8675309", "2 8675309" at the menu, "change my answer to 8675309" at the
            # Terms: digits beside the answer's words are part of the answer, never another account
            # number said back in clear ("... account 8675309"), checked with the name (a try spent) and
            # put in place of the account proven. Only account words name another account ("wrong
            # account, it's 20456789", "sorry, wrong number: 20456789").
            turn.redact = True
            parsed = dataclasses.replace(parsed, account=None, bad_account=None)
        elif ((parsed.account or parsed.bad_account) and not says_account(text)
              and value_before_turn(turn.tracker, "security_answer") == "stored"
              and await answer_held(turn.tracker, text)
              and not await answer_held(turn.tracker, re.sub(r"\d+", " ", text))):
            # The answer stored, sent again ("8675309" at the Terms after a turn the web app stopped
            # waiting for, or after signing up): the answer, never an account number said back in clear.
            # Only digits that are the answer's own: "20456789 Garza López" with the answer "López" is
            # another account and its name.
            turn.redact = True
            parsed = dataclasses.replace(parsed, account=None, bad_account=None)
        proofs = (await coop_config()).proofs
        if (turn.requested == "identity_proof" and "meter" not in proofs and SIX_DIGITS_ALONE.fullmatch(text)
                and not _account_says_so(text)):
            # "000000", "786201" at the ZIP / last-4 question, no code outstanding: a ZIP with a digit
            # too many as likely as another account number, so neither is taken and no try is spent;
            # the reply says what each has, and how to give another account number. Kept out of the
            # record as a secret (it may be a ZIP).
            turn.redact = True
            turn.notes.append(messages.six_digits_at_the_proof())
            return
        meter_number = self._read_meter(turn, parsed, text, proofs)
        if meter_number and turn.requested == "identity_proof":
            # The whole answer is the meter number: its digits are no account number, ZIP or last 4.
            parsed = dataclasses.replace(parsed, account=None, bad_account=None, zip_code=None, last4=None,
                                         bad_secret=False)
        elif meter_number:
            parsed = dataclasses.replace(parsed, zip_code=None, last4=None, bad_secret=False)
        if (turn.requested == "terms_accepted" and reopens_security_answer(text)
                and read_yes_no(text, *latest_intent(turn.tracker)) is not True):
            # "wait, I haven't given my security answer yet" at the Terms: the answer's step opens
            # again, as for "change my security answer".
            parsed.corrections.add("security_answer")
        if (turn.correcting and turn.get("security_answer") and not parsed.answer
                and not (parsed.corrections - {"security_answer"})):
            # "oops, I misspelled it, it's Wimberley": the answer is typed again, never a refusal.
            # (``correcting`` was read by ``run`` on the whole message; no texted code is outstanding
            # at the Terms, it is asked before them, so no code was cut out of it.)
            parsed.corrections.add("security_answer")
            value = new_answer_value(text)
            if value:
                parsed.answer = value  # "ok she says use San Marcos High": stored, the Terms asked again
            else:
                turn.notes.append(messages.answer_again())
        self._read_corrected_answer(turn, parsed, text)
        self._apply_corrections(turn, parsed)
        _accept(turn, await self.validate_account_number(turn, parsed))
        _accept(turn, await self.validate_member_name(turn, parsed))
        if (turn.requested == "member_name" and parsed.name and asks_why(text)
                and why_subject(text, turn.requested) in (None, "member_name")):
            # "Bauer. but seriously why both?", "Bauer, pero xq los dos": the name is read and the
            # question still answered (``asks_why``, the same check as any step's "why?"); a why that
            # names another step ("¿por qué necesitan mi seguro social?") is that step's, answered once.
            turn.notes.append(messages.why_name_and_account())
        if turn.end_flow:
            return
        if "email" in required:
            _accept(turn, self.validate_email(turn, parsed, text))
        _accept(turn, await self.validate_identity_proof(turn, parsed, meter_number, proofs))
        if turn.end_flow:
            return
        if "security_question" in required:
            # "sorry, it is first.name@gmail.com": the words of an address choose no question ("first").
            choosing = without_addresses(text)
            if turn.requested == "security_question" and asks_for_another_question(choosing):
                # "could I use a different question, such as the name of my first teacher?": only the
                # menu's questions exist; said in one sentence, the menu follows, nothing counted.
                turn.redact = turn.redact or may_hold_an_answer(text)
                parsed.question = parsed.answer = None
                turn.problems.append(messages.only_these_questions())
                return
            if turn.requested == "security_question" and question_at_the_menu(choosing):
                # "which one should I use for an LLC? the ranch doesn't have a mother": a question
                # chooses nothing; it is answered and the menu offered again, uncounted.
                turn.redact = turn.redact or bool(parsed.answer) or may_hold_an_answer(text)
                parsed.question = parsed.answer = None
                turn.problems.append(messages.which_question())
                return
            question = parsed.question
            if (turn.requested == "security_answer" and question and str(question) == turn.get("security_question")
                    and "security_question" in parsed.corrections and not parsed.answer):
                # "Better Days Academy" while the school question is asked: the answer, no change.
                question = None
                parsed.corrections.discard("security_question")
            if turn.requested == "security_question" and rules_out_an_option(choosing, security_question_words()):
                # "mascotas ya no tengo ..., mejor escojo la del apellido de soltera": an option named
                # only to be ruled out is no choice; the one chosen wins (None: the menu again).
                chosen = read_choice(choosing, security_question_words())
                if chosen != question:
                    parsed.question = question = chosen
                    parsed.answer = None
            if not question and turn.requested == "security_question":
                question = read_choice(choosing, security_question_words())  # "la de mi mascota", "the second one"
            if turn.requested == "security_question" and question and (marked := marked_answer(choosing)):
                parsed.answer = marked  # "I shall select the ... school I attended. The answer is Westlake."
            if not question and turn.requested == "security_answer" and not parsed.corrections:
                # "the school one", "hi school" while the pet's name is asked
                named = question_named_only(choosing) or misspelt_question(choosing)
                question = named if named and str(named) != turn.get("security_question") else None
            _accept(turn, self.validate_security_question(turn, parsed, question))
            if question or turn.requested != "security_question":
                _accept(turn, await self.validate_security_answer(turn, parsed, text, question))
            if turn.requested in ("security_question", "security_answer"):
                # Whatever was stored, "the same as last time, which was Ekström" may hold the answer.
                turn.redact = turn.redact or may_hold_an_answer(text)
        if turn.requested == "terms_accepted":
            _accept(turn, self.validate_terms_accepted(turn, parsed, text))
        if turn.requested == "confirm_unsubscribe":
            _accept(turn, self.validate_confirm_unsubscribe(turn, parsed, text))

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """rasa-sdk's per-slot dispatch, switched off: ``run`` calls every ``validate_<slot>``
        itself, once, so nothing here may call them a second time."""
        return []

    # --- secrets typed where the bot did not expect them (docs/security.md) -----
    async def _refuse_full_ssn(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               requested: str | None, required: list[str]) -> list[EventType]:
        """A whole SSN or tax ID, whatever was asked: nothing of it is read, repeated or kept
        (the message is marked for redaction), and the question is asked again."""
        turn = FormTurn(tracker, requested)
        turn.redact = True
        turn.problems.append(messages.full_ssn_refused())
        beside = parse("", requested)
        if not turn.get("account_number"):
            # "I want online access. account 1004420987, my SSN is 512-44-6677": the account number
            # beside the SSN, its digits apart, is kept (checked as if sent alone); nothing else is read.
            beside.account = parse(without_whole_ssn(latest_text(tracker)), requested).account
            if beside.account:
                _accept(turn, await self.validate_account_number(turn, beside))
        return self._finish(turn, beside, dispatcher, await coop_config(), required)

    @staticmethod
    def _read_corrected_answer(turn: FormTurn, parsed: Parsed, text: str) -> None:
        """A new security answer inside a correction ("change my answer to Rex") is read as
        the answer, and any message correcting or giving the answer stays out of the record."""
        answer = corrected_answer(text)
        if answer and not parsed.answer:
            parsed.answer = answer
            parsed.corrections.add("security_answer")
        if parsed.answer or "security_answer" in parsed.corrections:
            turn.redact = True
        if parsed.answer and not parsed.name:
            # "my pet's name is actually Rex" names the question, not the member's name.
            parsed.corrections.discard("member_name")

    def _apply_corrections(self, turn: FormTurn, parsed: Parsed) -> None:
        """ "wait wrong email" forgets the e-mail address so that it is asked again."""
        fixes = parsed.corrections
        if "email" in fixes and not parsed.email:
            turn.set("email", None)
        if "account_number" in fixes and not parsed.account:
            if turn.get("member_name"):
                turn.updates["pending_name"] = turn.get("member_name")
            for slot in ("account_number", "member_name", "identity_proof"):
                turn.set(slot, None)
        if "member_name" in fixes and not parsed.name and not parsed.account:
            turn.set("member_name", None)
        if "security_question" in fixes and not parsed.question:
            turn.set("security_question", None)
            turn.set("security_answer", None)
        if "security_answer" in fixes:
            turn.set("security_answer", None)
        if parsed.proof_method and turn.get("identity_proof") != "verified":
            turn.updates["proof_method"] = parsed.proof_method

    async def validate_account_number(self, turn: FormTurn, parsed: Parsed) -> dict[str, Any]:
        """A new account number forgets the name and the identity check made for the old one."""
        account = parsed.account
        if nine_digit_account(account):
            # It could be an SSN: never repeated, and kept only as the backend's keyed
            # reference (common.account_refs); the message is kept out of the record.
            turn.redact = True
            account = await client().account_reference(account)
        if account and account != turn.get("account_number"):
            old_name = turn.get("member_name") or turn.extra("pending_name")
            if old_name and not parsed.name:
                turn.updates["pending_name"] = old_name
            return {"account_number": account, "member_name": None, "identity_proof": None}
        if not parsed.account and turn.requested == "account_number":
            if parsed.bad_account or parsed.zip_code or parsed.last4:
                turn.redact = turn.redact or len(parsed.bad_account or "") in (4, 5) or parsed.has_secret
                turn.fail("account_number", messages.bad_account(parsed.bad_account, is_second_failure(turn, "account_number")))
            elif not parsed.has_values:
                turn.fail("account_number", messages.bad_account(None, is_second_failure(turn, "account_number")))
        return {}

    async def validate_member_name(self, turn: FormTurn, parsed: Parsed) -> dict[str, Any]:
        """The name is checked with the account number (POST /identity/account): kept only on a match."""
        name = parsed.name
        introduced = _introduced_name_confirmed(turn, parsed)
        if introduced:
            # "yes" to "You said you are Dorothy Johnson. Is account ... in that name?": that name, one try.
            name = introduced
        elif turn.requested == "member_name" and not is_a_name_try(parsed):
            # Clearly no name (a wait, a question, "la 1", the words around a corrected account
            # number or e-mail): no try is spent, the name is asked again (patiently).
            name = None
            if parsed.account and turn.get("account_number") != turn.before.get("account_number"):
                if not turn.extra("pending_name"):  # else the name tried before is checked with it below
                    turn.notes.append(messages.confirm_account_only(shown_account(turn.get("account_number"))))
            elif not parsed.has_values or not (parsed.account or parsed.email or parsed.corrections):
                if accepts_the_terms(parsed.text):
                    turn.notes.append(messages.terms_at_the_end())  # never kept early: said so
                if asks_for_time(parsed.text):
                    turn.notes.append(messages.name_wait())
                elif not (asks_if_safe(parsed.text) or asks_why(parsed.text)):
                    # A why or an "is it safe?" is answered, and the name question follows it: no
                    # "I still need the name" before them as well.
                    turn.notes.append(messages.not_a_name())
        elif turn.requested == "member_name" and not name and not parsed.account:
            candidate = clean_name(parsed.text)
            if parsed.has_values or not is_plausible_name(candidate) or acknowledgement_only(parsed.text):
                if not parsed.has_values:
                    turn.fail("member_name", messages.bad_name(is_second_failure(turn, "member_name"),
                                                                shown_account(turn.get("account_number"))))
            else:
                name = candidate
        if not name and not turn.get("member_name") and turn.get("account_number") != turn.before.get("account_number"):
            # A name given before its account number, or the name last tried with another number
            # ("ay perdón, es 3100000116" after a mistyped number): checked with the new number.
            name = turn.extra("pending_name")
        if not name:
            return {}
        account = turn.get("account_number")
        if not account:
            turn.updates["pending_name"] = name
            return {}
        if turn.get("member_name") and not parsed.name:
            return {}
        if turn.get("member_name") and parsed.name and parsed.name == turn.get("member_name"):
            return {}
        result = await client().check_account(turn.conversation_id, account, name, language=language_of(turn.tracker))
        turn.updates["pending_name"] = None
        if result.result == "match":
            values: dict[str, Any] = {}
            if turn.get("member_name") != name and turn.before.get("member_name"):
                values["identity_proof"] = None
            values["member_name"] = name
            # Said back as the member file spells it ("Garza Ranch LLC" for "garza ranch llc").
            turn.notes.append(messages.confirm_account(shown_account(account), result.name_on_file or name))
            return values
        if result.result == "locked" and result.unlock == "phone_code" and await unlock_code(turn, result):
            return {"member_name": name}
        if _links_through_the_lock(turn, result):
            # A reset or deletion goes on to the proof, as for an account not locked (docs/security.md).
            turn.notes.append(messages.confirm_account(shown_account(account), result.name_on_file or name))
            return {"member_name": name}
        if result.result == "locked":
            await lock(turn, result)
            return {}
        turn.fail("member_name", messages.no_match(shown_account(account), is_second_failure(turn, "member_name"),
                                                   result.attempts_left))
        turn.updates["pending_name"] = name  # tried again if a corrected account number comes alone
        return {"member_name": None, "identity_proof": None}

    def validate_email(self, turn: FormTurn, parsed: Parsed, text: str = "") -> dict[str, Any]:
        offer = email_typos.offered(turn.tracker) if turn.requested == "email" else None
        earlier = email_typos.offered_earlier(turn.tracker) if turn.requested == "email" and not offer else None
        if earlier and not parsed.email and not parsed.email_problem and yes_no(turn.tracker, text) is not None:
            # "si" after another answer came between "Did you mean ...?" and it: no address, and no longer
            # the offer's answer; the offer is asked again, so the next yes or no answers it.
            typed, suggested = earlier
            turn.ask_yes_no(messages.email_did_you_mean(suggested, typed) if typed
                            else messages.email_did_you_mean_joined(suggested))
            return {}
        if offer and not parsed.email:
            # The answer to "Did you mean ...?": yes takes the suggestion, no keeps the address typed.
            answer = yes_no(turn.tracker, text)
            if answer is not None and offer[0] is None and not answer:
                turn.notes.append(messages.email_not_joined())  # nothing was typed to keep: asked again
                return {}
            if answer is not None:
                chosen = offer[1] if answer else offer[0]
                turn.notes.append(messages.confirm_email(chosen))
                return {"email": chosen}
        if parsed.email_guessed and not parsed.email:
            # "ruth delacroix at gmail dot com": the words joined only by guess are asked about, so no
            # word is dropped and no stranger's address taken (``actions.spoken_email``).
            turn.ask_yes_no(messages.email_did_you_mean_joined(parsed.email_guessed))
            return {"email": None}
        if parsed.email:
            suggested = None if parsed.email_given_before else email_typos.suggestion(parsed.email)
            if (suggested and parsed.email != turn.before.get("email")
                    and not (offer and offer[0] == parsed.email)):
                # "jholtz@gmial.com": asked, never taken as it is (typed again after the offer, it is).
                turn.ask_yes_no(messages.email_did_you_mean(suggested, parsed.email))
                return {"email": None}
            if asks_about_someone_elses_email(parsed.text):
                turn.notes.append(messages.any_email_you_open())  # "can I use my granddaughter's? its ..."
            if parsed.email != turn.before.get("email"):
                turn.notes.append(messages.confirm_same_email(mask_email(parsed.email)) if parsed.email_given_before
                                  else messages.confirm_email(parsed.email))
            return {"email": parsed.email}
        problem = (messages.email_cannot_receive_mail() if parsed.email_reserved
                   else messages.bad_email(parsed.email_problem, is_second_failure(turn, "email")))
        if turn.requested == "email" and "email" not in parsed.corrections:
            if parsed.email_problem or not parsed.has_values:
                turn.fail("email", problem)
        elif parsed.email_problem:
            turn.problems.append(problem)
        return {}

    @staticmethod
    def _read_meter(turn: FormTurn, parsed: Parsed, text: str, proofs: tuple[str, ...]) -> str | None:
        """The meter number in this message, where the co-op accepts it (``actions.meter``).

        At the proof question a bare 5 or 4 digits stay a ZIP or last 4 where the co-op
        accepts those too; a meter number named as such is always one.
        """
        if meter.METER not in proofs:
            return None
        asked = turn.requested == "identity_proof"
        if asked and ((parsed.zip_code and "zip" in proofs) or (parsed.last4 and "ssn" in proofs)):
            asked = False
        return meter.read(text, asked)

    async def validate_identity_proof(self, turn: FormTurn, parsed: Parsed, meter_number: str | None = None,
                                      proofs: tuple[str, ...] = ("zip", "ssn")) -> dict[str, Any]:
        """A proof the co-op accepts (ZIP, SSN/TIN last 4, meter number), checked by
        POST /identity/verify; the slot holds "verified", never the value."""
        method = turn.extra("proof_method")
        zip_code, last4 = parsed.zip_code, parsed.last4
        if zip_code and last4:
            # Both in one message: use the one the member chose, else the ZIP.
            zip_code, last4 = (None, last4) if method == "last4" else (zip_code, None)
        if parsed.has_secret or meter_number:
            turn.redact = True
        refused = (zip_code and "zip" not in proofs) or (last4 and "ssn" not in proofs)
        if refused and not meter_number and turn.get("identity_proof") != "verified":
            # Never sent: the co-op checks other facts, and a guess here would tell nothing.
            turn.fail("identity_proof", messages.proof_not_accepted(proofs))
            return {}
        if meter_number:
            zip_code = last4 = None
        held = None
        if not (zip_code or last4 or meter_number):
            held = await _held_proof_checked(turn)
            if held is None:
                if turn.requested == "identity_proof" and not parsed.proof_method and (
                        parsed.bad_secret or (not parsed.has_values and "identity_proof" not in parsed.corrections
                                              and not parsed.gives_an_address and not parsed.number_of_no_value)):
                    # Digits of the wrong length, or a message with nothing else read in it: meant as the
                    # secret, so it is kept out of the record too. (An address with a problem, "perdón, es
                    # fischer@hotmial..com", is answered as one: no wrong ZIP counted; a phone number or a
                    # house number, "call me at 512 555 7811", "I live at 45123 Oak Road", is no try at
                    # all: the question again, nothing counted.)
                    turn.redact = True
                    turn.fail("identity_proof", messages.bad_secret(method, is_second_failure(turn, "identity_proof"),
                                                                    proofs))
                return {}
        if held is None and turn.get("identity_proof") in ("verified", THROUGH_THE_LOCK):
            return {}
        if held is None and not turn.get("member_name"):
            if turn.failed == "member_name" and turn.get("account_number") and (zip_code or last4):
                # "account 5101000012, name Fairbanks, ..., SSN last 4 2233" with a mistyped number: the
                # proof is held (sealed, minutes) for the corrected number, never asked again then.
                await client().hold_proof(turn.conversation_id, zip_code=zip_code, tax_id_last4=last4,
                                          language=language_of(turn.tracker))
            elif not any("found account" in n for n in turn.notes) and not turn.problems:
                turn.notes.append(messages.secret_held_back())
            return {}
        if held is not None:
            kind, result = held.proof_method or "zip", held
        else:
            kind = "meter" if meter_number else ("zip" if zip_code else "last4")
            result = await client().verify_identity(turn.conversation_id, zip_code=zip_code, tax_id_last4=last4,
                                                    meter_number=meter_number, language=language_of(turn.tracker))
        if result.result == "verified":
            turn.updates["proof_method"] = kind
            turn.notes.append(messages.confirm_identity())
            if result.email_masked:
                turn.updates["email_masked"] = result.email_masked
            goal = turn.extra("goal") or "register"
            if (goal == "register" and result.possession != "code_required"
                    and login_gone(turn.tracker, turn.get("account_number"), result.registration_status)):
                # The login this conversation made for this account is gone (deleted on the account
                # page): every step is asked as for a new sign-up, the security question before the Terms.
                turn.updates["outcome"] = LOGIN_GONE
            if goal == "register" and result.registration_status in ("active", "pending"):
                await already_registered(turn)
            elif (goal == "change_email" and result.registration_status not in ("active", "pending")
                  and result.possession != "code_required"):
                # With the phone on file still to prove, the code comes first (as for a sign-up): the
                # backend answers "no login" only to a conversation that proved it.
                self._no_login(turn)
            elif goal in ("register", "change_email") and result.possession == "code_required":
                # A new address for a login is proven as for a registration: the phone on file too.
                await send_code(turn)
            return {"identity_proof": "verified"}
        if _links_through_the_lock(turn, result):
            # Compared by the backend, never told: no "that matches", no "does not match". The flow's
            # reply is the same for a right and a wrong proof (``messages.reset_through_the_lock``).
            turn.updates["proof_method"] = kind
            return {"identity_proof": THROUGH_THE_LOCK}
        if result.result == "locked":
            await lock(turn, result)
            return {}
        if result.result == "not_verified":
            turn.fail("member_name", messages.verify_first("ZIP code or last 4 digits"))
            return {"member_name": None, "identity_proof": None}
        turn.fail("identity_proof", messages.mismatch(kind, result.attempts_left, is_second_failure(turn, "identity_proof"),
                                                     proofs))
        return {"identity_proof": None}

    def validate_security_question(self, turn: FormTurn, parsed: Parsed, question: int | None) -> dict[str, Any]:
        """The chosen question (``question``: read by number, by its words or from the menu); a new
        choice forgets the answer given to the old one."""
        if question and str(question) != turn.get("security_question"):
            return {"security_question": str(question), "security_answer": None}
        if turn.requested == "security_question" and not question:
            if accepts_the_terms(parsed.text) and not parsed.has_values:
                # "yes, I accept the terms" at the menu: the Terms are accepted with their link in
                # front of the member, at the end; said so, the menu follows, nothing counted.
                turn.notes.append(messages.terms_at_the_end())
            elif "security_question" not in parsed.corrections and not parsed.has_values and not parsed.gives_an_address:
                # ("perdón, es fischer@hotmial..com" at the menu: the address's problem is the reply, no
                # "I didn't catch which one you chose" beside it.)
                turn.fail("security_question", messages.bad_question(is_second_failure(turn, "security_question")))
        return {}

    async def validate_security_answer(self, turn: FormTurn, parsed: Parsed, text: str,
                                       question: int | None) -> dict[str, Any]:
        """The answer, stored hashed by PUT /security-answer; the slot holds "stored", never the value.

        Text that is no answer is never stored, since a wrong answer shows only when the member
        forgets the password: a question about the answer, a "wait" or an "I don't know" gets
        its reply and the answer is asked again, uncounted; the question's own name ("the school
        one") and an answer given with the choice that is none of these are dropped."""
        answer = parsed.answer
        # "sorry, it's fischer@hotmial..com" while the answer is asked gives the address (or what was
        # meant as one): no word of it is the answer, nothing stored or counted.
        typed = (turn.requested == "security_answer" and not question and not parsed.corrections
                 and not parsed.gives_an_address)
        if typed:
            answer = text
        if not answer or not turn.get("security_question"):
            return {}
        if typed and (non_answer(text) or question_named_only(text) or misspelt_question(text)):
            turn.redact = True  # "I don't know, maybe Rex" may still hold the answer
            kind = non_answer(text)
            if kind == "question" and asks_why(text):
                # "¿y para qué sirve la pregunta de seguridad?": what the step is for, then its question.
                _answer_problem(turn, messages.step_help("security_answer", await coop_config()))
            elif kind:
                _answer_problem(turn, messages.not_an_answer(kind))
            return {}
        if typed and (before_the_yes := answer_before_a_yes(text)):
            # "Duke. Yes, I accept the terms.": the answer is stored; the yes accepts nothing, since
            # the Terms were never shown: they come next, and a yes counts once they were.
            answer = before_the_yes
        if only_yes_or_no(answer):
            # "Yes, I accept the terms", "sí" while the answer is asked (or after the choice): the
            # member answers what they expect next. Nothing stored or counted; the Terms wait.
            if turn.requested in ("security_question", "security_answer"):
                _answer_problem(turn, messages.answer_first())
            return {}
        if not typed and not is_an_answer(answer):
            return {}  # "2, I don't know yet": the question is taken, its answer asked
        number = int(turn.get("security_question"))
        answer = (marked_answer(answer)  # "la respuesta es Colegio Americano", "se yama firulais"
                  or answer_in_sentence(answer_itself(answer), number)  # "... su apellido de soltera era Villarreal, ..."
                  or without_answer_intro(answer_itself(answer), number))
        answer = ANSWER_TRAIL_RE.sub("", without_correction_words(
            ANSWER_FILLER_PT_RE.sub("", ANSWER_FILLER_ES_RE.sub("", ANSWER_FILLER_RE.sub("", answer).strip()).strip())
            .strip())) or answer
        turn.redact = True
        if ((too_long_for_an_answer(answer) or only_a_place_after_the_question(answer, number))
                and not failure_counts(turn).get("security_answer")):
            # A sentence with no answer to read out of it: never stored unasked (a later "Villarreal"
            # would not match it). The answer alone is asked for; sent again as it was, it is taken.
            _answer_problem(turn, messages.answer_only(number), failed=True)
            return {"security_answer": None}
        # The backend keeps the answer hashed in the conversation's draft even before
        # the identity check, so an answer given early is kept (never echoed).
        config = await coop_config()
        if len(re.sub(r"[\W_]", "", answer)) < config.min_answer_length:
            _answer_problem(turn, messages.answer_too_short(config), failed=True)
            return {"security_answer": None}
        # The earlier messages go along: those holding the answer are named back, to be redacted.
        stored = await client().store_security_answer(turn.conversation_id, number, answer,
                                                      language=language_of(turn.tracker),
                                                      earlier=earlier_messages(turn.tracker))
        turn.redact_earlier = list(stored.redact)
        result = stored.result
        if result == "stored":
            turn.notes.append(messages.confirm_answer(number))
            return {"security_answer": "stored"}
        if result == "not_verified":
            return {"identity_proof": None, "security_answer": None}
        _answer_problem(turn, messages.answer_too_short(config), failed=True)
        return {"security_answer": None}

    def validate_terms_accepted(self, turn: FormTurn, parsed: Parsed, text: str) -> dict[str, Any]:
        if _corrects_an_earlier_answer(turn, parsed):
            # An earlier step is corrected or reopened: its question, or the Terms again, comes next.
            return {"terms_accepted": None}
        answer = yes_no(turn.tracker, text)
        if answer is True or (answer is None and not language_requested(turn.tracker)
                              and yes_with_side_question(text)):
            # "yes I accept. and can I go paperless?": accepted; the question is answered after the
            # registration (``action_complete_flow``).
            return {"terms_accepted": True}
        if asks_about_terms(text):
            # "what do the terms say?": the Terms in short, then the question with its link.
            turn.problems.append(messages.terms_summary())
            return {"terms_accepted": None}
        if answer is not True and (asks_to_wait(text) or asks_for_time(text)) and not parsed.corrections:
            # "wait", "not yet", "ok, one sec": the member is not done, no yes and no refusal; nothing is
            # counted. "un momentito, déjeme leer esos términos": time to read them, their link again.
            turn.problems.append(messages.terms_take_your_time() if asks_time_to_read(text) else messages.terms_wait())
            return {"terms_accepted": None}
        if answer is False:
            # Not accepting yet ends nothing: the answers are kept, so a later
            # "ok fine, yes" still finishes the registration.
            turn.fail("terms_accepted", None if is_second_failure(turn, "terms_accepted") else messages.terms_declined())
            return {"terms_accepted": None}
        if not parsed.has_values:
            # Nothing understood: said first, so the Terms question that follows is no bare repeat.
            turn.fail("terms_accepted", messages.not_understood())
            return {"terms_accepted": None}
        return {}

    def validate_confirm_unsubscribe(self, turn: FormTurn, parsed: Parsed, text: str) -> dict[str, Any]:
        if _corrects_an_earlier_answer(turn, parsed):
            return {"confirm_unsubscribe": None}  # "no wait, wrong account: ...": asked again after it
        answer = yes_no(turn.tracker, text)
        if answer is not None:
            return {"confirm_unsubscribe": answer}
        if not parsed.has_values:
            turn.fail("confirm_unsubscribe", messages.not_understood() + " " + messages.bad_yes_no())
            return {"confirm_unsubscribe": None}
        return {}

    @staticmethod
    def _no_login(turn: FormTurn) -> None:
        """A new address asked for an account without an online login: say so, offer to sign up
        (YES starts a sign-up, ``action_side_answer`` reads it)."""
        turn.updates["outcome"] = "no_login"
        turn.updates["pending_switch"] = "register"
        turn.notes.append(messages.no_login_to_change())
        turn.end_flow = True

    def _finish(self, turn: FormTurn, parsed: Parsed, dispatcher: CollectingDispatcher, config,
                required: list[str]) -> list[EventType]:
        failures = failure_counts(turn)
        for slot, value in turn.values.items():
            if value is not None and slot in failures:
                failures.pop(slot)
        if turn.failed:
            failures[turn.failed] = failures.get(turn.failed, 0) + 1
            if turn.failed == "terms_accepted":
                explanation = messages.bad_terms(failures[turn.failed] >= EXPLAIN_AFTER, config)
                if explanation:
                    turn.problems.append(explanation)
            if failures[turn.failed] >= OFFER_PERSON_AFTER:
                turn.problems.append(messages.offer_person(config))

        for message in _pack(turn.notes):
            say(dispatcher, message)
        for problem in turn.problems:
            say(dispatcher, problem, messages.yes_no_buttons() if problem == turn.offer else None)

        # Every slot a mapping touched this turn gets its checked value back (raw
        # text that was not valid is replaced by the previous value or None).
        events: dict[str, Any] = {}
        for slot in slots_set_this_turn(turn.tracker):
            if slot in FORM_SLOTS:
                events[slot] = turn.values.get(slot)
        if turn.requested in FORM_SLOTS:
            events[turn.requested] = turn.values.get(turn.requested)
        events.update(turn.updates)
        events["failures"] = failures
        events["offtopic_count"] = 0
        if turn.redact:
            events["redact_message_id"] = latest_message_id(turn.tracker)
        if turn.end_flow:
            events["goal"] = None
            events["requested_slot"] = None
        else:
            merged = {**turn.tracker.slots, **events}
            events["requested_slot"] = next_slot(required, merged)
        # Earlier messages holding the security answer are marked first: the slot ends on this message's mark.
        return marks(turn.redact_earlier) + [SlotSet(slot, value) for slot, value in events.items()]


# --- A question at the Terms step: it accepts and refuses nothing; its answer, then the Terms question
# again (never "You said you accept"), nothing counted, whatever the model read. ``run`` reads it at two
# points: these answers before the readers every step has (how many left, is it free, safe, why), and
# what those leave after them.
def _answer_at_the_terms(text: str, correcting: bool, config) -> str | None:
    """The answer to a question asked at the Terms where one exists, read before any other reader:
    what happens without accepting ("what happens if I say no? can I still pay online?": no online
    access, nothing else changes); unless an earlier answer is being corrected, paper bills ("¿Si
    acepto, me quitan el recibo de papel?": accepting stops none, they keep coming unless the member
    turns paperless on), a fee ("ok I read them, does it say anything about charging me a fee ...?":
    online access is free), who may accept ("may I accept the Terms as an employee rather than the
    owner?": the Terms' "Who may register"), how (reply YES), what the Terms say or a link that will
    not open ("whats in the terms? link wont load": the Terms in short); else None. A clear acceptance
    with a question after it ("Yes, I accept. Is there a fee?") is no question here: it accepts, and
    the question is answered after the registration (``flow_actions._answer_question_after_yes``)."""
    if asks_what_if_declined(text):
        return messages.terms_without_accepting(config)
    if correcting:
        return None
    topic = terms_question_topic(text) if asks_at_the_terms(text) else None
    if topic == "paper":
        return messages.terms_paper()
    if topic == "fee":
        return messages.terms_fee()
    if topic == "who":
        return messages.terms_who_accepts(config)
    if topic == "how":
        return messages.terms_how_to_accept()
    if read_yes_no(text) is not True and (asks_about_terms(text) or terms_link_fails(text)):
        return messages.terms_summary()
    return None


def _answer_left_at_the_terms(text: str, intent: str | None, confidence: float, config) -> str | None:
    """The answer to a question at the Terms that no earlier reader answered (``_answer_at_the_terms``,
    a why, "is this safe?", "how many more?"): one about the Terms ("Una consulta antes de aceptar: ¿los
    términos permiten que dos empleados usen la misma cuenta?") gets them in short; another, read as
    off-topic or as an answer, whom to ask (never "I didn't understand", nor "I can only help with
    online access"); else None. Left to its rule when the model reads a change of course it is sure
    of, or a question a rule answers in context (paperless, benefits, safety, help); a wait, a stop or
    a deletion is read as the step reads it."""
    if not asks_at_the_terms(text) or (intent in STEERING_INTENTS and confidence >= 0.6):
        return None
    if asks_to_wait(text) or asks_for_time(text) or asks_to_stop(text) or asks_to_delete(text):
        return None
    if reopens_security_answer(text):
        return None
    if names_the_terms(text):
        return messages.terms_summary()
    if intent == "out_of_scope" or intent not in SIDE_INTENTS:
        return messages.terms_question_elsewhere(config)
    return None


def _flow_started_this_turn(tracker: Tracker) -> bool:
    """Did the message start (or take up) the flow? Then its start answered the questions beside
    the request (``flow_actions._answer_questions_first``), which are not answered twice."""
    return any(event.get("event") == "action" and event.get("name") in ("action_start_flow", "action_side_answer")
               for event in events_since_latest_user(tracker))


def _answer_problem(turn: FormTurn, problem: str, failed: bool = False) -> None:
    """What is wrong with the security answer, said before its question is asked again (``failed``:
    counted as a failed answer). Not while the texted code is asked (sent this turn or awaited): the
    code is the turn's one question, so nothing else is asked or counted; the answer's question comes
    once the code is in ("Please send only the answer ... What is your pet's name?" beside "Please send
    the code" asked two things at once)."""
    if code_outstanding(turn):
        return
    if failed:
        turn.fail("security_answer", problem)
    else:
        turn.problems.append(problem)


def _required(goal: str | None, code_pending: Any, email: str | None, tracker: Tracker, gone: bool = False) -> list[str]:
    """The flow's steps: the code when one is texted; no security question for an address whose
    login this conversation already signed up (``same_address.without_the_login_s_question``), unless
    the backend said this turn that login is gone (``gone``)."""
    steps = with_code(list(GOAL_SLOTS.get(goal or "register", GOAL_SLOTS["register"])), code_pending)
    return (without_the_login_s_question(steps, email, tracker, gone)
            if (goal or "register") == "register" else steps)


def _links_through_the_lock(turn: FormTurn, result) -> bool:
    """Is this check's answer the account lock, in a flow whose only mail is a link to the address on
    file (a reset, "confirm deleting")? Such a link passes through the lock (the backend's
    ``links_through_the_lock``): the flow goes on. A sign-up, a new address and a conversation's own
    lock still stop at the lock's reply."""
    return (result.result == "locked" and getattr(result, "lock_scope", None) == "account"
            and turn.extra("goal") in LINK_GOALS)


def _accept(turn: FormTurn, values: dict[str, Any]) -> None:
    """What one ``validate_<slot>`` decided, applied in its order for the methods after it."""
    for slot, value in values.items():
        turn.set(slot, value)


def _corrects_an_earlier_answer(turn: FormTurn, parsed: Parsed) -> bool:
    """Does the message at a yes/no step correct (or try to correct) an earlier answer? "oh no,
    that's wrong - my email is gmail not gmial! greta@gmail.com" answers nothing else: its "no" and
    "wrong" are about the old answer, never a refusal, and a "yes" in it accepts nothing. The
    pending yes/no question is asked again after the correction. A value equal to the one held
    ("yes, my email is g@example.com") corrects nothing, so the values given count by what the
    turn changed, not by what the message holds; digits meant as an account number of the wrong
    length count too."""
    if parsed.flags_a_mistake or parsed.bad_account:
        return True
    return any(turn.get(slot) != turn.before.get(slot) for slot in FORM_SLOTS
               if slot not in YES_NO_SLOTS and slot != CODE_SLOT)


def _pack(notes: list[str]) -> list[str]:
    """Join short confirmations into as few replies as fit in two SMS segments each (as texted).
    A reply thanks once: a confirmation joining one that thanked is said without its thanks
    (``messages.Thanked``: "Thanks, I found account ... Got it, ... That matches our records.")."""
    messages: list[str] = []
    thanked = False
    for note in notes:
        said = getattr(note, "unthanked", note) if thanked else note
        if messages and texted_septets(messages[-1] + " " + said) <= MAX_SEPTETS:
            messages[-1] += " " + said
            thanked = thanked or hasattr(note, "unthanked")
        else:
            messages.append(note)
            thanked = hasattr(note, "unthanked")
    return messages


def _steps_away_or_back(tracker: Tracker, requested: str | None, text: str) -> str | None:
    """Leaving ("away") or coming back ("back") instead of answering, where the form itself must
    see it: at the steps whose answer is any words (``_READ_WHOLE``) both; at the others, leaving
    words without a question that the model read as something else than ``never_mind`` ("I'm at work, gonna grab my bill at
    lunch and finish then" read as ``no_bill``; its rule pauses the same way), so the pause is the
    same whatever the model read. Not at the code step when the member only needs a moment (its
    own patient reply), nor in a message that also asked for another language."""
    if not requested or language_requested(tracker):
        return None
    if requested in _READ_WHOLE:
        return steps_away_or_back(text)
    if is_here_again(text):
        # "ok im back", "ya estoy aquí, perdón" whatever the model read ("goodbye", "never mind"):
        # welcome back and the pending question.
        return "back"
    if (requested not in _OWN_PATIENT_REPLY and steps_away_for_a_moment(text)) or goes_away_for_a_moment(text):
        # "brb", "un momento", "hang on let me go find my bill" (read as "no bill"): the pause; "ahorita
        # vengo", "give me 5 min" say the member leaves and comes back, so even at the name or the code.
        return "away"
    if (not leaves_without_asking(text) or latest_intent(tracker)[0] == "never_mind"
            or (requested == CODE_SLOT and asks_for_time(text))):
        return None
    return "away"


def _left(required: list[str], tracker: Tracker) -> list[str]:
    """The flow's steps still unanswered, the pending one included."""
    return [slot for slot in required if tracker.get_slot(slot) in (None, "")]


def _short_answer(text: str) -> bool:
    return 0 < len(text.split()) <= 4


def _answer_after_coming_back(tracker: Tracker, requested: str | None, text: str) -> str | None:
    """The part of a message of coming back that answers the pending question ("no, ya regresé. la 1",
    "back! option 2", "I'm back. Garza"), or None. At a yes/no question only a yes or no in so many
    words after those words, and only when that question was put ("ya regresé, sí acepto"; "yes I'm
    back" has nothing after them and accepts nothing). At the security answer, whose any words could
    be read as one, only words that say they are the answer ("ok I'm back, the answer is Rex", "ya
    regresé, es Bowie"; ``answers_after_coming_back``): else the welcome back asks for it again."""
    if not requested or parse(text, requested).has_value_by_shape:
        return None
    rest = after_coming_back(text)
    if rest is None:
        return None
    if requested == "security_answer":
        return rest if answers_after_coming_back(rest) else None
    if requested in YES_NO_SLOTS:
        answered = read_explicit_yes_no(rest) is not None and tracker.get_slot(LAST_ASKED) == requested
        return rest if answered else None
    return rest if parse(rest, requested).gives_a_value else None


def _only_comes_back(tracker: Tracker, requested: str | None, text: str) -> bool:
    """Does the message that took a paused flow up again hold nothing for the pending question?
    "I'm back", "ya regresé, ¿seguimos?", "REGISTRARME" (read as the flow's resume words, by the
    model's intent too, as ``actions.pause`` read them); at a yes/no question (the Terms, a
    deletion) anything but a yes or no in so many words ("quiero terminar mi registro"). Values
    by their shape are read as usual ("REGISTRARME, mi correo es ...")."""
    if parse(text, requested).has_value_by_shape:
        return False
    if requested in YES_NO_SLOTS:
        # "yes I'm back", "ok, continúe": the yes greets the return, it accepts nothing.
        return read_explicit_yes_no(text) is None or only_resumes(text, latest_intent(tracker)[0])
    return comes_back(text, latest_intent(tracker)[0])


def _sign_up_the_model_was_unsure_of(tracker: Tracker) -> bool:
    """The side answer started this flow from the message itself (``actions.sign_up_start``: sign-up
    words the model was unsure of, or an account number whatever the model read): the form reads
    every value of the message. Never a flow taken up after a pause (``started_by_this_message``)."""
    return started_by_this_message(tracker)


def _asks_if_proof_ok(tracker: Tracker, text: str, parsed: Parsed, required: list[str]) -> bool:
    """Does a message without a new answer ask whether the proof accepted was fine? About the proof
    when it names it, or when no step after the proof has been answered yet (it was the latest answer)."""
    if value_before_turn(tracker, "identity_proof") != "verified" or "identity_proof" not in required:
        return False
    if any((parsed.account, parsed.email, parsed.zip_code, parsed.last4, parsed.question, parsed.answer)):
        return False
    if asks_which_question(text):
        return False  # "¿cuál sirve para un negocio?": about the security questions
    after = required[required.index("identity_proof") + 1:]
    just_given = not any(value_before_turn(tracker, slot) for slot in after if slot != CODE_SLOT)
    return asks_if_proof_ok(text, just_given)


def _introduced_name_confirmed(turn: FormTurn, parsed: Parsed) -> str | None:
    """At the name step, first asked with the name the member introduced themselves with
    (``introduced``), a plain yes and no name: that name, else None."""
    if turn.requested != "member_name" or parsed.name or parsed.account or (turn.extra("failures") or {}).get("member_name"):
        return None
    if read_yes_no(parsed.text) is not True:
        return None
    return name_introduced_before_the_flow(turn.tracker)


def _only_asks_about_the_sign_up(text: str, parsed: Parsed, requested: str) -> bool:
    """Does the message ask how the sign-up works (``actions.sign_up_facts``) and answer nothing? Where
    any words may be the answer (the name, the security answer, a yes/no) only a message holding nothing
    but the question asks; a value given with it is read, the question answered beside it
    (``actions.questions_beside``)."""
    if parsed.has_value_by_shape or not sign_up_facts.answer(text, CoopConfig()):
        return False
    return requested not in _READ_WHOLE + ("member_name",) or sign_up_facts.asked_alone(text)


def _only_asks_if_free(text: str, parsed: Parsed, requested: str) -> bool:
    """Does the message ask whether online access costs anything, and answer nothing? Where any words
    may be the answer (the security answer) only a message marked as a question asks."""
    if not asks_if_free(text) or parsed.gives_a_value:
        return False
    if requested in YES_NO_SLOTS and yes_with_side_question(text):
        return False  # "Yes, I accept. Is there a fee?": the yes counts, the question is answered after it
    return requested not in _READ_WHOLE or "?" in text or "¿" in text


def _only_asks_if_safe(text: str, parsed: Parsed, requested: str) -> bool:
    """Does the message ask whether sending something is safe, and answer nothing? Naming the SSN
    in the question ("is it safe to text my social?") is no choice of the SSN as the proof. At a
    yes/no question a clear yes or no with it is that answer ("yes I accept. is this a scam?")."""
    if not asks_if_safe(text) or parsed.gives_a_value:
        return False
    return requested not in YES_NO_SLOTS or (read_yes_no(text) is None and not yes_with_side_question(text))


def _the_model_reads_safety(intent: str | None, confidence: float, parsed: Parsed, requested: str,
                            text: str) -> bool:
    """A safety question in other words ("who sees my SSN?", "¿quién ve mi seguro social?"), as the model
    read it, with no value in it: its SSN words are no choice of the proof, so its rule answers it.
    Not where any words may be the answer (the security answer, a yes/no question), nor a why ("why do
    you need a security question?": the step's reason)."""
    return (intent == "ask_safety" and confidence >= 0.6 and requested not in _READ_WHOLE
            and not parsed.gives_a_value and not parsed.email_problem and not asks_why(text))


def _asks_why_of_step(requested: str, text: str, parsed: Parsed) -> bool:
    """Does a message without an answer ask why the pending question is asked, whatever the model
    read? Naming the step's subject is no answer ("para que quieren el codigo postal?", "why another
    code? I already gave you my zip"). Not at the security answer (any words may be that answer), not
    a safety question (its own answer), not a clear yes / no, not "why didn't the code come" (a new
    code is sent). A change of course the model is sure of ("why can't I talk to a person") is its own."""
    answered = parsed.gives_a_value or parsed.email_problem  # a mistyped address is an answer tried
    if requested == "security_answer" or answered or asks_if_safe(text) or not asks_why(text):
        return False
    if requested == "terms_accepted" and yes_with_side_question(text):
        return False  # "yes I accept. why do you need my e-mail?": the yes counts, the question follows
    if requested in YES_NO_SLOTS and read_yes_no(text) is not None:
        return False  # "sure, why not": the answer to the yes/no question
    return not (requested == CODE_SLOT and NOT_RECEIVED_RE.search(plain(text)))


def _is_side_question(intent: str | None, confidence: float, parsed: Parsed, requested: str | None,
                      text: str) -> bool:
    """Should a rule answer this message instead of the form reading it as an answer?"""
    if intent not in SIDE_INTENTS:
        return False
    if parsed.email_problem:
        # "x@member.test" read as out_of_scope: the form says what is wrong with the address. Left to
        # a rule, Rasa's ``email`` entity mapping (which no intent stops) would keep it unchecked.
        return False
    if requested == "terms_accepted" and intent not in STEERING_INTENTS and yes_with_side_question(text):
        return False  # a clear yes with a question after it: accepted, then the question answered
    if (requested in YES_NO_SLOTS and read_yes_no(text, intent, confidence) is not None
            and not asks_to_delete(text) and not asks_to_stop(text)):
        return False  # "de acuerdo", "está bien": a clear answer to the yes/no question asked
    if requested == "confirm_unsubscribe" and read_yes_no(text, intent, confidence) is False and not asks_to_delete(text):
        # "no, never mind", "nah forget it" to "Delete ...?": the no, which keeps the login and this
        # conversation's proof (a "yes delete it" just after needs no second yes, nor the proof again).
        return False
    if requested == "security_question" and asks_which_question(text):
        return False  # "which one for a business?": the form says any works, then the menu again
    if (requested == "security_question" and not question_at_the_menu(text)
            and (parsed.question or read_choice(text, security_question_words()))
            and not asks_to_delete(text) and not asks_to_stop(text)):
        return False  # "the one about my mother", "la de mi mascota": the option, whatever the model read
    if requested == CODE_SLOT and code_trouble(text, intent):
        # "I didn't get it" while the texted code is asked means the code, not the activation mail,
        # and "I don't have that phone anymore" is no request for a person: whatever the model read
        # (``email_not_received``, ``human``, ``help``), the code step answers it, one way.
        return False
    if (requested == CODE_SLOT and asks_for_time(text) and not asks_to_stop(text)
            and not (intent in STEERING_INTENTS and confidence >= 0.6)):
        return False  # "one sec, let me ask the owner": the code step answers patiently
    if requested == "terms_accepted" and asks_time_to_read(text) and not asks_to_stop(text) and not asks_to_delete(text):
        return False  # "let me read them first" read as "never mind": the Terms step answers patiently
    if requested == "security_answer" and (asks_about_the_answer(text) or asks_what_the_security_step_is_for(text)):
        # "does it have to be my mom's?": the form says what counts and asks again; "why do you need a
        # security question?": what the answer is for (``validate_security_answer``), then the question.
        return False
    if requested == "security_answer" and len(text.split()) <= 6 and not ANSWER_COMMAND_RE.search(text):
        # While the answer is asked, a short text is the answer whatever the model thinks
        # ("Bill" read as no_bill is still the answer, and still kept out of the record).
        return False
    if requested in FREE_TEXT_SLOTS and _short_answer(text) and not COMMAND_RE.search(text):
        # "Lady", "Spot", "Garza": a short answer to a free-text question is an answer,
        # whatever the model guessed; commands ("help", "agent", "start over") are not.
        return requested == "member_name" and not (parsed.name or is_plausible_name(clean_name(text)))
    if intent in STEERING_INTENTS and confidence >= 0.6:
        return not parsed.gives_account_data
    if parsed.has_values or (requested in YES_NO_SLOTS and read_yes_no(text) is not None):
        return False
    if requested in FREE_TEXT_SLOTS and confidence < 0.85 and "?" not in text:
        return requested == "member_name" and not is_plausible_name(clean_name(text))
    return True


def _adds_to_the_matched_account(tracker: Tracker, text: str, parsed: Parsed) -> bool:
    """Another account number with words of adding once the account held matched its name, proven
    or not yet (the ZIP / last 4 or the code still asked): an addition for after this sign-up, never
    a switch of the draft (its match, proof and code would be lost). Words of correcting ("sorry,
    the account is ...") still replace it (``adds_another_account``). Only while that sign-up is under
    way: once it is registered, the new sign-up ``action_start_flow`` began on this message holds no
    account yet ("ahora la otra cuenta, 8100000133 Espinoza" after "Su registro está listo" is the
    second account's sign-up, its name read with it). While a texted code waits, a code-shaped number
    without account words in either language is that code ("598495 is the code. can I also go
    paperless?"): its "also" adds no account ("y también la cuenta 400777" still does)."""
    held = held_before_turn(tracker, "account_number")
    code = outstanding_code(text)
    if (code is not None and parsed.account and re.sub(r"\D", "", parsed.account) == code[0] and not says_account(text)
            and tracker.get_slot("code_pending") and value_before_turn(tracker, CODE_SLOT) != "verified"):
        return False
    return bool(held and parsed.account and parsed.account != held
                and held_before_turn(tracker, "member_name") and adds_another_account(text))


def _last_two(account: str) -> str:
    """The last two digits an account number is named by (a kept reference's shown digits too)."""
    return re.findall(r"\d+", shown_account(account) or "")[-1][-2:]


# Steps whose answer is never a bare 6-digit number (the proof may be a meter number, the
# security answer any words): there such a number is a code typed at the wrong time.
_NO_BARE_NUMBER_STEPS = ("email", "security_question", "terms_accepted")


def _stray_number(tracker: Tracker, requested: str | None, text: str) -> bool:
    """A bare 6-digit number where no account number is asked, with an account matched: it never
    replaces that account (a correction says so in words: "sorry, the account is ..."). While a
    texted code waits, six digits are that code (``_read``)."""
    if tracker.get_slot("code_pending") and value_before_turn(tracker, CODE_SLOT) != "verified":
        return False
    return bool(requested in _NO_BARE_NUMBER_STEPS and re.fullmatch(r"\s*\d{6}\s*", text or "")
                and held_before_turn(tracker, "account_number") and held_before_turn(tracker, "member_name"))
