"""At the name step, a surname that is also a word is read as the name where the member plainly gives
it: "the bill says garza" / "el recibo dice garza" in lower case give "garza" (as "The bill says Garza"
does), and a surname that is also a function word ("Es", "La", "De", "Del", "Ya", "Paz", "Luna", "Cruz",
"La Paz", "De La Cruz") sent alone is checked as the name, one try, while the same words inside a
sentence stay words ("ya le dije que es Garza" gives "Garza"). In English and Spanish, against the real
backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members

SURNAMES = ["Es", "La", "De", "Del", "Ya", "Paz", "Luna", "Cruz", "La Paz", "De La Cruz"]
# One account per surname, numbered in the order above.
ACCOUNTS = {name: f"91000000{index:02d}" for index, name in enumerate(SURNAMES)}
FOUND = {"en": "Thanks, I found account {account} for {name}.", "es": "Gracias, encontré la cuenta {account} a nombre de {name}."}


def _at_the_name_step(backend, language: str, account: str) -> Conversation:
    load_members(backend.session, backend.settings,
                 *(dict(account=number, meter=f"S{number[-2:]}", name=name, zip="78620", last4="")
                   for name, number in ACCOUNTS.items()))
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(account)
    assert chat.slots["requested_slot"] == "member_name"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", SURNAMES)
def test_a_surname_that_is_also_a_word_sent_alone_is_the_name(backend, language, name):
    chat = _at_the_name_step(backend, language, ACCOUNTS[name])
    tries = name_attempts(backend)
    said = joined(chat.form_turn(name, intent="affirm" if name == "Ya" else "inform"))
    assert chat.slots["member_name"] == name and chat.slots["requested_slot"] == "email", said
    assert FOUND[language].format(account=ACCOUNTS[name], name=name) in said, said
    assert name_attempts(backend) == tries + 1


@pytest.mark.parametrize(("language", "text"), [("en", "ya"), ("es", "de"), ("es", "es.")])
def test_such_a_word_alone_that_matches_no_account_is_one_try(backend, language, text):
    chat = _at_the_name_step(backend, language, "1001234567")
    tries = name_attempts(backend)
    chat.form_turn(text)
    assert chat.slots["member_name"] is None and name_attempts(backend) == tries + 1


@pytest.mark.parametrize(("language", "text"), [("es", "ya le dije que es Garza"), ("es", "es Garza"),
                                                ("en", "it's Garza, like I said"), ("es", "ya, es Garza")])
def test_the_same_words_in_a_sentence_stay_words(backend, language, text):
    chat = _at_the_name_step(backend, language, "1001234567")
    said = joined(chat.form_turn(text))
    assert chat.slots["member_name"] == "Garza", said


@pytest.mark.parametrize(("language", "text"), [("en", "the bill says garza"), ("es", "el recibo dice garza"),
                                                ("en", "The bill says Garza"), ("es", "en el recibo sale garza")])
def test_the_name_read_off_the_bill_in_lower_case_is_the_name(backend, language, text):
    chat = _at_the_name_step(backend, language, "1001234567")
    tries = name_attempts(backend)
    said = joined(chat.form_turn(text))
    assert (chat.slots["member_name"] or "").lower() == "garza" and chat.slots["requested_slot"] == "email", said
    assert FOUND[language].format(account="1001234567", name="Garza") in said, said
    assert name_attempts(backend) == tries + 1


@pytest.mark.parametrize(("language", "text"), [("en", "the bill says past due"), ("es", "el recibo dice saldo vencido")])
def test_what_the_bill_says_that_is_no_name_costs_no_try(backend, language, text):
    chat = _at_the_name_step(backend, language, "1001234567")
    tries = name_attempts(backend)
    chat.form_turn(text)
    assert chat.slots["member_name"] is None and name_attempts(backend) == tries


@pytest.mark.parametrize("text", ["es la", "es el", "ya es"])
def test_such_words_together_without_a_surname_cost_no_try(backend, text):
    chat = _at_the_name_step(backend, "es", "1001234567")
    tries = name_attempts(backend)
    chat.form_turn(text)
    assert chat.slots["member_name"] is None and name_attempts(backend) == tries
