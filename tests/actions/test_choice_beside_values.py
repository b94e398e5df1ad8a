"""A security question and its answer sent with the ZIP are kept with it (real backend API).

"zip 78666 and i want the pet one, his name is bandit" at the ZIP step kept the ZIP and silently
dropped the question chosen and its answer. Every value of such a message is kept: the ZIP is
checked, the answer stored hashed for the question named, and the message redacted.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import (
    SIGN_UP_ANSWERS,
    Conversation,
    joined,
    sign_up_start,
    sign_up_to,
    stored_answer_hash,
)

ZIP = SIGN_UP_ANSWERS[3]
SAID = {
    "en": dict(
        text=f"zip {ZIP} and i want the pet one, his name is bandit",
        matches="matches our records",
        saved="I saved your answer to: What is your pet's name?",
    ),
    "es": dict(
        text=f"código postal {ZIP} y quiero la de la mascota, se llama bandit",
        matches="coincide con nuestros registros",
        saved="Guardé su respuesta a: ¿Cómo se llama su mascota?",
    ),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_zip_the_question_and_its_answer_are_all_kept(backend, language):
    chat = sign_up_to(Conversation(language=language), "identity_proof", sign_up_start(language))
    reply = joined(chat.form_turn(SAID[language]["text"]))
    message_id = next(event for event in reversed(chat.events) if event["event"] == "user")["message_id"]
    assert SAID[language]["matches"] in reply and SAID[language]["saved"] in reply, reply
    assert chat.slots["identity_proof"] == "verified"
    assert chat.slots["security_question"] == "2" and chat.slots["security_answer"] == "stored"
    assert chat.slots["requested_slot"] == "terms_accepted"
    assert stored_answer_hash(backend) and "bandit" not in reply.lower()
    assert chat.slots["redact_message_id"] == message_id, "the message held the ZIP and the answer"
