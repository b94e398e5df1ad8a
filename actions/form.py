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
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import messages
from actions.backend_client import BackendUnavailable, client, coop_config
from actions.tracker_reading import (
    CODE_SLOT,
    FLOW_STATE_SLOTS,
    FORM_SLOTS,
    GOAL_SLOTS,
    events_since_latest_user,
    latest_intent,
    latest_message_id,
    latest_text,
    message_already_handled,
    say,
    slots_set_this_turn,
    value_before_turn,
)
from actions.gsm import MAX_SEPTETS, septets, to_gsm7
from actions.answers import (
    SECURITY_QUESTION_WORDS,
    asks_to_delete,
    asks_to_go_on,
    asks_to_register,
    asks_to_stop,
    is_resume,
    plain,
    read_choice,
    read_yes_no,
)
from actions.extract import (
    Parsed,
    clean_name,
    corrected_answer,
    full_ssn,
    is_plausible_name,
    nine_digit_account,
    outstanding_code,
    parse,
    shown_account,
    without_correction_words,
)
from actions.language import language_of
from actions.change_of_course import asked_this_turn

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
FREE_TEXT_SLOTS = {"member_name", "security_answer"}
YES_NO_SLOTS = {"terms_accepted", "confirm_unsubscribe"}
EXPLAIN_AFTER = 2
OFFER_PERSON_AFTER = 3
MIN_ANSWER_LENGTH = 2

_ANSWER_FILLER_RE = re.compile(
    r"^(?:(?:ok(?:ay)?|sure|yes|um+|uh+|well)[\s,.!:-]+)*"
    r"(?:(?:my\s+|the\s+)?answer\s*(?:is|:|=|-)?"
    r"|(?:(?:his|her|its|their|my\s+(?:dog|cat|pet|mom|mother|mum)'?s?|the\s+(?:dog|cat|pet)'?s?)\s+)?"
    r"(?:maiden\s+)?name\s+(?:is|was)"
    r"|(?:he|she|it)\s+(?:is|was)\s+(?:called|named)"
    r"|i\s+(?:went|go)\s+to|i\s+attended"
    r"|it'?s|it\s+is|it\s+was|its)\s+",
    re.I,
)


class FormTurn:
    """What this one run of the validation knows, changes and says."""

    def __init__(self, tracker: Tracker, requested: str | None):
        self.tracker = tracker
        self.requested = requested
        self.conversation_id = tracker.sender_id
        self.before = {slot: value_before_turn(tracker, slot) for slot in FORM_SLOTS}
        self.before.update(_set_by_actions_this_turn(tracker))
        self.values: dict[str, Any] = dict(self.before)
        self.updates: dict[str, Any] = {}
        self.notes: list[str] = []  # confirmations, said together in one reply
        self.problems: list[str] = []  # what was wrong, said after the confirmations
        self.failed: str | None = None  # the slot whose answer failed this turn
        self.end_flow = False
        self.redact = False

    def get(self, slot: str) -> Any:
        return self.values.get(slot)

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


class ValidateRegistrationForm(FormValidationAction):
    """Fills and checks the registration form (also used to verify for reset / unsubscribe)."""

    def name(self) -> str:
        return "validate_registration_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return _with_code(list(GOAL_SLOTS.get(tracker.get_slot("goal") or "register", GOAL_SLOTS["register"])),
                          tracker.get_slot("code_pending"))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        if not tracker.get_slot("goal"):
            return [SlotSet("requested_slot", None)]  # no flow to run: the form stops at once
        required = await self.required_slots([], dispatcher, tracker, domain)
        pending_switch = tracker.get_slot("pending_switch")
        if pending_switch and not asked_this_turn(tracker):
            answered = await self._answer_switch(pending_switch, dispatcher, tracker, requested, required)
            if answered is not None:
                return answered
        if message_already_handled(tracker):
            # Resuming after a side answer: ask the next question, read nothing.
            return [SlotSet("requested_slot", _next_slot(required, tracker.slots))]

        text = latest_text(tracker)
        if full_ssn(text):
            return await self._refuse_full_ssn(dispatcher, tracker, requested, required)
        parsed = parse(text, requested)
        intent, confidence = latest_intent(tracker)
        if asked_this_turn(tracker) and not parsed.has_values:
            # "It sounds like you want to ...?" was just asked: nothing else to read.
            return [SlotSet("requested_slot", requested)]
        if requested and not parsed.has_values:
            again = _pending_question_again(text, requested, intent, confidence, tracker.get_slot("goal"))
            if again is not None:
                if again:
                    say(dispatcher, messages.switch_declined(True))
                return _ask_again(tracker, requested)
        if requested and not corrected_answer(text) and _is_side_question(intent, confidence, parsed, requested, text):
            return []  # the form rejects this turn and a rule answers it

        turn = FormTurn(tracker, requested)
        config = await coop_config()
        try:
            await self._read(turn, parsed, text, required)
        except BackendUnavailable:
            turn.problems.append(messages.backend_down(config))
            turn.failed = None
        if "code_pending" in turn.updates:
            required = _with_code([slot for slot in required if slot != CODE_SLOT], turn.updates["code_pending"])

        events = self._finish(turn, parsed, dispatcher, config, required)
        if pending_switch and not asked_this_turn(tracker):
            events.append(SlotSet("pending_switch", None))  # answered with something else
        return events

    async def _answer_switch(self, pending: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                             requested: str | None, required: list[str]) -> list[EventType] | None:
        """YES / NO to "It sounds like you want to ...": make the change, or go back to the
        pending question keeping every answer. None: the reply was neither (read it as usual)."""
        text = latest_text(tracker)
        answer = read_yes_no(text, *latest_intent(tracker))
        if answer is None:
            return None
        no = answer is False
        # What the slot mappings took from the YES / NO is no answer to the form.
        restored = {slot: value_before_turn(tracker, slot) for slot in slots_set_this_turn(tracker)
                    if slot in FORM_SLOTS}
        events = [SlotSet(slot, value) for slot, value in restored.items()]
        events.append(SlotSet("pending_switch", None))
        if no:
            say(dispatcher, messages.switch_declined(True))
            return events + [SlotSet("requested_slot", requested)]
        if pending in ("unsubscribe", "reset"):
            say(dispatcher, messages.switch_started(pending))
            slots = {**tracker.slots, **restored}
            return events + [SlotSet("goal", pending),
                             SlotSet("requested_slot", _next_slot(list(GOAL_SLOTS[pending]), slots))]
        try:
            await client().reset_conversation(tracker.sender_id)
        except BackendUnavailable:
            log.warning("could not reset the backend draft of a conversation")
        cleared = [SlotSet(slot, None) for slot in FLOW_STATE_SLOTS]
        if pending == "start_over":
            say(dispatcher, messages.start_over())
            return events + cleared + [SlotSet("goal", "register"), SlotSet("failures", {}),
                                       SlotSet("outcome", None), SlotSet("requested_slot", required[0])]
        say(dispatcher, messages.never_mind())
        return events + cleared + [SlotSet("goal", None), SlotSet("requested_slot", None)]

    # ------------------------------------------------------------------
    async def _read(self, turn: FormTurn, parsed: Parsed, text: str, required: list[str]) -> None:
        if turn.requested == CODE_SLOT:
            # A 6-digit code also looks like an account number: read it as the code only.
            await self._read_code(turn, text)
            return
        code = outstanding_code(text) if self._code_outstanding(turn) else None
        if code is not None:
            # The texted code sent at another step is that code, never an account number.
            await self._read_code(turn, code[0])
            if turn.end_flow or not code[1]:
                return  # the code alone: the question asked stays open, unanswered and unfailed
            text = code[1]
            parsed = parse(text, turn.requested)
        self._read_corrected_answer(turn, parsed, text)
        self._apply_corrections(turn, parsed)
        await self._read_account_and_name(turn, parsed)
        if turn.end_flow:
            return
        if "email" in required:
            self._read_email(turn, parsed)
        await self._read_identity(turn, parsed)
        if turn.end_flow:
            return
        if "security_question" in required:
            await self._read_security(turn, parsed, text)
        if turn.requested == "terms_accepted":
            self._read_yes_no(turn, parsed, text, "terms_accepted")
        if turn.requested == "confirm_unsubscribe":
            self._read_yes_no(turn, parsed, text, "confirm_unsubscribe")

    # --- secrets typed where the bot did not expect them (docs/security.md) -----
    async def _refuse_full_ssn(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               requested: str | None, required: list[str]) -> list[EventType]:
        """A whole SSN or tax ID, whatever was asked: nothing of it is read, repeated or kept
        (the message is marked for redaction), and the question is asked again."""
        turn = FormTurn(tracker, requested)
        turn.redact = True
        turn.problems.append(messages.full_ssn_refused())
        return self._finish(turn, parse("", requested), dispatcher, await coop_config(), required)

    @staticmethod
    def _code_outstanding(turn: FormTurn) -> bool:
        return bool(turn.extra("code_pending")) and turn.get(CODE_SLOT) != "verified"

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

    async def _read_account_and_name(self, turn: FormTurn, parsed: Parsed) -> None:
        if nine_digit_account(parsed.account):
            turn.redact = True  # it could be an SSN: checked, never repeated nor kept in the record
        if parsed.account and parsed.account != turn.get("account_number"):
            old_name = turn.get("member_name") or turn.extra("pending_name")
            turn.set("account_number", parsed.account)
            turn.set("member_name", None)
            turn.set("identity_proof", None)
            if old_name and not parsed.name:
                turn.updates["pending_name"] = old_name
        elif not parsed.account and turn.requested == "account_number":
            if parsed.bad_account or parsed.zip_code or parsed.last4:
                turn.redact = turn.redact or len(parsed.bad_account or "") in (4, 5) or parsed.has_secret
                turn.fail("account_number", messages.bad_account(parsed.bad_account, self._second(turn, "account_number")))
            elif not parsed.has_values:
                turn.fail("account_number", messages.bad_account(None, self._second(turn, "account_number")))

        name = parsed.name
        if turn.requested == "member_name" and not name and not parsed.account:
            candidate = clean_name(parsed.text)
            if parsed.has_values or not is_plausible_name(candidate):
                if not parsed.has_values:
                    turn.fail("member_name", messages.bad_name(self._second(turn, "member_name")))
            else:
                name = candidate
        name = name or (turn.extra("pending_name") if not turn.get("member_name") else None)
        if not name:
            return
        account = turn.get("account_number")
        if not account:
            turn.updates["pending_name"] = name
            return
        if turn.get("member_name") and not parsed.name:
            return
        if turn.get("member_name") and parsed.name and parsed.name == turn.get("member_name"):
            return
        result = await client().check_account(turn.conversation_id, account, name, language=language_of(turn.tracker))
        turn.updates["pending_name"] = None
        if result.result == "match":
            if turn.get("member_name") != name:
                turn.set("identity_proof", None) if turn.before.get("member_name") else None
            turn.set("member_name", name)
            turn.notes.append(messages.confirm_account(shown_account(account), name))
        elif result.result == "locked" and result.unlock == "phone_code" and await self._unlock_code(turn, result):
            turn.set("member_name", name)
        elif result.result == "locked":
            await self._lock(turn, result)
        else:
            turn.set("member_name", None)
            turn.set("identity_proof", None)
            turn.fail("member_name", messages.no_match(shown_account(account), self._second(turn, "member_name"),
                                                       result.attempts_left))

    def _read_email(self, turn: FormTurn, parsed: Parsed) -> None:
        if parsed.email:
            if parsed.email != turn.before.get("email"):
                turn.notes.append(messages.confirm_email(parsed.email))
            turn.set("email", parsed.email)
        elif turn.requested == "email" and "email" not in parsed.corrections:
            if parsed.email_problem or not parsed.has_values:
                turn.fail("email", messages.bad_email(parsed.email_problem, self._second(turn, "email")))
        elif parsed.email_problem:
            turn.problems.append(messages.bad_email(parsed.email_problem, False))

    async def _read_identity(self, turn: FormTurn, parsed: Parsed) -> None:
        method = turn.extra("proof_method")
        zip_code, last4 = parsed.zip_code, parsed.last4
        if zip_code and last4:
            # Both in one message: use the one the member chose, else the ZIP.
            zip_code, last4 = (None, last4) if method == "last4" else (zip_code, None)
        if parsed.has_secret:
            turn.redact = True
        if not (zip_code or last4):
            if turn.requested == "identity_proof" and not parsed.proof_method:
                if parsed.bad_secret:
                    turn.fail("identity_proof", messages.bad_secret(method, self._second(turn, "identity_proof")))
                elif not parsed.has_values and "identity_proof" not in parsed.corrections:
                    turn.redact = True  # it was meant as the secret: keep it out of the record
                    turn.fail("identity_proof", messages.bad_secret(method, self._second(turn, "identity_proof")))
            return
        if turn.get("identity_proof") == "verified":
            return
        if not turn.get("member_name"):
            if not any("found account" in n for n in turn.notes) and not turn.problems:
                turn.notes.append(messages.secret_held_back())
            return
        kind = "zip" if zip_code else "last4"
        result = await client().verify_identity(turn.conversation_id, zip_code=zip_code, tax_id_last4=last4,
                                                language=language_of(turn.tracker))
        if result.result == "verified":
            turn.set("identity_proof", "verified")
            turn.updates["proof_method"] = kind
            turn.notes.append(messages.confirm_identity())
            if result.email_masked:
                turn.updates["email_masked"] = result.email_masked
            goal = turn.extra("goal") or "register"
            if goal == "register" and result.registration_status in ("active", "pending"):
                await self._already_registered(turn)
            elif goal == "register" and result.possession == "code_required":
                await self._send_code(turn)
        elif result.result == "locked":
            await self._lock(turn, result)
        elif result.result == "not_verified":
            turn.set("member_name", None)
            turn.set("identity_proof", None)
            turn.fail("member_name", messages.verify_first("ZIP code or last 4 digits"))
        else:
            turn.set("identity_proof", None)
            turn.fail("identity_proof", messages.mismatch(kind, result.attempts_left, self._second(turn, "identity_proof")))

    async def _read_security(self, turn: FormTurn, parsed: Parsed, text: str) -> None:
        question, answer = parsed.question, parsed.answer
        if not question and turn.requested == "security_question":
            question = read_choice(text, SECURITY_QUESTION_WORDS)  # "la de mi mascota", "the second one"
        if question and str(question) != turn.get("security_question"):
            turn.set("security_question", str(question))
            turn.set("security_answer", None)
        elif turn.requested == "security_question" and not question:
            if "security_question" not in parsed.corrections and not parsed.has_values:
                turn.fail("security_question", messages.bad_question(self._second(turn, "security_question")))
            return
        if turn.requested == "security_answer" and not question and not parsed.corrections:
            answer = text
        if not answer or not turn.get("security_question"):
            return
        answer = without_correction_words(
            _ANSWER_FILLER_ES_RE.sub("", _ANSWER_FILLER_RE.sub("", answer.strip()).strip()).strip())
        turn.redact = True
        # The backend keeps the answer hashed in the conversation's draft even before
        # the identity check, so an answer given early is kept (never echoed).
        if len(re.sub(r"[\W_]", "", answer)) < MIN_ANSWER_LENGTH:
            turn.set("security_answer", None)
            turn.fail("security_answer", messages.answer_too_short())
            return
        result = await client().store_security_answer(turn.conversation_id, int(turn.get("security_question")), answer,
                                                      language=language_of(turn.tracker))
        if result == "stored":
            turn.set("security_answer", "stored")
            turn.notes.append(messages.confirm_answer())
        elif result == "not_verified":
            turn.set("identity_proof", None)
            turn.set("security_answer", None)
        else:
            turn.set("security_answer", None)
            turn.fail("security_answer", messages.answer_too_short())

    def _read_yes_no(self, turn: FormTurn, parsed: Parsed, text: str, slot: str) -> None:
        answer = read_yes_no(text, *latest_intent(turn.tracker))
        if answer is True:
            turn.set(slot, True)
        elif answer is False and slot == "terms_accepted":
            # Not accepting yet ends nothing: the answers are kept, so a later
            # "ok fine, yes" still finishes the registration.
            turn.set(slot, None)
            turn.fail(slot, None if self._second(turn, slot) else messages.terms_declined())
        elif answer is False:
            turn.set(slot, False)
        elif not parsed.has_values:
            turn.set(slot, None)
            if slot == "terms_accepted":
                turn.fail(slot, None)
            else:
                turn.fail(slot, messages.bad_yes_no())

    async def _already_registered(self, turn: FormTurn) -> None:
        result = await client().password_reset(turn.conversation_id, language=language_of(turn.tracker))
        config = await coop_config()
        turn.updates["outcome"] = "already_registered"
        turn.updates["email_masked"] = result.email_masked or turn.extra("email_masked")
        turn.notes.append(messages.already_registered(result.email_masked or turn.extra("email_masked"), config))
        turn.end_flow = True

    async def _send_code(self, turn: FormTurn, expired: bool = False, asked_again: bool = False) -> None:
        """Possession of the phone on file: text a code, or say plainly why not (bill data stands).

        ``asked_again``: the member says the code did not come. Within seconds of the last
        text the backend keeps that code (it may still be on its way), so the reply promises
        no new one."""
        config = await coop_config()
        result = await client().send_code(turn.conversation_id, language=language_of(turn.tracker))
        unlock = turn.extra("code_pending") == UNLOCK
        if result.result == "code_sent":
            turn.updates["code_pending"] = UNLOCK if unlock else True
            turn.set(CODE_SLOT, None)
            if result.channel == "call":
                turn.notes.append(messages.code_called(result.phone_masked))
            elif asked_again:
                turn.notes.append(messages.code_asked_again(result.phone_masked))
            elif expired:
                turn.notes.append(messages.code_expired_resent(result.phone_masked))
            else:
                turn.notes.append(messages.code_sent(result.phone_masked))
        elif result.result == "locked":
            turn.updates["code_pending"] = False
            await self._lock(turn, result)
        elif result.result == "too_many_codes":
            turn.problems.append(messages.too_many_codes(config))
            turn.updates["outcome"] = "locked_out"
            turn.end_flow = True
        elif result.result == "no_phone_on_file":
            turn.updates["code_pending"] = False  # nothing to prove: the bill data stands
        elif result.result == "call_member_services":
            # No channel to the phone on file works: never the bill data alone, a person checks.
            turn.problems.append(messages.code_no_channel(config))
            turn.updates["outcome"] = "human_requested"
            turn.end_flow = True
        else:  # phone_opted_out, code_unavailable: nothing settled, the code is still asked
            turn.set(CODE_SLOT, None)
            if result.result == "phone_opted_out":
                turn.updates["code_pending"] = UNLOCK if unlock else "opted_out"
                turn.notes.append(messages.code_phone_opted_out(result.phone_masked, config))
            else:
                turn.updates["code_pending"] = UNLOCK if unlock else "retry"
                turn.notes.append(messages.code_unavailable(config))

    async def _unlock_code(self, turn: FormTurn, result) -> bool:
        """A locked account with a phone on file: offer the code that unlocks it."""
        sent = await client().send_code(turn.conversation_id, language=language_of(turn.tracker))
        if sent.result != "code_sent":
            return False
        turn.updates["code_pending"] = UNLOCK
        turn.set(CODE_SLOT, None)
        turn.problems.append(messages.locked_code_sent(sent.phone_masked))
        return True

    async def _read_code(self, turn: FormTurn, text: str) -> None:
        match = _CODE_RE.search(text)
        if not match:
            if _NEW_CODE_RE.search(text) or latest_intent(turn.tracker)[0] == "email_not_received":
                await self._send_code(turn, asked_again=True)
                return
            turn.fail(CODE_SLOT, messages.bad_code(self._second(turn, CODE_SLOT)))
            turn.set(CODE_SLOT, None)
            return
        turn.redact = True
        result = await client().verify_code(turn.conversation_id, match.group(1) + match.group(2),
                                            language=language_of(turn.tracker))
        if result.result == "verified":
            turn.set(CODE_SLOT, "verified")
            turn.notes.append(messages.code_ok())
        elif result.result == "mismatch":
            turn.set(CODE_SLOT, None)
            turn.fail(CODE_SLOT, messages.code_mismatch(result.attempts_left))
        elif result.result == "expired":
            turn.set(CODE_SLOT, None)
            await self._send_code(turn, expired=True)
        elif result.result == "locked":
            await self._lock(turn, result)
        else:  # not_verified: the backend no longer holds what this conversation proved
            for slot in ("member_name", "identity_proof", CODE_SLOT):
                turn.set(slot, None)
            turn.updates["code_pending"] = False
            turn.fail("member_name", messages.verify_first("code"))

    async def _lock(self, turn: FormTurn, result=None) -> None:
        config = await coop_config()
        if result is not None and getattr(result, "lock_scope", None) == "source":
            # The member's network is slowed, not shut out: the same question stays open.
            turn.problems.append(messages.network_wait() if _minutes_until(result.locked_until) <= SOURCE_WAIT_MINUTES
                                 else messages.network_paused(config))
            turn.failed = None
            return
        turn.updates["outcome"] = "locked_out"
        if result is not None and getattr(result, "lock_scope", None) == "account":
            turn.problems.append(messages.account_locked(config))
        else:
            turn.problems.append(messages.lockout(config))
        turn.end_flow = True
        turn.failed = None

    # ------------------------------------------------------------------
    @staticmethod
    def _failures(turn: FormTurn) -> dict[str, int]:
        value = turn.extra("failures")
        return dict(value) if isinstance(value, dict) else {}

    def _second(self, turn: FormTurn, slot: str) -> bool:
        return self._failures(turn).get(slot, 0) + 1 >= EXPLAIN_AFTER

    def _finish(self, turn: FormTurn, parsed: Parsed, dispatcher: CollectingDispatcher, config,
                required: list[str]) -> list[EventType]:
        failures = self._failures(turn)
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
            say(dispatcher, problem)

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
            events["requested_slot"] = _next_slot(required, merged)
        return [SlotSet(slot, value) for slot, value in events.items()]


_CODE_RE = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})(?!\d)")
_NEW_CODE_RE = re.compile(r"\b(?:new|another|resend|again|didn'?t|did\s+not|no)\b.*\bcode\b|\bnew\s+code\b", re.I)


UNLOCK = "unlock"
# A per-source wait (docs/security.md) is minutes long; a longer one pauses one account for the day.
SOURCE_WAIT_MINUTES = 60


def _minutes_until(locked_until: str | None) -> float:
    """Minutes until an ISO time the backend gave (0 when there is none or it cannot be read)."""
    try:
        until = datetime.fromisoformat(str(locked_until))
    except ValueError:
        return 0.0
    if until.tzinfo is None:
        until = until.replace(tzinfo=timezone.utc)
    return (until - datetime.now(timezone.utc)).total_seconds() / 60


def _with_code(required: list[str], code_pending: Any) -> list[str]:
    """Ask the one-time code right after the ZIP / last 4 when a code was texted
    (right after the name when the code unlocks a locked account)."""
    after = "member_name" if code_pending == UNLOCK else "identity_proof"
    if code_pending and after in required and CODE_SLOT not in required:
        required.insert(required.index(after) + 1, CODE_SLOT)
    return required


def _set_by_actions_this_turn(tracker: Tracker) -> dict[str, Any]:
    """Form slots that an action (not the slot mappings) set since the latest message, such as
    a new flow clearing the answers of a finished one: they count as the values before the turn."""
    values: dict[str, Any] = {}
    action = None
    for event in events_since_latest_user(tracker):
        if event.get("event") == "action":
            action = event.get("name")
        elif event.get("event") == "slot" and event.get("name") in FORM_SLOTS and action in _FLOW_ACTIONS:
            values[event["name"]] = event.get("value")
    return values


# Actions that begin, end or clear a flow before the form reads the same message.
_FLOW_ACTIONS = {"action_start_flow", "action_start_over", "action_side_answer", "action_complete_flow"}


def _pack(notes: list[str]) -> list[str]:
    """Join short confirmations into as few replies as fit in two SMS segments each."""
    messages: list[str] = []
    for note in notes:
        if messages and septets(to_gsm7(messages[-1] + " " + note)) <= MAX_SEPTETS:
            messages[-1] += " " + note
        else:
            messages.append(note)
    return messages


def _next_slot(required: list[str], slots: dict[str, Any]) -> str | None:
    return next((slot for slot in required if slots.get(slot) is None), None)


_COMMAND_RE = re.compile(
    r"\b(?:help|agent|human|person|someone|representative|operator|start\s*over|restart|never\s*mind|"
    r"nevermind|nvm|forget\s+it|password|resend|unregister|delete|remove|email|e-mail|bill|register)\b|\?",
    re.I,
)


def _short_answer(text: str) -> bool:
    return 0 < len(text.split()) <= 4


# Explicit requests that are never a security answer ("help", "agent", "start over").
_ANSWER_COMMAND_RE = re.compile(
    r"\b(?:help|agent|human|person|someone|somebody|representative|operator|start\s*over|restart|never\s*mind|"
    r"nevermind|nvm|forget\s+it|cancel|quit|password|resend|unregister|unsubscribe|delete|remove|sign\s*up|"
    r"register)\b|\?",
    re.I,
)


def _is_side_question(intent: str | None, confidence: float, parsed: Parsed, requested: str | None,
                      text: str) -> bool:
    """Should a rule answer this message instead of the form reading it as an answer?"""
    if intent not in SIDE_INTENTS:
        return False
    if (requested in YES_NO_SLOTS and read_yes_no(text, intent, confidence) is not None
            and not asks_to_delete(text) and not asks_to_stop(text)):
        return False  # "de acuerdo", "está bien": a clear answer to the yes/no question asked
    if (requested == "security_question" and (parsed.question or read_choice(text, SECURITY_QUESTION_WORDS))
            and not asks_to_delete(text) and not asks_to_stop(text)):
        return False  # "the one about my mother", "la de mi mascota": the option, whatever the model read
    if requested == CODE_SLOT and (intent == "email_not_received" or _NEW_CODE_RE.search(text)):
        # "I didn't get it" while the texted code is asked means the code, not the activation
        # mail: the form sends a new one (within the backend's limits).
        return False
    if requested == "security_answer" and len(text.split()) <= 6 and not _ANSWER_COMMAND_RE.search(text):
        # While the answer is asked, a short text is the answer whatever the model thinks
        # ("Bill" read as no_bill is still the answer, and still kept out of the record).
        return False
    if requested in FREE_TEXT_SLOTS and _short_answer(text) and not _COMMAND_RE.search(text):
        # "Lady", "Spot", "Garza": a short answer to a free-text question is an answer,
        # whatever the model guessed; commands ("help", "agent", "start over") are not.
        return requested == "member_name" and not is_plausible_name(clean_name(text))
    if intent in STEERING_INTENTS and confidence >= 0.6:
        return not (parsed.account or parsed.email or parsed.has_secret)
    if parsed.has_values or (requested in YES_NO_SLOTS and read_yes_no(text) is not None):
        return False
    if requested in FREE_TEXT_SLOTS and confidence < 0.85 and "?" not in text:
        return requested == "member_name" and not is_plausible_name(clean_name(text))
    return True


# Spanish words around a security answer ("mi perro se llama Firulais", "fui a la Lehman High").
_ANSWER_FILLER_ES_RE = re.compile(
    r"^(?:(?:pues|bueno|ok|s[ií]|claro)[\s,.!:-]+)*"
    r"(?:(?:mi|la)\s+respuesta\s+es"
    r"|(?:el\s+nombre\s+de\s+)?(?:mi\s+)?(?:perr[oa]|perrit[oa]|gat[oa]|gatit[oa]|mascota)\s+(?:se\s+llama(?:ba)?|es|era)"
    r"|(?:el\s+)?apellido\s+(?:de\s+soltera\s+)?(?:de\s+mi\s+(?:madre|mam[aá])\s+)?(?:es|era)"
    r"|se\s+llama(?:ba)?|fui\s+a(?:\s+la)?|estudi[eé]\s+en(?:\s+la)?|es|era)\s+",
    re.I,
)

# A message that only acknowledges ("ok", "gracias") may be a last name or a pet's name at the
# free-text questions ("Bueno", "Dale"): there only these single words ask for the question again.
_RESUME_SINGLE_WORDS = {"ok", "okay", "k", "continue", "continuar", "sigue", "siga", "next", "proceed",
                        "thanks", "gracias"}


# Questions a rule answers before the form asks again (they may mention online access).
_QUESTION_INTENTS = frozenset({"ask_paperless", "ask_benefits", "ask_safety", "account_help", "help"})


def _pending_question_again(text: str, requested: str, intent: str | None, confidence: float,
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
    elif is_resume(text):
        words = plain(text).split()
        if requested not in FREE_TEXT_SLOTS or len(words) > 1 or words[0] in _RESUME_SINGLE_WORDS:
            return False
    if (goal or "register") != "register" or asks_to_stop(text) or asks_to_delete(text):
        return None
    if intent in _QUESTION_INTENTS:
        return None  # "what do I get with online access?": a question, answered by a rule
    if asks_to_register(text):
        return True  # "I still want to sign up", "I texted STOP by mistake, I want to register"
    if intent == "unregister":
        return True  # a member who is signing up is offered deletion only when they ask for it
    return None


def _ask_again(tracker: Tracker, requested: str) -> list[EventType]:
    """Give back what the slot mappings took from the message and ask the pending question again."""
    before = {slot: value_before_turn(tracker, slot) for slot in FORM_SLOTS}
    before.update(_set_by_actions_this_turn(tracker))
    events: list[EventType] = [SlotSet(slot, before.get(slot)) for slot in sorted(slots_set_this_turn(tracker))
                               if slot in FORM_SLOTS]
    return events + [SlotSet("offtopic_count", 0), SlotSet("requested_slot", requested)]
