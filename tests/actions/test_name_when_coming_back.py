"""A name sent with the words that take a paused sign-up up again, against the real backend API
(member "Garza", account 1001234567).

After a mistaken STOP in the web chat, "oops, I didn't mean that, hit the wrong thing. Kowalczyk is
the last name" was welcomed back and asked for the name again: a name has no shape of its own, so
the message was read as coming back only (or its "oops" as the name). The name beside the words of
coming back is read (``extract.name_beside_coming_back``), in English and Spanish, whatever the model
read; a message that only comes back still asks the pending question, nothing counted.
"""

from __future__ import annotations

import pytest

from actions.extract import name_beside_coming_back, parse
from tests.support.action_conversation import Conversation, joined, sign_up_start

BACK = {
    "en": (
        "oops, I didn't mean that, hit the wrong thing. Garza is the last name",
        "sorry, I didn't mean to stop. Garza",
    ),
    "es": ("uy, no quise, me equivoqué de botón. Garza es el apellido", "perdón, me equivoqué, quiero seguir. Garza"),
}
WELCOME = {"en": "Welcome back", "es": "Qué bueno tenerle de vuelta"}
EMAIL = {"en": "What e-mail address", "es": "¿Qué correo electrónico"}
NAME = {"en": "What is the last name", "es": "¿Qué apellido"}


def paused_at_the_name_step(language: str) -> Conversation:
    chat = Conversation(language=language, channel="web")
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    assert chat.slots["requested_slot"] == "member_name"
    chat.form_turn("STOP" if language == "en" else "PARAR", intent="never_mind", confidence=0.99)
    assert chat.slots["outcome"] == "paused"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("intent", ["inform", "correct", "register"])
def test_a_name_in_the_message_that_comes_back_is_read(backend, language, which, intent):
    chat = paused_at_the_name_step(language)
    said = joined(chat.message(BACK[language][which], intent=intent, confidence=0.86))
    assert WELCOME[language] in said and EMAIL[language] in said, said
    assert chat.slots["member_name"] and chat.slots["requested_slot"] == "email"
    assert not chat.failures("member_name")


@pytest.mark.parametrize(
    ("language", "text"), [("en", "sorry, I didn't mean that, continue"), ("es", "uy no, me equivoqué, quiero seguir")]
)
def test_only_coming_back_asks_the_name_uncounted(backend, language, text):
    chat = paused_at_the_name_step(language)
    said = joined(chat.message(text, intent="correct", confidence=0.86))
    assert WELCOME[language] in said and NAME[language] in said, said
    assert chat.slots["requested_slot"] == "member_name" and not chat.failures("member_name")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("oops, I didn't mean that, hit the wrong thing. Kowalczyk is the last name", "Kowalczyk"),
        ("uy, no quise, me equivoqué de botón. Ibáñez es mi apellido", "Ibáñez"),
        ("sorry, I didn't mean that, continue", None),
        ("ya regresé, ¿seguimos?", None),
    ],
)
def test_the_name_beside_the_words_of_coming_back(text, name):
    assert name_beside_coming_back(text) == name
    if name:
        assert parse(text, "member_name").name == name
