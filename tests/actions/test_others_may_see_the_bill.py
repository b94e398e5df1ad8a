"""An objection at the sign-up's steps that what is asked is on the bill, so anyone could know it ("but
it's printed on the bill, anybody could see it", "pero cualquiera lo puede ver en la factura"), read by
the model as account help, was answered with where the account number is printed. It is true, and
the member hears so: the bill data only finds the account; an account with a phone on file is also
proven by a code texted to that phone. Then the pending question, nothing read or counted, the whole
turn within two SMS segments. In English and Spanish, against the real backend API."""

from __future__ import annotations

import pytest

from actions import messages
from common.gsm import MAX_SEPTETS, texted_septets
from tests.support.action_conversation import Conversation, assert_asked_again_uncounted, joined, sign_up_start, sign_up_to
from tests.support.replies import reply_in

OBJECTIONS = [("en", "but it's printed on the bill, anybody could see it"),
              ("en", "the zip is on the bill, anyone could know it"),
              ("es", "pero cualquiera lo puede ver en la factura"),
              ("es", "el código postal viene en el recibo, cualquier persona puede saberlo")]


@pytest.mark.parametrize(("language", "said"), OBJECTIONS)
@pytest.mark.parametrize("step", ["identity_proof", "account_number"])
@pytest.mark.parametrize("intent", ["account_help", "out_of_scope"])
def test_the_objection_is_answered_then_the_question(backend, language, said, step, intent):
    chat = Conversation(language=language, channel="sms")
    if step == "account_number":
        chat.start(sign_up_start(language))
    else:
        sign_up_to(chat, step, sign_up_start(language))
    question = chat.run(f"action_ask_{step}", recorded=False)[1][-1]
    reply = joined(chat.form_or_side_turn(said, intent=intent))
    assert reply.startswith(reply_in(language, messages.others_may_see_it)), reply
    assert reply.endswith(question), reply
    assert_asked_again_uncounted(chat, step)
    assert texted_septets(reply) <= MAX_SEPTETS, reply
