"""The code named again at a later step, after it was confirmed: "the code is 674186", "el código es
674186". Six digits with the word "code" beside them were read as another account number (a switch
of account offered, or a name checked: a try spent). They are that code once more: "That code is
already confirmed", and the pending question again; nothing said back, no account read, no try
spent. In English and Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import Conversation, at_the_code, joined, name_attempts
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code
from tests.support.replies import reply_in

SAID = {"en": ["the code is {code}", "my code was {code}", "{code} is the code"],
        "es": ["el código es {code}", "mi código es {code}", "aquí está el código: {code}"]}


def _confirmed(backend, language: str, steps: tuple[str, ...]) -> tuple[Conversation, str]:
    add_alvarez(backend)
    chat = at_the_code(language)
    code = last_code(backend)
    chat.form_turn(code)
    for text in steps:
        chat.form_turn(text)
    assert chat.slots["one_time_code"] == "verified"
    return chat, code


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize("steps", [(), ("2",)], ids=["at the menu", "at the answer"])
def test_the_code_named_again_is_already_confirmed(backend, language, which, steps):
    chat, code = _confirmed(backend, language, steps)
    asked = chat.slots["requested_slot"]
    tries = name_attempts(backend)
    said = joined(chat.form_or_side_turn(SAID[language][which].format(code=code)))
    assert reply_in(language, messages.code_already_confirmed) in said and code not in said, said
    assert len(said.splitlines()) == 2, said  # then the pending question, asked again
    assert chat.slots["account_number"] == ALVAREZ["account"] and chat.slots["requested_slot"] == asked
    assert not chat.slots.get("pending_switch") and name_attempts(backend) == tries
    assert chat.slots["security_answer"] is None
