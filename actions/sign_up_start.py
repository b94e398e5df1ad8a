"""Outside a flow, which messages start the sign-up whatever intent the model read.

The model reads a message's kind, not its values: a formal letter holding the
account number, the name, the ZIP and the e-mail can come out as
``out_of_scope``, a polite "Thank you ... my account number is ..." as
``thanks``. Both hold what the sign-up asks first, so answering "send your
account number" would ask for what was just sent. The side answer starts the
sign-up instead, and the form reads every value of that same message.

Only outside a flow: while a sign-up is in the form or left for later (paused), no message starts a
fresh one, whatever its words or the model's reading ("¿es seguro mandar mis datos para
registrarme?" read as ``ask_safety`` is answered within it and its pending question follows).
Callers ask ``starts_a_fresh_sign_up``, which reads the flow's state before the words.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.answers import (QUESTION_INTENTS, asks_to_change_email, asks_to_delete, asks_to_register, asks_to_stop,
                             names_a_sign_up, plain, signs_up_again)
from actions.extract import parse
from actions.pause import is_paused
from actions.tracker_reading import FORM, PAUSED, latest_intent, latest_text, value_before_turn

# Readings the model is unsure of: words asking to sign up are enough to start. ``never_mind`` outside a
# flow stops nothing: "I'd like to get set up to register online" read so is a request (words asking
# to stop or leave it for later, "never mind, I'll register another day", still stop: ``asks_to_stop``).
UNSURE_INTENTS = frozenset({"nlu_fallback", "out_of_scope", "never_mind"})

# What online access is called when a member tells a story instead of asking ("nobody has the login
# for the co-op website", "nunca tuvimos usuario en la página").
_ONLINE_LOGIN = (r"(?:login|log\s*-?\s*in|online\s+(?:account|access|login)|user\s*name|web\s*site\s+(?:account|login|access)|"
                 r"portal|usuario|cuenta\s+en\s+linea|acceso\s+en\s+linea|acceso\s+(?:a|al)\s+(?:la\s+)?(?:pagina|portal))")
# A story of having none, or of wanting one: the words that ask for online access in other words.
_WANTS_ONLINE_ACCESS_RE = re.compile(
    # "nobody has the login", "we never had an online account", "no one knows the login", "nadie tiene el usuario"
    r"\b(?:nobody|no\s+one|never|dont|don't|do\s+not|doesnt|doesn't|does\s+not|didnt|didn't|nadie|nunca|no)\s+"
    r"(?:\w+\s+){0,3}?(?:has|have|had|got|knows?|tiene|tengo|tenemos|tuvo|tuvimos|tenia|sabe)\s+(?:\w+\s+){0,3}?"
    + _ONLINE_LOGIN +
    # "we want a login for the website", "I need online access for the church", "queremos acceso en línea"
    # "I am writing to request that online account access be established": a letter's request
    r"|\b(?:want|wants|need|needs|like|looking\s+for|get|set\s+up|request|requesting|quiero|queremos|necesito|necesitamos|"
    r"quisiera|ocupo|ocupamos)\s+(?:\w+\s+){0,4}?" + _ONLINE_LOGIN + r"\b")


def wants_online_access(text: str | None) -> bool:
    """Does a story ask for online access without a sign-up verb ("nobody has the login for the co-op
    website ... the pastor asked me to get it sorted", "nadie tiene el usuario de la página")? Read
    only where the model was unsure (``UNSURE_INTENTS``): a long first message that explains reads
    as ``out_of_scope``, and "Sorry, I can only help with online account access" would answer a
    member who asked for just that."""
    return bool(_WANTS_ONLINE_ACCESS_RE.search(plain(text).replace("’", "'")))


def starts_sign_up(text: str | None, intent: str | None) -> bool:
    """Does this message, sent outside a flow, start a sign-up? Yes when its words ask for one
    and the model was unsure, or when it holds a valid account number; never when it is a
    question another intent answers (``QUESTION_INTENTS``), unless it gives the account number and its
    name beside the question, or asks to delete or to stop. Words asking
    to sign up again start it whatever the model read ("no I'm not set, I need to register again" read
    as a "no", "ya la borré, quiero registrarme otra vez" with its deletion told as done)."""
    if intent not in QUESTION_INTENTS and signs_up_again(text):
        return True
    if asks_to_delete(text) or asks_to_stop(text):
        return False
    if intent == "ask_safety" and (names_a_sign_up(text) or wants_online_access(text)):
        # "Hola, quiero registrarme. ¿Es seguro mandar mis datos por texto?", a letter "to request that
        # online account access be established": the sign-up starts, its start answers the safety
        # question asked beside it (``actions.questions_beside``), then the first question.
        return True
    if intent in QUESTION_INTENTS:
        # "ok. account 1006124578, last name Okafor. why do you need the last name if you have the
        # number?" read as help: the account and its name are given, so the sign-up starts with them and
        # the question is answered beside them (``actions.questions_beside``), never "send your account number".
        parsed = parse(text or "")
        return parsed.account is not None and parsed.name is not None
    if intent in UNSURE_INTENTS and (asks_to_register(text, intent) or wants_online_access(text)):
        return True
    return parse(text or "").account is not None


def under_way(tracker: Tracker) -> bool:
    """Is a flow under way: the form active, or a flow left for later (``actions.pause``)?"""
    return tracker.active_loop.get("name") == FORM or is_paused(tracker)


def starts_a_fresh_sign_up(tracker: Tracker, intent: str | None = None) -> bool:
    """Does the latest message start a flow afresh (``starts_sign_up``)? Never while one is under way
    (``under_way``): its answers would be dropped for the account question. ``intent``: the reading
    to judge by instead of the model's (a rule's own, as ``never_mind``)."""
    if under_way(tracker):
        return False
    return starts_sign_up(latest_text(tracker), intent or latest_intent(tracker)[0])


def started_by_this_message(tracker: Tracker) -> bool:
    """Did the side answer start the flow the form now runs from the latest message itself (so the
    form reads every value of it)? Never when the flow was left for later before this message: taken
    up after a side answer, it asks its pending question and reads nothing of a question."""
    return (not tracker.get_slot("requested_slot") and value_before_turn(tracker, "outcome") != PAUSED
            and starts_sign_up(latest_text(tracker), latest_intent(tracker)[0]))


def started_goal(text: str | None) -> str:
    """The flow such a message starts: changing the login's e-mail when its words ask for that
    ("new email for account 1001234567"), else the sign-up."""
    return "change_email" if asks_to_change_email(text) else "register"
