"""The Terms are accepted only once their question was shown, as the last question: a yes or "I accept the
terms" sent at the security question menu, alone or after the choice and its answer, accepts nothing. It is
acknowledged, and the Terms question still comes when its turn does (with "You said you accept ..." when
the acceptance came in the message just before it); YES then registers. In English and Spanish, whatever
the model read, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import joined, to_the_question
from tests.support.terms_said import PLAIN_QUESTION, SAID, YES

ACCEPT = {"en": "yes, I accept the terms", "es": "sí, acepto los términos"}
CHOICE_ANSWER_ACCEPT = {"en": "The same as before, please: my mother's maiden name, which was Ekström. "
                              "And yes, I accept the Terms and Conditions.",
                        "es": "la de mi mamá, se llamaba Ekström. Y sí, acepto los términos."}
AT_THE_END = {"en": "I will ask you to accept the Terms and Conditions at the end",
              "es": "Le pediré que acepte los Términos y Condiciones al final"}
MENU = {"en": "Pick a security question", "es": "Elija una pregunta de seguridad"}


@pytest.mark.parametrize("intent", ["affirm", "inform"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_terms_accepted_at_the_menu_are_acknowledged_and_shown_at_their_turn(backend, language, intent):
    chat = to_the_question(language)
    said = joined(chat.form_or_side_turn(ACCEPT[language], intent=intent))
    assert chat.slots["terms_accepted"] is None and chat.slots["requested_slot"] == "security_question", said
    assert AT_THE_END[language] in said and MENU[language] in said.splitlines()[-1], said
    assert not chat.failures("security_question")
    chat.form_turn("2")
    said = joined(chat.form_turn("Rex"))
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None
    assert PLAIN_QUESTION[language] in said, said
    chat.form_turn(YES[language], intent="affirm")
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize("intent", ["affirm", "inform"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_choice_its_answer_and_the_terms_at_the_menu_show_the_terms_before_a_yes_counts(backend, language, intent):
    chat = to_the_question(language)
    said = joined(chat.form_turn(CHOICE_ANSWER_ACCEPT[language], intent=intent))
    assert chat.slots["security_answer"] == "stored" and chat.slots["terms_accepted"] is None, said
    assert chat.slots["requested_slot"] == "terms_accepted" and SAID[language] in said, said
    assert chat.slots["outcome"] is None
    chat.form_turn(YES[language], intent="affirm")
    assert chat.slots["outcome"] == "registered"

