"""A name the first message says in a sentence ("The business name on the account is Hill Country Feed and
Supply Company.", "el negocio se llama Spicewood Veterinary Clinic", "online acct for Lone Star Pump &
Well", "me llamo Jose Robles") is checked with the number: the account is found and the name is not asked
again. A full personal name is sent whole (the backend accepts given names before the surname on file).
Against the real backend API, in English and Spanish."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

CASES = [
    ("en", "The account number is 21840075. The business name on the account is Hill Country Feed and Supply "
           "Company.", "21840075", "Hill Country Feed and Supply Company", "found account 21840075"),
    ("es", "Buenas tardes, quiero registrarme, cuenta 26190447, el negocio se llama Spicewood Veterinary Clinic",
     "26190447", "Spicewood Veterinary Clinic", "encontré la cuenta 26190447"),
    ("en", "need to set up online acct for Lone Star Pump & Well, acct 25006812", "25006812",
     "Lone Star Pump & Well", "found account 25006812"),
    ("es", "necesito acceso para Lone Star Pump & Well, cuenta 25006812", "25006812", "Lone Star Pump & Well",
     "encontré la cuenta 25006812"),
    ("es", "Hola, me llamo Jose Robles y quiero registrarme, mi cuenta es 26190448", "26190448", "Robles",
     "encontré la cuenta 26190448"),
    ("en", "Hi, my name is Jose Robles. I want online access, my account is 26190448", "26190448", "Robles",
     "found account 26190448"),
]


@pytest.mark.parametrize("language,message,account,name,found", CASES)
def test_the_name_in_the_first_message_is_checked(backend, language, message, account, name, found):
    load_members(backend.session, backend.settings, dict(account=account, name=name, zip="78801"))
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.start(message))
    assert found in said, said
    assert "What is the last name" not in said and "Qué apellido" not in said, said
    assert name_attempts(backend) == 1 and chat.failures("member_name") == 0
