"""The bill named as the place where a value is printed asks nothing about the bill (a play-test: "El
número de cuenta que aparece en mi factura es el 1008652288 ..." heard that online access is free, and
"where exactly is the account number on the paper bill?" heard what becomes of the paper bill): the
value is read, the question where the number is hears where it is."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, first_message, joined, sign_up_start

FREE = {"en": "free", "es": "gratis"}
PAPER = {"en": "paper bills keep coming", "es": "en papel le siguen"}
WHERE = {"en": "labeled Account Number", "es": "como Account Number"}
ON_THE_BILL = {
    "en": "Happy to. The account number that shows on my bill is 1001234567 and it is under Garza.",
    "es": "Con gusto. El número de cuenta que aparece en mi factura es el 1001234567 y está a nombre de Garza.",
}
WHERE_ON_PAPER = {"en": "where exactly is the account number on the paper bill? for next time",
                  "es": "¿en qué parte del recibo de papel viene el número de cuenta? para la próxima"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_value_that_shows_on_the_bill_asks_no_price(backend, language):
    chat, said = first_message(f"{sign_up_start(language)}. {ON_THE_BILL[language]}", language)
    assert FREE[language] not in said.lower(), said
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"], said


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["account_help", "ask_paperless"])
def test_where_the_number_is_on_the_paper_bill_hears_where_it_is(backend, language, intent):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    assert chat.slots["requested_slot"] == "account_number"
    said = joined(chat.form_or_side_turn(WHERE_ON_PAPER[language], intent, 0.8))
    assert PAPER[language] not in said, said
    assert WHERE[language] in said and chat.slots["requested_slot"] == "account_number", said
