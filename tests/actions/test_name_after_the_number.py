"""A name right after the account number is read, with or without a comma, whether words introduce it
("5201000001 the bill says zamora", "cuenta 5201000001 a nombre de zamora", "cuenta 5201000001 apellido
zamora") or it just follows the number ("cuenta 5201000002 Cavazos correo cavazos.r@example.com", where
the word of the next field ends the name and the address is read too). The play-test's members were
asked for the name they had just sent. What follows such words and is no name ("the bill says past
due") costs no try, nor does a time beside the number ("I need registration for March, acct ...",
"necesito registrarme en marzo, cuenta ..."). In English and Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members

MEMBERS = (dict(account="5201000001", name="Zamora", zip="78606", last4="0001"),
           dict(account="5201000002", name="Cavazos", zip="78607", last4="0002"))
FOUND = {"en": "Thanks, I found account {account} for {name}.",
         "es": "Gracias, encontré la cuenta {account} a nombre de {name}."}
EMAIL = "cavazos.r@example.com"
USED = {"en": f"I will use {EMAIL}.", "es": f"Usaré {EMAIL}."}
NAME_ASKED = {"en": "What is the last name or business name on account", "es": "¿Qué apellido o nombre de empresa"}

NAMED = [
    ("en", "5201000001 the bill says zamora"),
    ("en", "5201000001, the bill says zamora"),
    ("en", "acct 5201000001 name zamora"),
    ("en", "5201000001 last name is zamora"),
    ("en", "5201000001 zamora"),
    ("es", "5201000001 el recibo dice zamora"),
    ("es", "cuenta 5201000001 a nombre de zamora"),
    ("es", "cuenta 5201000001 apellido zamora"),
    ("es", "cuenta 5201000001, zamora"),
]
WITH_THE_ADDRESS = [
    ("es", f"cuenta 5201000002 Cavazos correo {EMAIL}"),
    ("es", f"cuenta 5201000002 apellido Cavazos, mi correo es {EMAIL}"),
    ("en", f"acct 5201000002 Cavazos email {EMAIL}"),
    ("en", f"5201000002 the bill says cavazos, e-mail {EMAIL}"),
]


def _first_message(backend, language: str, text: str) -> tuple[Conversation, str]:
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = Conversation(language=language, channel="sms")
    return chat, joined(chat.start(text, intent="inform"))


@pytest.mark.parametrize(("language", "text"), NAMED)
def test_the_name_after_the_number_is_read_in_a_first_message(backend, language, text):
    chat, said = _first_message(backend, language, text)
    assert FOUND[language].format(account="5201000001", name="Zamora") in said, said
    assert NAME_ASKED[language] not in said, said
    assert chat.slots["member_name"] and chat.slots["requested_slot"] == "email", said
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("language", "text"), NAMED)
def test_the_name_after_the_number_is_read_at_the_account_question(backend, language, text):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    said = joined(chat.form_turn(text))
    assert FOUND[language].format(account="5201000001", name="Zamora") in said, said
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 1, said


@pytest.mark.parametrize(("language", "text"), WITH_THE_ADDRESS)
def test_the_name_ends_at_the_next_field_and_the_address_is_read_too(backend, language, text):
    chat, said = _first_message(backend, language, text)
    assert FOUND[language].format(account="5201000002", name="Cavazos") in said, said
    assert USED[language] in said and NAME_ASKED[language] not in said, said
    assert chat.slots["email"] == EMAIL and chat.slots["requested_slot"] == "identity_proof", said
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("language", "text"), [("en", "5201000001 the bill says past due"),
                                                ("es", "5201000001 el recibo dice saldo vencido"),
                                                ("en", "5201000001 the name is on the bill"),
                                                ("es", "cuenta 5201000001 a nombre de mi esposo")])
def test_words_after_the_number_that_are_no_name_cost_no_try(backend, language, text):
    chat, said = _first_message(backend, language, text)
    assert chat.slots["account_number"] == "5201000001" and chat.slots["member_name"] is None, said
    assert chat.slots["requested_slot"] == "member_name" and NAME_ASKED[language] in said, said
    assert name_attempts(backend) == 0


# A month, a day or another word of when beside the number in a first message is no name ("March" and
# "Mayo" are surnames too, but said as when the member wants something, they name no one): never tried.
NOT_A_NAME = [
    ("en", "I need registration for March, acct 5201000001"),
    ("en", "I need registration for March acct 5201000001"),
    ("en", "sign me up for online access in March. acct 5201000001"),
    ("en", "5201000001 for next month"),
    ("en", "acct 5201000001, starting Monday"),
    ("en", "registration for Monday, acct 5201000001"),
    ("es", "necesito registrarme en marzo, cuenta 5201000001"),
    ("es", "registro para marzo, cuenta 5201000001"),
    ("es", "cuenta 5201000001 para el lunes"),
    ("es", "acceso para Mayo, cuenta 5201000001"),
]


@pytest.mark.parametrize(("language", "text"), NOT_A_NAME)
def test_a_month_or_a_day_beside_the_number_is_no_name(backend, language, text):
    chat, said = _first_message(backend, language, text)
    assert chat.slots["account_number"] == "5201000001" and chat.slots["member_name"] is None, said
    assert chat.slots["requested_slot"] == "member_name" and NAME_ASKED[language] in said, said
    assert name_attempts(backend) == 0


@pytest.mark.parametrize(("language", "text"), [
    ("en", "I need registration for March, acct 5201000001 zamora"),
    ("en", "register in March please, acct 5201000001 the bill says zamora"),
    ("es", "necesito registrarme en marzo, cuenta 5201000001 Zamora"),
    ("es", "cuenta 5201000001 a nombre de zamora, para el lunes"),
])
def test_a_name_beside_the_number_is_still_read_beside_a_month(backend, language, text):
    chat, said = _first_message(backend, language, text)
    assert FOUND[language].format(account="5201000001", name="Zamora") in said, said
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 1, said
