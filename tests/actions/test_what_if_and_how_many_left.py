"""Two questions a fifth play-test's members asked in the middle of a sign-up, in English and
Spanish, against the real backend API (tests/actions/conftest.py); the intents are what the trained
model reads for these messages:

- at the Terms, "what happens if I say no? can I still pay online?" (read as ``ask_benefits``)
  hears that without accepting no online access is made and nothing else changes (paying by phone,
  mail or in person, member services' number), then the Terms again: no refusal counted, no list
  of what online access offers;
- "how many more questions are there? this is a lot" (read as ``help``) hears how many are left,
  then the pending question.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.answers import asks_how_many_left, asks_what_if_declined
from tests.support.replies import reply_in
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to

WHAT_IF = {"en": "what happens if I say no? can I still pay online?", "es": "¿y si no acepto qué pasa? ¿puedo pagar igual?"}
WITHOUT = {"en": "Without accepting, I can't make your online access", "es": "Si no acepta, no puedo crear su acceso"}
BY_PHONE = {"en": "pay by phone, by mail or in person", "es": "pagando por teléfono, por correo o en persona"}
TERMS_QUESTION = {"en": "Reply YES to accept", "es": "Responda SÍ para aceptar"}
HOW_MANY = {"en": "how many more questions are there? this is a lot", "es": "¿cuántas preguntas faltan? son muchas"}



@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["ask_benefits", "deny", "help"])
def test_what_if_i_say_no_at_the_terms_is_answered_and_the_terms_asked_again(backend, language, intent):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    replies = chat.form_or_side_turn(WHAT_IF[language], intent, 0.95)
    reply = joined(replies)
    assert replies[0].startswith(WITHOUT[language]) and BY_PHONE[language] in reply, replies
    assert backend.settings.support_phone in replies[0]
    assert TERMS_QUESTION[language] in replies[-1] and len(replies) == 2, replies
    benefits = reply_in(language, messages.benefits, None, True)
    assert benefits not in reply
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None
    assert not chat.failures("terms_accepted") and chat.slots["outcome"] is None
    chat.form_turn("yes I accept" if language == "en" else "sí, acepto", "affirm")
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("step", "left"), [("terms_accepted", 1), ("security_question", 3), ("email", 5)])
def test_how_many_more_questions_says_how_many_are_left(backend, language, step, left):
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    replies = chat.form_or_side_turn(HOW_MANY[language], "help", 1.0)
    assert replies[0] == reply_in(language, messages.questions_left, left), replies
    assert len(replies) == 2 and chat.slots["requested_slot"] == step and not chat.failures(step)


def test_the_count_reads_as_a_member_reads_it():
    assert reply_in("en", messages.questions_left, 1) == "Almost done: this is the last question."
    assert reply_in("en", messages.questions_left, 3) == "3 questions left, this one included."
    assert reply_in("es", messages.questions_left, 3) == "Faltan 3 preguntas, contando esta."


@pytest.mark.parametrize("text", ["si no acepto", "no acepto", "I don't accept", "no"])
def test_a_refusal_is_no_question_about_refusing(text):
    assert not asks_what_if_declined(text)


@pytest.mark.parametrize("text", ["ya casi lo encuentro", "almost done finding it", "how do I pay my bill?"])
def test_words_of_nearly_done_are_no_question_about_the_steps_left(text):
    assert not asks_how_many_left(text)
