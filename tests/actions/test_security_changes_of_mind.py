"""Play-tested turns at the security question, answer and Terms steps, in English and Spanish:

- a change of mind that names another option at the answer prompt switches to it, nothing stored;
- a security question's words ("maiden name") after the name is verified never reopen the name;
- a request for time is never an answer, and "she says use X" at the Terms corrects the answer;
- a choice with its answer in a sentence takes both; a message that may hold an answer is redacted;
- "ándale" is a yes; a yes/no question repeated for want of understanding says so first.
"""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import (
    Conversation, joined, sign_up_start, sign_up_to, stored_answer_hash, to_the_answer,
)
from tests.support.replies import reply_in


def latest_id(chat: Conversation) -> str:
    return [event for event in chat.events if event.get("event") == "user"][-1]["message_id"]


# --- 1. a change of mind at the answer prompt -------------------------------------------------
@pytest.mark.parametrize(("language", "question", "text", "number"), [
    ("en", "1", "that's wrong, I mean number 3 school", 3),
    ("en", "2", "hmm, no, go back to the maiden name one", 1),
    ("en", "1", "wait, actually the second one", 2),
    ("es", "3", "mmm no, siempre no. la de mi mama", 1),
    ("es", "1", "espera, mejor la otra, la de la mascota", 2),
])
def test_a_change_of_mind_at_the_answer_switches_the_question(backend, language, question, text, number):
    chat = to_the_answer(language, question)
    reply = joined(chat.form_turn(text))
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
    assert chat.slots["security_question"] == str(number)
    assert chat.slots["requested_slot"] == "security_answer"
    assert reply_in(language, messages.ask_security_answer, number) in reply


# --- 2. the security question's words never reopen the account's name ----------------------
@pytest.mark.parametrize(("language", "question", "text"), [
    ("en", "2", "hmm maiden name instead"), ("es", "2", "mejor el apellido de soltera"),
])
def test_maiden_name_at_the_answer_is_the_security_question_not_the_name(backend, language, question, text):
    chat = to_the_answer(language, question)
    chat.form_turn(text, intent="correct")
    assert chat.slots["member_name"] and chat.slots["identity_proof"]
    assert chat.slots["security_question"] == "1" and chat.slots["requested_slot"] == "security_answer"
    assert stored_answer_hash(backend) is None


@pytest.mark.parametrize(("language", "text"), [
    ("en", "that's wrong, I never answered it. I want mother's maiden name"),
    ("es", "eso está mal, no lo contesté. quiero el apellido de soltera de mi mamá"),
])
def test_maiden_name_at_the_terms_is_the_security_question_not_the_name(backend, language, text):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    chat.form_turn(text, intent="correct")
    assert chat.slots["member_name"] and chat.slots["identity_proof"]
    assert chat.slots["security_question"] == "1" and chat.slots["requested_slot"] == "security_answer"
    assert chat.slots["terms_accepted"] is not True


# --- 3. a request for time; a new value at the Terms --------------------------------------
@pytest.mark.parametrize(("language", "text", "reply"), [
    # "brb" steps away: the flow's one pause, as at every step
    ("en", "hold on, I need to ask my business partner which school to use, brb", messages.paused),
    ("en", "hold on, I need to ask my business partner which school to use", messages.take_your_time),
    ("es", "un momento, déjame preguntarle a mi socia cuál escuela poner", messages.take_your_time),
])
def test_a_request_for_time_at_the_answer_is_no_answer(backend, language, text, reply):
    chat = to_the_answer(language, "3")
    said = joined(chat.form_turn(text))
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
    if reply is messages.paused:
        assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    else:
        assert chat.slots["requested_slot"] == "security_answer"
    assert reply_in(language, reply) in said, said


@pytest.mark.parametrize(("language", "text", "answer"), [
    ("en", "ok she says use San Marcos High", "San Marcos High"),
    ("en", "it's Lanier High actually", "Lanier High"),
    ("es", "dice mi socia que mejor pongas San Marcos High", "San Marcos High"),
])
def test_a_new_value_at_the_terms_corrects_the_answer(backend, language, text, answer):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language), "3", "Travis High")
    chat.form_turn(text)
    assert chat.slots["terms_accepted"] is not True
    if chat.slots["requested_slot"] == "security_answer":
        chat.form_turn(answer)
    assert verify_answer(stored_answer_hash(backend), answer)
    assert chat.slots["requested_slot"] == "terms_accepted"


# --- 4. a choice with its answer in a sentence; redaction ----------------------------------
@pytest.mark.parametrize(("language", "text", "answer"), [
    ("en", "The same as before, please: my mother's maiden name, which was Ekström. "
           "And yes, I accept the Terms and Conditions.", "Ekström"),
    ("en", "my mother's maiden name, which was Ekström", "Ekström"),
    ("es", "la de mi mamá, se llamaba Ekström", "Ekström"),
    ("es", "la de mi mamá, se llamaba Ekström. Y sí, acepto los términos.", "Ekström"),
])
def test_a_choice_with_its_answer_in_a_sentence_takes_both(backend, language, text, answer):
    chat = sign_up_to(Conversation(language=language), "security_question", sign_up_start(language))
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_question"] == "1" and chat.slots["security_answer"] == "stored"
    assert verify_answer(stored_answer_hash(backend), answer)
    assert chat.slots["redact_message_id"] == latest_id(chat)
    assert answer.lower() not in reply.lower()
    assert chat.slots["terms_accepted"] is None  # a yes counts only once the Terms were shown (the Terms follow)


@pytest.mark.parametrize(("language", "step", "text"), [
    ("en", "security_question", "the same one as last time, which was Ekström, you know"),
    ("en", "security_answer", "well it depends, the one I used was Ekström but maybe not?"),
    ("es", "security_question", "la misma de antes, que era Ekström, ¿no?"),
    ("es", "security_answer", "pues depende, la que usé se llamaba Ekström pero no sé"),
    ("en", "security_answer", "is it ok if it was Ekström?"),
    ("es", "security_question", "¿puede ser la de antes, que era Ekström?"),
])
def test_a_message_that_may_hold_an_answer_is_redacted(backend, language, step, text):
    if step == "security_question":
        chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    else:
        chat = to_the_answer(language, "1")
    reply = joined(chat.form_turn(text))
    assert chat.slots["redact_message_id"] == latest_id(chat)
    assert "ekstr" not in reply.lower()


# --- 5. Mexican yes; a repeated yes/no question says it was not understood ------------------
@pytest.mark.parametrize("text", ["ándale", "órale", "va pues", "sale pues"])
def test_mexican_yes_accepts_the_terms(backend, text):
    chat = sign_up_to(Conversation(language="es"), "terms_accepted", sign_up_start("es"))
    chat.form_turn(text)
    assert chat.slots["terms_accepted"] is True


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_terms_question_repeated_for_want_of_understanding_says_so(backend, language):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    reply = joined(chat.form_turn("purple elephant"))
    assert chat.slots["terms_accepted"] is not True
    assert reply.startswith(reply_in(language, messages.not_understood))
