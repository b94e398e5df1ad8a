"""A question asked with a sign-up request or with an answer is answered too, in short, then the
pending question (a play-test's members: "... does it cost anything?" heard only "Sure, I can sign you
up", "Nguyen. What happens to my paper bill after this ...?" only the name confirmed). The reverse: a
request read as a safety question ("quiero registrarme. ¿Es seguro ...?") and a formal letter that
requests access start the sign-up, and its first question follows."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, at_the_name_step, joined

FREE = {"en": "online access is free", "es": "usar el acceso en línea es gratis"}
ACCOUNT_QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}
PAPER = {"en": "paper bills keep coming by mail", "es": "facturas en papel le siguen llegando"}
EMAIL_QUESTION = {"en": "What e-mail address", "es": "¿Qué correo electrónico"}
FOUND = {"en": "I found account 1001234567 for Garza", "es": "encontré la cuenta 1001234567 a nombre de Garza"}

COST_WITH_A_REQUEST = [
    ("en", "hi, my son said i should get the online thing for my electric bill. does it cost anything?"),
    ("en", "is online access free? I want to sign up"),
    ("es", "quiero registrarme pero cuesta algo?"),
    ("es", "hola, mi hijo dice que me registre en línea. ¿tiene algún costo?"),
]


@pytest.mark.parametrize(("language", "text"), COST_WITH_A_REQUEST)
def test_a_cost_question_with_a_sign_up_request_hears_free_then_the_first_question(backend, language, text):
    chat = Conversation(language=language)
    reply = joined(chat.message(text, "register", 0.9))
    assert FREE[language] in reply, reply
    assert ACCOUNT_QUESTION[language] in reply.split(FREE[language])[-1], reply
    assert chat.slots["requested_slot"] == "account_number"


PAPER_WITH_THE_NAME = {
    "en": "Garza. What happens to my paper bill after this, does it stop automatically?",
    "es": "Garza. ¿Y el recibo de papel me sigue llegando después de esto?",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_paper_bill_question_with_the_name_is_answered_then_the_next_question(backend, language):
    chat = at_the_name_step(language=language)
    reply = joined(chat.form_turn(PAPER_WITH_THE_NAME[language]))
    assert FOUND[language] in reply, reply
    assert PAPER[language] in reply, reply
    assert EMAIL_QUESTION[language] in reply.split(PAPER[language])[-1], reply
    assert chat.slots["member_name"] == "Garza" and chat.slots["requested_slot"] == "email"


SAFETY_WITH_A_REQUEST = {
    "en": ("Hi, I want to sign up. Is it safe to send my details by text?", "own assistant"),
    "es": ("Hola, quiero registrarme. ¿Es seguro mandar mis datos por texto?", "asistente de"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_sign_up_request_read_as_a_safety_question_starts_the_sign_up(backend, language):
    text, who = SAFETY_WITH_A_REQUEST[language]
    chat = Conversation(language=language)
    reply = joined(chat.message(text, "ask_safety", 0.6))
    assert who in reply, reply
    assert ACCOUNT_QUESTION[language] in reply.split(who)[-1], reply
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "account_number"


LETTERS = {
    "en": ("Dear Sir or Madam, I am writing to request that online account access be established for my "
           "residence. Please advise what information you require. Respectfully, Karl Lindqvist",
           "You will need your account number"),
    "es": ("Estimados señores: por medio de la presente quiero solicitar acceso en línea para mi cuenta. "
           "Les ruego indicarme qué información necesitan. Atentamente, Karl Lindqvist",
           "Necesitará su número de cuenta"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_letter_requesting_access_read_as_a_safety_question_starts_the_sign_up(backend, language):
    text, needed = LETTERS[language]
    chat = Conversation(language=language)
    reply = joined(chat.message(text, "ask_safety", 0.53))
    assert needed in reply, reply
    assert ACCOUNT_QUESTION[language] in reply.split(needed)[-1], reply
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "account_number"
