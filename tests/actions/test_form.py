"""The registration form's validation against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

from sqlalchemy import select

from backend.models import Registration
from tests.actions.conftest import Conversation


def joined(texts: list[str]) -> str:
    return "\n".join(texts)


def test_happy_path_step_by_step(backend):
    chat = Conversation()
    reply = joined(chat.start("I want to sign up"))
    assert "account number" in reply
    assert chat.slots["requested_slot"] == "account_number"
    reply = joined(chat.form_turn("1001234567"))
    assert chat.slots["account_number"] == "1001234567"
    assert "last name or business name on account 1001234567" in reply
    reply = joined(chat.form_turn("garza"))
    assert "found account 1001234567" in reply
    assert chat.slots["member_name"] == "garza"
    assert chat.slots["requested_slot"] == "email"
    reply = joined(chat.form_turn("MARIA@EXAMPLE.COM"))
    assert chat.slots["email"] == "maria@example.com"
    assert chat.slots["requested_slot"] == "identity_proof"
    message_id = chat.events[-1]  # noqa: F841
    reply = joined(chat.form_turn("78620"))
    assert "matches our records" in reply
    assert "78620" not in reply
    assert chat.slots["identity_proof"] == "verified"
    assert chat.slots["redact_message_id"] is not None
    reply = joined(chat.form_turn("2"))
    assert "pet" in reply.lower()
    reply = joined(chat.form_turn("Rex"))
    assert chat.slots["security_answer"] == "stored"
    assert "Rex" not in reply
    assert "Terms and Conditions" in reply
    reply = joined(chat.form_turn("yes"))
    assert "spam" in reply
    assert chat.slots["outcome"] == "registered"
    with backend.session() as session:
        registration = session.scalar(select(Registration))
        assert registration.email == "maria@example.com"
