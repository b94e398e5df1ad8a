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

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members

# data/demo_members.csv (no phone, so no code is texted)
FISCHER = dict(account="1007561029", name="Fischer", zip="78624", last4="9933")
FISCHER_SECOND = dict(account="100756103011", name="Fischer", zip="78624", last4="9934")
KRAUSE = dict(account="1005899021", name="Krause", zip="78013", last4="")
LONE_STAR = dict(account="25006812", name="Lone Star Pump & Well Company", zip="78654", last4="6611")

WORDS = {
    "en": dict(yes="yes", add="I have another account to add",
               second="100756103011 also Fischer, same email as before",
               found="Thanks, I found account 100756103011 for Fischer.",
               same="same address as before: f***@e***.com",
               name_asked="What is the last name or business name on account",
               proof="To protect your account, send the mailing ZIP code",
               zip_ok="I don't have his social, is the zip ok? 78013",
               matches="that matches our records", menu="Pick a security question",
               bad_secret="Please send the 5-digit mailing ZIP code",
               business="need online access for the business acct 25006812 - Lone Star Pump and Well Co",
               business_found="Thanks, I found account 25006812 for Lone Star Pump and Well Co.",
               email_asked="What e-mail address should we use"),
    "es": dict(yes="sí, acepto", add="también tengo otra cuenta",
               second="100756103011 también Fischer, el mismo correo de antes",
               found="Gracias, encontré la cuenta 100756103011 a nombre de Fischer.",
               same="mismo correo de antes: f***@e***.com",
               name_asked="¿Qué apellido o nombre de empresa",
               proof="Para proteger su cuenta, envíe el código postal",
               zip_ok="No tengo su social, ¿sirve el zip? 78013",
               matches="coincide con nuestros registros", menu="Elija una pregunta de seguridad",
               bad_secret="Envíe el código postal (ZIP) de envío de 5 dígitos",
               business="necesito acceso en línea para el negocio, cuenta 25006812 - Lone Star Pump and Well Co",
               business_found="Gracias, encontré la cuenta 25006812 a nombre de Lone Star Pump and Well Co.",
               email_asked="¿Qué correo electrónico quiere usar"),
}


@pytest.fixture
def demo(backend):
    load_members(backend.session, backend.settings, FISCHER, FISCHER_SECOND, KRAUSE, LONE_STAR)
    return backend


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_name_beside_the_second_account_s_number_is_read_with_the_same_address(demo, language):
    words = WORDS[language]
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in ("1007561029", "Fischer", "fischer@example.com", "78624", "2", "Rex", words["yes"]):
        chat.form_turn(text)
    assert chat.slots["outcome"] == "registered"
    chat.start(words["add"], "register")
    chat.form_turn("100756103011")
    assert chat.slots["requested_slot"] == "member_name"
    said = joined(chat.form_turn(words["second"]))
    assert words["found"] in said and words["same"] in said, said
    assert words["name_asked"] not in said and words["proof"] in said, said
    assert chat.slots["email"] == "fischer@example.com" and "fischer@example.com" not in said
    assert name_attempts(demo) == 2 and not chat.failures("member_name")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_zip_after_a_question_about_it_is_checked(demo, language):
    words = WORDS[language]
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in ("1005899021", "Krause", "krause@example.com"):
        chat.form_turn(text)
    said = joined(chat.form_turn(words["zip_ok"]))
    assert words["matches"] in said.lower() and words["menu"] in said, said
    assert words["bad_secret"] not in said and "78013" not in said, said
    assert chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_business_name_after_a_dash_beside_the_number_is_read(demo, language):
    words = WORDS[language]
    chat = Conversation(language=language)
    said = joined(chat.start(words["business"]))
    assert words["business_found"] in said and words["email_asked"] in said, said
    assert words["name_asked"] not in said and name_attempts(demo) == 1, said
