"""At the Terms, a member who asks what they say, or whose phone cannot open their link, reads the Terms
in short and the Terms question again, within two SMS segments, whatever the model read; nothing is
refused or counted (English and Spanish)."""

from __future__ import annotations

import pytest

from actions import messages
from common.gsm import MAX_SEPTETS, texted_septets
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to
from tests.support.replies import reply_in

ASKED = {
    "en": ["whats in the terms? link wont load on my flip phone", "the link doesn't open on my phone"],
    "es": ["que dicen los terminos? no abre el link en mi cel", "no puedo abrir el enlace"],
}


@pytest.mark.parametrize(("language", "text"), [(language, text) for language, texts in ASKED.items() for text in texts])
@pytest.mark.parametrize("intent", ["inform", "email_not_received", "help", "out_of_scope", "deny"])
def test_the_terms_in_short_then_their_question(backend, language, text, intent):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    replies = chat.form_or_side_turn(text, intent)
    said = joined(replies)
    assert reply_in(language, messages.terms_summary) in said, replies
    assert "/terms" in said and said.index("/terms") > said.index(reply_in(language, messages.terms_summary))
    assert "no-reply" not in said and reply_in(language, messages.not_understood) not in said
    assert texted_septets(" ".join(replies)) <= MAX_SEPTETS, replies
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None
    assert not chat.failures("terms_accepted") and chat.slots["goal"] == "register"
    chat.form_turn("sí" if language == "es" else "yes", "affirm")
    assert chat.slots["outcome"] == "registered"
