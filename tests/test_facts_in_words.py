"""The limits the bot's replies state come from their one definition, never from the sentence.

A reply that states a limit (the account-number length of ``common.normalise``, the
minimum answer length the backend serves) takes it as a placeholder, so the catalog's
key stays the same when the limit changes. The replies are checked to follow a changed
definition, and every source text and translation of the bot's catalog is checked not to
spell a limit out, in digits or in words, next to what it limits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from actions import messages
from actions.backend_client import CoopConfig
from actions.language import speaking
from backend.accounts import registration
from common import normalise, security_questions
from common.catalogs import po_path

ROOT = Path(__file__).resolve().parents[1]
_NUMBER_WORDS = {
    1: ("one", "uno", "una"), 2: ("two", "dos"), 3: ("three", "tres"), 4: ("four", "cuatro"),
    5: ("five", "cinco"), 6: ("six", "seis"), 7: ("seven", "siete"), 8: ("eight", "ocho"),
    9: ("nine", "nueve"), 10: ("ten", "diez"), 11: ("eleven", "once"), 12: ("twelve", "doce"),
}
# What each limit limits, as a sentence names it (English and Spanish), and the limits.
_FACTS = [
    (r"account\s+number|n[uú]mero\s+de\s+cuenta", (normalise.ACCOUNT_MIN_DIGITS, normalise.ACCOUNT_MAX_DIGITS)),
    (r"answer|respuesta", (registration.MIN_ANSWER_LENGTH,)),
]


def _account_length() -> str:
    return f"{normalise.ACCOUNT_MIN_DIGITS} to {normalise.ACCOUNT_MAX_DIGITS}"


def test_the_account_number_length_in_replies_is_the_normalisers():
    with speaking("en"):
        assert f"{_account_length()} digits" in messages.ask_account_number()
        assert f"{_account_length()} digits" in messages.bad_account(None, second_time=True)
        assert f"account number has {_account_length()}." in messages.bad_account("123", second_time=False)
        assert f"{_account_length()} digits" in messages.account_help(CoopConfig())


def test_the_replies_follow_a_changed_account_number_length(monkeypatch):
    monkeypatch.setattr(normalise, "ACCOUNT_MIN_DIGITS", 5)
    monkeypatch.setattr(normalise, "ACCOUNT_MAX_DIGITS", 14)
    with speaking("en"):
        replies = [messages.ask_account_number(), messages.bad_account(None, second_time=False),
                   messages.bad_account("123", second_time=False), messages.account_help(CoopConfig())]
    assert all("5 to 14" in reply for reply in replies), replies
    with speaking("es"):
        assert "de 5 a 14 dígitos" in messages.ask_account_number()


def test_the_minimum_answer_length_in_the_reply_is_the_one_the_backend_serves(settings_for, sqlite_url):
    served = registration.public_config(settings_for(sqlite_url))["min_answer_length"]
    assert served == registration.MIN_ANSWER_LENGTH
    with speaking("en"):
        assert f"at least {served} letters or digits" in messages.answer_too_short(CoopConfig(min_answer_length=served))
        assert "at least 3 letters or digits" in messages.answer_too_short(CoopConfig(min_answer_length=3))
        assert "at least 1 letter or digit." in messages.answer_too_short(CoopConfig(min_answer_length=1))
    with speaking("es"):
        assert "por lo menos 3 letras" in messages.answer_too_short(CoopConfig(min_answer_length=3))


def _texts_of_the_bot_catalog() -> list[str]:
    with po_path(ROOT / "actions" / "locale", "es").open("rb") as po:
        catalog = read_po(po, locale="es")
    texts = []
    for message in catalog:
        if message.id:
            for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
                texts.append(text)
            for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
                texts.append(text)
    return texts


def _spelled_limits(text: str) -> list[str]:
    """The limits ``text`` writes out (as digits or words) when it names what they limit."""
    found = []
    for names, limits in _FACTS:
        if not re.search(rf"\b(?:{names})\b", text, re.I):
            continue
        for limit in limits:
            spelled = "|".join((str(limit),) + _NUMBER_WORDS.get(limit, ()))
            found += re.findall(rf"(?<![\w{{-])(?:{spelled})(?![\w}}-])", text, re.I)
    return found


def test_no_reply_spells_out_a_limit():
    spelled = {text: _spelled_limits(text) for text in _texts_of_the_bot_catalog() if _spelled_limits(text)}
    assert spelled == {}


@pytest.mark.parametrize("sentence", [
    "What is your account number? It has 6 to 12 digits.",
    "Un número de cuenta tiene de seis a doce dígitos.",
    "That answer is too short. Please use at least two letters or digits.",
    "Esa respuesta es muy corta. Use por lo menos 2 letras.",
])
def test_a_limit_written_in_a_reply_is_caught(sentence):
    assert _spelled_limits(sentence)


def _account_number_descriptions(node) -> list[str]:
    """The description of every ``account_number`` property in an OpenAPI document."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "account_number" and isinstance(value, dict) and "description" in value:
                found.append(value["description"])
            found += _account_number_descriptions(value)
    elif isinstance(node, list):
        for value in node:
            found += _account_number_descriptions(value)
    return found


def test_the_api_schema_states_the_normalisers_account_number_length():
    spec = yaml.safe_load((ROOT / "backend" / "api" / "openapi.yaml").read_text())
    descriptions = _account_number_descriptions(spec)
    assert descriptions and all(f"{_account_length()} digits" in text for text in descriptions), descriptions


def test_the_backend_serves_the_one_list_of_security_questions(settings_for, sqlite_url):
    served = registration.public_config(settings_for(sqlite_url))["security_questions"]
    assert served == list(security_questions.texts())
