"""A business the first message names as the writer's own ("We're a small winery, Blue Heron Vineyards",
"somos el rancho El Nopal", "our church, Ridgeway Community Church") is kept, like a name the message
says is on the account, and checked once when the number comes, in English and Spanish, against the
real backend API (tests/actions/conftest.py). A person introducing themselves ("this is Mrs. Adelaide
J. Whitcombe") is never kept: the writer may act for another, and a try is a security budget.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

MEMBERS = (
    dict(account="8100000160", name="Blue Heron Vineyards", zip="78160", last4="0160"),
    dict(account="8100000161", name="Rancho El Nopal", zip="78161", last4="0161"),
    dict(account="8100000162", name="Ridgeway Community Church", zip="78162", last4="0162"),
    dict(account="8100000163", name="Whitcombe", zip="78163", last4="0163"),
)
FOUND = {
    "en": "Thanks, I found account {account} for {name}.",
    "es": "Gracias, encontré la cuenta {account} a nombre de {name}.",
}
NAME_ASKED = {
    "en": "What is the last name or business name on account {account}?",
    "es": "¿Qué apellido o nombre de empresa aparece en la cuenta {account}?",
}


def first_message_then_the_number(backend, language: str, first: str, account: str) -> tuple[Conversation, str]:
    """The first message, nothing tried with it, then the account number alone: the reply to the number."""
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = Conversation(language=language)
    said = joined(chat.start(first))
    assert chat.slots["requested_slot"] == "account_number" and name_attempts(backend) == 0, said
    return chat, joined(chat.form_turn(account))


@pytest.mark.parametrize(
    ("language", "first", "account", "name"),
    [
        (
            "en",
            "We're a small winery, Blue Heron Vineyards. We'd like to sign up for online access.",
            "8100000160",
            "Blue Heron Vineyards",
        ),
        (
            "en",
            "Hi, our church, Ridgeway Community Church, needs to register for online access",
            "8100000162",
            "Ridgeway Community Church",
        ),
        ("es", "Hola, somos el rancho El Nopal y queremos registrarnos", "8100000161", "Rancho El Nopal"),
        (
            "es",
            "Buenas, somos una bodega pequeña, Blue Heron Vineyards. Quiero registrarme.",
            "8100000160",
            "Blue Heron Vineyards",
        ),
    ],
)
def test_the_business_named_first_is_checked_with_the_number(backend, language, first, account, name):
    chat, said = first_message_then_the_number(backend, language, first, account)
    assert FOUND[language].format(account=account, name=name) in said, said
    assert chat.slots["member_name"] == name and name_attempts(backend) == 1


@pytest.mark.parametrize(
    ("language", "first"),
    [
        ("en", "We're a small winery, Blue Heron Vineyards. We'd like to sign up for online access."),
        ("es", "Hola, somos el rancho El Nopal y queremos registrarnos"),
    ],
)
def test_a_kept_business_that_does_not_match_is_one_try_then_the_name_is_asked(backend, language, first):
    chat, said = first_message_then_the_number(backend, language, first, "8100000163")
    assert chat.slots["requested_slot"] == "member_name" and not chat.slots["member_name"], said
    assert name_attempts(backend) == 1
    said = joined(chat.form_turn("Whitcombe"))
    assert FOUND[language].format(account="8100000163", name="Whitcombe") in said, said
    assert name_attempts(backend) == 2


@pytest.mark.parametrize(
    ("language", "first"),
    [
        ("en", "Hello, this is Mrs. Adelaide J. Whitcombe. I would like to sign up for online access."),
        ("es", "Hola, soy la Sra. Adelaide Whitcombe y quiero registrarme."),
        ("en", "We are a family farm and want online access."),
        ("es", "Somos una granja familiar y queremos registrarnos."),
    ],
)
def test_a_person_or_a_business_without_its_name_is_not_kept(backend, language, first):
    _, said = first_message_then_the_number(backend, language, first, "8100000163")
    assert NAME_ASKED[language].format(account="8100000163") in said, said
    assert name_attempts(backend) == 0
