"""The one-time code asked alone, and asked once per phone in a conversation (real backend API).

- A ZIP given early (at the e-mail question) that texts a code gets a reply that asks for the
  code only; the e-mail question comes after the code, never in the same turn.
- A second account with the same phone on file, in the conversation that proved that phone
  by a code minutes earlier, is not texted another code: the e-mail question is the one asked.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.one_time_code import ALVAREZ, CODE, add_alvarez, last_code, texts

# A second account of the same member, with the same phone on file.
ALVAREZ_SHOP = dict(ALVAREZ, account="7001112229", meter="M70009")
WORDS = {
    "en": dict(code="texted a 6-digit code to the phone on file ending in 0177",
               email="What e-mail address should we use", matches="matches our records",
               right="code is right", add="I have another account to add", yes="yes",
               forgot="I already registered but I forgot my password", hedge="If this account has an online login"),
    "es": dict(code="le mandé un código de 6 dígitos al teléfono registrado que termina en 0177",
               email="¿Qué correo electrónico quiere usar", matches="coincide con nuestros registros",
               right="el código es correcto", add="también tengo otra cuenta", yes="sí, acepto",
               forgot="ya me registré pero olvidé mi contraseña", hedge="Si esta cuenta tiene acceso en línea"),
}


@pytest.fixture
def two_accounts(backend):
    return add_alvarez(backend, ALVAREZ_SHOP)


def codes_texted(backend) -> int:
    """The texts that carried a code (a notice of the sign-up may go to the phone too)."""
    return sum(1 for text in texts(backend.settings) if CODE.search(text["body"]))


def at_the_email(chat: Conversation, member: dict, start: str) -> None:
    chat.start(start, "register")
    chat.form_turn(member["account"])
    chat.form_turn(member["name"])
    assert chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_zip_given_at_the_email_question_asks_for_the_code_alone(two_accounts, language):
    words = WORDS[language]
    chat = Conversation(language=language)
    at_the_email(chat, ALVAREZ, sign_up_start(language))
    reply = joined(chat.form_turn(ALVAREZ["zip"]))
    assert words["code"] in reply and words["email"] not in reply, reply
    assert chat.slots["requested_slot"] == "one_time_code"
    reply = joined(chat.form_turn(last_code(two_accounts)))
    assert words["right"] in reply and words["email"] in reply, reply
    assert chat.slots["requested_slot"] == "email"


def signed_up_with_the_code(backend, language: str) -> Conversation:
    """Alvarez signed up in this chat, the phone on file proven by the texted code."""
    words = WORDS[language]
    chat = Conversation(language=language)
    at_the_email(chat, ALVAREZ, sign_up_start(language))
    chat.form_turn("a@example.com")
    chat.form_turn(ALVAREZ["zip"])
    chat.form_turn(last_code(backend))
    chat.form_turn("2")
    chat.form_turn("Rex")
    chat.form_turn(words["yes"])
    assert chat.slots["outcome"] == "registered"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reset_right_after_signing_up_here_says_what_was_mailed(two_accounts, language):
    words = WORDS[language]
    chat = signed_up_with_the_code(two_accounts, language)
    chat.start(words["forgot"], "forgot_password")
    chat.form_turn(ALVAREZ["account"])
    chat.form_turn(ALVAREZ["name"])
    reply = joined(chat.form_turn(ALVAREZ["zip"]))
    assert words["hedge"] not in reply and "a***@e***.com" in reply, reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_second_account_with_the_phone_proven_here_gets_no_second_code(two_accounts, language):
    words = WORDS[language]
    chat = signed_up_with_the_code(two_accounts, language)
    sent = codes_texted(two_accounts)
    at_the_email(chat, ALVAREZ_SHOP, words["add"])
    reply = joined(chat.form_turn(ALVAREZ_SHOP["zip"]))
    assert words["matches"] in reply and words["email"] in reply and words["code"] not in reply, reply
    assert chat.slots["requested_slot"] == "email"
    assert codes_texted(two_accounts) == sent  # no second code texted
