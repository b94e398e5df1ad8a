"""A why about the proof names the ZIP and the last 4 and chooses neither: "why should I give you my zip
or tax ID?", "¿para qué necesitan el código postal o el número de seguro social?" beside the e-mail
address or at the proof's own step hear why, then the same question as before (the ZIP or the last 4),
never one that asks for the last 4 only. A why that says which one instead still chooses it. English
and Spanish, against the real backend API."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to

EITHER = {
    "en": "send the mailing ZIP code on the account, or the last 4 digits of the SSN or Tax ID on it.",
    "es": "envíe el código postal (ZIP) de su factura o los últimos 4 del Seguro Social (SSN) o ID fiscal.",
}
WHY = {"en": "To keep others out of your account", "es": "Para que nadie más entre"}
# Beside the address the reason is short (messages.why_proof_beside), so the turn fits two SMS segments.
WHY_BESIDE = {"en": "I ask for it so only the account holder can sign up",
              "es": "Lo pido para que solo el titular pueda registrarse"}
LAST4_ONLY = {
    "en": "What are the last 4 digits of the SSN or Tax ID on the account?",
    "es": "¿Cuáles son los últimos 4 dígitos del Seguro Social (SSN) o ID fiscal de la cuenta?",
}
WHYS = [
    ("en", "why should I give you my zip or tax ID?"),
    ("es", "¿y para qué necesitan el código postal o el número de seguro social?"),
]


@pytest.mark.parametrize(("language", "why"), WHYS)
def test_a_why_beside_the_address_asks_the_same_proof_question(backend, language, why):
    chat = sign_up_to(Conversation(language=language), "email", sign_up_start(language))
    reply = joined(chat.form_turn("g@example.com " + why))
    assert WHY_BESIDE[language] in reply and reply.endswith(EITHER[language]), reply
    assert LAST4_ONLY[language] not in reply and chat.slots["proof_method"] is None


@pytest.mark.parametrize(("language", "why"), WHYS)
@pytest.mark.parametrize("intent", ["help", "inform"])
def test_a_why_at_the_proof_step_asks_the_same_question_and_the_next_one_too(backend, language, why, intent):
    chat = sign_up_to(Conversation(language=language), "identity_proof", sign_up_start(language))
    replies = chat.form_or_side_turn(why, intent, 0.95)
    assert WHY[language] in replies[0] and replies[-1].endswith(EITHER[language]), replies
    replies = chat.form_or_side_turn(why, intent, 0.95)  # asked twice: the same question again
    assert replies[-1].endswith(EITHER[language]) and chat.slots["proof_method"] is None, replies
    chat.form_turn("78620")
    assert chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "g@example.com why the zip? I'd rather use my tax id"),
        ("es", "g@example.com ¿por qué el código postal? mejor le doy el seguro social"),
    ],
)
def test_a_why_that_chooses_one_instead_is_asked_that_one(backend, language, text):
    chat = sign_up_to(Conversation(language=language), "email", sign_up_start(language))
    reply = joined(chat.form_turn(text))
    assert reply.endswith(LAST4_ONLY[language]) and chat.slots["proof_method"] == "last4", reply
