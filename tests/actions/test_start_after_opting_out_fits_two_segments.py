"""START / INICIAR after an opt-out in the middle of a sign-up (a play-test: Spanish INICIAR sent three
texts, the resubscribe confirmation, "¡Qué bueno tenerle de vuelta! Sigamos donde se quedó." and the
pending question): the carrier's confirmation, a few words and the pending question in short go
within two SMS segments together, in English and Spanish, at every step."""

from __future__ import annotations

import pytest

from common.gsm import texted_together, turn_segments
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to
from webhook.sms import texts

STEPS = ("account_number", "member_name", "email", "identity_proof", "security_question", "security_answer",
         "terms_accepted")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", STEPS)
def test_start_in_a_sign_up_is_the_confirmation_and_the_question_in_two_segments(backend, language, step):
    chat = sign_up_to(Conversation(language=language, channel="sms"), step, sign_up_start(language))
    chat.user("/greet", "greet")
    chat.events[-1]["metadata"]["texts_back_on"] = True
    said = chat.run("action_side_answer")[1]
    asked = chat.run(f"action_ask_{chat.slots['requested_slot']}")[1]
    assert asked and chat.slots["requested_slot"] == step
    confirmation = texts.opted_in(backend.settings, language)
    turn = texted_together([confirmation] + said + asked)
    assert turn_segments([confirmation] + said + asked) <= 2, turn
    assert len(turn) <= 2, turn
    assert ("left off" if language == "en" else "donde se quedó") in joined(said), said
