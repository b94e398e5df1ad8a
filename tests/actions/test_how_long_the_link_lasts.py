"""How long the activation link works, asked after the sign-up, beside an answer, or with the Terms' yes.

A play-test's member, once the activation mail had gone, wrote "I don't have another account. how long
is the link good for?": the model read a mail not received and the link was sent again, unasked. A
question about the link ("how long is the link good for?", "¿cuánto dura el enlace?", "does the link
expire?") is answered with the backend's ``activation_ttl_hours`` and sends nothing; "send the link
again", "the link didn't arrive" still resend it. Beside an answer ("a@example.com. and how long does the
link you send stay good for?") the answer is read, the question answered, then the pending question.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from common.gsm import turn_segments
from tests.support.action_conversation import Conversation, at_the_email_step, joined, sign_up_start, sign_up_to
from tests.support.replies import reply_in

YES = {"en": "yes I accept", "es": "sí, acepto"}
ABOUT_THE_LINK = {
    "en": ["I don't have another account. how long is the link good for?", "does the link expire?",
           "how long does the activation link last?"],
    "es": ["no tengo otra cuenta. ¿cuánto dura el enlace?", "¿el enlace caduca?", "¿hasta cuándo sirve el enlace?"],
}
AGAIN = {"en": ["send the link again", "the link didn't arrive"],
         "es": ["mándeme el enlace otra vez", "no me llegó el enlace"]}
# How Rasa answers such a message outside the form: the model's reading picks the action (data/rules.yml).
READ_AS = [("email_not_received", "action_resend_email"), ("out_of_scope", "action_side_answer"),
           ("inform", "action_side_answer")]


def hours(backend) -> CoopConfig:
    return CoopConfig(activation_ttl_hours=backend.settings.activation_ttl_hours)


def registered_here(language: str) -> Conversation:
    chat = sign_up_to(Conversation(language=language, channel="web"), "terms_accepted", sign_up_start(language))
    chat.form_turn(YES[language], "affirm")
    assert chat.slots["outcome"] == "registered"
    return chat


@pytest.mark.parametrize("language, text", [(language, text) for language, texts in ABOUT_THE_LINK.items()
                                            for text in texts])
@pytest.mark.parametrize("intent, action", READ_AS)
def test_a_question_about_the_link_after_the_sign_up_is_answered_and_sends_nothing(backend, language, text, intent,
                                                                                   action):
    chat = registered_here(language)
    said = chat.message(text, intent, action=action)
    assert said == [reply_in(language, messages.link_lasts, hours(backend), True)], said
    assert chat.slots["outcome"] == "registered", "nothing was resent"


@pytest.mark.parametrize("language, text", [(language, text) for language, texts in AGAIN.items() for text in texts])
def test_asking_for_the_link_again_still_resends_it(backend, language, text):
    chat = registered_here(language)
    said = joined(chat.message(text, "email_not_received", action="action_resend_email"))
    assert chat.slots["outcome"] == "resent", said
    assert reply_in(language, messages.link_lasts, hours(backend), True) not in said


BESIDE_THE_ADDRESS = {"en": "a@example.com. and how long does the link you send stay good for?",
                      "es": "a@example.com. ¿y cuánto tiempo dura el enlace que me mandan?"}
PROOF_ASKED = {"en": "mailing ZIP code", "es": "código postal"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_question_about_the_link_beside_the_address_is_answered_before_the_next_question(backend, language):
    chat = at_the_email_step(language)
    chat.channel = "sms"
    said = chat.form_or_side_turn(BESIDE_THE_ADDRESS[language])
    assert chat.slots["email"] == "a@example.com" and chat.slots["requested_slot"] == "identity_proof", said
    link = said.index(reply_in(language, messages.link_lasts, hours(backend)))
    assert 0 < link < len(said) - 1 and PROOF_ASKED[language] in said[-1], said
    assert turn_segments(said) <= 2, (turn_segments(said), said)


ACCEPTED_WITH_A_QUESTION = {"en": "yes I agree. so how long is that link good for?",
                            "es": "sí, acepto. ¿y cuánto dura el enlace?"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_terms_accepted_with_a_question_about_the_link_hear_how_long_it_lasts(backend, language):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    said = chat.form_turn(ACCEPTED_WITH_A_QUESTION[language], "affirm")
    assert chat.slots["outcome"] == "registered", said
    assert said[-1] == reply_in(language, messages.link_lasts, hours(backend), True), said
    assert reply_in(language, messages.side_question_again) not in joined(said)
