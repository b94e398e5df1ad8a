"""A business named after "of" / "de" by the person who acts for it ("Soy el pastor de la Iglesia
Bautista Getsemani ... Cuenta 5101000010", "I'm the treasurer of Grace Fellowship Church, account
...") is the account's name: checked with the number in the same turn (one try), never asked again.
A person's name in such a sentence, the writer's own or another's, is never tried. Against the real
backend API, in English and Spanish."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

MEMBERS = (
    dict(account="5101000010", name="Iglesia Bautista Getsemani", zip="78840", last4="1010"),
    dict(account="5101000013", name="Grace Fellowship Church", zip="78813", last4="1013"),
)
FOUND = {"en": "Thanks, I found account {account} for {name}.",
         "es": "Gracias, encontré la cuenta {account} a nombre de {name}."}


@pytest.mark.parametrize(("language", "first", "account", "name"), [
    ("es", "Bendiciones. Soy el pastor de la Iglesia Bautista Getsemani y queremos registrar la cuenta de la "
           "iglesia en linea. Cuenta 5101000010", "5101000010", "Iglesia Bautista Getsemani"),
    ("es", "Buenas tardes, soy Rosa Elizondo, la tesorera de la Iglesia Bautista Getsemani. Quiero registrar "
           "la cuenta 5101000010", "5101000010", "Iglesia Bautista Getsemani"),
    ("en", "Hi, I'm the treasurer of Grace Fellowship Church, account 5101000013. We'd like to sign up "
           "for online access", "5101000013", "Grace Fellowship Church"),
    ("en", "I'm Mary Jones, treasurer for Grace Fellowship Church. I want to register account 5101000013",
     "5101000013", "Grace Fellowship Church"),
])
def test_the_business_the_writer_acts_for_is_checked_with_the_number(backend, language, first, account, name):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = Conversation(language=language)
    said = joined(chat.start(first))
    assert FOUND[language].format(account=account, name=name) in said, said
    assert chat.slots["member_name"] == name and chat.slots["requested_slot"] == "email"
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("language", "first"), [
    ("es", "Soy el tesorero de Juan Garza, quiero registrar su cuenta 1001234567"),
    ("en", "I'm the bookkeeper of Maria Garza, I want to register account 1001234567"),
])
def test_a_person_named_after_of_is_never_tried(backend, language, first):
    chat = Conversation(language=language)
    chat.start(first)
    assert chat.slots["requested_slot"] == "member_name" and name_attempts(backend) == 0
