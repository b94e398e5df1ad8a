"""Questions about how the sign-up works, asked in the middle of it (a play-test), in English and Spanish,
against the real backend API: each gets its real answer, then the pending question, whether it comes
alone or beside an answer, at any step, and the answer given with it is kept:

- the e-mail address: any address the member reads works (the activation link goes to it);
- the ZIP code: the mailing ZIP on the bill;
- capitals in the security answer: they do not count (the backend compares answers case-insensitively);
- how long it takes: a few minutes, then the activation e-mail and how long its link works.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import (Conversation, at_the_email_step,
                                               at_the_name_step, joined, sign_up_start, sign_up_to, to_the_answer)
from tests.support.replies import reply_in

SAME_EMAIL = {
    "en": ["does it have to be the same email you have on file?", "can I use a different email than the one on my account?",
           "Does the email need to be the same as the one on the bill?"],
    "es": ["¿tiene que ser el mismo correo que tienen registrado?", "puedo usar otro correo?",
           "¿Debe ser el mismo email de mi cuenta?"],
}
WHICH_ZIP = {
    "en": ["is the zip where the house is or where the bill is mailed?", "which zip code, the service address or mailing?",
           "Is it the zip of the property or the billing one?"],
    "es": ["¿el código postal de la casa o donde me llega el recibo?", "cual codigo postal?",
           "¿Es el código postal del servicio o el de envío?"],
}
CASE = {
    "en": ["are the answers case sensitive?", "does capitalization matter?", "Upper or lower case?"],
    "es": ["¿importan las mayúsculas?", "con mayúscula o minúscula?", "¿distingue mayúsculas y minúsculas?"],
}
HOW_LONG = {
    "en": ["how long does this take?", "how long is this going to take", "Will this take long?"],
    "es": ["¿cuánto tarda esto?", "cuanto tiempo lleva el registro?", "¿se tarda mucho?"],
}
TOPICS = [(SAME_EMAIL, messages.any_email_works, ()), (WHICH_ZIP, messages.which_zip, ()),
          (CASE, messages.answers_ignore_case, ()), (HOW_LONG, messages.how_long_it_takes, (CoopConfig(),))]
QUESTIONS = {"account_number": messages.ask_account_number, "email": messages.ask_email}


def _at(step: str, language: str) -> Conversation:
    if step == "member_name":
        return at_the_name_step(start=sign_up_start(language), language=language)
    if step == "email":
        return at_the_email_step(language)
    if step == "security_answer":
        return to_the_answer(language, "2")
    chat = Conversation(language=language)
    return sign_up_to(chat, step, sign_up_start(language))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("topic", range(len(TOPICS)))
@pytest.mark.parametrize("step", ["account_number", "member_name", "email", "identity_proof", "security_question",
                                  "security_answer", "terms_accepted"])
def test_a_question_alone_is_answered_then_the_question_pending(backend, language, topic, step):
    wordings, answer, arguments = TOPICS[topic]
    chat = _at(step, language)
    for text in wordings[language]:
        reply = joined(chat.form_or_side_turn(text, intent="out_of_scope", confidence=0.5))
        assert reply_in(language, answer, *arguments) in reply, (text, reply)
        assert chat.slots["requested_slot"] == step and not chat.failures(step), (text, reply)
        assert septets(to_gsm7(reply)) <= MAX_SEPTETS, reply
        assert chat.slots[step] is None, "the question is no answer"


# A value with a question beside it: the question's answer, and the value kept (the next step asked).
BESIDE_A_VALUE = {
    "email": ({"en": "g@example.com - does it have to be the same email you have on file?",
               "es": "g@example.com ¿tiene que ser el mismo correo que tienen registrado?"},
              messages.any_email_works, "g@example.com", "identity_proof"),
    "identity_proof": ({"en": "78620, that's where the bill is mailed, is the zip where the house is or where the bill "
                              "is mailed?",
                        "es": "78620 ¿el código postal de la casa o donde me llega el recibo?"},
                       messages.which_zip, "verified", "security_question"),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", BESIDE_A_VALUE)
def test_a_question_beside_a_value_keeps_the_value(backend, language, step):
    text, answer, kept, following = BESIDE_A_VALUE[step]
    chat = sign_up_to(Conversation(language=language, channel="sms"), step, sign_up_start(language))
    reply = joined(chat.form_turn(text[language]))
    assert reply_in(language, answer) in reply, reply
    assert chat.slots[step] == kept
    assert chat.slots["requested_slot"] == following
    assert septets(to_gsm7(reply)) <= MAX_SEPTETS, reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_how_long_at_the_start_is_answered_then_the_account_question(backend, language):
    chat = Conversation(language=language, channel="sms")
    text = {"en": "I want to sign up, how long does this take?", "es": "quiero registrarme, ¿cuánto tarda esto?"}[language]
    reply = joined(chat.start(text))
    assert reply_in(language, messages.how_long_it_takes, CoopConfig()) in reply, reply
    assert chat.slots["requested_slot"] == "account_number"
    assert septets(to_gsm7(reply)) <= MAX_SEPTETS, reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_how_long_says_the_backend_s_link_validity(backend_with, language):
    """The activation link's validity is the backend's setting (COOPBOT_ACTIVATION_TTL_HOURS), never a fixed figure."""
    backend_with(activation_ttl_hours=48)
    chat = at_the_email_step(language)
    reply = joined(chat.form_or_side_turn(HOW_LONG[language][0], intent="out_of_scope", confidence=0.5))
    assert "48" in reply, reply
    assert reply_in(language, messages.how_long_it_takes, CoopConfig(activation_ttl_hours=48)) in reply, reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_capitals_in_the_answer_are_said_not_to_count_as_the_backend_compares(backend, language):
    """What the case answer says is what the backend does: an answer stored in capitals matches in lower case."""
    from backend.privacy.hashing import hash_answer, verify_answer

    assert verify_answer(hash_answer("REX"), "rex") and verify_answer(hash_answer("Réx."), "rex")
    chat = to_the_answer(language, "2")
    reply = joined(chat.form_or_side_turn(CASE[language][0], intent="out_of_scope", confidence=0.5))
    assert reply_in(language, messages.answers_ignore_case) in reply, reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_question_beside_the_security_answer_keeps_the_answer(backend, language):
    chat = to_the_answer(language, "2")
    text = {"en": "Rex. are the answers case sensitive?", "es": "Firulais ¿importan las mayúsculas?"}[language]
    reply = joined(chat.form_turn(text))
    assert reply_in(language, messages.answers_ignore_case) in reply, reply
    assert chat.slots["security_answer"] and chat.slots["requested_slot"] == "terms_accepted", reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_question_beside_the_name_keeps_the_name(backend, language):
    chat = at_the_name_step(start=sign_up_start(language), account="7001230103", language=language, channel="sms")
    text = {"en": "Nguyen, how long does this take?", "es": "Nguyen, ¿cuánto tarda esto?"}[language]
    reply = joined(chat.form_turn(text))
    assert reply_in(language, messages.how_long_it_takes, CoopConfig()) in reply, reply
    assert chat.slots["member_name"] and chat.slots["requested_slot"] == "email", reply
    assert septets(to_gsm7(reply)) <= MAX_SEPTETS, reply
