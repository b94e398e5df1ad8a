"""The offer to add "the other account" after a registration needs a second account in so many words,
in English and Spanish, against the real backend API (tests/actions/conftest.py; Peña holds 3100000101):

- a formal first message about one account ("register our business account for online access", "on
  behalf of the company") is offered nothing after the registration; a first message naming a second
  account ("... our store and also for the warehouse", "my other account", "tengo dos cuentas") is;
- after registering, "We do not have another account; that is all for today, thank you." is a
  goodbye, whatever the model read: never "send your account number".
"""

from __future__ import annotations

import pytest

from actions.earlier_account import mentions_several_accounts
from tests.support.action_conversation import Conversation, joined

OFFER = {"en": "You mentioned another account", "es": "Nos dijo que tiene otra cuenta"}
YES = {"en": "On behalf of the company, we accept the Terms and Conditions.",
       "es": "En nombre de la empresa, aceptamos los Términos y Condiciones."}
GOODBYE = {"en": "Goodbye! Write to me any time.", "es": "¡Hasta luego! Escríbame cuando quiera."}
SEND_THE_NUMBER = {"en": "send your account number", "es": "envíe su número de cuenta"}

ONE_ACCOUNT = {
    "en": ["Good afternoon. I am the office manager at Hill Country Feed & Supply; the owner has asked me to "
           "register our business account for online access.",
           "Good afternoon. I am the office manager at Hill Country Feed and Supply, and the owner asked me to "
           "register the business account for online access on behalf of the company.",
           "I manage the accounts for our farm and the business",
           "Hello, I am writing on behalf of the company and the owner to register our business account."],
    "es": ["Buenas tardes. Soy la encargada de la oficina de Forrajes Hill Country; el dueño me pidió registrar "
           "la cuenta de nuestro negocio para el acceso en línea.",
           "Buenas tardes, escribo en nombre de la empresa y el negocio para registrar nuestra cuenta.",
           "Administro las cuentas de la granja y el negocio"],
}
TWO_ACCOUNTS = {
    "en": ["I would like to register the account for our store and also for the warehouse",
           "I want to sign up my house and also my barn",
           "I have two accounts to register",
           "please sign up this one, and then my other account",
           "I want to sign up my house and my barn"],
    "es": ["Quiero registrar la cuenta de nuestra tienda y también la de la bodega",
           "quiero registrar mi casa y también el rancho",
           "tengo dos cuentas",
           "quiero registrar esta y luego mi otra cuenta"],
}


def registered(language: str, first: str) -> tuple[Conversation, str]:
    """3100000101 (Pena) registered over SMS in a conversation that began with ``first``."""
    chat = Conversation(language=language, channel="sms")
    replies = chat.start(first)
    for text in ("3100000101", "Pena", "pena@example.com", "78701", "2", "Rex", YES[language]):
        replies = chat.form_turn(text)
    assert chat.slots["outcome"] == "registered", replies
    return chat, joined(replies)


@pytest.mark.parametrize("language,first", [(lang, text) for lang, texts in ONE_ACCOUNT.items() for text in texts])
def test_one_account_in_formal_words_is_offered_no_other(backend, language, first):
    _, reply = registered(language, first)
    assert OFFER[language] not in reply, reply


@pytest.mark.parametrize("language,first", [(lang, text) for lang, texts in TWO_ACCOUNTS.items() for text in texts])
def test_a_second_account_named_is_offered(language, first):
    assert mentions_several_accounts(first)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_second_account_named_at_the_start_is_offered_after_the_first(backend, language):
    _, reply = registered(language, TWO_ACCOUNTS[language][0])
    assert OFFER[language] in reply, reply


@pytest.mark.parametrize("negated", ["We do not have another account.", "No tenemos otra cuenta.",
                                     "I don't have two accounts", "no tengo dos cuentas"])
def test_no_other_account_is_no_second_one(negated):
    assert not mentions_several_accounts(negated)


CLOSING = {"en": "We do not have another account; that is all for today, thank you.",
           "es": "No tenemos otra cuenta, es todo por hoy, gracias"}


@pytest.mark.parametrize("intent", ["out_of_scope", "deny", "never_mind", "goodbye", "thanks", "inform"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_that_is_all_after_registering_is_a_goodbye(backend, language, intent):
    chat, _ = registered(language, TWO_ACCOUNTS[language][0])
    said = joined(chat.message(CLOSING[language], intent=intent, confidence=0.6))
    assert GOODBYE[language] in said, said
    assert SEND_THE_NUMBER[language] not in said.lower(), said
