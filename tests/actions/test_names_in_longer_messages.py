"""Names in the longer, chattier messages members write, in English and Spanish, against the
real backend API (tests/actions/conftest.py):

- at the name step, acknowledgements ("ok fine.", "bueno pues,"), terms of address ("dear",
  "mijo", "señorita") and "I just told you" / "ya le dije" around the name are no name: the
  name is read, and a message of only such words costs no try;
- in a first message, the name said in the account number's sentence, after "the name on it
  is", in a business name or in a letter's signature is kept (one candidate, one try) and not
  asked again; "in the name of" / "a nombre de" is no part of it;
- a year ("member since 1974", "desde 1974") is no SSN last 4;
- several names in one message still are one try, and only the first candidate can match.
"""

from __future__ import annotations

import pytest

from actions.extract import parse
from tests.support.action_conversation import first_message, name_attempts, said_at_the_name_step

NO_MATCH = ("could not match", "No pude encontrar")
NAME_ASKED = ("What is the last name or business name", "Qué apellido o nombre de empresa")


@pytest.mark.parametrize("text", [
    "ok fine. garza",
    "I just told you dear, it is Garza.",
    "alright then, Garza",
    "ya, garza",
    "Garza, hon",
    "like I said, Garza",
    "sweetie, I just told you. Garza",
    "bueno pues, Garza",
    "ya le dije, mijo, es Garza",
    "joven, ya le dije que Garza",
    "Garza, señorita",
    "sí, ya le dije. Garza",
])
def test_the_name_among_acknowledgements_and_terms_of_address(backend, text):
    chat, reply = said_at_the_name_step(text)
    assert chat.slots["member_name"].lower() == "garza", reply
    assert chat.slots["requested_slot"] == "email"
    assert not any(words in reply for words in NO_MATCH)
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("text", ["ok fine.", "I just told you dear", "bueno pues", "sí, joven", "ok then, hon"])
def test_acknowledgements_alone_cost_no_try(backend, text):
    chat, reply = said_at_the_name_step(text)
    assert chat.slots["member_name"] is None
    assert not any(words in reply for words in NO_MATCH)
    assert name_attempts(backend) == 0


@pytest.mark.parametrize("text", ["I do the books for Garza Ranch LLC", "Llevo la contabilidad de Garza Ranch LLC"])
def test_a_business_name_in_a_sentence_at_the_name_step(backend, text):
    chat, reply = said_at_the_name_step(text, account="20456789")
    assert chat.slots["member_name"] == "Garza Ranch LLC", reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("text", "name"), [
    ("hill country feed and seed inc", "hill country feed and seed inc"),
    ("I keep the books for Hill Country Feed and Seed Inc", "Hill Country Feed and Seed Inc"),
    ("Llevo las cuentas de Ferretería López y Hijos LLC", "Ferretería López y Hijos LLC"),
])
def test_a_business_name_with_and_inside_is_whole(text, name):
    assert parse(text, "member_name").name == name


@pytest.mark.parametrize(("text", "name"), [
    ("hi i want to register my account online. 1001234567, Garza", "Garza"),
    ("hola, quiero registrar mi cuenta en línea. 1001234567, Garza", "Garza"),
    ("Hi, I want to sign up for online access. My account number 1001234567. "
     "The name on it is still my husband's, Garza, Ernesto Garza.", "Garza"),
    ("Hola, quiero registrarme. Mi cuenta es 1001234567. "
     "La cuenta está a nombre de mi esposo, Garza, Ernesto Garza.", "Garza"),
    ("Dear Sir or Madam, This is Maria Garza. I would like to sign up for online access to my account "
     "1001234567. Sincerely, Maria Garza", "Garza"),
    ("Estimados señores: Soy María Garza. Quisiera registrarme para el acceso en línea a mi cuenta "
     "1001234567. Atentamente, María Garza", "Garza"),
    ("Hello. I do the books for Garza Ranch LLC. Our account is 20456789.", "Garza Ranch LLC"),
    ("Hola. Llevo la contabilidad de Garza Ranch LLC. Nuestra cuenta es 20456789.", "Garza Ranch LLC"),
])
def test_the_name_in_a_first_message_is_kept_with_one_try(backend, text, name):
    chat, reply = first_message(text)
    assert chat.slots["member_name"] == name, reply
    assert chat.slots["requested_slot"] == "email"
    assert not any(words in reply for words in NAME_ASKED + NO_MATCH)
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("language", "text", "shown"), [
    ("en", "Hello. Account 1001234567, in the name of Garza, I would like to register online.",
     "found account 1001234567 for Garza."),
    ("en", "Hello, account 1001234567 under the name of Garza please", "found account 1001234567 for Garza."),
    ("es", "Hola. Cuenta 1001234567, a nombre de Garza, quiero registrarme.",
     "encontré la cuenta 1001234567 a nombre de Garza."),
    ("es", "Hola. Cuenta 1001234567 bajo el nombre de Garza, por favor.",
     "encontré la cuenta 1001234567 a nombre de Garza."),
])
def test_the_words_that_introduce_the_name_are_no_part_of_it(backend, language, text, shown):
    chat, reply = first_message(text, language)
    assert shown in reply, reply
    assert "for of" not in reply and "de de" not in reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("text", [
    "Hello, I have been a member of the co-op since 1974 and I want to sign up for online access.",
    "We joined back in 1988. I want to register my account 1001234567",
    "Hola, soy socia de la cooperativa desde 1974 y quiero registrarme en línea.",
    "Somos socios desde el año 1988. Quiero registrar la cuenta 1001234567",
])
def test_a_year_is_no_last_4(backend, text):
    chat, reply = first_message(text)
    assert "only after your account number" not in reply and "después de su número de cuenta" not in reply
    assert chat.slots["identity_proof"] is None
    assert name_attempts(backend) == 0


@pytest.mark.parametrize(("text", "matches"), [
    ("Garza or Smith or Lopez", True),
    ("Garza o Smith o López", True),
    ("Smith or Garza or Lopez", False),
    ("López o Garza o Smith", False),
    ("ok fine. Smith, Garza", False),
    ("The name on it is Smith, Garza, Lopez", False),
    ("bueno pues, Smith o Garza", False),
])
def test_several_names_are_one_try_and_only_the_first_can_match(backend, text, matches):
    chat, reply = said_at_the_name_step(text)
    assert (chat.slots["member_name"] == "Garza") is matches, reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("text", ["1001234567 Smith or Garza or Lopez",
                                  "Account 1001234567. The name on it is Smith, Garza, Lopez.",
                                  "Cuenta 1001234567. Está a nombre de Smith, Garza o López."])
def test_several_names_with_the_account_number_are_at_most_one_try(backend, text):
    chat, _ = first_message(text)
    assert chat.slots["member_name"] is None
    assert name_attempts(backend) <= 1


@pytest.mark.parametrize(("text", "requested", "last4"), [
    ("member of the co-op since 1974", None, None),
    ("we moved here in 2003, account 1001234567", None, None),
    ("socia desde 1974", None, None),
    ("desde el año 1988", None, None),
    ("my social ends in 1974", None, "1974"),
    ("last 4 is 1974", None, "1974"),
    ("1974", "identity_proof", "1974"),
    ("in 1974", "identity_proof", "1974"),
])
def test_a_year_is_read_as_a_year(text, requested, last4):
    assert parse(text, requested).last4 == last4
