"""Whether online access costs anything, asked at any step and before a sign-up (a play-test's
members: "is it free?" at the e-mail step heard where the account number is, "¿Este servicio tiene
algún costo? ¿Es gratis?" at the ZIP only the ZIP question again): the free answer, then the question
pending, whatever the model read; nothing counted."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to

FREE = {"en": "online access is free", "es": "usar el acceso en línea es gratis"}
WHERE = {"en": "account number is", "es": "número de cuenta"}
QUESTION = {
    "email": {"en": "e-mail", "es": "correo"},
    "identity_proof": {"en": "ZIP", "es": "código postal"},
    "account_number": {"en": "account number", "es": "número de cuenta"},
    "security_question": {"en": "Reply 1, 2", "es": "Responda 1, 2"},
}
ASKED = {"en": ("is it free?", "Is this service free? Does it cost anything?"),
         "es": ("¿es gratis?", "¿Este servicio tiene algún costo? ¿Es gratis?")}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", ["email", "identity_proof", "security_question"])
@pytest.mark.parametrize(("which", "intent"), [(0, "account_help"), (1, "inform"), (1, "nlu_fallback")])
def test_is_it_free_at_a_step_hears_free_then_the_question(backend, language, step, which, intent):
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    reply = joined(chat.form_or_side_turn(ASKED[language][which], intent, 0.8))
    assert FREE[language] in reply, reply
    after = reply.split(FREE[language])[-1]
    assert QUESTION[step][language] in after, reply
    if step == "email":
        assert WHERE[language] not in reply, reply
    assert chat.slots["requested_slot"] == step and not chat.failures(step)


@pytest.mark.parametrize("language", ["en", "es"])
def test_is_it_free_before_a_sign_up_hears_free(backend, language):
    chat = Conversation(language=language)
    reply = joined(chat.message(ASKED[language][0], "account_help", 0.7))
    assert "free" in reply if language == "en" else "gratis" in reply, reply
    assert WHERE[language] + " " not in reply.split(".")[0], reply
    assert chat.slots["goal"] is None
