"""Names, account numbers and the ZIP in whole sentences, in English and Spanish, against the
real backend API (tests/actions/conftest.py).

- words that merely come with the account number ("es el ... creo", "it says Account No. ...",
  "Buenas tardes, mi número de cuenta es el ...") are no name: the name is asked, no try of
  the budget is spent;
- a bare name next to the number still is one ("1001234567 Garza", "20456789 garza ranch llc");
- at the name step the name inside a sentence is found, and one message is one guess: a list
  of surnames tries at most its first candidate, never each of them;
- the ZIP said formally ("the mailing ZIP code on the account is 78620.") is the ZIP.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import (
    Conversation, at_the_name_step, joined, name_attempts, said_at_the_name_step, to_the_proof,
)


@pytest.mark.parametrize(("start", "text"), [
    ("sign up", "acct # 1001234567"),
    ("sign up", "Let me get my glasses. Ok here it is on the paper, it says Account No. 1001234567"),
    ("sign up", "Hello, I'm the bookkeeper at the ranch. Want to register our account 1001234567 for online access."),
    ("sign up", "I think it is 1001234567 but let me double check"),
    ("sign up", "1001234567 I believe"),
    ("sign up", "es el 1001234567 creo"),
    ("sign up", "Déjeme buscar mis lentes. Aquí dice cuenta número 1001234567"),
    ("sign up", "Hola, soy la contadora del rancho. Quiero registrar nuestra cuenta 1001234567 en línea."),
    ("sign up", "1001234567 me parece"),
    # polite words of either language, in a conversation started in Spanish
    ("quiero registrarme", "es el 1001234567"),
    ("quiero registrarme", "Hola, es el 1001234567"),
    ("quiero registrarme", "Buenas tardes, mi número de cuenta es el 1001234567"),
    ("quiero registrarme", "Good afternoon, my account number is 1001234567"),
])
def test_words_with_the_account_number_that_are_no_name_cost_no_try(backend, start, text):
    chat = Conversation()
    chat.start(start)
    reply = joined(chat.form_turn(text))
    assert chat.slots["account_number"] == "1001234567"
    assert chat.slots["requested_slot"] == "member_name"
    assert "could not match" not in reply and "No pude" not in reply
    assert name_attempts(backend) == 0


@pytest.mark.parametrize(("text", "name"), [
    ("1001234567 Garza", "Garza"), ("acct 1001234567 garza", "garza"), ("cuenta 1001234567 Garza", "Garza"),
    ("20456789 Garza Ranch LLC", "Garza Ranch LLC"), ("20456789 garza ranch llc", "garza ranch llc"),
    ("hola. 1001234567 garza", "garza"),
])
def test_a_bare_name_with_the_account_number_is_still_the_name(backend, text, name):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn(text)
    assert chat.slots["member_name"] == name
    assert chat.slots["requested_slot"] == "email"
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("text", "intent"), [
    ("garza, my husband's family is from Monterrey", "inform"),
    ("garza, mi esposo es de Monterrey jaja", "inform"),
    ("As I mentioned, it is Garza.", "inform"),
    ("Como le dije, es Garza.", "inform"),
    ("I am afraid there is some confusion. The last name on the account is Garza.", "inform"),
    ("Creo que hay una confusión. El apellido de la cuenta es Garza.", "inform"),
    ("Well I never told you my name yet! My last name is Garza, that's G-A-R-Z-A. Maria Garza.", "inform"),
    ("¡Todavía no le di mi nombre! Mi apellido es Garza, se escribe G-A-R-Z-A. María Garza.", "inform"),
    ("I already said Garza", "forgot_password"),
    ("Ya le dije Garza", "forgot_password"),
    ("no, I don't have an account yet. last name Garza", "deny"),
    ("no, todavía no tengo cuenta. apellido Garza", "deny"),
    ("The account is under the name Garza.", "inform"),
    ("La cuenta está bajo el nombre Garza.", "inform"),
])
def test_the_name_inside_a_sentence_at_the_name_step(backend, text, intent):
    chat, reply = said_at_the_name_step(text, intent)
    assert chat.slots["member_name"].lower() == "garza", reply
    assert chat.slots["requested_slot"] == "email"
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("text", "intent"), [("Garza. but seriously why both?", "help"),
                                              ("Garza. ¿pero por qué los dos?", "help"),
                                              # no question mark, shorthand: the step's own "why?" check
                                              ("Garza. but seriously why both", "help"),
                                              ("Garza, what's that for", "inform"),
                                              ("Garza. pero xq los dos", "help"),
                                              ("Garza, para q quieren eso", "inform")])
def test_a_why_with_the_name_gets_its_answer_and_the_name_is_read(backend, text, intent):
    chat, reply = said_at_the_name_step(text, intent)
    assert chat.slots["member_name"] == "Garza"
    assert "account number alone is not enough" in reply or "no baste por si solo" in reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("text", ["Smith, Jones, Brown, Garza", "Smith or Garza", "last name is Smith, Garza",
                                  "Pérez, López, Garza", "López o Garza", "mi apellido es Pérez, o Garza"])
def test_a_list_of_surnames_is_one_guess_and_only_its_first(backend, text):
    chat, reply = said_at_the_name_step(text)
    assert chat.slots["member_name"] is None
    assert "found account" not in reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("text", ["Garza, Smith, Jones", "Garza o Pérez"])
def test_a_list_whose_first_surname_is_right_matches_with_one_try(backend, text):
    chat = at_the_name_step()
    chat.form_turn(text)
    assert chat.slots["member_name"] == "Garza"
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("text", ["The mailing ZIP code on the account is 78620.",
                                  "The ZIP code on file for the account is 78620.",
                                  "El código postal de la cuenta es 78620.",
                                  "El código postal que tiene mi cuenta es 78620."])
def test_the_zip_said_formally_is_the_zip(backend, text):
    chat = Conversation()
    to_the_proof(chat)
    assert chat.slots["requested_slot"] == "identity_proof"
    reply = joined(chat.form_turn(text))
    assert chat.slots["identity_proof"] == "verified", reply
    assert "5-digit" not in reply
