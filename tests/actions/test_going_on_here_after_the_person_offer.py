"""Asking for a person, then going on here, in the web chat (a play-test's member: "I'd rather talk to a
real person. Is there someone I can chat with?" heard only the number, and "ok never mind, let's just do
it here then" heard "OK. Text REGISTER any time ..."), in English and Spanish, against the real backend.
The offer says the member can go on here; going on resumes the sign-up (its pending question, or it
starts); and no web chat reply asks the member to text."""

from __future__ import annotations

import pytest

from actions.answers import continues_here
from tests.support.action_conversation import Conversation, at_the_email_step, joined

PERSON = {"en": "I'd rather talk to a real person. Is there someone I can chat with?",
          "es": "Prefiero hablar con una persona de verdad. ¿Hay alguien con quien pueda hablar?"}
HERE = {"en": "ok never mind, let's just do it here then", "es": "ok olvídalo, mejor aquí sigo"}
CONTINUE_HERE = {"en": "continue here", "es": "seguir por aquí"}
TEXTING = ("Text REGISTER", "Escriba REGISTRARME", "Text me", "Escríbame por mensaje")
ACCOUNT_QUESTION = {"en": "account number", "es": "número de cuenta"}
EMAIL_QUESTION = {"en": "e-mail", "es": "correo"}
NO_REGISTER = {"en": "Write to me here any time", "es": "Escríbame aquí cuando quiera"}


def asks_for_a_person(chat: Conversation, language: str) -> str:
    chat.user(PERSON[language], "human", 0.95)
    return joined(chat.run("action_human")[1])


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["never_mind", "deny", "affirm"])
def test_going_on_here_after_the_offer_starts_the_sign_up(backend, language, intent):
    chat = Conversation(language=language, channel="web")
    offer = asks_for_a_person(chat, language)
    assert CONTINUE_HERE[language] in offer, offer
    reply = joined(chat.message(HERE[language], intent,
                                action="action_never_mind" if intent == "never_mind" else "action_side_answer"))
    assert not any(words in reply for words in TEXTING), reply
    assert chat.slots["goal"] == "register" and chat.active_loop == "registration_form", reply
    assert ACCOUNT_QUESTION[language] in reply, reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_going_on_here_during_a_sign_up_asks_the_pending_question(backend, language):
    chat = at_the_email_step(language)
    chat.channel = "web"
    asks_for_a_person(chat, language)
    chat.user(HERE[language], "never_mind", 0.9)
    events, said = chat.run("action_never_mind")
    said += chat.follow_up_form() if any(e.get("event") == "followup" for e in events) else []
    reply = joined(said)
    assert chat.slots["requested_slot"] == "email" and chat.active_loop == "registration_form", reply
    assert EMAIL_QUESTION[language] in reply and not any(words in reply for words in TEXTING), reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_no_in_the_web_chat_never_says_to_text(backend, language):
    chat = Conversation(language=language, channel="web")
    reply = joined(chat.message("no" if language == "en" else "no gracias", "deny"))
    assert NO_REGISTER[language] in reply and not any(words in reply for words in TEXTING), reply
    sms = Conversation(language=language, channel="sms")
    assert "REGIST" in joined(sms.message("no", "deny"))


@pytest.mark.parametrize("text", ["ok never mind, let's just do it here then", "mejor aquí sigo", "ok let's continue",
                                  "sigamos por aquí"])
def test_words_of_going_on_here(text):
    assert continues_here(text)


@pytest.mark.parametrize("text", ["never mind", "no gracias", "cancel"])
def test_no_going_on_here(text):
    assert not continues_here(text)
