"""A member with no bill at hand, in the words of a play-test's elderly member (SMS), in English and
Spanish, against the real backend: "I'm not sure what a person means. Can't you find it from my phone
number?" (read as a request for a person) heard the talk-to-a-person reply; "Oh dear I don't have the bill
here" (read as account help) heard where the number is printed, its 6 to 12 digits twice, and "No bill
yet? Ask for a person."

A look-up by phone hears the truth (not here; member services can, at their number), a question about
"a person" is no request for one, and no bill at hand hears plainly what to do, once; the account question
follows, short."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined

PHONE = "1-888-554-4732"  # member services, as the test backend's co-op config gives it
START = {"en": "sign up", "es": "quiero registrarme"}
BY_PHONE = {
    "en": "I'm not sure what a person means. Can't you find it from my phone number? I've had this number 30 years",
    "es": "No entiendo qué es una persona. ¿No me pueden buscar por mi teléfono? Tengo este número hace 30 años",
}
NOT_BY_PHONE_HERE = {"en": "I can't look up an account by phone number here",
                     "es": "Aquí no puedo buscar una cuenta por número de teléfono"}
WHAT_A_PERSON_IS = {"en": "I'm not sure what a person means", "es": "no entiendo qué es una persona"}
BY_A_PERSON = {"en": "By a person I mean", "es": "Con una persona me refiero"}
NO_BILL_HERE = {"en": "Oh dear I don't have the bill here", "es": "Ay, no tengo el recibo aquí"}
OLD_BILL = {"en": "old bill or bill e-mail", "es": "factura anterior o en el correo de su factura"}
PERSON_REPLIES = ("To talk to a person", "Para hablar con una persona", "Ask for a person", "Pida hablar con una persona")
ACCOUNT_QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}
DIGITS = {"en": "6 to 12 digits", "es": "de 6 a 12 dígitos"}


def at_the_account_step(language: str) -> Conversation:
    chat = Conversation(language=language, channel="sms")
    chat.start(START[language])
    assert chat.slots["requested_slot"] == "account_number"
    return chat


def read_as_a_person_request(chat: Conversation, text: str) -> str:
    """One message at the account step the model read as a request for a person (0.78): the form rejects
    it (``human`` steers), its rule runs ``action_human`` and then the form, which asks its question."""
    replies = chat.form_turn(text, "human", 0.78)
    assert chat.rejected
    replies += chat.run("action_human")[1]
    replies += chat.run("action_ask_account_number", recorded=False)[1]
    return joined(replies)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_look_up_by_phone_hears_the_truth_and_the_question(backend, language):
    chat = at_the_account_step(language)
    said = read_as_a_person_request(chat, BY_PHONE[language])
    assert NOT_BY_PHONE_HERE[language] in said and PHONE in said, said
    assert not any(person in said for person in PERSON_REPLIES), said
    assert chat.slots["outcome"] != "human_requested"
    assert said.rstrip().endswith(ACCOUNT_QUESTION[language]), said


@pytest.mark.parametrize("language", ["en", "es"])
def test_what_a_person_means_is_no_request_for_one(backend, language):
    chat = at_the_account_step(language)
    said = read_as_a_person_request(chat, WHAT_A_PERSON_IS[language])
    assert BY_A_PERSON[language] in said and PHONE in said, said
    assert chat.slots["outcome"] != "human_requested"
    assert ACCOUNT_QUESTION[language] in said, said


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["account_help", "no_bill"])
def test_no_bill_at_hand_says_plainly_what_to_do_once(backend, language, intent):
    chat = at_the_account_step(language)
    said = joined(chat.form_or_side_turn(NO_BILL_HERE[language], intent))
    assert PHONE in said and OLD_BILL[language] in said, said
    assert not any(person in said for person in PERSON_REPLIES), said
    assert said.count(DIGITS[language]) <= 1, said
    assert said.rstrip().endswith(ACCOUNT_QUESTION[language]), said


@pytest.mark.parametrize("language", ["en", "es"])
def test_where_the_number_is_names_member_services_not_a_person(backend, language):
    chat = at_the_account_step(language)
    text = {"en": "where is the account number on the bill?", "es": "¿dónde viene el número de cuenta?"}[language]
    said = joined(chat.form_or_side_turn(text, "account_help"))
    assert PHONE in said and not any(person in said for person in PERSON_REPLIES), said
    assert said.count(DIGITS[language]) == 1, said
