"""A question asked with a sign-up request or beside an answer is answered, then the pending question
(a tenth play-test), in English and Spanish, against the real backend API:

- "hola quiero registrarme pero no tengo correo electronico, se puede?": the no-e-mail help first,
  never only "Claro ... ¿Cuál es su número de cuenta?";
- "1001234567 Garza. pero no tengo email, que hago?" at the account question: the account found,
  the no-e-mail help, then the e-mail question (not only after a later "no tengo correo");
- "can I get paperless billing if I register online?" and a why as a first message: answered, then
  the sign-up's first question.
"""

from __future__ import annotations

import pytest

from actions import messages
from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import Conversation, joined
from tests.support.replies import reply_in

NO_EMAIL_AT_THE_START = {
    "es": "hola quiero registrarme pero no tengo correo electronico, se puede?",
    "en": "hi I want to sign up but I don't have an email, is that ok?",
}
NO_EMAIL_BESIDE_THE_ACCOUNT = {
    "es": "1001234567 Garza. pero no tengo email, que hago?",
    "en": "1001234567 Garza. but I don't have an email, what do I do?",
}
PAPERLESS_AT_THE_START = {
    "es": "Hola! una pregunta antes de registrarme: ¿puedo tener factura sin papel si me registro en linea?",
    "en": "Hello! Quick question before I sign up: can I get paperless billing if I register online?",
}
PAPERLESS = {"es": "factura sin papel", "en": "paperless billing"}
WHY_AT_THE_START = {
    "es": "quiero registrarme, pero para que necesitan mi numero de cuenta?",
    "en": "I want to sign up, but why do you need my account number?",
}
WHY_THE_ACCOUNT = {"es": "Su número de cuenta me dice", "en": "Your account number tells me"}


# The start of the no-e-mail help (``messages.no_email_help``), as the e-mail step says it.
NO_EMAIL_HELP = {"es": "Un correo electrónico es como nombre@ejemplo.com", "en": "An e-mail address looks like name@example.com"}


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_email_in_the_first_message_is_answered_then_the_account_question(backend, language):
    chat = Conversation(language=language)
    replies = chat.start(NO_EMAIL_AT_THE_START[language])
    reply = joined(replies)
    help_text = NO_EMAIL_HELP[language]
    assert help_text in reply, reply
    assert reply.index(help_text) < reply.index(reply_in(language, messages.ask_account_number)), reply
    assert reply.count(help_text) == 1, reply
    assert chat.slots["requested_slot"] == "account_number"


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_email_beside_the_account_is_answered_then_the_email_question(backend, language):
    chat = Conversation(language=language)
    chat.start("quiero registrarme" if language == "es" else "sign up")
    reply = joined(chat.form_turn(NO_EMAIL_BESIDE_THE_ACCOUNT[language]))
    help_text = NO_EMAIL_HELP[language]
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"] == "Garza"
    assert help_text in reply, reply
    assert reply.index(help_text) < reply.index(reply_in(language, messages.ask_email)), reply
    assert chat.slots["requested_slot"] == "email" and not chat.failures("email")
    # Once an address is given, "no e-mail" asks nothing more.
    assert help_text not in joined(chat.form_turn("g@example.com"))


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_paperless_question_in_the_first_message_is_answered_then_the_account_question(backend, language):
    chat = Conversation(language=language)
    reply = joined(chat.start(PAPERLESS_AT_THE_START[language]))
    question = reply_in(language, messages.ask_account_number)
    assert PAPERLESS[language] in reply.split(question)[0].lower(), reply
    assert chat.slots["requested_slot"] == "account_number"


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_why_in_the_first_message_is_answered_then_the_account_question(backend, language):
    chat = Conversation(language=language)
    reply = joined(chat.start(WHY_AT_THE_START[language]))
    question = reply_in(language, messages.ask_account_number)
    assert WHY_THE_ACCOUNT[language] in reply.split(question)[0], reply
    assert reply.count(WHY_THE_ACCOUNT[language]) == 1, reply


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("first", [NO_EMAIL_AT_THE_START, PAPERLESS_AT_THE_START, WHY_AT_THE_START])
def test_the_answer_and_the_first_question_fit_two_sms_segments(backend, language, first):
    reply = joined(Conversation(language=language, channel="sms").start(first[language]))
    assert septets(to_gsm7(reply)) <= MAX_SEPTETS, reply


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_found_account_the_answer_and_the_email_question_fit_two_sms_segments(backend, language):
    chat = Conversation(language=language, channel="sms")
    chat.start("quiero registrarme" if language == "es" else "sign up")
    reply = joined(chat.form_turn(NO_EMAIL_BESIDE_THE_ACCOUNT[language]))
    assert septets(to_gsm7(reply)) <= MAX_SEPTETS, reply
