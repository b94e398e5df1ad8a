"""A question whether it costs anything beside the name ("Nguyen, does this cost anything?"), in English and
Spanish, against the real backend API: the name is checked and the question answered in short, then the next
question, within two SMS segments (a play-test: the name was checked and the question left unanswered)."""

from __future__ import annotations

import pytest

from actions import messages
from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import at_the_name_step, joined, sign_up_start
from tests.support.replies import reply_in

NAME_AND_COST = {
    "en": ["Nguyen, does this cost anything?", "Nguyen. Is there a fee?", "nguyen, do I have to pay for this?"],
    "es": ["Nguyen, ¿esto cuesta algo?", "Nguyen. ¿tiene algún costo?", "nguyen, hay que pagar?"],
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("wording", range(3))
def test_the_cost_question_beside_the_name_is_answered_and_the_name_checked(backend, language, wording):
    chat = at_the_name_step(start=sign_up_start(language), account="7001230103", language=language, channel="sms")
    reply = joined(chat.form_turn(NAME_AND_COST[language][wording]))
    assert reply_in(language, messages.free_short) in reply, reply
    assert chat.slots["member_name"] and chat.slots["requested_slot"] == "email", reply
    assert septets(to_gsm7(reply)) <= MAX_SEPTETS, reply
