"""Questions a play-test's members asked at the Terms, in English and Spanish, against the real backend
API (tests/actions/conftest.py); the first intent of each is what the trained model reads for it:

- a message that asks accepts nothing, even with "ok I read them" in it, nor with "Si acepto" ("if
  I accept") opening it: its answer where there is one (a fee: online access is free; paper bills:
  they keep coming unless the member turns paperless on), then the Terms question again;
- who may accept ("may I accept the Terms as an employee rather than the owner?") hears what the
  Terms' "Who may register" says, then the plain Terms question: never "I can only help with online
  access", never "You said you accept";
- any other question about the Terms hears them in short, another question whom to ask, never
  "I didn't understand";
- how to accept hears: reply YES;
- how long the activation link lasts hears how long it works (the how-long answer), not whom to call;
- a clear acceptance with a question after it ("Yes, I accept. Is there a fee?") registers, and the
  fee question is answered after it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions import messages
from actions.backend_client import CoopConfig
from actions.answers import asks_at_the_terms, terms_question_topic, yes_with_side_question
from backend.storage.models import Registration
from common.gsm import MAX_SEPTETS, texted_septets
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to
from tests.support.replies import reply_in

LAST_STEP = {"en": "Last step:", "es": "Último paso:"}
TERMS_QUESTION = {"en": "Reply YES to accept", "es": "Responda SÍ para aceptar"}
REGISTERED = {"en": "You are registered", "es": "¡Su registro está listo"}
FREE = {"en": "online access is free to sign up and to use", "es": "registrarse y usar el acceso en línea es gratis"}
PAPER_KEEPS_COMING = {"en": "Accepting stops no paper bills: they keep coming by mail",
                      "es": "Aceptar no le quita las facturas en papel: le siguen llegando por correo"}
WHO = {"en": "the member named on the account, or someone the member or business authorizes",
       "es": "el socio que figura en la cuenta, o alguien a quien el socio o la empresa autorizó"}


def at_the_terms(language: str) -> Conversation:
    return sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))


def registered(backend) -> bool:
    with backend.session() as session:
        return session.scalar(select(Registration)) is not None


def assert_asked_again_unaccepted(chat: Conversation, backend, language: str, replies: list[str]) -> None:
    """The reply, then the plain Terms question (the message accepted nothing, said nothing was
    accepted), within two SMS segments; nothing registered, refused or counted; a yes then registers."""
    said = joined(replies)
    assert TERMS_QUESTION[language] in replies[-1] and len(replies) == 2, replies
    assert reply_in(language, messages.not_understood) not in said
    assert reply_in(language, messages.terms_declined) not in said
    assert "no-reply" not in said and not said.startswith(("Sorry, I can only", "Perdón, solo puedo"))
    assert texted_septets(" ".join(replies)) <= MAX_SEPTETS, replies
    assert chat.slots["requested_slot"] == "terms_accepted" and chat.slots["terms_accepted"] is None
    assert chat.slots["outcome"] is None and not registered(backend)
    assert not chat.failures("terms_accepted") and chat.slots["goal"] == "register"
    chat.form_turn("yes I accept" if language == "en" else "sí, acepto", "affirm")
    assert chat.slots["outcome"] == "registered" and registered(backend)


FEE = {
    "en": ("ok I read them, does it say anything about charging me a fee to use the online account?", "out_of_scope"),
    "es": ("ok ya los leí, ¿dice algo de que me van a cobrar por usar el online?", "ask_benefits"),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("read_as", ["model", "affirm", "inform", "register"])
def test_ok_i_read_them_with_a_fee_question_is_no_acceptance(backend, language, read_as):
    text, intent = FEE[language]
    chat = at_the_terms(language)
    replies = chat.form_or_side_turn(text, intent if read_as == "model" else read_as, 0.9)
    assert FREE[language] in replies[0], replies
    assert_asked_again_unaccepted(chat, backend, language, replies)


PAPER = {
    "en": ("If I accept, will I stop getting paper bills? I want to keep getting them on paper", "ask_paperless"),
    "es": ("¿Si acepto, me quitan el recibo de papel? Yo quiero seguir recibiéndolo en papel", "ask_paperless"),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("read_as", ["model", "affirm", "inform"])
def test_if_i_accept_is_a_question_about_paper_bills(backend, language, read_as):
    text, intent = PAPER[language]
    chat = at_the_terms(language)
    replies = chat.form_or_side_turn(text, intent if read_as == "model" else read_as, 0.93)
    assert replies[0].startswith(PAPER_KEEPS_COMING[language]), replies
    assert_asked_again_unaccepted(chat, backend, language, replies)


WHO_ACCEPTS = {
    "en": [("Before I accept on behalf of the business, may I accept the Terms as an employee rather than the owner?",
            "out_of_scope"), ("can my wife accept the terms for me?", "out_of_scope")],
    "es": [("Antes de aceptar en nombre del negocio, ¿puedo aceptar los términos como empleado y no como dueño?",
            "deny"), ("¿mi esposa puede aceptar los términos por mí?", "help")],
}


@pytest.mark.parametrize(("language", "text", "intent"),
                         [(language, text, intent) for language, asked in WHO_ACCEPTS.items() for text, intent in asked])
@pytest.mark.parametrize("read_as", ["model", "affirm", "out_of_scope"])
def test_who_may_accept_is_answered_and_accepts_nothing(backend, language, text, intent, read_as):
    chat = at_the_terms(language)
    replies = chat.form_or_side_turn(text, intent if read_as == "model" else read_as, 0.74)
    assert WHO[language] in replies[0] and backend.settings.support_phone in replies[0], replies
    assert replies[-1].startswith(LAST_STEP[language]), "never 'You said you accept the Terms'"
    assert_asked_again_unaccepted(chat, backend, language, replies)


ABOUT_THE_TERMS = {
    "en": ("quick question before I accept: do the terms allow two employees to use the same online account?",
           "ask_safety"),
    "es": ("Una consulta antes de aceptar: ¿los términos permiten que dos empleados usen la misma cuenta en línea?",
           "register"),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("read_as", ["model", "inform", "out_of_scope", "nlu_fallback"])
def test_a_question_about_the_terms_hears_them_in_short(backend, language, read_as):
    text, intent = ABOUT_THE_TERMS[language]
    chat = at_the_terms(language)
    replies = chat.form_or_side_turn(text, intent if read_as == "model" else read_as, 0.76)
    assert replies[0] == reply_in(language, messages.terms_summary), replies
    assert_asked_again_unaccepted(chat, backend, language, replies)


OTHER = {"en": "ok, do you have an office in town?", "es": "ok, ¿tienen oficina en el pueblo?"}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["out_of_scope", "inform", "affirm"])
def test_another_question_hears_whom_to_ask(backend, language, intent):
    chat = at_the_terms(language)
    replies = chat.form_or_side_turn(OTHER[language], intent, 0.9)
    assert backend.settings.support_phone in replies[0], replies
    assert_asked_again_unaccepted(chat, backend, language, replies)


LINK_LASTS = [("en", "ok, how long does the activation link last?"), ("en", "how long is the link good for?"),
              ("es", "ok, ¿cuánto dura el enlace de activación?"), ("es", "¿cuánto dura el enlace?")]


@pytest.mark.parametrize(("language", "text"), LINK_LASTS)
@pytest.mark.parametrize("intent", ["out_of_scope", "inform", "affirm"])
def test_how_long_the_link_lasts_hears_its_validity_then_the_terms(backend, language, text, intent):
    """How long the activation link works (``actions.sign_up_facts.asks_how_long_the_link_lasts``); asked at
    the Terms it is that answer, never whom to call."""
    chat = at_the_terms(language)
    replies = chat.form_or_side_turn(text, intent, 0.9)
    assert replies[0] == reply_in(language, messages.link_lasts, CoopConfig()), replies
    assert_asked_again_unaccepted(chat, backend, language, replies)


HOW = {"en": ("how do I accept them?", "To accept, just reply YES here"),
       "es": ("¿y cómo los acepto?", "Para aceptar, solo responda SÍ aquí")}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["affirm", "help", "out_of_scope"])
def test_how_to_accept_is_answered_and_accepts_nothing(backend, language, intent):
    text, answer = HOW[language]
    chat = at_the_terms(language)
    replies = chat.form_or_side_turn(text, intent, 0.7)
    assert replies[0].startswith(answer), replies
    assert_asked_again_unaccepted(chat, backend, language, replies)


ACCEPTED_WITH_A_QUESTION = {"en": "Yes, I accept. Is there a fee?", "es": "Sí, acepto. ¿Hay algún cargo?"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_clear_acceptance_then_a_fee_question_registers_then_answers_it(backend, language):
    chat = at_the_terms(language)
    said = chat.form_turn(ACCEPTED_WITH_A_QUESTION[language], "affirm", 0.89)
    assert chat.slots["outcome"] == "registered" and registered(backend), said
    done = next(i for i, reply in enumerate(said) if reply.startswith(REGISTERED[language]))
    fee = next(i for i, reply in enumerate(said) if FREE[language] in reply)
    assert done < fee, said
    assert reply_in(language, messages.side_question_again) not in joined(said)


@pytest.mark.parametrize("text", [
    "ok I read them, does it say anything about charging me a fee to use the online account?",
    "ok I read them does it say anything about a fee", "ok ya los leí, ¿dice algo de que me van a cobrar?",
    "¿Si acepto, me quitan el recibo de papel?", "Si acepto, ¿me quitan el recibo de papel?",
    "si acepto, me quitan el recibo de papel?", "before I accept, can my wife do it for me",
    "ok, and can I go paperless?",
])
def test_a_question_with_an_ok_or_an_if_i_accept_accepts_nothing(text):
    assert asks_at_the_terms(text) and yes_with_side_question(text) is None


@pytest.mark.parametrize(("text", "question"), [
    ("Yes, I accept. Is there a fee?", "Is there a fee?"), ("Sí, acepto. ¿Hay algún cargo?", "¿Hay algún cargo?"),
    ("si acepto. ¿me quitan el recibo de papel?", "¿me quitan el recibo de papel?"),
])
def test_a_clear_acceptance_keeps_its_separate_question(text, question):
    assert yes_with_side_question(text) == question and not asks_at_the_terms(text)


@pytest.mark.parametrize(("text", "topic"), [
    ("is there a late fee if I pay late?", None), ("¿me cobran por usar la cuenta en línea?", "fee"),
    ("do the terms allow two employees to use the same login?", None),
    ("may my bookkeeper accept the terms for the business?", "who"), ("¿y si acepto me quitan el papel?", "paper"),
    ("¿cómo acepto?", "how"), ("how do I accept?", "how"), ("as soon as I accept, will the link come?", None),
])
def test_what_a_question_at_the_terms_is_about(text, topic):
    assert terms_question_topic(text) == topic
