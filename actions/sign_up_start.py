"""Outside a flow, which messages start the sign-up whatever intent the model read.

The model reads a message's kind, not its values: a formal letter holding the
account number, the name, the ZIP and the e-mail can come out as
``out_of_scope``, a polite "Thank you ... my account number is ..." as
``thanks``. Both hold what the sign-up asks first, so answering "send your
account number" would ask for what was just sent. The side answer starts the
sign-up instead, and the form reads every value of that same message.
"""

from __future__ import annotations

from actions.answers import QUESTION_INTENTS, asks_to_change_email, asks_to_delete, asks_to_register, asks_to_stop
from actions.extract import parse

# Readings the model is unsure of: words asking to sign up are enough to start.
UNSURE_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})


def starts_sign_up(text: str | None, intent: str | None) -> bool:
    """Does this message, sent outside a flow, start a sign-up? Yes when its words ask for one
    and the model was unsure, or when it holds a valid account number; never when it is a
    question another intent answers (``QUESTION_INTENTS``) or asks to delete or to stop."""
    if intent in QUESTION_INTENTS or asks_to_delete(text) or asks_to_stop(text):
        return False
    if intent in UNSURE_INTENTS and asks_to_register(text, intent):
        return True
    return parse(text or "").account is not None


def started_goal(text: str | None) -> str:
    """The flow such a message starts: changing the login's e-mail when its words ask for that
    ("new email for account 1001234567"), else the sign-up."""
    return "change_email" if asks_to_change_email(text) else "register"
