"""Leaving, coming back and switching language in passing, as a fifth play-test's member did it,
in English and Spanish (the backend is real, tests/actions/conftest.py; the language is decided
as the web app decides it, webhook/language.py):

- a name sent with a language request ("es Peña, mejor hablemos en español") is read and checked,
  and the next question comes in the new language;
- "ya volví, ¿seguimos?" after the registration is done says so, in the conversation's language;
- a Spanish pause or return ("espera, ahorita vuelvo", "un momento", "luego sigo") in an English
  conversation is answered in Spanish;
- "wait, I need to go, I'll text you later" at the Terms is the flow's one pause (answers kept,
  nothing accepted), and coming back gives exactly the welcome back and the Terms question.
"""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.replies import reply_in
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to, to_the_answer
from webhook.language import detect

OFFERED = ("en", "es")
OTHER = {"en": "es", "es": "en"}
KEPT = {"en": "I'll keep your answers", "es": "guardo sus respuestas"}
YES = {"en": "yes I accept", "es": "sí, acepto"}



def at_the_terms(language: str) -> Conversation:
    return sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))


def terms_question(language: str) -> str:
    return "Reply YES to accept" if language == "en" else "Responda SÍ para aceptar"


# --- 1. a name with a language request ----------------------------------------------------------

@pytest.mark.parametrize(("language", "account", "text", "found", "next_question"), [
    ("es", "3100000101", "es Peña, mejor hablemos en español", "encontré la cuenta 3100000101 a nombre de Peña",
     "¿Qué correo electrónico"),
    ("en", "6001112223", "it's Peterson, can we do English please", "I found account 6001112223 for Peterson",
     "What e-mail address"),
])
def test_a_name_sent_with_a_language_request_is_read_and_the_next_question_comes_in_that_language(
        backend, language, account, text, found, next_question):
    chat = Conversation(language=OTHER[language])
    chat.start(sign_up_start(OTHER[language]))
    chat.form_turn(account)
    assert chat.slots["requested_slot"] == "member_name"
    decision = detect(text, OTHER[language], OFFERED, free_text=True)  # the name step takes any words
    assert decision.requested and decision.language == language
    reply = joined(chat.asks_for_language(decision.rest, decision.language))
    assert found in reply and next_question in reply, reply
    assert chat.slots["requested_slot"] == "email" and chat.slots["member_name"]


# --- 2. back after the registration is done ------------------------------------------------------

@pytest.mark.parametrize(("language", "text"), [("es", "ya volví, ¿seguimos?"), ("en", "I'm back, can we continue?")])
@pytest.mark.parametrize(("intent", "action"), [
    ("never_mind", None), ("affirm", None), ("register", None), ("out_of_scope", None),
    ("nlu_fallback", "action_default_fallback"),  # no rule applied
])
def test_back_after_the_registration_hears_it_is_done(backend, language, text, intent, action):
    chat = at_the_terms(language)
    chat.form_turn(YES[language], "affirm")
    assert chat.slots["outcome"] == "registered"
    replies = chat.message(text, intent, action=action)
    assert replies == [reply_in(language, messages.registration_done, chat.slots["email_masked"])], replies
    assert "REGISTER" not in joined(replies) and chat.slots["goal"] is None and chat.active_loop is None


def test_sign_up_words_after_a_registration_still_start_another(backend):
    chat = at_the_terms("en")
    chat.form_turn(YES["en"], "affirm")
    chat.message("I want to sign up another account", "register")
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "account_number"


# --- 3. a Spanish pause or return in an English conversation -------------------------------------

@pytest.mark.parametrize(("text", "step", "said"), [
    ("espera, ahorita vuelvo", "security_answer", KEPT["es"]),
    ("un momento", "member_name", "Sin prisa"),
    ("luego sigo", "terms_accepted", KEPT["es"]),
    ("ya volví, ¿seguimos?", "security_answer", "tenerle de vuelta"),
])
def test_a_spanish_pause_or_return_in_an_english_conversation_is_answered_in_spanish(backend, text, step, said):
    chat = sign_up_to(Conversation(language="en"), step)
    chat.language = detect(text, "en", OFFERED, free_text=step in ("member_name", "security_answer")).language
    reply = joined(chat.form_turn(text, "never_mind", 0.6))
    assert said in reply, reply
    assert chat.slots["outcome"] == "paused" or chat.slots["requested_slot"] == step
    assert not chat.failures(step)


@pytest.mark.parametrize(("text", "current", "language"), [
    ("espera, ahorita vuelvo", "en", "es"), ("un momento", "en", "es"), ("luego sigo", "en", "es"),
    ("ok, ya regresé", "en", "es"), ("Espérame tantito", "en", "es"), ("ya volví, ¿seguimos?", "es", "es"),
    ("hold on, I need to go, I'll finish later", "en", "en"),
    # an acknowledgement, a value, a lone word of both languages or an English fragment switch nothing
    ("ok", "en", "en"), ("ya", "en", "en"), ("momento", "en", "en"), ("Garza", "en", "en"), ("78620", "en", "en"),
    ("one sec", "es", "es"), ("brb", "es", "es"),
])
def test_only_a_clearly_spanish_pause_or_return_switches(text, current, language):
    assert detect(text, current, OFFERED).language == language
    assert detect(text, current, OFFERED, free_text=True).language == language


# --- 4 and 5. one pause at the Terms --------------------------------------------------------------

AWAY = {"en": "wait, I need to go, I'll text you later", "es": "espera, me tengo que ir, luego te escribo"}
BACK = {"en": [("I'm back", "greet"), ("ok back, where were we", "affirm"), ("I'm back, can we continue?", "never_mind"),
               ("I'd like to finish my registration", "register")],
        "es": [("ya regresé, ¿seguimos?", "affirm"), ("ok, ya regresé", "greet"), ("ya volví", "never_mind"),
               ("quiero terminar mi registro", "register")]}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["affirm", "inform", "never_mind"])
def test_leaving_at_the_terms_is_the_flow_s_pause(backend, language, intent):
    chat = at_the_terms(language)
    replies = chat.form_turn(AWAY[language], intent, 0.9)
    assert replies == [reply_in(language, messages.paused)], replies
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    assert chat.slots["terms_accepted"] is None and not chat.failures("terms_accepted")
    assert chat.slots["email"] == "g@example.com" and chat.slots["security_answer"] == "stored"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("back", [0, 1, 2, 3])
def test_coming_back_to_the_terms_gives_the_welcome_back_and_the_terms_only(backend, language, back):
    chat = at_the_terms(language)
    chat.form_turn(AWAY[language], "inform")
    replies = chat.message(*BACK[language][back])
    assert len(replies) == 2, replies
    assert replies[0] == reply_in(language, messages.welcome_back)
    assert terms_question(language) in replies[1], replies
    assert chat.active_loop == "registration_form" and chat.slots["requested_slot"] == "terms_accepted"
    assert not chat.failures("terms_accepted")
    chat.message(YES[language], "affirm")
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_yes_after_leaving_at_the_terms_accepts_them(backend, language):
    chat = at_the_terms(language)
    chat.form_turn(AWAY[language], "inform")
    chat.message(YES[language], "affirm")
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize("language", ["en", "es"])
def test_leaving_at_the_security_answer_is_the_same_pause(backend, language):
    chat = to_the_answer(language, "3")
    assert joined(chat.form_turn(AWAY[language], "inform")) == reply_in(language, messages.paused)
    assert chat.active_loop is None and chat.slots["security_answer"] is None
    replies = chat.message(*BACK[language][0])
    assert replies[0] == reply_in(language, messages.welcome_back) and len(replies) == 2, replies
    chat.message("Lanier High")
    assert chat.slots["security_answer"] == "stored"


@pytest.mark.parametrize("language", ["en", "es"])
def test_leaving_at_the_delete_confirmation_is_the_same_pause(backend, language):
    at_the_terms(language).form_turn(YES[language], "affirm")  # a registration to delete
    chat = Conversation(language=language)
    chat.start("delete my online account" if language == "en" else "quiero dar de baja mi acceso en línea", "unregister")
    for text in ("1001234567", "Garza", "78620"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "confirm_unsubscribe"
    assert chat.form_turn(AWAY[language], "inform") == [reply_in(language, messages.paused)]
    assert chat.active_loop is None and chat.slots["confirm_unsubscribe"] is None
    replies = chat.message(*BACK[language][2])
    assert replies == [reply_in(language, messages.welcome_back), reply_in(language, messages.ask_confirm_unsubscribe)]
    assert chat.slots["goal"] == "unsubscribe" and chat.slots["outcome"] is None


def paused_on_the_answer(backend, language: str) -> Conversation:
    """The form paused itself on the very message that answered the security answer: the answer is
    stored, ``requested_slot`` (emptied by Rasa) names nothing, and the Terms were never asked."""
    from backend.accounts import registration

    chat = to_the_answer(language, "3")
    with backend.session() as session:
        assert registration.store_security_answer(session, chat.sender, 3, "Lanier High") == registration.STORED
    chat.set(security_answer="stored", outcome="paused", requested_slot=None)
    chat.active_loop = None
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_yes_after_a_pause_before_the_terms_were_asked_shows_the_terms_and_accepts_nothing(backend, language):
    """A yes to the Terms nobody showed: it used to accept them (and register) without their link or
    their own step's reading. Now it is a welcome back and the Terms question, with its link."""
    chat = paused_on_the_answer(backend, language)
    replies = chat.message(YES[language], "affirm")
    assert replies[0] == reply_in(language, messages.welcome_back), replies
    assert terms_question(language) in joined(replies) and "/terms" in joined(replies), replies
    assert chat.slots["terms_accepted"] is None and chat.slots["outcome"] != "registered"
    assert chat.active_loop == "registration_form" and chat.slots["requested_slot"] == "terms_accepted"
    chat.message(YES[language], "affirm")
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize(("language", "texting"), [("en", "Text me"), ("es", "Envíeme un mensaje de texto")])
def test_the_pause_in_the_web_chat_asks_for_no_text_message(backend, language, texting):
    chat = sign_up_to(Conversation(language=language, channel="web"), "terms_accepted", sign_up_start(language))
    said = joined(chat.form_turn(AWAY[language], "inform", 0.9))
    assert said == reply_in(language, messages.paused) and texting not in said
    assert ("Write to me" if language == "en" else "Escríbame") in said
