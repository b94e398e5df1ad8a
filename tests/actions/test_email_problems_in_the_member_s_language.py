"""What is wrong with a mistyped address is said in the member's language, like the rest of the reply
(real backend API): "hoffmann.gretel@hotmial..com" in Spanish is never answered with an English sentence."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import at_the_email_step, joined

ENGLISH = ("It should look like", "It needs an @", "Something is missing", "cannot contain spaces",
           "looks incomplete")
SAID = {
    "en": {"hoffmann.gretel@hotmial..com": "It should look like name@example.com.",
           "hoffmann.gretel.hotmail.com": "It needs an @ between the name and the domain",
           "gretel@hotmail": "The part after the @ looks incomplete"},
    "es": {"hoffmann.gretel@hotmial..com": "Debe verse así: nombre@ejemplo.com.",
           "hoffmann.gretel.hotmail.com": "Necesita una @ entre el nombre y el dominio",
           "gretel@hotmail": "La parte después de la @ parece incompleta"},
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("typed", ["hoffmann.gretel@hotmial..com", "hoffmann.gretel.hotmail.com", "gretel@hotmail"])
def test_the_problem_is_said_in_the_member_s_language(backend, language, typed):
    chat = at_the_email_step(language)
    said = joined(chat.form_turn(typed))
    assert SAID[language][typed] in said, said
    if language == "es":
        assert not any(english in said for english in ENGLISH), said
