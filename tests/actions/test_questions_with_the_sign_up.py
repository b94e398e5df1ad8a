"""A question asked with the words that start a sign-up, as a sixth play-test's members asked it, in
English and Spanish, against the real backend API (tests/actions/conftest.py): the sign-up starts
and the question is answered as it starts, whatever the model read (``register``, or a formal
letter read as ``out_of_scope``): "oiga y donde viene el numero de cuenta en el recibo? quiero
registrarme" hears where the number is on the bill; "please advise what is required" hears what the
sign-up asks for (account number, name, e-mail, ZIP or last 4, a security question, the Terms).
Then the account question, as always.
"""

from __future__ import annotations

import pytest

from actions.answers import start_question
from tests.support.action_conversation import Conversation, joined

WHERE = {"en": "labeled Account Number", "es": "como Account Number"}
NEEDED = {"en": ("account number and the name on it", "e-mail", "ZIP", "last 4", "security question", "Terms"),
          "es": ("número de cuenta y el nombre", "correo", "código postal", "últimos 4", "pregunta de seguridad",
                 "Términos")}
QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}


@pytest.mark.parametrize(("language", "text", "topic"), [
    ("es", "oiga y donde viene el numero de cuenta en el recibo? quiero registrarme en la pagina", "where"),
    ("en", "I want to sign up, where is the account number on my bill?", "where"),
    ("en", "Good afternoon. I would like to request online access to my electric account, please advise what "
           "is required.", "needed"),
    ("en", "To whom it may concern: I wish to register for online access to my electric cooperative account. "
           "Please let me know what information you require from me.", "needed"),
    ("es", "Buenas tardes, quiero registrarme en línea. ¿Qué datos necesito?", "needed"),
])
@pytest.mark.parametrize("intent", ["register", "out_of_scope"])
def test_the_sign_up_starts_and_the_question_is_answered(backend, language, text, topic, intent):
    chat = Conversation(language=language)
    if intent == "register":
        reply = joined(chat.start(text))
    else:
        reply = joined(chat.message(text, intent, 0.6))
    expected = (WHERE[language],) if topic == "where" else NEEDED[language]
    assert all(part in reply for part in expected), reply
    assert QUESTION[language] in reply and chat.slots["requested_slot"] == "account_number", reply


@pytest.mark.parametrize("text", ["I want to sign up", "quiero registrarme", "sign me up, acct 1001234567",
                                  "what do you mean?", "I need online access"])
def test_plain_sign_up_words_ask_nothing(text):
    assert start_question(text) is None


@pytest.mark.parametrize(("language", "text"), [
    ("es", "buenas tardes, ¿qué información necesitan para registrarme?"),
    ("en", "good afternoon, what information do you need to sign me up?"),
])
@pytest.mark.parametrize("intent", ["greet", "help"])
def test_what_is_needed_as_a_first_greeting_starts_the_sign_up_with_the_list(backend, language, text, intent):
    chat = Conversation(language=language)
    reply = joined(chat.message(text, intent, 0.6))
    assert all(part in reply for part in NEEDED[language]), reply
    assert QUESTION[language] in reply and chat.slots["requested_slot"] == "account_number", reply


@pytest.mark.parametrize(("language", "text"), [
    ("en", "what information do you need?"),
    ("es", "¿qué información necesitan?"),
])
@pytest.mark.parametrize("intent", ["help", "account_help", "inform"])
def test_what_is_needed_at_a_step_lists_it_then_the_pending_question(backend, language, text, intent):
    chat = Conversation(language=language)
    chat.start("sign up" if language == "en" else "quiero registrarme")
    replies = chat.form_or_side_turn(text, intent, 0.7)
    assert all(part in replies[0] for part in NEEDED[language]), replies
    assert WHERE[language] not in joined(replies) and QUESTION[language] in replies[-1], replies
    assert chat.slots["requested_slot"] == "account_number" and not chat.failures("account_number")


@pytest.mark.parametrize(("language", "text"), [
    ("es", "oiga, ¿dónde viene el número de cuenta en el recibo? quiero registrarme"),
    ("en", "where is the account number on the bill? I want to sign up"),
])
def test_where_the_number_is_read_as_account_help_starts_the_sign_up(backend, language, text):
    chat = Conversation(language=language)
    reply = joined(chat.message(text, "account_help", 0.9))
    assert WHERE[language] in reply and QUESTION[language] in reply, reply
    assert chat.slots["requested_slot"] == "account_number"
