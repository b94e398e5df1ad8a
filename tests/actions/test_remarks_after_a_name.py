"""At the name step a remark after the name is no part of it, and a text that cannot be read as a
name is answered with what to send, in English and Spanish, against the real backend API
(tests/actions/conftest.py):

- "Blue Heron Vineyards (I mentioned that already)", "Garza (as I said)", "Ibáñez (ya se lo dije)",
  "Blue Heron Vineyards - I told you already": the name, one try;
- a remark alone ("(as I said)") costs no try, and a question in brackets ("Garza (why do you need it?)")
  is never dropped as a remark to try the name;
- a text that cannot be read at all gets the example of what to send with the question, never a bare
  repeat of the question, and costs no try.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members

MEMBERS = (
    dict(account="8100000150", name="Blue Heron Vineyards", zip="78150", last4="0150"),
    dict(account="8100000151", name="Garza", zip="78151", last4="0151"),
    dict(account="8100000152", name="Ibáñez", zip="78152", last4="0152"),
)
ACCOUNTS = {member["name"]: member["account"] for member in MEMBERS}
FOUND = {
    "en": "Thanks, I found account {account} for {name}.",
    "es": "Gracias, encontré la cuenta {account} a nombre de {name}.",
}
EXAMPLE = {
    "en": "Please send just the last name, like Garza, or the business name as printed on the bill, "
    "like Garza Ranch LLC.",
    "es": "Envíe solo el apellido, como Garza",
}


def at_the_name_step(language: str, account: str) -> Conversation:
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(account)
    assert chat.slots["requested_slot"] == "member_name"
    return chat


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", "Blue Heron Vineyards (I mentioned that already)", "Blue Heron Vineyards"),
        ("en", "Blue Heron Vineyards - I told you already", "Blue Heron Vineyards"),
        ("en", "Garza (as I said)", "Garza"),
        ("es", "Ibáñez (ya se lo dije)", "Ibáñez"),
        ("es", "Garza (como le dije)", "Garza"),
        ("es", "Blue Heron Vineyards - ya se lo había dicho", "Blue Heron Vineyards"),
    ],
)
def test_a_remark_after_the_name_is_no_part_of_it(backend, language, text, name):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = at_the_name_step(language, ACCOUNTS[name])
    reply = joined(chat.form_turn(text))
    assert FOUND[language].format(account=ACCOUNTS[name], name=name) in reply, reply
    assert chat.slots["member_name"] == name and name_attempts(backend) == 1


@pytest.mark.parametrize(("language", "text"), [("en", "(as I said)"), ("es", "(ya se lo dije)")])
def test_a_remark_alone_costs_no_try(backend, language, text):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = at_the_name_step(language, "8100000151")
    chat.form_turn(text)
    assert chat.slots["requested_slot"] == "member_name" and not chat.slots["member_name"]
    assert name_attempts(backend) == 0


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Garza (Lindqvist)"), ("es", "Garza (Lindqvist)"), ("en", "Garza {Ranch}"), ("es", "Garza {Rancho}")],
)
def test_a_name_that_cannot_be_read_gets_what_to_send(backend, language, text):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = at_the_name_step(language, "8100000151")
    reply = joined(chat.form_turn(text))
    assert EXAMPLE[language] in reply and "8100000151" in reply, reply  # with the question
    assert chat.slots["requested_slot"] == "member_name" and name_attempts(backend) == 0
    again = joined(chat.form_turn(text))
    assert EXAMPLE[language] in again, again
    assert name_attempts(backend) == 0


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Garza (why do you need it?)"), ("es", "Garza (¿para qué lo necesita?)")]
)
def test_a_question_in_brackets_is_no_remark_to_drop(backend, language, text):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = at_the_name_step(language, "8100000151")
    chat.form_turn(text)
    assert not chat.slots["member_name"] and name_attempts(backend) == 0
