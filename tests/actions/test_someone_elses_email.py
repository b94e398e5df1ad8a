"""An address that is not the member's own, as a sixth play-test's members asked at the e-mail step,
in English and Spanish, against the real backend API (tests/actions/conftest.py): "I don't have email
of my own, can I use my granddaughters? its kayla.crawford@icloud.com" uses the address AND answers
the question (any address the member can open works: it is where the links go); "stop wait, can I
use my wife's email instead of mine?" hears yes, then the e-mail question, whatever the model read.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.answers import asks_about_someone_elses_email
from tests.support.action_conversation import Conversation, at_the_email_step, joined, sign_up_start
from tests.support.replies import reply_in

QUESTION = {"en": "What e-mail address", "es": "¿Qué correo electrónico"}


@pytest.mark.parametrize(("language", "text", "address"), [
    ("en", "I don't have email of my own, can I use my granddaughters? its kayla.crawford@icloud.com",
     "kayla.crawford@icloud.com"),
    ("es", "no tengo correo, ¿puedo usar el de mi hija? es lupita.g@gmail.com", "lupita.g@gmail.com"),
])
def test_the_address_is_used_and_the_question_answered(backend, language, text, address):
    chat = at_the_email_step(language)
    reply = joined(chat.form_or_side_turn(text, "inform"))
    assert reply_in(language, messages.any_email_you_open) in reply, reply
    assert reply_in(language, messages.confirm_email, address) in reply, reply
    assert chat.slots["email"] == address and chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "stop wait, can I use my wife's email instead of mine?"),
    ("es", "espere, ¿puedo usar el correo de mi esposo en vez del mío?"),
])
@pytest.mark.parametrize("intent", ["never_mind", "help", "change_email", "inform"])
def test_the_question_alone_hears_yes_then_the_e_mail_question(backend, language, text, intent):
    chat = at_the_email_step(language)
    replies = chat.form_or_side_turn(text, intent, 0.7)
    assert replies[0] == reply_in(language, messages.any_email_you_open), replies
    assert QUESTION[language] in replies[-1] and len(replies) == 2, replies
    assert chat.slots["requested_slot"] == "email" and chat.slots["goal"] == "register"
    assert not chat.failures("email")


@pytest.mark.parametrize("text", ["my email is ana@example.com", "can I use my work email?", "use my gmail",
                                  "mi correo es ana@example.com"])
def test_the_member_s_own_address_asks_nothing(text):
    assert not asks_about_someone_elses_email(text)


ACCOUNT_QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}


@pytest.mark.parametrize(("language", "text"), [
    ("en", "can I use my wife's email?"),
    ("es", "¿puedo usar el correo de mi esposo?"),
])
@pytest.mark.parametrize("intent", ["help", "inform"])
def test_asked_before_the_e_mail_step_it_is_answered_then_the_pending_question(backend, language, text, intent):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    replies = chat.form_or_side_turn(text, intent, 0.7)
    assert replies[0] == reply_in(language, messages.any_email_you_open), replies
    assert ACCOUNT_QUESTION[language] in replies[-1] and len(replies) == 2, replies
    assert chat.slots["requested_slot"] == "account_number" and not chat.failures("account_number")
