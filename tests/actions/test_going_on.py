"""Words of going on when nothing waits to be changed ("continue", "va, continúe", "sí, continúe", "go
ahead and continue", "dale") ask for the pending question again, never "OK, nothing changed" (the
reply to a change of course declined), whatever the model read, in English and Spanish, against the
real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from actions.language import speaking
from tests.support.action_conversation import Conversation, assert_asked_again_uncounted, joined, sign_up_to, sign_up_start

GOING_ON = {"en": ("continue", "go on", "ok go on", "yes, go on", "go ahead and continue", "keep going"),
            "es": ("va, continúe", "sigue", "dale", "sí, continúe", "va pues, sigue", "vale, sigue", "adelante, continúe")}
QUESTION = {"email": {"en": "What e-mail address", "es": "¿Qué correo electrónico"},
            "security_question": {"en": "Pick a security question", "es": "Elija una pregunta de seguridad"},
            "identity_proof": {"en": "ZIP", "es": "código postal"}}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", ["email", "identity_proof", "security_question"])
@pytest.mark.parametrize("intent", ["affirm", "inform", "never_mind"])
def test_going_on_asks_the_pending_question_without_nothing_changed(backend, language, step, intent):
    with speaking(language):
        nothing_changed = messages.switch_declined(True)
    for text in GOING_ON[language]:
        chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
        said = joined(chat.form_or_side_turn(text, intent=intent, confidence=0.99))
        assert nothing_changed not in said and QUESTION[step][language] in said, (text, said)
        assert_asked_again_uncounted(chat, step)
