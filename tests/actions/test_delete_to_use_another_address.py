"""A deletion asked for only to sign up again with another address, as a sixth play-test's member
asked it ("hey, I messed up and want to delete my online account so I can redo it with my work
email"), or because the login's address is closing, as a thirteenth play-test's member asked it
("delete my account, my work email is going away"), in English and Spanish, against the real
backend API (tests/actions/conftest.py): the change of e-mail is offered instead (it does that
without deleting anything) and starts; a member who still wants the deletion says so and the
deletion starts.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.answers import deletes_as_the_address_closes, deletes_to_use_another_address
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


# (language, message, the intent the trained model reads for it)
@pytest.mark.parametrize(("language", "text", "intent"), [
    ("en", "delete my account, my work email is going away", "unregister"),
    ("en", "please remove my online access, I'm losing my school email next month", "unregister"),
    ("es", "borre mi acceso, ya no voy a tener el correo del trabajo", "change_email"),
    ("es", "quiero eliminar mi registro porque me van a cerrar el correo", "unregister"),
    ("es", "borre mi acceso, ya no voy a tener el correo del trabajo", "inform"),
])
def test_a_deletion_because_the_address_closes_is_offered_the_change_first(backend, language, text, intent):
    chat = Conversation(language=language)
    replies = chat.message(text, intent)
    assert replies[0] == reply_in(language, messages.change_email_instead, True), replies
    assert QUESTION[language] in replies[-1] and chat.slots["goal"] == "change_email"
    # "just delete it": the deletion, as asked.
    chat.form_turn(ANYWAY[language], "unregister", 0.95)
    assert chat.rejected
    _, said = chat.run("action_start_flow")
    said += chat.follow_up_form() if chat.slots["goal"] == "unsubscribe" else []
    assert chat.slots["goal"] == "unsubscribe" or chat.slots["pending_switch"] == "unsubscribe", said
    assert reply_in(language, messages.change_email_instead, True) not in joined(said)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_offer_names_the_closing_address(language):
    closing = reply_in(language, messages.change_email_instead, True)
    assert closing != reply_in(language, messages.change_email_instead)
    assert ("closing" if language == "en" else "cerrar") in closing


@pytest.mark.parametrize("text", ["delete my online account", "delete my online account, I moved",
                                  "borren mi registro, ya no lo uso", "I want to change my email",
                                  "my work email is going away", "delete my account, I get too many emails",
                                  "borre mi acceso, ya no quiero correos", "delete my account and close my email"])
def test_other_deletions_are_deletions(text):
    assert not deletes_to_use_another_address(text) and not deletes_as_the_address_closes(text)
