"""The account's name said back is the name that matched, never the words typed around it: in a
play-test "mi numero es 1009093356 apeyido robles" (a mistyped "apellido") heard "encontré la cuenta
1009093356 a nombre de apeyido robles". Real backend API, in Spanish and English."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined
from tests.support.backend_helpers import load_members

ROBLES = dict(account="1009093356", name="Robles", zip="78801")
CASES = [
    ("es", "quiero registrarme", "mi numero es 1009093356 apeyido robles",
     "Gracias, encontré la cuenta 1009093356 a nombre de Robles.", "apeyido"),
    ("en", "sign up", "my number is 1009093356 lastname robles",
     "Thanks, I found account 1009093356 for Robles.", "lastname"),
]


@pytest.mark.parametrize("language,start,text,found,extra", CASES)
def test_the_reply_names_only_the_matched_name(backend, language, start, text, found, extra):
    load_members(backend.session, backend.settings, ROBLES)
    chat = Conversation(language=language, channel="sms")
    chat.start(start)
    said = joined(chat.form_turn(text))
    assert found in said and extra not in said, said
