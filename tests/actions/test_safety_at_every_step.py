"""The safety question is answered at every step, then the pending question (real backend API).

"oye es seguro mandar los numeros del seguro social por aqui?" at the e-mail step once heard only
the e-mail question again. Whatever the model read, a question whether it is safe (its words, or
the intent ``ask_safety``) gets its answer (``messages.safety``: about the SSN here, since it names
it), then the question pending, nothing counted.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to

QUESTIONS = {
    "en": {
        "email": "What e-mail address",
        "account_number": "What is your account number?",
        "identity_proof": "ZIP",
        "security_question": "1 ",
        "member_name": "name",
    },
    "es": {
        "email": "¿Qué correo electrónico",
        "account_number": "¿Cuál es su número de cuenta?",
        "identity_proof": "código postal",
        "security_question": "1 ",
        "member_name": "apellido",
    },
}
ASKED = {
    "en": ["hey is it safe to send my social security numbers through here?", "is this a scam?"],
    "es": ["oye es seguro mandar los numeros del seguro social por aqui?", "¿esto es una estafa?"],
}
SAFE = {"en": ["never stored in clear", "assistant"], "es": ["nunca se muestran ni se guardan", "asistente"]}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("step", ["account_number", "member_name", "email", "identity_proof", "security_question"])
@pytest.mark.parametrize("intent", ["ask_safety", "inform", "out_of_scope"])
def test_the_safety_question_is_answered_then_the_pending_question(backend, language, which, step, intent):
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    replies = chat.form_or_side_turn(ASKED[language][which], intent, 0.7)
    reply = joined(replies)
    assert SAFE[language][which] in replies[0], reply
    assert QUESTIONS[language][step] in replies[-1], reply
    assert chat.slots["requested_slot"] == step and not chat.failures(step), reply


OTHER_WORDS = {"en": "who sees my ssn?", "es": "¿quién ve mi seguro social?"}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", ["account_number", "member_name", "email", "identity_proof", "security_question"])
def test_a_safety_question_the_model_read_is_answered_too(backend, language, step):
    """Words the safety reader does not know, read as ``ask_safety``: its "SSN" chooses no proof."""
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    method = chat.slots["proof_method"]
    replies = chat.form_or_side_turn(OTHER_WORDS[language], "ask_safety", 0.8)
    reply = joined(replies)
    assert SAFE[language][0] in replies[0], reply
    assert QUESTIONS[language][step] in replies[-1], reply
    assert chat.slots["requested_slot"] == step and not chat.failures(step), reply
    assert chat.slots["proof_method"] == method, "a question about the SSN chooses nothing"
