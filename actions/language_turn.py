"""A message that also asked for another language: what of it answers the question pending.

The web app reads a language request out of a member's message ("ok can we finish in
English please", "actually mejor en español, es más fácil para mí"), switches the
conversation's language and passes on only the rest of the message, with
``{"language_requested": true}`` in its metadata (docs/languages.md). The words left
around a request are mostly politeness ("ok", "please", "can we finish", "vale", "por
favor", "es más fácil para mí"): read as an answer they accepted the Terms, or got "that
doesn't look like an e-mail address". So, for such a message only:

- a yes/no question (Terms, deletion, "It sounds like you want to ...?") counts a yes or
  a no said in so many words (``answers.read_explicit_yes_no``), never filler nor the
  model's guess;
- when the rest holds no value for the pending question (nor a question a rule answers),
  the member reads that it continues in the new language, then the pending question.
"""

from __future__ import annotations

import dataclasses

from rasa_sdk import Tracker

from actions.answers import (asks_about_terms, asks_for_time, asks_if_safe, asks_why, read_explicit_yes_no, read_yes_no,
                             steps_away_or_back)
from actions.extract import Parsed, clean_name, introduces_a_name
from actions.form_turn import YES_NO_SLOTS
from actions.name_words import looks_like_bare_name
from actions.security_answer import is_an_answer
from actions.tracker_reading import language_requested, latest_intent

# Questions a rule answers in the new language (the pending question follows), when the model
# is sure of them: a language request around them is no reason to skip them.
_QUESTION_INTENTS = frozenset({"account_help", "no_bill", "ask_paperless", "ask_benefits", "ask_safety", "help",
                               "email_not_received", "human"})
QUESTION_CONFIDENCE = 0.8
# Longest security answer read from the rest of a language request ("en español por favor: Rex");
# a longer rest is a sentence about the language ("es más fácil para mí").
_ANSWER_WORDS = 4


def yes_no(tracker: Tracker, text: str) -> bool | None:
    """The member's yes or no to the yes/no question asked: in so many words after a language
    request or in a message that asks for a moment, leaves for later or comes back, else as
    ``read_yes_no`` reads it (words first, a confident model next)."""
    if language_requested(tracker) or steps_away_or_back(text) or asks_for_time(text):
        # "ok, one sec", "ok back, where were we": an "ok" that opens other words is no yes.
        return read_explicit_yes_no(text)
    return read_yes_no(text, *latest_intent(tracker))


def answers_nothing(tracker: Tracker, requested: str, text: str, parsed: Parsed) -> bool:
    """Did a message that asked for another language hold nothing for the question pending?
    Then it is answered with "let's continue in <language>" and that question again."""
    if not requested or not language_requested(tracker) or text.startswith("/"):
        return False  # a request alone comes as the greeting intent ("/greet"), which its rule answers
    intent, confidence = latest_intent(tracker)
    if intent in _QUESTION_INTENTS and confidence >= QUESTION_CONFIDENCE:
        return False  # "en español por favor, ¿dónde está mi número de cuenta?": the rule answers it
    if asks_why(text) or asks_if_safe(text) or (requested == "terms_accepted" and asks_about_terms(text)):
        return False  # the form answers the question about the step, then asks it again
    if requested in YES_NO_SLOTS:
        return read_explicit_yes_no(text) is None and not parsed.has_values
    if requested == "member_name":
        # "Garza", "el apellido es Garza"; a sentence's words are no name ("mejor, es más fácil para mí").
        named = (parsed.name and introduces_a_name(text)) or looks_like_bare_name(clean_name(text))
        others = dataclasses.replace(parsed, name=None).has_values
        return not (named or others)
    if parsed.has_values:
        return False
    if requested == "security_answer":
        return len(text.split()) > _ANSWER_WORDS or not is_an_answer(text)
    return True

