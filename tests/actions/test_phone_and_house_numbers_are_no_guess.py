"""A phone number or a house number in a sentence is never a guess of a secret nor another account.

From an attacker play-test, each message spending a real member's limited guesses: at the ZIP / last-4
question "call me at 512 555 7811 after 5" counted a wrong last 4 against the account's five guesses of
the day; at the e-mail question "my phone number is 512-555-7811" or "(512) 555-7812" switched the
conversation to account 5125557811 / 5557812 and spent a name try; "I live at 45123 Oak Road" (a house
number before a street) counted a wrong ZIP. Now a phone number written as one (3-3-4 groups apart, maybe
after +1) and a house number (before a street's kind, or after "I live at" / "vivo en") are no value:
nothing is checked with the backend, no failure is counted, the question stays. Ten digits written plainly
are still the account number where it is asked or named ("account 5125557811"), as are plain 3-3-4 groups
at the account question. In English and Spanish, against the real backend API.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.storage.models import VerificationAttempt
from tests.support.action_conversation import (Conversation, at_the_code, at_the_email_step, joined, name_attempts,
                                               sign_up_start, to_the_proof)
from tests.support.one_time_code import add_alvarez, last_code

PROOF_QUESTION = {"en": "mailing ZIP code", "es": "código postal"}
EMAIL_QUESTION = {"en": "e-mail address", "es": "correo"}
PHONE_NOT_THEIRS = {"en": "Only the co-op can change the phone on file",
                    "es": "Solo la cooperativa puede cambiar el teléfono registrado"}


def checks(backend) -> int:
    """Every check the backend counted, right or wrong (each wrong one spends a guess of the day)."""
    with backend.session() as session:
        return session.scalar(select(func.count()).select_from(VerificationAttempt))


def at_the_proof(language: str) -> Conversation:
    chat = Conversation(language=language)
    to_the_proof(chat, start=sign_up_start(language))
    assert chat.slots["requested_slot"] == "identity_proof"
    return chat


@pytest.mark.parametrize(("language", "text"), [
    ("en", "call me at 512 555 7811 after 5"),
    ("en", "my phone number is 512-555-7811"),
    ("en", "(512) 555-7812"),
    ("en", "+1 512.555.7811 is my cell"),
    ("en", "I live at 45123 Oak Road"),
    ("en", "45123 Oak Rd"),
    ("es", "llámeme al 512 555 7811 por favor"),
    ("es", "mi teléfono es (512) 555-7812"),
    ("es", "vivo en 45123 Calle Luna"),
    ("es", "45123 Camino Real"),
])
def test_a_phone_or_house_number_at_the_proof_is_no_guess(backend, language, text):
    chat = at_the_proof(language)
    before = checks(backend)
    said = joined(chat.form_turn(text))
    assert checks(backend) == before, said  # no ZIP / last 4 checked: no guess of the day spent
    assert PROOF_QUESTION[language] in said, said
    assert chat.slots["requested_slot"] == "identity_proof" and not chat.failures("identity_proof")
    assert chat.slots["account_number"] == "1001234567" and not chat.slots["identity_proof"]
    chat.form_turn("78620")  # the ZIP itself is still read
    assert chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "I live at 45123 Oak Road, zip 78620"),
    ("es", "vivo en 45123 Calle Luna, código postal 78620"),
])
def test_the_zip_beside_a_house_number_is_read(backend, language, text):
    chat = at_the_proof(language)
    chat.form_turn(text)
    assert chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "call me at 512 555 7811 after 5"),
    ("es", "llámeme al 512 555 7811 por favor"),
])
def test_a_phone_number_at_the_code_hears_the_phone_on_file_reply(backend, language, text):
    add_alvarez(backend)
    chat = at_the_code(language)
    before = checks(backend)
    said = joined(chat.form_turn(text))
    assert PHONE_NOT_THEIRS[language] in said, said
    assert checks(backend) == before and not chat.failures("one_time_code")
    chat.form_turn(last_code(backend))
    assert chat.slots["one_time_code"] == "verified"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "my phone number is 512-555-7811"),
    ("en", "(512) 555-7812"),
    ("en", "call me at 512 555 7811 after 5"),
    ("en", "I live at 45123 Oak Road"),
    ("es", "mi número de teléfono es 512-555-7811"),
    ("es", "(512) 555-7812"),
    ("es", "vivo en 45123 Calle Luna"),
])
def test_a_phone_number_at_the_email_question_is_no_other_account(backend, language, text):
    chat = at_the_email_step(language)
    names, before = name_attempts(backend), checks(backend)
    said = joined(chat.form_turn(text))
    assert name_attempts(backend) == names and checks(backend) == before, said  # no name try spent
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"] == "Garza"
    assert chat.slots["requested_slot"] == "email"
    assert EMAIL_QUESTION[language] in said and "5125557811" not in said and "5557812" not in said, said


@pytest.mark.parametrize(("language", "text"), [
    ("en", "account 5125557811"),
    ("es", "cuenta 5125557811"),
    ("en", "account 512-555-7811"),
])
def test_ten_digits_named_as_an_account_are_still_that_account(backend, language, text):
    chat = at_the_email_step(language)
    chat.form_turn(text)
    assert chat.slots["account_number"] == "5125557811" and chat.slots["requested_slot"] == "member_name"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "5125557811"), ("en", "100 123 4567"), ("es", "100-123-4567"), ("es", "5125557811"),
])
def test_ten_digits_at_the_account_question_are_the_account(backend, language, text):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(text)
    assert chat.slots["account_number"] == text.replace(" ", "").replace("-", "")
    assert chat.slots["requested_slot"] == "member_name"
