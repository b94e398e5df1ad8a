"""The Terms accepted in a message before they were shown ("... pet's name: Rex. I accept the terms
and conditions" with every other answer, "Duke. Yes, I accept the terms." at the security answer): the
yes counts only once the Terms are shown (docs/dialogue.md), so the Terms come next with a question
that says the member's acceptance was heard and asks to confirm it; YES then registers. In English and
Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_to, sign_up_start, to_the_answer
from tests.support.terms_said import PLAIN_QUESTION, SAID, YES

ALL_IN_ONE = {"en": "account 1001234567 Garza g@example.com 78620. pet's name: Rex. I accept the terms and conditions",
              "es": "cuenta 1001234567 Garza g@example.com 78620. mi mascota se llama Rex. Acepto los términos y condiciones"}
ANSWER_AND_YES = {"en": "Duke. Yes, I accept the terms.", "es": "Michi. Sí, acepto los términos."}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_terms_accepted_in_an_all_in_one_message_are_shown_and_confirmed(backend, language):
    chat = Conversation(language=language)
    said = joined(chat.start(ALL_IN_ONE[language]))
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None, said
    assert SAID[language] in said and PLAIN_QUESTION[language] not in said, said
    chat.form_turn(YES[language])
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_answer_with_a_yes_gets_the_terms_acknowledged(backend, language):
    chat = to_the_answer(language, "2")
    said = joined(chat.form_turn(ANSWER_AND_YES[language]))
    assert chat.slots["security_answer"] == "stored" and chat.slots["terms_accepted"] is None, said
    assert SAID[language] in said and PLAIN_QUESTION[language] not in said, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_terms_asked_without_a_yes_before_are_the_usual_question(backend, language):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    said = joined(chat.events and [event.get("text") or "" for event in chat.events if event.get("event") == "bot"])
    assert PLAIN_QUESTION[language] in said and SAID[language] not in said
