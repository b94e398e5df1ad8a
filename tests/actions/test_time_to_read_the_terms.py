"""At the Terms, a member who asks for time to read them ("un momentito, déjeme leer esos términos",
"give me a minute to read the terms") hears a patient reply and the Terms question with its link again,
whatever the model read (the model reads these as ``nlu_fallback``, ``correct``, ``affirm`` or even
``register``): nothing accepted, nothing refused, no try counted, and a YES afterwards registers. The
play-test's member heard "Perdón, no entendí". In English and Spanish, against the real backend API
(tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to
from tests.support.replies import reply_in

ASKS_TIME = [
    ("es", "un momentito, déjeme leer esos términos", "nlu_fallback"),
    ("es", "déjeme leerlos primero", "register"),
    ("es", "espere, voy a leer los términos", "nlu_fallback"),
    ("es", "todavía no los he leído, un momento", "inform"),
    ("en", "one sec let me read them", "correct"),
    ("en", "give me a minute to read the terms", "affirm"),
    ("en", "hold on I haven't read them yet", "affirm"),
    ("en", "let me read them first", "never_mind"),
]
TERMS_ASKED = {"en": "Reply YES to accept or NO", "es": "Responda SÍ para aceptar o NO"}
YES = {"en": "yes", "es": "sí"}


def _at_the_terms(language: str) -> Conversation:
    return sign_up_to(Conversation(language=language, channel="sms"), "terms_accepted", sign_up_start(language))


@pytest.mark.parametrize(("language", "text", "intent"), ASKS_TIME)
def test_time_to_read_the_terms_gets_a_patient_reply_and_the_terms_again(backend, language, text, intent):
    chat = _at_the_terms(language)
    said = joined(chat.form_or_side_turn(text, intent=intent, confidence=0.5))
    assert reply_in(language, messages.terms_take_your_time) in said, said
    assert reply_in(language, messages.not_understood) not in said, said
    assert TERMS_ASKED[language] in said.splitlines()[-1] and "/terms" in said.splitlines()[-1], said
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None
    assert chat.slots["outcome"] is None and not chat.failures("terms_accepted"), said
    chat.form_turn(YES[language], intent="affirm")
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_plain_wait_at_the_terms_still_hears_how_to_change_an_answer(backend, language):
    """ "wait" / "espere" alone says nothing of reading: the reply of a member not done yet."""
    chat = _at_the_terms(language)
    said = joined(chat.form_turn("wait" if language == "en" else "espere"))
    assert reply_in(language, messages.terms_wait) in said and chat.slots["terms_accepted"] is None, said
    assert not chat.failures("terms_accepted")
