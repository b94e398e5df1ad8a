"""A member with no e-mail address, or who does not know what one is, gets help at the e-mail step
(real backend API). "I don't think I have one of those. Is that the same as my phone number?" once
heard "That does not look like an e-mail address", and "¿qué es un correo electrónico?" a paperless
answer: now what an address looks like, why it is needed, the ways to one (a family member's, a free
one, member services), then the e-mail question, whatever the model read, nothing counted.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.answers import has_no_email
from actions.language import speaking
from tests.support.action_conversation import at_the_email_step
from tests.support.replies import LONG

QUESTION = {"en": "What e-mail address", "es": "¿Qué correo electrónico"}
HELP = {"en": "An e-mail address looks like name@example.com", "es": "Un correo electrónico es como"}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I don't think I have one of those. Is that the same as my phone number?"),
        ("en", "I don't have e-mail. Never needed it. Can I still do this?"),
        ("en", "what is an email?"),
        ("es", "¿qué es un correo electrónico? ¿es mi número de teléfono?"),
        ("es", "no tengo correo"),
        ("es", "nunca he tenido correo electrónico, ¿qué hago?"),
    ],
)
@pytest.mark.parametrize("intent", ["inform", "out_of_scope", "ask_paperless", "never_mind", "no_bill"])
def test_no_e_mail_gets_help_then_the_e_mail_question(backend, language, text, intent):
    chat = at_the_email_step(language)
    replies = chat.form_or_side_turn(text, intent, 0.7)
    assert replies[0].startswith(HELP[language]) and "@" in replies[0], replies
    assert QUESTION[language] in replies[-1] and len(replies) == 2, replies
    assert chat.slots["requested_slot"] == "email" and chat.slots["goal"] == "register"
    assert not chat.failures("email"), "no address is no failed address"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_help_names_member_services(language):
    with speaking(language):
        said = messages.no_email_help(LONG)
    assert LONG.support_phone in said and LONG.hours_in(language) in said


@pytest.mark.parametrize(
    "text", ["g@example.com", "why do you need my email", "I don't have my bill", "my phone died, one sec", "no"]
)
def test_other_words_are_no_lack_of_e_mail(text):
    assert not has_no_email(text)
