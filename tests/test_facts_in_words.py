"""The facts the bot's replies repeat in words agree with their one definition.

A reply is a translated sentence (its English text is the gettext catalog's key), so
a number or a question inside it cannot be filled in from the definition without
changing every catalog's key. These tests fail when a definition changes and the
sentences that state it in words do not.
"""

from __future__ import annotations

from actions import messages
from actions.backend_client import CoopConfig
from actions.language import speaking
from backend.accounts import registration
from common import normalise, security_questions

_ACCOUNT_LENGTH = f"{normalise.ACCOUNT_MIN_DIGITS} to {normalise.ACCOUNT_MAX_DIGITS}"


def test_the_account_number_length_in_words_is_the_normalisers():
    with speaking("en"):
        assert f"{_ACCOUNT_LENGTH} digits" in messages.ask_account_number()
        assert f"{_ACCOUNT_LENGTH} digits" in messages.bad_account(None, second_time=True)
        assert f"account number has {_ACCOUNT_LENGTH}." in messages.bad_account("123", second_time=False)
        assert f"{_ACCOUNT_LENGTH} digits" in messages.account_help(CoopConfig())


def test_the_backend_serves_the_one_list_of_security_questions(settings_for, sqlite_url):
    served = registration.public_config(settings_for(sqlite_url))["security_questions"]
    assert served == list(security_questions.texts())


def test_the_minimum_answer_length_in_words_is_the_backends():
    with speaking("en"):
        assert f"at least {registration.MIN_ANSWER_LENGTH} letters" in messages.answer_too_short()
