"""The member's own words for "account number", typos included, are no name, in English and Spanish,
against the real backend API (tests/actions/conftest.py): "acount numbr 1001234567" gives the account
number and nothing else, so the name is asked without a try of the backend's budget spent; only a
plausible name the member meant as one costs a try.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start

ASKED = {"en": "What is the last name or business name on account 1001234567?",
         "es": "¿Qué apellido o nombre de empresa aparece en la cuenta 1001234567?"}
FOUND = {"en": "Thanks, I found account 1001234567 for Garza.",
         "es": "Gracias, encontré la cuenta 1001234567 a nombre de Garza."}
NO_MATCH = {"en": "could not match", "es": "No pude"}


@pytest.mark.parametrize(("language", "typed"), [
    ("en", "acount numbr 1001234567"),
    ("en", "my accout nmber: 1001234567"),
    ("en", "acct numbre 1001234567"),
    ("es", "numro de cuenta 1001234567"),
    ("es", "nro de cuneta 1001234567"),
    ("es", "mi cuenta nmro 1001234567"),
])
def test_account_number_words_are_no_name_and_cost_no_try(backend, language, typed):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    reply = joined(chat.form_turn(typed))
    assert reply == ASKED[language], reply
    assert name_attempts(backend) == 0 and not chat.failures("member_name")
    assert chat.slots["account_number"] == "1001234567" and not chat.slots["pending_name"]
    assert FOUND[language] in joined(chat.form_turn("Garza"))
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_same_words_at_the_name_step_cost_no_try(backend, language):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    reply = joined(chat.form_turn("acount numbr 1001234567" if language == "en" else "numro de cuneta 1001234567"))
    assert NO_MATCH[language] not in reply and ASKED[language] in reply, reply
    assert name_attempts(backend) == 0 and not chat.failures("member_name")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_name_beside_the_labelled_number_is_still_one_try(backend, language):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    reply = joined(chat.form_turn("acount numbr 1001234567 garza" if language == "en" else "numro de cuenta 1001234567 Garza"))
    assert FOUND[language] in reply, reply
    assert name_attempts(backend) == 1
