"""Numbers in ordinary sentences are never guesses of a secret: nothing is checked with the backend,
nothing counts against the account's wrong answers of the day.

At the texted code, "I do not have that phone anymore, my new number is 512-555-0999" holds a phone
number: its first six digits are no code guess; the reply says who can change the phone on file. At the
ZIP / last 4, "also delete the one ending in 0987" names an account by its last digits: never a last-4
guess; the account held is finished first and the proof is asked again. In English and Spanish, against
the real backend API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions import messages
from backend.storage.models import VerificationAttempt
from tests.support.action_conversation import Conversation, at_the_code, joined
from tests.support.one_time_code import add_alvarez, last_code
from tests.support.replies import reply_in

PHONE_NOT_THEIRS = {"en": "Only the co-op can change the phone on file",
                    "es": "Solo la cooperativa puede cambiar el teléfono registrado"}
PROOF_QUESTION = {"en": "ZIP", "es": "código postal"}


def failed_attempts(backend) -> list[str]:
    """The steps of every failed check the backend counted."""
    with backend.session() as session:
        return list(session.scalars(select(VerificationAttempt.step).where(VerificationAttempt.succeeded.is_(False))))


@pytest.mark.parametrize(("language", "text"), [
    ("en", "I do not have that phone anymore, my new number is 512-555-0999"),
    ("en", "my number is (512) 555-0999 now"),
    ("en", "text it to +1 512 555 0999 please"),
    ("en", "send it to 5125550999"),
    ("es", "ya no tengo ese teléfono, mi número nuevo es 512-555-0999"),
    ("es", "mándelo al 512 555 0999 por favor"),
])
def test_a_phone_number_at_the_code_is_no_code_guess(backend, language, text):
    add_alvarez(backend)
    chat = at_the_code(language)
    said = joined(chat.form_turn(text))
    assert PHONE_NOT_THEIRS[language] in said, said
    assert reply_in(language, messages.code_mismatch, 2) not in said
    assert "0999" not in said and "512" not in said
    assert failed_attempts(backend) == []
    assert chat.slots["requested_slot"] == "one_time_code" and not chat.failures("one_time_code")
    chat.form_turn(last_code(backend))
    assert chat.slots["one_time_code"] == "verified"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "the text only says 120-345-9, is that it?"),
    ("es", "el mensaje solo dice 120-345-9, ¿es ese?"),
])
def test_digits_inside_a_sentence_at_the_code_are_no_code_guess(backend, language, text):
    add_alvarez(backend)
    chat = at_the_code(language)
    said = joined(chat.form_turn(text))
    assert reply_in(language, messages.code_mismatch, 2) not in said
    assert failed_attempts(backend) == []


@pytest.mark.parametrize(("language", "code_apart"), [("en", "my code is {code}"), ("es", "el código es {code}")])
def test_a_six_digit_group_in_a_sentence_is_still_the_code(backend, language, code_apart):
    add_alvarez(backend)
    chat = at_the_code(language)
    chat.form_turn(code_apart.format(code=last_code(backend)))
    assert chat.slots["one_time_code"] == "verified"


DELETE_START = {"en": "please delete my online access", "es": "por favor borre mi registro en linea"}


@pytest.mark.parametrize(("language", "text"), [
    ("en", "also delete the one ending in 0987"),
    ("en", "and the one ending in 0987 too"),
    ("es", "también borre la que termina en 0987"),
    ("es", "y la cuenta que termina en 0987"),
])
def test_an_account_ending_at_the_proof_is_no_last4_guess(backend, language, text):
    chat = Conversation(language=language)
    chat.message(DELETE_START[language], "unsubscribe")
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    assert chat.slots["requested_slot"] == "identity_proof"
    said = joined(chat.form_turn(text))
    assert reply_in(language, messages.finish_before_another_account, "67") in said, said
    assert "0987" not in said
    assert failed_attempts(backend) == []
    assert chat.slots["requested_slot"] == "identity_proof" and not chat.failures("identity_proof")
    assert not chat.slots["identity_proof"]


@pytest.mark.parametrize(("language", "text"), [
    ("en", "the one ending in 0987"),
    ("es", "la que termina en 0987"),
])
def test_an_account_ending_at_the_sign_up_s_proof_is_no_last4_guess(backend, language, text):
    chat = Conversation(language=language)
    chat.start("sign up" if language == "en" else "quiero registrarme")
    for answer in ("1001234567", "Garza", "g@example.com"):
        chat.form_turn(answer)
    assert chat.slots["requested_slot"] == "identity_proof"
    said = joined(chat.form_turn(text))
    assert "0987" not in said
    assert failed_attempts(backend) == []
    assert chat.slots["requested_slot"] == "identity_proof" and not chat.failures("identity_proof")
