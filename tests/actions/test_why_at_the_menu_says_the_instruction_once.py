"""Why a security question is asked, asked at its menu (a tenth play-test), in English and Spanish:
the reason, then the menu once, whose own "Reply 1, 2 or 3" is the only instruction (the reason
said "Reply 1, 2 or 3 to pick one." right before the menu said it again); nothing chosen or counted."""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import joined, to_the_question
from tests.support.replies import reply_in

INSTRUCTION = {"en": "Reply 1, 2 or 3", "es": "Responda 1, 2 o 3"}
REASON = {"en": "The security question protects your online account if you forget your password.",
          "es": "La pregunta de seguridad protege su cuenta en línea si olvida su contraseña."}


@pytest.mark.parametrize("intent", ["inform", "help"])
@pytest.mark.parametrize(("language", "text"), [
    ("en", "and why do you need a security question?"),
    ("es", "y por que necesitan una pregunta de seguridad?"),
])
def test_why_at_the_menu_gives_the_reason_then_the_menu_once(backend, language, text, intent):
    chat = to_the_question(language)
    reply = joined(chat.form_or_side_turn(text, intent=intent))
    assert REASON[language] in reply, reply
    assert reply.count(INSTRUCTION[language]) == 1, reply
    assert reply.count(reply_in(language, messages.ask_security_question)) == 1, reply
    assert chat.slots["requested_slot"] == "security_question" and not chat.failures("security_question")
