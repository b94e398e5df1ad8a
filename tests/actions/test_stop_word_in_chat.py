"""A stop word (STOP, PARAR) typed in the web chat, where there is no number to opt out: the sign-up
stops and keeps its place, as START brings an SMS member back to where they were, and "continue",
"me equivoqué, quiero seguir" take it up at its pending question, every answer kept, in English and
Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, at_the_email_step, joined, sign_up_to, sign_up_start

WORDS = {
    "en": dict(stop=("STOP", "cancel", "Quit!", "QUIT"), stopped="OK, I stopped the sign-up here and kept your answers",
               dropped="Nothing was registered", welcome="Welcome back",
               back=("sorry, I didn't mean that, continue", "continue", "CONTINUE", "I want to keep going"),
               email="What e-mail address", answer="What is your pet's name?"),
    "es": dict(stop=("PARAR", "alto", "No más", "basta"), stopped="Está bien, detuve el registro aquí y guardé sus respuestas",
               dropped="No hay nada registrado", welcome="¡Qué bueno tenerle de vuelta!",
               back=("uy no, me equivoqué, quiero seguir", "sigue", "CONTINUAR", "va, continúe"),
               email="¿Qué correo electrónico", answer="¿Cómo se llama su mascota?"),
}
# What the model reads in such words (PARAR as never_mind at 0.99, "me equivoqué, quiero seguir" as
# correct): the rule of each intent outside the form answers them.
BACK_INTENTS = ("correct", "never_mind", "affirm", "inform")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1, 2, 3])
def test_a_stop_word_in_the_chat_keeps_the_place(backend, language, which):
    words = WORDS[language]
    chat = at_the_email_step(language)
    said = joined(chat.form_turn(words["stop"][which], intent="never_mind", confidence=0.99))
    assert words["stopped"] in said and words["dropped"] not in said, said
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1, 2, 3])
@pytest.mark.parametrize("intent", BACK_INTENTS)
def test_continue_after_a_stop_word_goes_on_where_it_stopped(backend, language, which, intent):
    words = WORDS[language]
    chat = at_the_email_step(language)
    chat.form_turn(words["stop"][0], intent="never_mind", confidence=0.99)
    said = joined(chat.message(words["back"][which], intent=intent, confidence=0.86))
    assert words["welcome"] in said and words["email"] in said, said
    assert chat.slots["requested_slot"] == "email" and chat.slots["account_number"] == "1001234567"
    assert chat.slots["member_name"] and chat.slots["outcome"] is None
    joined(chat.form_turn("g@example.com"))
    assert chat.slots["email"] == "g@example.com" and chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_stop_word_again_still_keeps_the_place(backend, language):
    words = WORDS[language]
    chat = at_the_email_step(language)
    chat.form_turn(words["stop"][0], intent="never_mind", confidence=0.99)
    said = joined(chat.message(words["stop"][1], intent="never_mind", confidence=0.99))
    assert words["stopped"] in said and chat.slots["outcome"] == "paused", said
    assert chat.slots["account_number"] == "1001234567"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_stop_word_at_the_security_answer_is_no_answer(backend, language):
    words = WORDS[language]
    chat = sign_up_to(Conversation(language=language), "security_answer", sign_up_start(language))
    said = joined(chat.form_turn(words["stop"][0], intent="never_mind", confidence=0.99))
    assert words["stopped"] in said and chat.slots["security_answer"] is None, said
    said = joined(chat.message(words["back"][1], intent="affirm"))
    assert words["answer"] in said and chat.slots["requested_slot"] == "security_answer", said
