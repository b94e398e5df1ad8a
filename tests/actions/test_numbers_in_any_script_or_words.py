"""The ZIP, the last 4, the account number and the texted code typed in another script's digits
("٧٨٦٢٠", full-width "７８６２０") or read out digit by digit in words ("seven eight six two zero",
"siete ocho seis dos cero"), against the real backend API: the right one is right (before, it was a
wrong guess of the account's budget, or not read at all), a wrong one is one try, as typed plainly.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import VerificationAttempt
from tests.support.action_conversation import Conversation, at_the_code, joined, to_the_proof
from tests.support.one_time_code import add_alvarez, last_code

MATCHES = {"en": "matches our records", "es": "coincide con nuestros registros"}
NO_ZIP_MATCH = {"en": "ZIP code does not match", "es": "código postal no coincide"}
CODE_RIGHT = {"en": "code is right", "es": "código es correcto"}
TRIES_LEFT = {"en": "2 tries left", "es": "Le quedan 2 intentos"}
WORDS = {
    "en": "zero one two three four five six seven eight nine".split(),
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve".split(),
}
ARABIC_INDIC, PERSIAN, FULL_WIDTH = 0x0660, 0x06F0, 0xFF10


def in_script(digits: str, zero: int) -> str:
    return "".join(chr(zero + int(d)) for d in digits)


def in_words(digits: str, language: str, between: str = " ") -> str:
    return between.join(WORDS[language][int(d)] for d in digits)


def secret_checks(backend, chat: Conversation) -> int:
    """The proof's checks the backend counted for this conversation (each one a try of the budget)."""
    with backend.session() as session:
        return len(
            session.scalars(
                select(VerificationAttempt).where(
                    VerificationAttempt.conversation_id == chat.sender, VerificationAttempt.step == "secret"
                )
            ).all()
        )


def kept_out_of_the_record(chat: Conversation) -> bool:
    """The dialogue marked the member's latest message as a secret: the transcript and the tracker
    store drop it whole."""
    latest_user = [event for event in chat.events if event.get("event") == "user"][-1]
    return chat.slots["redact_message_id"] == latest_user["message_id"]


def at_the_proof(language: str) -> Conversation:
    chat = Conversation(language=language)
    to_the_proof(chat)
    assert chat.slots["requested_slot"] == "identity_proof"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "typed",
    [
        in_script("78620", ARABIC_INDIC),
        in_script("78620", PERSIAN),
        in_script("78620", FULL_WIDTH),
        in_script("4321", ARABIC_INDIC),
        in_script("4321", FULL_WIDTH),
    ],
    ids=["zip-arabic", "zip-persian", "zip-full-width", "last4-arabic", "last4-full-width"],
)
def test_the_right_proof_in_another_script_is_right_and_one_check(backend, language, typed):
    chat = at_the_proof(language)
    reply = joined(chat.form_turn(typed))
    assert MATCHES[language] in reply, reply
    assert chat.slots["identity_proof"] == "verified"
    assert secret_checks(backend, chat) == 1
    assert kept_out_of_the_record(chat)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("digits", ["78620", "4321"])
@pytest.mark.parametrize("between", [" ", ", ", "-"])
def test_the_right_proof_read_out_in_words_is_right_and_one_check(backend, language, digits, between):
    chat = at_the_proof(language)
    reply = joined(chat.form_turn(in_words(digits, language, between)))
    assert MATCHES[language] in reply, reply
    assert chat.slots["identity_proof"] == "verified"
    assert secret_checks(backend, chat) == 1
    assert kept_out_of_the_record(chat)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_proof_read_out_in_a_sentence_is_read(backend, language):
    chat = at_the_proof(language)
    said = {"en": "my zip is seven eight six two zero", "es": "mi código postal es siete ocho seis dos cero"}[language]
    reply = joined(chat.form_turn(said))
    assert MATCHES[language] in reply, reply
    assert secret_checks(backend, chat) == 1


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("typed", [in_script("78999", ARABIC_INDIC), in_words("78999", "en"), in_words("78999", "es")])
def test_a_wrong_zip_in_words_or_another_script_is_one_counted_try(backend, language, typed):
    """An attacker test: a guess spelled another way is one guess, never a free one nor two."""
    chat = at_the_proof(language)
    reply = joined(chat.form_turn(typed))
    assert NO_ZIP_MATCH[language] in reply, reply
    assert chat.failures("identity_proof") == 1
    assert secret_checks(backend, chat) == 1
    assert "78999" not in reply and typed not in reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_account_number_in_another_script_is_found(backend, language):
    chat = Conversation(language=language)
    chat.start("sign up" if language == "en" else "quiero registrarme")
    chat.form_turn(in_script("1001234567", ARABIC_INDIC))
    assert chat.slots["account_number"] == "1001234567"
    assert chat.slots["requested_slot"] == "member_name"


@pytest.fixture
def with_phone(backend):
    return add_alvarez(backend)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("spelling", ["arabic", "full-width", "words"])
def test_the_right_code_in_words_or_another_script_is_right(with_phone, language, spelling):
    chat = at_the_code(language)
    code = last_code(with_phone)
    typed = {
        "arabic": in_script(code, ARABIC_INDIC),
        "full-width": in_script(code, FULL_WIDTH),
        "words": in_words(code, language),
    }[spelling]
    reply = joined(chat.form_turn(typed))
    assert CODE_RIGHT[language] in reply, reply
    assert chat.slots["one_time_code"] == "verified"
    assert kept_out_of_the_record(chat)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wrong_code_read_out_in_words_is_one_counted_try(with_phone, language):
    chat = at_the_code(language)
    code = last_code(with_phone)
    wrong = "000000" if code != "000000" else "111111"
    reply = joined(chat.form_turn(in_words(wrong, language)))
    assert TRIES_LEFT[language] in reply, reply
    assert chat.failures("one_time_code") == 1
    assert kept_out_of_the_record(chat)
