"""At the code step (a code texted to the phone on file), a member asking whether the ZIP or the last 4
will do instead ("can I just give you my zip instead?", "¿puedo darle mi código postal?") hears that it
will not: the ZIP or last 4 was checked already and others may know it, the code proves the phone on
file, member services help without that phone; then the code question. Never "the code has 6 digits",
no wrong code counted, whatever the model read. In English and Spanish, against the real backend API."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, sign_up_start
from tests.support.one_time_code import add_alvarez, last_code

NOT_INSTEAD = {
    "en": "No, the ZIP or last 4 can't replace the code",
    "es": "No, el código postal o los últimos 4 no reemplazan",
}
PHONE_PROVEN = {
    "en": "The code proves you have the phone on file.",
    "es": "El código prueba que usted tiene el teléfono",
}
WITHOUT_THE_PHONE = {"en": "Without that phone, member services can help", "es": "Sin ese teléfono, llame a servicio"}
CODE_QUESTION = {"en": "Please send the 6-digit code", "es": "envíe el código de 6 dígitos"}


def at_the_code(backend, language: str) -> Conversation:
    """Alvarez (a phone on file) signing up: account, name, address and ZIP given, the code asked."""
    add_alvarez(backend)
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in ("7001112223", "Alvarez", "a@example.com", "78660"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "one_time_code"
    return chat


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "can I just give you my zip instead?"),
        ("en", "could I use the last 4 of my ssn instead of the code"),
        ("es", "¿puedo darle mi código postal?"),
        ("es", "¿no puedo mejor darle los últimos 4 del seguro social en vez del código?"),
    ],
)
@pytest.mark.parametrize("intent", ["correct", "help", "inform", "nlu_fallback"])
def test_the_zip_instead_of_the_code_is_answered_then_the_code_is_asked(backend, language, text, intent):
    chat = at_the_code(backend, language)
    replies = chat.form_or_side_turn(text, intent, 0.9)
    assert NOT_INSTEAD[language] in replies[0] and PHONE_PROVEN[language] in replies[0], replies
    assert WITHOUT_THE_PHONE[language] in replies[0], replies
    assert CODE_QUESTION[language] in replies[-1], replies
    assert chat.slots["requested_slot"] == "one_time_code" and not chat.failures("one_time_code")
    chat.form_turn(last_code(backend))
    assert chat.slots["one_time_code"] == "verified"
