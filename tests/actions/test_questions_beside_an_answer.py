"""A question sent together with an answer is answered, never silently dropped (a play-test's finding).

"... are 4455. May I ask whether it is safe to provide them in this manner?" got only the match and the
code's message; "1006124578 under Okafor. Why do you need all this though?" only the account found. The
answer is read, the question beside it answered (``actions.questions_beside``), then the pending
question; a why beside an answer within the two SMS segments a turn may cost (docs/languages.md, "A
turn's segments").
"""

from __future__ import annotations

import pytest

from actions import messages
from common.gsm import turn_segments
from tests.support.action_conversation import Conversation, joined, sign_up_start, to_the_proof
from tests.support.one_time_code import PHONE, add_alvarez
from tests.support.replies import reply_in

# A member with a phone on file (the code is texted once the last 4 match) and the last 4 of an SSN.
OKAFOR = dict(account="1006124578", meter="PE13309", name="Okafor", zip="78642", last4="4455", phone=PHONE)
PROOF_AND_SAFETY = {
    "en": "The last four digits of the SSN are 4455. May I ask whether it is safe to provide them in this manner?",
    "es": "Los últimos cuatro del seguro social son 4455. ¿Puedo preguntar si es seguro darlos de esta manera?",
}
# The answer about what becomes of the last 4: checked against the co-op's records, then discarded.
DISCARDED = {"en": "then discarded", "es": "luego se descartan"}
CODE_TEXTED = {"en": "I texted a 6-digit code", "es": "le mandé un código de 6 dígitos"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_safety_question_beside_the_last_4_is_answered_with_the_code_texted(backend, language):
    add_alvarez(backend, OKAFOR)
    chat = Conversation(language=language, channel="web")
    to_the_proof(chat, OKAFOR["account"], OKAFOR["name"], "a@example.com", start=sign_up_start(language))
    said = joined(chat.form_turn(PROOF_AND_SAFETY[language]))
    assert chat.slots["identity_proof"] == "verified" and chat.slots["requested_slot"] == "one_time_code", said
    assert DISCARDED[language] in said and CODE_TEXTED[language] in said and "4455" not in said, said


ACCOUNT_NAME_AND_WHY = {"en": "1001234567 is under Garza. Why do you need all this though?",
                        "es": "1001234567 a nombre de Garza. ¿Por qué necesitan todo esto?"}
EMAIL_ASKED = {"en": "e-mail address", "es": "correo electrónico"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_why_all_this_beside_the_account_and_the_name_is_answered(backend, language):
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    said = chat.form_turn(ACCOUNT_NAME_AND_WHY[language])
    assert chat.slots["member_name"] and chat.slots["requested_slot"] == "email", said
    why = said.index(reply_in(language, messages.about_signing_up, ("why",), True))
    assert why == len(said) - 2 and EMAIL_ASKED[language] in said[-1], said
    assert turn_segments(said) <= 2, (turn_segments(said), said)
