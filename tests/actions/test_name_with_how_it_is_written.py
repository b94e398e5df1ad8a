"""A name said with how it is written ("Es el 100. 865. 2288. Sánchez con acento.", a play-test's
voice-typed message): the remark is no part of the name, which is read beside the account number and
checked (never the name question asked after it)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, at_the_name_step, joined

SAID = {
    "en": ("It's 310. 000. 0101. Peña with the tilde.", "I found account 3100000101 for Peña"),
    "es": ("Es el 310. 000. 0101. Peña con tilde.", "encontré la cuenta 3100000101 a nombre de Peña"),
}
NAME_QUESTION = {"en": "last name or business name", "es": "apellido o nombre de empresa"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_name_beside_the_number_is_read_without_the_remark(backend, language):
    text, found = SAID[language]
    chat = Conversation(language=language)
    chat.start("quiero registrarme" if language == "es" else "sign up")
    reply = joined(chat.form_turn(text))
    assert found in reply, reply
    assert NAME_QUESTION[language] not in reply, reply
    assert chat.slots["member_name"] == "Peña" and chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize(("language", "text"), [("en", "Peña, with an accent"), ("es", "Peña sin acento")])
def test_the_name_alone_with_the_remark_is_the_name(backend, language, text):
    chat = at_the_name_step(account="3100000101", language=language)
    joined(chat.form_turn(text))
    assert chat.slots["member_name"] == "Peña", chat.slots
