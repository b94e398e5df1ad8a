"""A business without an SSN at the ZIP-or-last-4 question hears, short, to send the mailing ZIP code instead
(or the last 4 of the business's Tax ID), whatever the model read, never the "is it safe" answer (real
backend API)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, to_the_proof

SAID = {
    "en": "No SSN is needed: send the mailing ZIP code on the account instead, or the last 4 digits of the "
          "business's Tax ID (EIN).",
    "es": "No hace falta el Seguro Social: envíe el código postal donde llega la factura de la cuenta, o los "
          "últimos 4 dígitos del número de identificación fiscal (EIN) de la empresa.",
}
SAFETY = {"en": "ZIP code instead", "es": "O envíe su código postal"}


@pytest.mark.parametrize(("language", "typed"), [
    ("es", "la clínica es una empresa; no tenemos número de Seguro Social. ¿Qué otro dato puedo proporcionarle?"),
    ("en", "the clinic is a business, we don't have a social security number. what else can I give you?"),
])
@pytest.mark.parametrize("intent", ["ask_safety", "help", "inform"])
def test_no_ssn_asks_for_the_zip_instead(backend, language, typed, intent):
    chat = Conversation(language=language)
    to_the_proof(chat)
    said = joined(chat.form_or_side_turn(typed, intent=intent))
    assert said == SAID[language], said
    assert SAFETY[language] not in said
    assert chat.slots["requested_slot"] == "identity_proof" and chat.failures("identity_proof") == 0
