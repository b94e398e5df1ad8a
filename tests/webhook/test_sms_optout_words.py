"""Opt-out in any words: carrier keywords in English and Spanish, and plain-words requests to stop
texting, on both sides of the line (webhook/sms/keywords.py), then through /sms."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import SmsOptOut
from tests.support.sms import Texter
from tests.support.sms_replies import bot_replies
from webhook.sms import keywords

PLAIN_STOP = [
    ("please stop texting me", "en"), ("no more messages", "en"), ("don't text this number", "en"),
    ("Do not text me again", "en"), ("stop sending me texts", "en"), ("STOP TEXTING ME!!", "en"),
    ("take me off your list", "en"), ("unsubscribe me", "en"), ("opt me out please", "en"),
    ("stop messaging me", "en"), ("please don\u2019t message me", "en"), ("I don't want any more texts", "en"),
    ("no más mensajes, gracias", "es"), ("dejen de mandarme mensajes", "es"), ("ya no me manden mensajes", "es"),
    ("no me escriban más", "es"), ("ya no quiero recibir mensajes", "es"), ("quítenme de la lista", "es"),
    ("No mas textos por favor", "es"), ("basta de mensajes por favor", "es"), ("Ya basta de mensajes", "es"),
]
NOT_ABOUT_THE_TEXTS = [
    "stop, I'll finish this later", "para, lo termino después", "I want to stop the registration", "don't stop",
    "stop signing up", "can you stop for now", "no more questions please", "para", "no gracias",
    "no me manden el correo todavía", "my number is 1001234567 stop texting", "I did not get the text",
    "send me the code again", "no quiero registrarme", "no más preguntas", "cancel my registration",
    "dejen de preguntar", "stop texting me, I will register tomorrow", "ya basta, no quiero seguir",
    "basta de preguntas",
]
SPANISH_KEYWORDS = ["PARAR", "parar", "Alto", "CANCELAR", "baja", "DETENER", "fin", "NO MAS", "No más", "no  más!", "basta", "BASTA", "¡Basta!"]


@pytest.mark.parametrize("text, language", PLAIN_STOP)
def test_a_plain_request_to_stop_texting_is_recognised(text, language):
    assert keywords.stop_texting_language(text) == language


@pytest.mark.parametrize("text", NOT_ABOUT_THE_TEXTS)
def test_stopping_the_registration_is_left_to_the_dialogue(text):
    assert keywords.stop_texting_language(text) is None
    assert not keywords.is_opt_out(text)


@pytest.mark.parametrize("word", SPANISH_KEYWORDS)
def test_spanish_opt_out_keywords(word):
    assert keywords.is_opt_out(word) and keywords.opt_out_language(word) == "es"


def test_the_keywords_are_stated_once_and_each_in_one_language():
    languages = list(keywords.OPT_OUT_BY_LANGUAGE.values())
    assert not set.intersection(*map(set, languages))
    assert keywords.OPT_OUT == frozenset().union(*languages)
    assert {"PARAR", "ALTO", "CANCELAR", "BAJA"} <= keywords.OPT_OUT_BY_LANGUAGE["es"]


def _opted_out(app) -> list[bool]:
    with app.extensions["coopbot.sessions"]() as session:
        return [row.opted_out for row in session.scalars(select(SmsOptOut))]


@pytest.mark.parametrize("word", ["PARAR", "No más", "baja", "basta"])
def test_a_spanish_keyword_opts_out_with_a_spanish_confirmation(sms_app, sms_client, fake_rasa, word):
    texter = Texter(sms_client)
    [confirmation] = texter.texts(word, from_="+15125550120")
    assert confirmation.startswith("Ya no recibira mensajes de texto") and "INICIAR" in confirmation
    assert texter.texts("hola", from_="+15125550120") == []  # silence until START
    assert fake_rasa.received == [] and _opted_out(sms_app) == [True]
    [back] = texter.texts("INICIAR", from_="+15125550120")
    assert back.startswith("Volvio a suscribirse") and _opted_out(sms_app) == [False]


@pytest.mark.parametrize("text, start", [("please stop texting me", "You are unsubscribed"),
                                         ("no más mensajes, gracias", "Ya no recibira"),
                                         ("basta de mensajes por favor", "Ya no recibira")])
def test_a_plain_request_opts_out_exactly_like_stop(sms_app, sms_client, fake_rasa, text, start):
    texter = Texter(sms_client)
    [confirmation] = texter.texts(text, from_="+15125550121")
    assert confirmation.startswith(start)
    assert texter.texts(text, from_="+15125550121") == []  # one confirmation only
    assert fake_rasa.received == [] and _opted_out(sms_app) == [True]


@pytest.mark.parametrize("text", ["stop, I'll finish this later", "para, lo termino después",
                                  "ya basta, no quiero seguir"])
def test_stopping_for_now_goes_to_the_dialogue_and_texts_go_on(sms_app, sms_client, fake_rasa, text):
    Texter(sms_client).texts(text, from_="+15125550122")
    assert [r["message"] for r in fake_rasa.received] == [text]
    assert _opted_out(sms_app) == []


def test_help_and_stop_answer_in_the_number_s_remembered_language(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    texter.texts("hola, quiero registrarme", from_="+15125550123")
    [help_text] = texter.texts("HELP", from_="+15125550123")
    assert help_text.startswith("Registro en linea de") and "PARAR" in help_text
    [confirmation] = texter.texts("STOP", from_="+15125550123")
    assert confirmation.startswith("Ya no recibira")
    [back] = texter.texts("START", from_="+15125550123")
    assert back.startswith("Volvio a suscribirse")


def test_start_in_spanish_goes_on_with_the_sign_up_in_spanish(sms_app, sms_client, fake_rasa):
    """INICIAR in the middle of a Spanish sign-up: the confirmation in Spanish, and Rasa is
    greeted in the member's language to say the pending question again."""
    texter = Texter(sms_client)
    fake_rasa.bot = bot_replies("¿Qué correo electrónico usamos?", slots={"requested_slot": "email"})
    texter.texts("hola, quiero registrarme", from_="+15125550125")
    texter.texts("PARAR", from_="+15125550125")
    fake_rasa.bot = bot_replies("Sigamos donde se quedó.", "¿Qué correo electrónico usamos?")
    turn = texter.texts("INICIAR", from_="+15125550125")
    back, welcome, question = "\n".join(turn).split("\n")  # one turn, texted together where that saves a text
    assert back.startswith("Volvio a suscribirse") and welcome.startswith("Sigamos")
    assert fake_rasa.received[-1]["metadata"] == {"channel": "sms", "language": "es", "texts_back_on": True}


def test_an_english_number_gets_english_and_ayuda_gets_spanish(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    [help_text] = texter.texts("HELP", from_="+15125550124")
    assert "Reply STOP to opt out" in help_text
    [ayuda] = texter.texts("AYUDA", from_="+15125550124")
    assert ayuda.startswith("Registro en linea de")
