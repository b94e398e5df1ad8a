"""An answer and a question in one message: the answer is kept as if sent alone, the question answered
in short, then the next question, within two SMS segments, in English and Spanish, on the web chat and
over SMS, with the intent the model reads for each message, against the real backend API
(tests/actions/conftest.py; the Garza account there, Okafor of data/demo_members.csv):

- "zip es 78620. is this safe? no quiero que me hackeen" at the ZIP / last 4: the ZIP matches, and the
  safety answer is about the ZIP just sent (``messages.safety_given``), never the SSN's with "or send
  your ZIP code instead";
- "la 1, Garcia. ¿y con esto ya no me llega el recibo en papel?", "2. Our dog is Biscuit. Does signing
  up switch me to paperless automatically? I still want paper bills.", "what is the security question
  used for? ok 3 - Westlake" at the menu: the choice and its answer are stored
  (``security_answer.choice_beside_a_question``), the question answered (paper keeps coming: never a
  "Yes" to "does signing up switch me to paperless?"), then the Terms; never the menu again;
- "I should like to use my mother's maiden name; that name is Pemberton.", "... el nombre es
  Castellanos.": the words before the answer are no part of it (``security_answer.marked_answer``);
- "ok. account 1006124578, last name Okafor. why do you need the last name if you have the number?"
  as a first message, read as help: the sign-up starts with the account and its name found
  (``sign_up_start.starts_sign_up``), the why answered, then the e-mail question.
"""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import (Conversation, joined, sign_up_start, sign_up_to, stored_answer_hash,
                                               to_the_proof)
from tests.support.backend_helpers import load_members
from tests.support.replies import reply_in

CHANNELS = ["sms", "web"]
# data/demo_members.csv (loaded without its phone, so no code is texted)
OKAFOR = dict(account="1006124578", name="Okafor", zip="78642", last4="4455")


# The SSN's safety answer and its offer of the ZIP instead, asked for though just sent.
SSN_WORDS = {"en": "The last 4 of the SSN", "es": "Los últimos 4 del SSN"}
ZIP_ASKED = {"en": "send your ZIP code", "es": "envíe su código postal"}


def fits_two_segments(said: str) -> bool:
    return septets(to_gsm7(said)) <= MAX_SEPTETS


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("language", "text"), [
    ("en", "zip is 78620. is this safe? I don't want to get hacked"),
    ("es", "zip es 78620. is this safe? no quiero que me hackeen"),
])
def test_a_safety_question_beside_the_zip_is_about_the_zip(backend, channel, language, text):
    chat = Conversation(language=language, channel=channel)
    to_the_proof(chat, start=sign_up_start(language))
    said = joined(chat.form_turn(text, "ask_safety", 0.91))
    assert chat.slots["identity_proof"] == "verified" and chat.slots["requested_slot"] == "security_question"
    assert reply_in(language, messages.safety_given, "zip") in said, said
    assert SSN_WORDS[language] not in said and ZIP_ASKED[language] not in said, said
    assert "78620" not in said and fits_two_segments(said), said


# (language, channel, text, intent the model reads, question chosen, its answer, what is answered beside)
CHOICES_WITH_A_QUESTION = [
    ("en", "sms", "What was the name of my first dog, that is one I'll remember. Number 2. Pepper", "inform",
     2, "Pepper", None),
    ("es", "sms", "la 1, Garcia. ¿y con esto ya no me llega el recibo en papel?", "ask_paperless", 1, "Garcia",
     messages.paperless_short),
    ("en", "web", "2. Our dog is Biscuit. Does signing up switch me to paperless automatically? I still want paper "
     "bills.", "ask_paperless", 2, "Biscuit", messages.paperless_short),
    ("es", "web", "1. Mi mamá se apellidaba Treviño. ¿Al registrarme me pasan solo a la factura sin papel?",
     "ask_paperless", 1, "Treviño", messages.paperless_short),
    ("en", "web", "what is the security question used for? ok 3 - Westlake", "help", 3, "Westlake", None),
    ("es", "sms", "¿para qué sirve la pregunta de seguridad? ok 3 - Westlake", "help", 3, "Westlake", None),
]


@pytest.mark.parametrize(("language", "channel", "text", "intent", "number", "answer", "beside"),
                         CHOICES_WITH_A_QUESTION)
def test_a_choice_and_its_answer_beside_a_question_are_stored(backend, language, channel, text, intent, number,
                                                              answer, beside):
    chat = sign_up_to(Conversation(language=language, channel=channel), "security_question",
                      sign_up_start(language))
    said = joined(chat.form_turn(text, intent))
    assert chat.slots["security_question"] == str(number) and chat.slots["security_answer"] == "stored", said
    assert verify_answer(stored_answer_hash(backend), answer)
    assert chat.slots["requested_slot"] == "terms_accepted"
    assert reply_in(language, messages.confirm_answer, number).split("(")[0] in said, said
    assert reply_in(language, messages.which_question) not in said and "1, 2" not in said, said
    if beside is not None:
        assert reply_in(language, beside) in said, said
    assert not said.startswith(("Yes", "Sí")) and answer.lower() not in said.lower(), said
    assert fits_two_segments(said), said


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("language", "text", "answer"), [
    ("en", "I should like to use my mother's maiden name; that name is Pemberton.", "Pemberton"),
    ("es", "Quiero usar el apellido de soltera de mi madre; el nombre es Castellanos.", "Castellanos"),
])
def test_the_words_before_a_short_answer_are_cut_on_both_channels(backend, channel, language, text, answer):
    chat = sign_up_to(Conversation(language=language, channel=channel), "security_question",
                      sign_up_start(language))
    said = joined(chat.form_turn(text))
    assert chat.slots["security_question"] == "1" and chat.slots["security_answer"] == "stored", said
    assert verify_answer(stored_answer_hash(backend), answer)
    assert reply_in(language, messages.answer_only, 1) not in said, said


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("language", "text", "found", "email_asked"), [
    ("en", "ok. account 1006124578, last name Okafor. why do you need the last name if you have the number?",
     "Thanks, I found account 1006124578 for Okafor.", "What e-mail address should we use"),
    ("es", "ok. cuenta 1006124578, apellido Okafor. ¿por qué necesitan el apellido si ya tienen el número?",
     "Gracias, encontré la cuenta 1006124578 a nombre de Okafor.", "¿Qué correo electrónico quiere usar"),
])
def test_the_account_and_name_beside_a_why_start_the_sign_up(backend, channel, language, text, found,
                                                             email_asked):
    load_members(backend.session, backend.settings, OKAFOR)
    chat = Conversation(language=language, channel=channel)
    said = joined(chat.message(text, "help", 0.64))
    assert chat.slots["account_number"] == OKAFOR["account"] and chat.slots["member_name"] == "Okafor", said
    assert found in said and email_asked in said, said
    assert reply_in(language, messages.why_name_and_account) in said, said
    assert fits_two_segments(said), said
