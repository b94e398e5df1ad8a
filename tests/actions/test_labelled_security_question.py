"""A security question labelled as such among several answers ("security q: high school, Marble
Falls"), against the real backend API (member "Tran", account 7001230125, ZIP 78725).

The question is read by its words and its answer from the same message; the Terms are shown
next, saying the member's acceptance was heard, and a yes in that message accepts nothing (the
Terms were not shown yet).
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start

MESSAGES = {
    "en": "acct# 7001230125 Tran zip 78725 email tran.v@example.com security q: high school, Marble Falls. "
          "And yes I agree to the terms",
    "es": "cuenta 7001230125 Tran, zip 78725, correo tran.v@example.com, pregunta de seguridad: escuela, "
          "Marble Falls. Y sí acepto los términos",
}
SAID = {
    "en": dict(saved="I saved your answer to", terms="You said you accept the Terms and Conditions",
               menu="Pick a security question", yes="yes"),
    "es": dict(saved="uardé su respuesta a", terms="acepta los Términos y Condiciones",
               menu="Elija una pregunta de seguridad", yes="sí"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_labelled_question_and_its_answer_are_stored_and_the_terms_shown(backend, language):
    said = SAID[language]
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    reply = joined(chat.form_turn(MESSAGES[language]))
    assert said["saved"] in reply and said["terms"] in reply and said["menu"] not in reply, reply
    assert "Marble Falls" not in reply  # the answer is never echoed
    assert chat.slots["security_question"] == "3" and chat.slots["security_answer"] == "stored"
    assert chat.slots["requested_slot"] == "terms_accepted"  # the yes in that message accepted nothing
    chat.form_turn(said["yes"])
    assert chat.slots["outcome"] == "registered"
