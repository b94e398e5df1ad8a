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

from actions.answers import asks_why, start_question
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to
from tests.support.one_time_code import add_alvarez

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


# What each step's question says, as asked again after the list.
PENDING = {
    "account_number": QUESTION,
    "member_name": {"en": "What is the last name or business name", "es": "¿Qué apellido o nombre de empresa"},
    "email": {"en": "What e-mail address should we use", "es": "¿Qué correo electrónico quiere usar"},
    "identity_proof": {"en": "send the mailing ZIP code on the account, or the last 4",
                       "es": "envíe el código postal (ZIP) de su factura o los últimos 4"},
    "one_time_code": {"en": "send the 6-digit code", "es": "envíe el código de 6 dígitos"},
    "security_question": {"en": "Pick a security question.", "es": "Elija una pregunta de seguridad."},
    "security_answer": {"en": "What is your pet's name? Send your answer", "es": "¿Cómo se llama su mascota?"},
    "terms_accepted": {"en": "do you accept the Terms and Conditions", "es": "¿acepta los Términos y Condiciones"},
}


def _at_step(backend, language: str, step: str) -> Conversation:
    """A sign-up in ``language`` whose question pending is ``step`` (the code: Alvarez, phone on file)."""
    chat = Conversation(language=language)
    if step != "one_time_code":
        return sign_up_to(chat, step, sign_up_start(language))
    add_alvarez(backend)
    chat.start(sign_up_start(language))
    for text in ("7001112223", "Alvarez", "a@example.com", "78660"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == step
    return chat


@pytest.mark.parametrize(("language", "text"), [
    ("en", "what data do you need?"),
    ("en", "what info do you need from me"),
    ("es", "¿qué datos necesitan?"),
    ("es", "¿qué datos les tengo que dar?"),
])
@pytest.mark.parametrize("step", ["account_number", "member_name", "email", "identity_proof", "one_time_code",
                                  "security_question", "security_answer", "terms_accepted"])
def test_what_is_needed_in_other_words_at_every_step_lists_it_then_the_pending_question(backend, language, text, step):
    chat = _at_step(backend, language, step)
    replies = chat.form_or_side_turn(text, "help", 0.99)
    assert all(part in replies[0] for part in NEEDED[language]), replies
    assert PENDING[step][language] in replies[-1], replies
    assert chat.slots["requested_slot"] == step and not chat.failures(step)
    assert chat.slots[step] is None  # no answer, no refusal: the question is still open


@pytest.mark.parametrize("text", ["what do you need the zip or tax id for?", "which account do you need?",
                                  "what name do you need, mine or my husband's?"])
def test_a_why_or_a_question_about_one_thing_is_not_the_list(text):
    assert start_question(text) is None or asks_why(text)
