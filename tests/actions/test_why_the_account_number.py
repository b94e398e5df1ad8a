"""Why the account number is asked, as a sixth play-test's member asked it at the account step ("why
do you need my account number cant you just look me up by my phone"), in English and Spanish, against
the real backend API (tests/actions/conftest.py): whatever the model read, the member reads why the
number is needed and why a phone alone is not enough, then the account question again, nothing
counted; never only where the number is on the bill. "where is it?" still gets where it is.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.replies import reply_in

WHY = {"en": "A phone number alone can't", "es": "El teléfono solo no basta"}
QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}


@pytest.mark.parametrize(("language", "text"), [
    ("en", "why do you need my account number cant you just look me up by my phone"),
    ("en", "why do you need the account number?"),
    ("es", "¿para qué necesitan el número de cuenta? ¿no me pueden buscar por mi teléfono?"),
    ("es", "y xq necesitan mi numero de cuenta"),
])
@pytest.mark.parametrize("intent", ["account_help", "help", "out_of_scope", "inform"])
def test_why_the_account_number_is_answered_then_asked_again(backend, language, text, intent):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    assert chat.slots["requested_slot"] == "account_number"
    reply = joined(chat.form_or_side_turn(text, intent, 0.8))
    assert WHY[language] in reply and QUESTION[language] in reply, reply
    assert not chat.failures("account_number") and chat.slots["requested_slot"] == "account_number"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_other_steps_keep_their_why(language):
    config = CoopConfig()
    assert reply_in(language, messages.why_step, "email", config) == reply_in(language, messages.step_help, "email",
                                                                             config)
