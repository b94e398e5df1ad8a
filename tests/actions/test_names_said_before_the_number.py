"""A name said before the account number, inside a sentence, is kept and checked once the number comes;
a reminder before the name at the name question ("ya te dije, ...") is cut and the name tried; the name is
said back as the member wrote it (real backend API, tests/actions/conftest.py).

"... I need to register la cuenta del negocio, Lone Star Pump & Well Company" then "es la 25006812" finds the
account; "la cuenta de mi mama, she is Krause" then the number likewise; "la cuenta es 1008437701 de
Hoffmann" is "a nombre de Hoffmann" (never "de de Hoffmann"); "la razón social es The Pedernales Vineyard
Inc." is said with its "The" (the backend's name key ignores a leading "The").
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

LONE_STAR = dict(account="25006812", name="Lone Star Pump & Well Company", zip="78612", last4="6812")
KRAUSE = dict(account="25006813", name="Krause", zip="78613", last4="6813")
HOFFMANN = dict(account="1008437701", name="Hoffmann", zip="78701", last4="7701")
PEDERNALES = dict(account="5101000017", name="Pedernales Vineyard Inc", zip="78617", last4="0017")
FOUND = {
    "en": "Thanks, I found account {account} for {name}.",
    "es": "Gracias, encontré la cuenta {account} a nombre de {name}.",
}
NAME_ASKED = {
    "en": "What is the last name or business name on account",
    "es": "¿Qué apellido o nombre de empresa aparece en la cuenta",
}
STILL_NEED = {
    "en": "I still need the last name or business name",
    "es": "Todavía necesito el apellido",
}


@pytest.mark.parametrize(("language", "channel", "first", "number", "member"), [
    ("es", "web", "hola buenas, I need to register la cuenta del negocio, Lone Star Pump & Well Company",
     "es la 25006812", LONE_STAR),
    ("en", "web", "hi, I need to register the business account, Lone Star Pump & Well Company",
     "it's 25006812", LONE_STAR),
    ("es", "sms", "hola quiero registrar la cuenta de mi mama, she is Krause, yo le ayudo", "25006813", KRAUSE),
    ("en", "sms", "I want to sign up my mom's account, her last name is Krause", "25006813", KRAUSE),
])
def test_a_name_said_before_the_number_is_checked_with_it(backend, language, channel, first, number, member):
    load_members(backend.session, backend.settings, member)
    chat = Conversation(language=language, channel=channel)
    chat.start(first)
    assert chat.slots["requested_slot"] == "account_number" and name_attempts(backend) == 0
    said = joined(chat.form_turn(number))
    assert FOUND[language].format(account=member["account"], name=member["name"]) in said, said
    assert NAME_ASKED[language] not in said and name_attempts(backend) == 1
    assert chat.slots["member_name"] == member["name"]


@pytest.mark.parametrize(("language", "typed"), [
    ("es", "ya te dije, Lone Star Pump & Well Company"),
    ("en", "I already told you, Lone Star Pump & Well Company"),
    ("en", "like I said, Lone Star Pump & Well Company"),
])
def test_a_reminder_before_the_name_is_cut_and_the_name_tried(backend, language, typed):
    load_members(backend.session, backend.settings, LONE_STAR)
    chat = Conversation(language=language, channel="web")
    chat.start("quiero registrarme" if language == "es" else "sign up")
    chat.form_turn(LONE_STAR["account"])
    assert chat.slots["requested_slot"] == "member_name"
    said = joined(chat.form_turn(typed))
    assert FOUND[language].format(account=LONE_STAR["account"], name=LONE_STAR["name"]) in said, said
    assert STILL_NEED[language] not in said and name_attempts(backend) == 1


def test_de_before_the_name_is_no_part_of_it(backend):
    load_members(backend.session, backend.settings, HOFFMANN)
    chat = Conversation(language="es")
    said = joined(chat.start("hola, quiero registrarme, la cuenta es 1008437701 de Hoffmann"))
    assert "a nombre de Hoffmann." in said and "de de" not in said, said
    assert chat.slots["member_name"] == "Hoffmann"


@pytest.mark.parametrize(("language", "first"), [
    ("es", "Hola, quiero registrarme. La razón social es The Pedernales Vineyard Inc. y la cuenta es 5101000017"),
    ("en", "Hi, I want to sign up. The business name on the account is The Pedernales Vineyard Inc. Account 5101000017"),
])
def test_a_business_name_is_said_as_written_with_its_the(backend, language, first):
    load_members(backend.session, backend.settings, PEDERNALES)
    chat = Conversation(language=language)
    said = joined(chat.start(first))
    assert FOUND[language].format(account=PEDERNALES["account"], name="The Pedernales Vineyard Inc") in said, said
    assert name_attempts(backend) == 1
