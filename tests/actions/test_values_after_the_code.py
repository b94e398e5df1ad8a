"""What follows the texted code in the same message is read once the code is right: "Code is 003840. My
email is ..." at the code step confirms the code and the address and asks the security question; "110756
and I'll pick question 2" takes the pet's name question and asks its answer. The code's digits are read
as the code only, and a wrong code reads nothing else (English and Spanish)."""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import Conversation, joined, to_the_proof
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code
from tests.support.replies import reply_in

START = {"en": "sign up", "es": "quiero registrarme"}
ADDRESS = "mthompson.buda@example.com"
WITH_THE_ADDRESS = {"en": "Code is {code}. My email is " + ADDRESS, "es": "El código es {code}. Mi correo es " + ADDRESS}
WITH_THE_CHOICE = {"en": "{code} and I'll pick question 2", "es": "{code} y escojo la pregunta 2"}


def at_the_code_before_the_address(language: str) -> Conversation:
    """The account, name and ZIP in one message: the code is asked before the e-mail address."""
    chat = Conversation(language=language)
    chat.start(START[language])
    chat.form_turn(f"{ALVAREZ['account']} {ALVAREZ['name']} zip {ALVAREZ['zip']}")
    assert chat.slots["requested_slot"] == "one_time_code" and chat.slots["email"] is None
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_address_after_the_code_is_read_and_the_security_question_asked(backend, language):
    add_alvarez(backend)
    chat = at_the_code_before_the_address(language)
    code = last_code(backend)
    replies = chat.form_turn(WITH_THE_ADDRESS[language].format(code=code))
    said = joined(replies)
    assert reply_in(language, messages.code_ok) in said and ADDRESS in said, replies
    assert reply_in(language, messages.ask_security_question) in said
    assert reply_in(language, messages.ask_email) not in said
    assert code not in said
    assert chat.slots["one_time_code"] == "verified" and chat.slots["email"] == ADDRESS
    assert chat.slots["account_number"] == ALVAREZ["account"] and chat.slots["requested_slot"] == "security_question"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_question_chosen_after_the_code_is_taken_and_its_answer_asked(backend, language):
    add_alvarez(backend)
    chat = Conversation(language=language)
    to_the_proof(chat, ALVAREZ["account"], ALVAREZ["name"], "a@example.com")
    chat.form_turn(ALVAREZ["zip"])
    assert chat.slots["requested_slot"] == "one_time_code"
    code = last_code(backend)
    replies = chat.form_turn(WITH_THE_CHOICE[language].format(code=code))
    said = joined(replies)
    assert reply_in(language, messages.code_ok) in said, replies
    assert reply_in(language, messages.ask_security_answer, 2) in said
    assert reply_in(language, messages.ask_security_question) not in said
    assert chat.slots["security_question"] == "2" and chat.slots["requested_slot"] == "security_answer"
    assert chat.slots["account_number"] == ALVAREZ["account"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wrong_code_reads_nothing_else(backend, language):
    add_alvarez(backend)
    chat = at_the_code_before_the_address(language)
    wrong = "000000" if last_code(backend) != "000000" else "111111"
    said = joined(chat.form_turn(WITH_THE_ADDRESS[language].format(code=wrong)))
    assert ADDRESS not in said and chat.slots["email"] is None, said
    assert chat.slots["requested_slot"] == "one_time_code" and chat.failures("one_time_code") == 1


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("after", ["{code} {code}", "{code} or was it 654321?", "{code} zip 78999"])
def test_digits_after_a_right_code_are_no_account_and_no_proof(backend, language, after):
    """A second copy of the code, another six digits or a ZIP after a right code: never a new account
    number that would undo the proof just made (nor a try spent on it), never echoed."""
    add_alvarez(backend)
    chat = at_the_code_before_the_address(language)
    code = last_code(backend)
    said = joined(chat.form_turn(after.format(code=code)))
    assert reply_in(language, messages.code_ok) in said, said
    assert code not in said and "654321" not in said and "78999" not in said
    assert chat.slots["one_time_code"] == "verified" and chat.slots["account_number"] == ALVAREZ["account"]
    assert chat.slots["member_name"] and chat.slots["identity_proof"] == "verified"
    assert chat.slots["requested_slot"] == "email"
