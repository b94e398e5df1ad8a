"""Why the e-mail was asked, once the sign-up is done ("why did you ask for my email?", "¿por qué me
pidieron el correo?"): the member heard the e-mail step's help ("... Send it like name@example.com."),
as if the address were asked again. Now what the address is for: the username, where the activation
link went and where reset links go, and that nothing more is needed; nothing is asked, and no "To sign
up, send your account number."
In English and Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from tests.support.action_conversation import Conversation, joined, registered
from tests.support.replies import reply_in

WHY_EMAIL = {"en": ["why did you ask for my email?", "why did you need my email address?"],
             "es": ["¿por qué me pidieron el correo?", "¿para qué querían mi correo?"]}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("intent", ["help", "out_of_scope"])
def test_why_the_email_once_registered_asks_for_nothing(backend, language, which, intent):
    chat = registered(language, "sms")
    said = joined(chat.message(WHY_EMAIL[language][which], intent=intent))
    assert said == reply_in(language, messages.why_the_email_was_asked), said
    assert reply_in(language, messages.step_help, "email", CoopConfig()) not in said, said
    assert reply_in(language, messages.to_sign_up) not in said, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_before_any_sign_up_the_why_says_what_the_email_will_be_for(backend, language):
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.message(WHY_EMAIL[language][0], intent="help"))
    assert reply_in(language, messages.why_the_email_was_asked) not in said, said
    assert said.endswith(reply_in(language, messages.to_sign_up)), said
