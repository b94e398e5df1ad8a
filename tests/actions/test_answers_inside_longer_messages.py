"""An answer given inside a longer message is read, never asked for again, in English and Spanish, with
members of data/demo_members.csv, against the real backend API (tests/actions/conftest.py):

- a second account at its name step, "100756103011 also Fischer, same email as before", "... también
  Fischer, el mismo correo de antes": "also" before the name is no part of it, the name is found (one
  try) and the address is the one this conversation signed up with, confirmed masked;
- "I don't have his social, is the zip ok? 78013", "No tengo su social, ¿sirve el zip? 78013" at the proof: the number is the ZIP the message names,
  not an SSN's last 4 of the wrong length; the check itself answers "is the zip ok?";
- "need online access for the business acct 25006812 - Lone Star Pump and Well Co": a business's name
  as printed after the number (a spaced dash between them) is the name, an everyday word in it too.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, first_message, joined, name_attempts, sign_up_start, to_the_proof
from tests.support.backend_helpers import load_members

# data/demo_members.csv (no phone, so no code is texted)
FISCHER = dict(account="1007561029", name="Fischer", zip="78624", last4="9933")
FISCHER_SECOND = dict(account="100756103011", name="Fischer", zip="78624", last4="9934")
KRAUSE = dict(account="1005899021", name="Krause", zip="78013", last4="")
LONE_STAR = dict(account="25006812", name="Lone Star Pump & Well Company", zip="78654", last4="6611")

# What the name question and the proof's question say.
NAME_ASKED = {"en": "What is the last name or business name on account", "es": "¿Qué apellido o nombre de empresa"}
PROOF_ASKED = {"en": "To protect your account, send the mailing ZIP code",
               "es": "Para proteger su cuenta, envíe el código postal"}


@pytest.fixture
def demo(backend):
    load_members(backend.session, backend.settings, FISCHER, FISCHER_SECOND, KRAUSE, LONE_STAR)
    return backend


@pytest.mark.parametrize(("language", "yes", "add", "second", "found", "same"), [
    ("en", "yes", "I have another account to add", "100756103011 also Fischer, same email as before",
     "Thanks, I found account 100756103011 for Fischer.", "same address as before: f***@e***.com"),
    ("es", "sí, acepto", "también tengo otra cuenta", "100756103011 también Fischer, el mismo correo de antes",
     "Gracias, encontré la cuenta 100756103011 a nombre de Fischer.", "mismo correo de antes: f***@e***.com"),
])
def test_the_name_beside_the_second_account_s_number_is_read_with_the_same_address(demo, language, yes, add, second,
                                                                                   found, same):
    chat = Conversation(language=language)
    to_the_proof(chat, FISCHER["account"], "Fischer", "fischer@example.com", sign_up_start(language))
    for text in (FISCHER["zip"], "2", "Rex", yes):
        chat.form_turn(text)
    assert chat.slots["outcome"] == "registered"
    chat.start(add, "register")
    chat.form_turn(FISCHER_SECOND["account"])
    assert chat.slots["requested_slot"] == "member_name"
    said = joined(chat.form_turn(second))
    assert found in said and same in said, said
    assert NAME_ASKED[language] not in said and PROOF_ASKED[language] in said, said
    assert chat.slots["email"] == "fischer@example.com" and "fischer@example.com" not in said
    assert name_attempts(demo) == 2 and not chat.failures("member_name")


@pytest.mark.parametrize(("language", "zip_ok", "matches", "menu", "bad_secret"), [
    ("en", "I don't have his social, is the zip ok? 78013", "that matches our records", "Pick a security question",
     "Please send the 5-digit mailing ZIP code"),
    ("es", "No tengo su social, ¿sirve el zip? 78013", "coincide con nuestros registros",
     "Elija una pregunta de seguridad", "Envíe el código postal (ZIP) de 5 dígitos de su factura"),
])
def test_the_zip_after_a_question_about_it_is_checked(demo, language, zip_ok, matches, menu, bad_secret):
    chat = Conversation(language=language)
    to_the_proof(chat, KRAUSE["account"], "Krause", "krause@example.com", sign_up_start(language))
    said = joined(chat.form_turn(zip_ok))
    assert matches in said.lower() and menu in said, said
    assert bad_secret not in said and "78013" not in said, said
    assert chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize(("language", "business", "found", "email_asked"), [
    ("en", "need online access for the business acct 25006812 - Lone Star Pump and Well Co",
     "Thanks, I found account 25006812 for Lone Star Pump and Well Co.", "What e-mail address should we use"),
    ("es", "necesito acceso en línea para el negocio, cuenta 25006812 - Lone Star Pump and Well Co",
     "Gracias, encontré la cuenta 25006812 a nombre de Lone Star Pump and Well Co.", "¿Qué correo electrónico quiere usar"),
])
def test_a_business_name_after_a_dash_beside_the_number_is_read(demo, language, business, found, email_asked):
    _, said = first_message(business, language)
    assert found in said and email_asked in said, said
    assert NAME_ASKED[language] not in said and name_attempts(demo) == 1, said
