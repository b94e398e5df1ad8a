"""The ZIP offered after a wrong last 4, in a sentence that names the account ("Perhaps the account is
held under the mailing zip code instead. It is 78639."): the ZIP is the proof, counted like any ZIP try,
and the account found is kept (never "I can check a ZIP code ... only after your account number").
A wrong last 4 offers the mailing ZIP, as a wrong ZIP offers the last 4, in the same words for every
account (never a hint whether an SSN or Tax ID is on file)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, to_the_proof

WRONG_LAST4 = {"en": "The last four digits of my Social Security number are 6120.",
               "es": "Los últimos 4 de mi seguro social son 6120."}
ZIP_INSTEAD = {"en": "Perhaps the account is held under the mailing zip code instead. It is {zip}.",
               "es": "Perdón, a lo mejor la cuenta está bajo el código postal de correo. Es {zip}."}
MATCHES = {"en": "matches our records", "es": "coincide con nuestros registros"}
NO_MATCH = {"en": "ZIP code does not match", "es": "código postal no coincide"}
ZIP_HINT = {"en": "or the mailing ZIP code instead", "es": "o en su lugar el código postal de correo"}
ACCOUNT_AGAIN = ("account number", "número de cuenta")


def _after_a_wrong_last4(language: str, account: str = "1001234567", name: str = "Garza") -> tuple[Conversation, str]:
    chat = Conversation(language=language)
    to_the_proof(chat, account, name)
    return chat, joined(chat.form_turn(WRONG_LAST4[language]))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_zip_named_with_the_account_is_taken_and_the_account_kept(backend, language):
    chat, _ = _after_a_wrong_last4(language)
    reply = joined(chat.form_turn(ZIP_INSTEAD[language].format(zip="78620")))
    assert MATCHES[language] in reply, reply
    assert not any(words in reply for words in ACCOUNT_AGAIN), reply
    assert chat.slots["account_number"] == "1001234567" and chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wrong_zip_named_with_the_account_is_a_counted_try(backend, language):
    chat, _ = _after_a_wrong_last4(language)
    reply = joined(chat.form_turn(ZIP_INSTEAD[language].format(zip="78999")))
    assert NO_MATCH[language] in reply, reply
    assert chat.slots["account_number"] == "1001234567" and chat.slots["requested_slot"] == "identity_proof"
    assert chat.failures("identity_proof") == 2, chat.slots["failures"]
    assert "78999" not in reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wrong_last4_offers_the_zip_whether_or_not_an_ssn_is_on_file(backend, language):
    # 1001234567 has last 4 on file, 400777 (Nguyen) none: the same words for both.
    _, with_ssn = _after_a_wrong_last4(language)
    _, without_ssn = _after_a_wrong_last4(language, "400777", "Nguyen")
    assert ZIP_HINT[language] in with_ssn, with_ssn
    assert with_ssn == without_ssn
    assert "6120" not in with_ssn
