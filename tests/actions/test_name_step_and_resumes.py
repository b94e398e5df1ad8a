"""What a play-tester's members sent at the name step, the opening message, the ZIP/SSN step and the
code step, in English and Spanish, against the real backend API (tests/actions/conftest.py):

- at the name step a message that clearly is no name (a request for time, a question, a bare
  menu-like "la 1", the words around a corrected account number or e-mail) costs no try;
- labelled names ("apellido X", "name X") and a name right after the number are read in a first
  message, and the ZIP given with them is kept;
- words of going on with a value ("bueno, continúe. Mi cuenta es ...", "ok continúe, la 1") answer
  the pending question;
- "is it safe to send my SSN?" at the ZIP/SSN step gets the safety answer, not the SSN question;
- no fragment of a word ("access") or filler word ("va") joins a name;
- "I don't have that phone anymore" at the code step says how to update the phone on file.
"""

from __future__ import annotations

import pytest

from actions.extract import parse
from tests.support.action_conversation import (Conversation, first_message, joined, name_attempts,
                                               sign_up_start, sign_up_to, to_the_proof)
from tests.support.one_time_code import ALVAREZ, add_alvarez

NO_MATCH = ("could not match", "No pude encontrar")


def _said_at_the_name_step(text: str, account: str = "1001234567") -> tuple[Conversation, str]:
    """One message at the name step, in the language of its words (a Spanish word or not)."""
    language = "es" if any(ch in text for ch in "áéíóúñ¿") or " es " in f" {text} " or text.startswith("la ") else "en"
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(account)
    assert chat.slots["requested_slot"] == "member_name"
    return chat, joined(chat.form_turn(text))


@pytest.mark.parametrize(("text", "words"), [
    ("espéreme tantito, le pregunto a mi mamá cómo se escribe", "Sin prisa"),
    ("hold on, let me ask my mom how it's spelled", "No rush"),
    ("la 1", "apellido"),
    ("the 1", "last name"),
    ("is it the name on the bill or my own name?", ""),
    ("¿es el nombre del recibo o el mío?", ""),
])
def test_clearly_no_name_costs_no_try(backend, text, words):
    chat, reply = _said_at_the_name_step(text)
    assert chat.slots["requested_slot"] == "member_name"
    assert not any(no in reply for no in NO_MATCH), reply
    assert words in reply
    assert name_attempts(backend) == 0


@pytest.mark.parametrize("text", ["no espera, me equivoqué, es 1001234567",
                                  "no wait, I got it wrong, it's 1001234567"])
def test_a_corrected_account_number_at_the_name_step_costs_no_try(backend, text):
    chat, reply = _said_at_the_name_step(text, account="1009999999")
    assert chat.slots["account_number"] == "1001234567"
    assert "1001234567" in reply and ("Got it, account" in reply or "Entendido, cuenta" in reply), reply
    assert not any(no in reply for no in NO_MATCH)
    assert chat.slots["requested_slot"] == "member_name"
    assert name_attempts(backend) == 0


@pytest.mark.parametrize("text", ["no espera, ese correo ya no lo uso. mejor jh.hoffmann@gmail.com",
                                  "wait, I don't use that email anymore. better jh.hoffmann@gmail.com"])
def test_an_email_at_the_name_step_costs_no_try(backend, text):
    chat, reply = _said_at_the_name_step(text)
    assert chat.slots["email"] == "jh.hoffmann@gmail.com"
    assert not any(no in reply for no in NO_MATCH), reply
    assert name_attempts(backend) == 0


@pytest.mark.parametrize("text", ["1001234567, Garza", "ya lo encontré 1001234567 garza",
                                  "found it 1001234567 garza", "apellido Garza, 1001234567"])
def test_a_name_beside_a_number_at_the_name_step_still_is_one_try(backend, text):
    chat, reply = _said_at_the_name_step(text, account="1009999999")
    assert chat.slots["member_name"].lower() == "garza", reply
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("text", "language"), [
    ("hola, me quiero registrar. cuenta 1001234567, apellido Garza, codigo postal 78620, correo md@live.com", "es"),
    ("hi, I want to sign up. account 1001234567, last name Garza, zip 78620, email md@live.com", "en"),
])
def test_an_all_in_one_first_message_keeps_the_name_and_the_zip(backend, text, language):
    chat, reply = first_message(text, language)
    assert chat.slots["member_name"] == "Garza", reply
    assert chat.slots["identity_proof"] == "verified"
    assert chat.slots["requested_slot"] == "security_question"


@pytest.mark.parametrize(("text", "name"), [
    ("ok english. my account 1003345120 name Nguyen", "Nguyen"),
    ("ya lo encontré 1008437701 hoffmann", "hoffmann"),
    ("found it 1008437701 hoffmann", "hoffmann"),
    ("está a nombre de Garza, cuenta 1001234567", "Garza"),
    ("sign me up for online access, acct 1009317745 Bauer zip 78643", "Bauer"),
    ("regístreme para el acceso en línea, cuenta 1009317745 Bauer zip 78643", "Bauer"),
    ("va, 1001234567 de la cruz", "de la cruz"),
    ("sale, 1001234567 de la cruz", "de la cruz"),
    ("ok, 1001234567 Hill Country Feed and Seed Inc", "Hill Country Feed and Seed Inc"),
    ("ok, 1001234567 Garza Ranch LLC", "Garza Ranch LLC"),
])
def test_labelled_and_plain_names_in_a_first_message(text, name):
    assert parse(text).name == name


@pytest.mark.parametrize("text", ["va, 1001234567 de la cruz", "sale, 1001234567 de la cruz"])
def test_a_filler_word_is_no_part_of_the_name_at_the_name_step(text):
    assert parse(text, "member_name").name == "de la cruz"


@pytest.mark.parametrize("text", ["bueno, continúe. Mi cuenta es 1001234567", "ok go on. my account is 1001234567"])
def test_going_on_with_an_account_number_reads_it(backend, text):
    chat = Conversation()
    chat.start("sign up")
    reply = joined(chat.form_turn(text, intent="affirm"))
    assert chat.slots["account_number"] == "1001234567", reply
    assert chat.slots["requested_slot"] == "member_name"


def test_going_on_with_an_account_number_outside_a_flow_starts_the_sign_up():
    assert parse("bueno, continúe. Mi cuenta es 1001234567").account == "1001234567"
    assert parse("bueno, continúe. Mi cuenta es 1001234567").name is None


@pytest.mark.parametrize("text", ["ok continúe, la 1", "ok go on, the 1"])
@pytest.mark.parametrize("intent", ["affirm", "never_mind", "inform"])
def test_going_on_with_a_menu_choice_reads_it(backend, text, intent):
    chat = sign_up_to(Conversation(), "security_question")
    chat.form_turn(text, intent=intent)
    assert chat.slots["security_question"] in (1, "1"), chat.slots
    assert chat.slots["requested_slot"] == "security_answer"


@pytest.mark.parametrize(("text", "words"), [
    ("¿es seguro mandar el seguro social por mensaje?", "código postal"),
    ("is it safe to send my social security number by text?", "ZIP code instead"),
])
@pytest.mark.parametrize("intent", ["inform", "ask_safety"])
def test_is_it_safe_to_send_the_ssn_gets_the_safety_answer(backend, text, words, intent):
    language = "es" if "seguro" in text else "en"
    chat = sign_up_to(Conversation(language=language), "identity_proof")
    reply = joined(chat.form_or_side_turn(text, intent))
    assert words in reply and ("SSN" in reply), reply
    assert chat.slots["proof_method"] is None
    assert chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize(("language", "text", "words"), [
    ("en", "I don't have that phone anymore, that's my old number", "update it"),
    ("en", "I changed my number", "update it"),
    ("es", "ya no tengo ese teléfono", "actualizarlo"),
    ("es", "cambié de número", "actualizarlo"),
])
@pytest.mark.parametrize("intent", ["inform", "out_of_scope", "change_email"])
def test_a_phone_on_file_that_is_not_theirs_any_more(backend, language, text, words, intent):
    add_alvarez(backend)
    chat = Conversation(language=language)
    to_the_proof(chat, ALVAREZ["account"], ALVAREZ["name"], "a@example.com")
    chat.form_turn(ALVAREZ["zip"])
    assert chat.slots["requested_slot"] == "one_time_code"
    replies = chat.form_or_side_turn(text, intent)
    said = joined(replies)
    assert len(replies) == 1 and words in said and "1-888" in said, replies
    assert not (chat.slots["failures"] or {}).get("one_time_code")
    assert chat.slots["email"] == "a@example.com" and chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize(("language", "first", "fix"), [
    ("es", "1009999999 Garza", "ay perdon, me equivoque, es 1001234567"),
    ("en", "my account is 1009999999, last name Garza", "oops sorry it's 1001234567"),
])
def test_a_corrected_account_number_after_a_mismatch_is_checked_with_the_name_given(backend, language, first, fix):
    """A mistyped number and the right name: the member corrects the number alone. The name they
    gave is checked with it (and matches); the words around the number ("ay perdon") are no name
    and cost no try. It cost a second try, one short of the lock, before."""
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    mismatch = joined(chat.form_turn(first))
    assert any(no in mismatch for no in NO_MATCH), mismatch
    reply = joined(chat.form_turn(fix))
    assert chat.slots["member_name"] == "Garza" and chat.slots["account_number"] == "1001234567", reply
    assert "1001234567" in reply and not any(no in reply for no in NO_MATCH)
    assert name_attempts(backend) == 2  # the mismatch, then the match


@pytest.mark.parametrize(("language", "text"), [("en", "what do you mean?"), ("es", "¿cómo que no?")])
def test_after_a_mismatch_a_message_with_no_name_tries_nothing_again(backend, language, text):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn("1009999999 Garza")
    reply = joined(chat.form_turn(text))
    assert name_attempts(backend) == 1 and chat.slots["requested_slot"] == "member_name", reply
