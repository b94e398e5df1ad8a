"""A PEC-style co-op (COOPBOT_PROOFS=meter): the form asks for the meter number, checks it with
the real backend, never echoes it, and refuses a proof the co-op does not accept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.storage.models import Registration, VerificationAttempt
from tests.support.action_conversation import Conversation, joined, to_the_proof


@pytest.fixture
def pec(backend_with):
    return backend_with(proofs="meter")


def wrong_secrets(backend) -> int:
    with backend.session() as session:
        return session.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.step == "secret", VerificationAttempt.succeeded.is_(False)))


def test_the_bot_asks_for_the_meter_number_only_and_says_where_it_is_printed(pec):
    chat = Conversation()
    question = to_the_proof(chat)
    assert chat.slots["requested_slot"] == "identity_proof"
    assert "meter number printed on your bill next to the meter readings" in question
    assert "ZIP" not in question and "SSN" not in question


@pytest.mark.parametrize("typed", ["m-12 345", "my meter number is M12345"])
def test_the_meter_number_as_printed_proves_the_account_and_is_never_echoed(pec, typed):
    chat = Conversation()
    to_the_proof(chat)
    reply = joined(chat.form_turn(typed))
    assert "matches our records" in reply
    assert "12345" not in reply
    assert chat.slots["identity_proof"] == "verified"
    assert chat.slots["redact_message_id"] is not None  # the message leaves the transcript
    reply = joined(chat.form_turn("2"))
    chat.form_turn("Rex")
    reply = joined(chat.form_turn("yes"))
    assert "spam" in reply and chat.slots["outcome"] == "registered"
    with pec.session() as session:
        assert session.scalar(select(Registration)).email == "g@example.com"


def test_a_meter_number_of_digits_only_is_read_as_the_meter_not_an_account(pec):
    chat = Conversation()
    to_the_proof(chat, account="20456789", name="Garza Ranch LLC")
    reply = joined(chat.form_turn("77ab12"))
    assert "matches our records" in reply
    chat = Conversation()
    to_the_proof(chat)
    reply = joined(chat.form_turn("20456789"))  # another account's number, given as the meter
    assert "That meter number does not match our records" in reply
    assert chat.slots["account_number"] == "1001234567"
    assert "20456789" not in reply


def test_a_wrong_meter_number_is_a_counted_guess_and_not_echoed(pec):
    chat = Conversation()
    to_the_proof(chat)
    reply = joined(chat.form_turn("AB999"))
    assert "That meter number does not match our records" in reply and "AB999" not in reply
    assert chat.slots["identity_proof"] is None
    assert chat.slots["redact_message_id"] is not None
    assert wrong_secrets(pec) == 1


def test_a_zip_where_the_co_op_checks_the_meter_is_refused_without_a_guess(pec):
    chat = Conversation()
    to_the_proof(chat)
    reply = joined(chat.form_turn("my zip is 78620"))
    assert "does not check that one" in reply and "meter number" in reply
    assert "78620" not in reply
    assert chat.slots["identity_proof"] is None
    assert wrong_secrets(pec) == 0


def test_help_at_the_proof_question_names_the_meter_number(pec):
    from actions import messages
    from actions.backend_client import CoopConfig

    text = messages.step_help("identity_proof", CoopConfig(proofs=("meter",)))
    assert "meter number printed on your bill" in text and "ZIP" not in text


def test_a_co_op_accepting_zip_and_meter_reads_five_digits_as_the_zip_and_a_named_meter_as_the_meter(
        backend_with):
    backend_with(proofs="zip,meter")
    chat = Conversation()
    question = to_the_proof(chat)
    assert "meter number" in question and "ZIP" in question and "SSN" not in question
    assert "matches our records" in joined(chat.form_turn("78620"))
    chat = Conversation()
    to_the_proof(chat)
    assert "matches our records" in joined(chat.form_turn("meter M12345"))


def test_a_spanish_speaking_member_is_asked_for_the_numero_de_medidor(pec):
    chat = Conversation(language="es")
    chat.start("quiero registrarme", intent="register")
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    question = joined(chat.form_turn("g@example.com"))
    assert "número de medidor impreso en su factura junto a las lecturas" in question and "ZIP" not in question
    reply = joined(chat.form_turn("m 12345"))
    assert "M12345" not in reply and chat.slots["identity_proof"] == "verified"


def test_naming_the_meter_at_the_proof_question_is_the_answer_even_when_the_model_reads_account_help(pec):
    chat = Conversation()
    to_the_proof(chat)
    reply = joined(chat.form_turn("my meter number is m12345", intent="account_help", confidence=0.9))
    assert "matches our records" in reply and "12345" not in reply
    assert chat.slots["identity_proof"] == "verified"


def test_account_name_and_meter_number_in_one_message_are_each_read(pec):
    """The meter number named after the name is no part of the name."""
    chat = Conversation()
    reply = joined(chat.start("sign up acct 1001234567 last name Garza meter M-12345"))
    assert chat.slots["member_name"] == "Garza" and chat.slots["identity_proof"] == "verified"
    assert "matches our records" in reply and "M-12345" not in reply and "M12345" not in reply
    assert chat.slots["redact_message_id"] is not None
