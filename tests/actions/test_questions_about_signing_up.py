"""Questions about signing up itself, as a fifth play-test's members asked them, in English and
Spanish, against the real backend API (tests/actions/conftest.py); the intents are what the trained
model reads for these messages (mostly ``help``, whose answer outside a flow is the menu):

- "¿esto de registrarse en línea es gratis? ¿Y por qué me piden tantos datos?", "is this free?"
  hear that it is free and that the questions prove the account is theirs, never the menu;
- "quiero registrarme pero no sé qué es todo esto, ¿me explica?" hears what online access is and
  the sign-up starts (the account number is asked);
- during a sign-up, "is this free?" is answered and the pending question follows.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.answers import questions_about_signing_up
from actions.language import speaking
from tests.support.action_conversation import Conversation, joined, sign_up_to, sign_up_start
from tests.support.replies import LONG

FREE = {"en": "free to sign up", "es": "es gratis"}
WHY = {"en": "prove the account is yours", "es": "comprueban que la cuenta es suya"}
WHAT = {"en": "Online access is your account", "es": "El acceso en línea es su cuenta"}
SEND_ACCOUNT = {"en": "send your account number", "es": "envíe su número de cuenta"}


def menu(language: str) -> str:
    with speaking(language):
        return messages.what_i_do(LONG).split(".")[0]


@pytest.mark.parametrize(("language", "text", "intent", "confidence", "said", "not_said"), [
    ("es", "Oiga, ¿esto de registrarse en línea es gratis? ¿Y por qué me piden tantos datos?", "help", 0.6,
     (FREE["es"], WHY["es"]), ()),
    ("en", "is this free?", "help", 0.41, (FREE["en"],), (WHY["en"],)),
    ("en", "is signing up free? and why do you need all this info?", "ask_benefits", 0.5, (FREE["en"], WHY["en"]), ()),
    ("es", "¿por qué me piden tantos datos?", "help", 0.7, (WHY["es"],), (FREE["es"],)),
])
def test_free_and_why_so_many_questions_are_answered_outside_a_flow(backend, language, text, intent, confidence,
                                                                     said, not_said):
    chat = Conversation(language=language)
    reply = joined(chat.message(text, intent, confidence))
    assert all(words in reply for words in said), reply
    assert not any(words in reply for words in not_said), reply
    assert menu(language) not in reply and SEND_ACCOUNT[language] in reply, reply
    assert chat.slots["goal"] is None  # a question starts nothing


@pytest.mark.parametrize(("language", "text"), [
    ("es", "quiero registrarme pero no sé qué es todo esto, ¿me explica?"),
    ("en", "I want to sign up but I don't know what this is, can you explain?"),
])
def test_sign_up_words_with_what_is_this_explain_and_start_the_sign_up(backend, language, text):
    chat = Conversation(language=language)
    replies = chat.message(text, "help", 0.74)
    assert replies[0].startswith(WHAT[language]), replies
    assert menu(language) not in joined(replies)
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "account_number"
    assert chat.active_loop == "registration_form"


@pytest.mark.parametrize("language", ["en", "es"])
def test_is_it_free_during_a_sign_up_is_answered_and_the_question_follows(backend, language):
    chat = sign_up_to(Conversation(language=language), "email", sign_up_start(language))
    text = "is this free?" if language == "en" else "¿esto es gratis?"
    reply = joined(chat.form_or_side_turn(text, "help", 0.5))
    assert FREE[language] in reply and SEND_ACCOUNT[language] not in reply, reply
    assert ("e-mail" if language == "en" else "correo") in reply.split(FREE[language])[-1], reply
    assert chat.slots["requested_slot"] == "email" and not chat.failures("email")


@pytest.mark.parametrize("text", ["does it cost anything? can I still pay by check?", "feel free to call me",
                                  "what is it for?"])
def test_other_questions_are_no_question_about_signing_up(text):
    assert questions_about_signing_up(text) == ()
