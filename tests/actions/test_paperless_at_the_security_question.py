"""A question about paperless billing at the security question menu is answered as at the start, in
English and Spanish, then the menu again: never the "any of them works" explanation of the questions,
nothing chosen or counted; by the rule when the model read ``ask_paperless``, by the form otherwise."""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import joined, stored_answer_hash, to_the_question
from tests.support.replies import reply_in


# The start of the usual paperless answer (``messages.paperless``), as said at the start of a conversation.
PAPERLESS = {
    "en": "Your paper bills keep coming by mail, also after you sign up",
    "es": "Las facturas en papel le siguen llegando por correo, también después de registrarse",
}


@pytest.mark.parametrize("intent", ["ask_paperless", "inform", "help"])
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Hey, can we switch the ranch to paperless billing?"),
        ("es", "oiga, ¿podemos pasar el rancho a factura sin papel?"),
    ],
)
def test_a_paperless_question_at_the_menu_is_answered_then_the_menu(backend, language, text, intent):
    chat = to_the_question(language)
    reply = joined(chat.form_or_side_turn(text, intent=intent))
    assert reply_in(language, messages.which_question) not in reply
    assert PAPERLESS[language] in reply, reply
    # The menu, in short where the whole one would cost the SMS turn a segment (flow_actions._ask).
    assert (reply_in(language, messages.ask_security_question) in reply
            or reply_in(language, messages.ask_security_question_short) in reply), reply
    assert chat.slots["security_question"] is None and stored_answer_hash(backend) is None
    assert chat.slots["requested_slot"] == "security_question" and not chat.failures("security_question")
