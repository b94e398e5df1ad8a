"""One typo in a business name ("rio frio pecan llc" for "Rio Frio Pecans LLC") finds the account
and spends no try, so the first wrong ZIP still leaves 2; the name is said as typed, never in the
file's spelling. Against the real backend API, in English and Spanish."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

PECANS = dict(account="5101000011", name="Rio Frio Pecans LLC", zip="78801", last4="5511")
WORDS = {
    "en": dict(first="acount 5101000011 rio frio pecan llc", found="I found account 5101000011 for rio frio pecan llc",
               left="2 tries left"),
    "es": dict(first="cuenta 5101000011 rio frio pecan llc",
               found="encontré la cuenta 5101000011 a nombre de rio frio pecan llc", left="2 intentos"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_typo_in_the_business_name_costs_no_try(backend, language):
    load_members(backend.session, backend.settings, PECANS)
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    chat.start("sign up")
    said = joined(chat.form_turn(words["first"]))
    assert words["found"] in said and "Pecans" not in said, said
    assert chat.failures("member_name") == 0 and name_attempts(backend) == 1
    chat.form_turn("pecans@riofriopecans.com")
    said = joined(chat.form_turn("78897"))
    assert words["left"] in said, said
