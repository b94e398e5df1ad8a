"""A deletion asked for only to sign up again with another address, as a sixth play-test's member
asked it ("hey, I messed up and want to delete my online account so I can redo it with my work
email"), in English and Spanish, against the real backend API (tests/actions/conftest.py): the
change of e-mail is offered instead (it does that without deleting anything) and starts; a member
who still wants the deletion says so and the deletion starts.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.answers import deletes_to_use_another_address
from tests.support.action_conversation import Conversation, joined
from tests.support.replies import reply_in

QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}
ANYWAY = {"en": "no, just delete it please", "es": "no, mejor bórrela por favor"}


@pytest.mark.parametrize(("language", "text"), [
    ("en", "hey, I messed up and want to delete my online account so I can redo it with my work email"),
    ("es", "quiero borrar mi cuenta en línea para registrarme con otro correo"),
])
def test_the_change_of_e_mail_is_offered_and_a_member_who_insists_deletes(backend, language, text):
    chat = Conversation(language=language)
    replies = chat.message(text, "unregister")
    assert replies[0] == reply_in(language, messages.change_email_instead), replies
    assert QUESTION[language] in replies[-1] and chat.slots["goal"] == "change_email"
    # "delete it anyway": the deletion, as asked.
    chat.form_turn(ANYWAY[language], "unregister", 0.95)
    assert chat.rejected
    _, said = chat.run("action_start_flow")
    said += chat.follow_up_form() if chat.slots["goal"] == "unsubscribe" else []
    assert chat.slots["goal"] == "unsubscribe" or chat.slots["pending_switch"] == "unsubscribe", said
    assert reply_in(language, messages.change_email_instead) not in joined(said)


@pytest.mark.parametrize("text", ["delete my online account", "delete my online account, I moved",
                                  "borren mi registro, ya no lo uso", "I want to change my email"])
def test_other_deletions_are_deletions(text):
    assert not deletes_to_use_another_address(text)
