"""Rasa's part in the action tests: one member's conversation, its tracker payloads, and the form's turns.

The actions run in-process through rasa-sdk's own ``ActionExecutor`` (the same
code path as the action server); :class:`Conversation` builds the tracker
payloads Rasa would send (events, slots, latest message) and runs the actions
in the order Rasa's FormAction calls them. The backend they call is the
``backend`` fixture of tests/actions/conftest.py.
"""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select

from actions.serve import Executor
from backend.storage.models import RegistrationDraft, VerificationAttempt
from tests.support.one_time_code import ALVAREZ

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "domain.yml").read_text())
FORM = "registration_form"

_ids = itertools.count(1)
_DIGITS_AS_LETTERS = str.maketrans("0123456789", "abcdefghij")
# The action a rule runs for an intent while no form is active (data/rules.yml); others: action_side_answer.
OUTSIDE_THE_FORM = {intent: "action_start_flow" for intent in
                    ("register", "forgot_password", "unregister", "change_email", "inform", "correct")}
OUTSIDE_THE_FORM["never_mind"] = "action_never_mind"


class Conversation:
    """Plays Rasa's part for one sender: keeps the events, runs actions like Rasa calls them.

    ``form_turn(text)`` is one member message while the form is active: the
    latest message is added, the validation action runs, its slots are applied
    and, when it asks for a next slot, the matching ``action_ask_*`` runs too,
    like Rasa's FormAction. Replies of the turn are returned as texts.
    """

    def __init__(self, sender: str | None = None, language: str | None = None, channel: str | None = None):
        self.sender = sender or f"test-{next(_ids)}-{id(self)}"
        self.events: list[dict[str, Any]] = []
        self.slots: dict[str, Any] = {name: None for name in DOMAIN["slots"]}
        self.active_loop: str | None = None
        self.latest_message: dict[str, Any] = {}
        self.language = language  # sent as the web app sends it (message metadata); None: none sent
        self.channel = channel  # likewise ("sms" or "web")
        self.executor = Executor()
        self.executor.register_package("actions")
        self.buttons: list[list[dict]] = []

    # -- building the tracker -----------------------------------------------------------
    def user(self, text: str, intent: str = "inform", confidence: float = 0.95) -> str:
        # Letters, not digits: a stored message id must never read as a four-digit secret that a
        # secrets-at-rest scan looks for ("msg-2934" beside a drawn last 4 of 2934).
        message_id = "msg-" + str(next(_ids)).translate(_DIGITS_AS_LETTERS)
        parse = {"text": text, "intent": {"name": intent, "confidence": confidence},
                 "entities": [], "intent_ranking": []}
        self.latest_message = parse
        self.events.append({"event": "user", "text": text, "parse_data": parse,
                            "message_id": message_id, "timestamp": 0,
                            # Rasa keeps the web app's metadata on the user event
                            "metadata": {key: value for key, value in
                                         (("language", self.language), ("channel", self.channel)) if value}})
        return message_id

    def failures(self, slot: str) -> int:
        """Failed answers counted on ``slot`` so far (slot ``failures``)."""
        return (self.slots["failures"] or {}).get(slot, 0)

    def set(self, **slots) -> None:
        for name, value in slots.items():
            self.events.append({"event": "slot", "name": name, "value": value})
            self.slots[name] = value

    def tracker(self) -> dict[str, Any]:
        return {
            "sender_id": self.sender,
            "slots": dict(self.slots),
            "latest_message": self.latest_message,
            "events": list(self.events),
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": self.active_loop} if self.active_loop else {},
            "latest_action_name": None,
        }

    # -- running actions ------------------------------------------------------------------
    def run(self, action: str, recorded: bool = True) -> tuple[list[dict], list[str]]:
        """Run ``action`` as Rasa calls it; ``recorded``: Rasa records its run as an action event
        (not the ``action_ask_*`` a form runs itself: only its events and replies are kept)."""
        call = {"next_action": action, "sender_id": self.sender, "tracker": self.tracker(),
                "domain": DOMAIN, "version": "3.6.21"}
        result = asyncio.run(self.executor.run(call))
        response = result.model_dump() if result is not None else {}
        if recorded:
            self.events.append({"event": "action", "name": action})
        events = response.get("events", [])
        for event in events:
            self.events.append(event)
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
            elif event.get("event") == "active_loop":
                self.active_loop = event.get("name")
        texts = []
        for reply in response.get("responses", []):
            texts.append(reply.get("text") or "")
            self.events.append({"event": "bot", "text": reply.get("text") or ""})  # as Rasa records each reply
            if reply.get("buttons"):
                self.buttons.append(reply["buttons"])
        return events, texts

    def start(self, text: str, intent: str = "register", extracted: dict[str, str] | None = None) -> list[str]:
        """A message that starts a flow outside the form (rule: action_start_flow, form).

        ``extracted``: the slots Rasa fills from the message's entities when the form starts
        (``action_extract_slots`` at activation: the ``email`` and ``account_number`` mappings), set
        after ``action_start_flow``'s events with no action event between, as Rasa sends them."""
        self.user(text, intent)
        _, texts = self.run("action_start_flow")
        self.active_loop = FORM
        self.set(**(extracted or {}))
        return texts + self._form(activation=True)

    def follow_up_form(self) -> list[str]:
        """The form an action started with ``FollowupAction``, on the same message."""
        self.active_loop = FORM
        return self._form(activation=True)

    def form_turn(self, text: str, intent: str = "inform", confidence: float = 0.95) -> list[str]:
        self.user(text, intent, confidence)
        return self._form()

    def form_or_side_turn(self, text: str, intent: str = "inform", confidence: float = 0.95) -> list[str]:
        """One message while the form waits, as the member reads the replies: when the form
        rejects it (a side question), its rule answers (``action_side_answer``), then the form
        asks its pending question again."""
        texts = self.form_turn(text, intent, confidence)
        if self.rejected:
            pending = self.slots["requested_slot"]
            texts += self.run("action_side_answer")[1]
            texts += self.run(f"action_ask_{pending}", recorded=False)[1]
        return texts
    def message(self, text: str, intent: str = "inform", confidence: float = 0.95,
                action: str | None = None) -> list[str]:
        """One member message wherever the conversation is: a form turn while the form is active,
        else answered by ``action`` (by default the one data/rules.yml gives ``intent`` outside the
        form), followed by the form when that action starts it again (a flow taken up after a pause)."""
        if self.active_loop == FORM:
            return self.form_turn(text, intent, confidence)
        action = action or OUTSIDE_THE_FORM.get(intent, "action_side_answer")
        self.user(text, intent, confidence)
        events, said = self.run(action)
        if action == "action_start_flow" or any(event.get("event") == "followup" for event in events):
            said += self.follow_up_form()
        return said

    def asks_for_language(self, rest: str, language: str, intent: str = "inform",
                          confidence: float = 0.95) -> list[str]:
        """A form turn of a message that also asked for ``language`` ("ok can we finish in English
        please"): sent as the web app sends it, the rest only ("ok can we finish"), in the new
        language, marked ``language_requested``."""
        self.language = language
        self.user(rest, intent, confidence)
        self.events[-1]["metadata"]["language_requested"] = True
        return self._form()

    def requests_language(self, language: str, rest: str = "", intent: str = "affirm") -> list[str]:
        """A request for ``language`` wherever the conversation is, as the web app sends it: a click on
        its button or a typed request with nothing else ("en español por favor") as the greeting
        intent ("/greet"), the rest of a longer one ("ok can we finish") as itself; marked
        ``language_requested``. The replies as the member reads them: a form turn the form rejects
        is answered by its rule (``action_side_answer``), then the pending question."""
        self.language = language
        text, intent = (rest, intent) if rest else ("/greet", "greet")
        self.user(text, intent)
        self.events[-1]["metadata"]["language_requested"] = True
        if self.active_loop == FORM:
            texts = self._form()
            if self.rejected:
                pending = self.slots["requested_slot"]
                texts += self.run("action_side_answer")[1] + self.run(f"action_ask_{pending}", recorded=False)[1]
            return texts
        events, texts = self.run(OUTSIDE_THE_FORM.get(intent, "action_side_answer"))
        if any(event.get("event") == "followup" for event in events):
            texts += self.follow_up_form()
        return texts

    def _form(self, activation: bool = False) -> list[str]:
        events, texts = self.run("validate_registration_form")
        slot_events = [e for e in events if e.get("event") == "slot" and e["name"] != "requested_slot"]
        if not activation and not slot_events and self.slots.get("requested_slot"):
            self.rejected = True
            return texts  # Rasa's form rejects the turn; a rule answers instead
        self.rejected = False
        requested = self.slots.get("requested_slot")
        if self.active_loop is None:
            # The validation ended the form (a pause): Rasa empties ``requested_slot`` (FormAction.
            # request_next_slot) and its rule for a finished form runs next.
            self.set(requested_slot=None)
            _, done = self.run("action_complete_flow")
            return texts + done
        if requested:
            _, ask = self.run(f"action_ask_{requested}", recorded=False)
            texts += ask
        else:
            self.active_loop = None
            _, done = self.run("action_complete_flow")
            texts += done
        return texts

    rejected = False


def joined(texts: list[str]) -> str:
    """A turn's replies as one text, for ``in`` checks across them."""
    return "\n".join(texts)


def assert_asked_again_uncounted(chat: Conversation, slot: str) -> None:
    """``slot`` is still the question asked, and no failed answer is counted on it: the message
    was a question or a request for time, answered, never a wrong answer."""
    assert chat.slots["requested_slot"] == slot
    assert not chat.failures(slot), "a question is no failed answer"


def to_the_proof(chat: Conversation, account: str = "1001234567", name: str = "Garza",
                 email: str = "g@example.com", start: str = "sign up") -> str:
    """A sign-up up to the co-op's proof: account number, name and address typed; returns the question."""
    chat.start(start)
    chat.form_turn(account)
    chat.form_turn(name)
    return joined(chat.form_turn(email))


def at_the_code(language: str) -> Conversation:
    """A sign-up in ``language`` of the member with a phone on file (``one_time_code.add_alvarez``), at
    the texted code."""
    chat = Conversation(language=language)
    to_the_proof(chat, ALVAREZ["account"], ALVAREZ["name"], "a@example.com")
    chat.form_turn(ALVAREZ["zip"])
    assert chat.slots["requested_slot"] == "one_time_code"
    return chat


def at_the_name_step(start: str = "sign up", account: str = "1001234567", language: str | None = None,
                     channel: str | None = None) -> Conversation:
    """A sign-up whose account number is given and whose name is asked next."""
    chat = Conversation(language=language, channel=channel)
    chat.start(start)
    chat.form_turn(account)
    assert chat.slots["requested_slot"] == "member_name"
    return chat


def said_at_the_name_step(text: str, intent: str = "inform", account: str = "1001234567") -> tuple[Conversation, str]:
    """One message at the name step (:func:`at_the_name_step`): the conversation and the turn's replies joined."""
    chat = at_the_name_step(account=account)
    return chat, joined(chat.form_turn(text, intent=intent))


def first_message(text: str, language: str | None = None) -> tuple[Conversation, str]:
    """A conversation whose first message starts the sign-up: it and that turn's replies joined."""
    chat = Conversation(language=language)
    return chat, joined(chat.start(text))


def name_attempts(backend) -> int:
    """How many name checks the backend counted (each one a try of the budget)."""
    with backend.session() as session:
        return session.scalar(select(func.count()).select_from(VerificationAttempt)
                              .where(VerificationAttempt.step == "name"))


# The answers of a sign-up in the order asked: account number, name, address, ZIP (the co-op's
# proof), then the security question and its answer.
SIGN_UP_ANSWERS = ("1001234567", "Garza", "g@example.com", "78620")


def at_the_email_step(language: str, account: str = "1001234567", name: str = "Garza") -> Conversation:
    """A sign-up in ``language`` whose account and name matched: the e-mail question is asked."""
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(account)
    chat.form_turn(name)
    assert chat.slots["requested_slot"] == "email"
    return chat


def sign_up_to(chat: Conversation, slot: str, start: str = "sign up", question: str = "2",
               answer: str = "Rex") -> Conversation:
    """A sign-up answered step by step until ``slot`` is the question asked (the security question
    ``question`` and its ``answer`` come after the ZIP); asserts it is."""
    chat.start(start)
    for text in SIGN_UP_ANSWERS + (question, answer):
        if chat.slots["requested_slot"] == slot:
            break
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == slot
    return chat


def sign_up_start(language: str | None) -> str:
    """The words that start a sign-up in the member's language."""
    return "quiero registrarme" if language == "es" else "sign up"


def registered(language: str, channel: str | None = None, answer: str = "Rex") -> Conversation:
    """A whole sign-up in ``language`` (the security answer ``answer``), ended registered: the
    activation mail sent, no form running."""
    chat = Conversation(language=language, channel=channel)
    chat.start(sign_up_start(language))
    for text in ("1001234567", "Garza", "g@example.com", "78620", "2", answer, "sí" if language == "es" else "yes"):
        chat.form_turn(text)
    assert chat.slots["outcome"] == "registered" and chat.active_loop is None
    return chat


def to_the_question(language: str = "en") -> Conversation:
    """A sign-up in ``language`` at the security question menu."""
    return sign_up_to(Conversation(language=language), "security_question", sign_up_start(language))


def to_the_answer(language: str, question: str) -> Conversation:
    """A sign-up in ``language`` with ``question`` chosen (a number or its words), its answer asked."""
    chat = to_the_question(language)
    chat.form_turn(question)
    assert chat.slots["requested_slot"] == "security_answer"
    return chat


def stored_answer_hash(backend) -> str | None:
    """The security answer's hash on the conversation's draft (None: none stored yet)."""
    with backend.session() as session:
        draft = session.scalar(select(RegistrationDraft))
        return draft.security_answer_hash if draft else None


# Intents whose messages Rasa's slot mappings leave alone (``not_intent`` in the domain).
SIDE_INTENTS = {"greet", "help", "human", "start_over", "never_mind"}


class RasaLikeConversation(Conversation):
    """The actions' conversation driver, plus Rasa's slot extraction before the form runs,
    and a record of each turn (its text, the bot's replies, the events so far)."""

    def __init__(self, sender: str):
        super().__init__(sender)
        self.turns: list[dict] = []

    def _extract(self, text: str, intent: str) -> None:
        requested = self.slots.get("requested_slot")
        if self.active_loop == FORM and requested and intent not in SIDE_INTENTS:
            self.events.append({"event": "action", "name": "action_extract_slots"})
            self.set(**{requested: text})

    def say(self, text: str, intent: str = "inform") -> list[str]:
        if self.active_loop == FORM:
            self.user(text, intent)
            self._extract(text, intent)
            replies = self._form()
        else:
            replies = self.start(text)
        self.turns.append({"text": text, "replies": replies, "events": list(self.events)})
        return replies
