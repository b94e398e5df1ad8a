"""Texts to the phone on file in the member's language: the one-time code and the notices.

Through the registration API with the outbox (no Twilio configured): the
texts are read as the phone would get them. The code and the notices speak the
phone holder's language, never that of whoever caused them; a code for a phone
whose language the co-op does not know yet comes in the asker's language and
the default one (docs/languages.md). Every Spanish text is GSM-7 within two
segments, like the assistant's replies.
"""

from __future__ import annotations


import pytest

from backend.notify import conversation_language
from backend.identity import verification as v
from backend.notify.consent import phone_key
from backend.storage.models import utcnow
from common.gsm import MAX_SEPTETS, is_gsm7, septets
from tests.support.api_calls import api_of, proven_in
from tests.support.backend_helpers import GARZA
from tests.support.one_time_code import CODE, GARZA_PHONE as PHONE, GARZA_WITH_PHONE, texts

COOP = "Pedernales Electric Cooperative"
SUPPORT = "1-888-554-4732"


def make_api(make_app, settings, session_factory):
    return api_of(make_app, settings, session_factory, GARZA_WITH_PHONE)


@pytest.fixture
def coop(settings_for, db_url):
    return settings_for(db_url, coop_name=COOP, support_phone=SUPPORT)


@pytest.fixture
def api(make_app, coop, session_factory):
    return make_api(make_app, coop, session_factory)


def as_sent(text: dict) -> str:
    """The body, checked as a carrier counts it: plain GSM-7, at most two segments."""
    body = text["body"]
    assert text["to"] == PHONE
    assert is_gsm7(body) and septets(body) <= MAX_SEPTETS, body
    return body


def verify(api, conversation, **language):
    assert proven_in(api, conversation, **language)["possession"] == "code_required"


def register_with_the_code(api, settings, session_factory, conversation, **language):
    """From the web chat (as the web app records it): ask for the code, type it, register.

    Returns the code, its text and the notice of the new registration."""
    with session_factory() as session:
        v.remember_origin(session, conversation, "web", "client-1")
        session.commit()
    verify(api, conversation, **language)
    assert api("POST", "/identity/code", {"conversation_id": conversation, **language})[1]["result"] == "code_sent"
    code_text = as_sent(texts(settings)[-1])
    code = CODE.search(code_text).group(1)
    assert api("POST", "/identity/code/verify", {"conversation_id": conversation, "code": code,
                                                 **language})[1]["result"] == "verified"
    assert api("POST", "/registrations", {"conversation_id": conversation, "email": "maria@example.com",
                                          "terms_accepted": True, **language})[1]["result"] == "created"
    return code, code_text, as_sent(texts(settings)[-1])


def test_a_spanish_member_gets_the_code_in_spanish_and_english_and_the_notice_in_spanish(api, coop,
                                                                                        session_factory):
    """The co-op does not know the phone's language yet: the code comes in the asker's and the default
    one, since the phone's holder may read only the latter."""
    code, code_text, notice = register_with_the_code(api, coop, session_factory, "c1", language="es")
    # "código" and "línea" lose the accent GSM-7 lacks; the code is the one that worked.
    assert code_text == (f"{COOP}:\nSu codigo es {code}, valido por 10 min. Alguien se registra en linea con su "
                         f"cuenta; ¿no es usted? No lo comparta.\nYour code is {code}, valid for 10 min. Someone "
                         "is signing up for online access to your account; not you? Do not share it.")
    # Proven with that phone's code: whoever registered holds the phone, so the notice speaks their language.
    assert notice == (f"{COOP}: alguien se registro en el chat web para el acceso en linea a su cuenta y se "
                      f"envio un enlace a m***@e***.com. ¿No fue usted? Llame a servicio a socios al {SUPPORT}.")


def test_an_english_member_s_texts_are_unchanged(api, coop, session_factory):
    code, code_text, notice = register_with_the_code(api, coop, session_factory, "c1")
    assert code_text == (f"{COOP}: your code is {code}. It expires in 10 minutes. Someone is signing up for "
                         "online access to your account; if it is not you, do not share this code.")
    assert notice == (f"{COOP}: someone signed up in the web chat for online access to your account and a link "
                      f"was mailed to m***@e***.com. Not you? Call member services at {SUPPORT}.")


def test_a_notice_to_the_phone_speaks_its_holders_language_not_the_callers(make_app, settings_for, db_url,
                                                                          session_factory):
    """A Spanish caller with the bill alone (no proof of the phone) does not make the holder's notice
    Spanish; the language the phone itself texts the co-op in does, whoever causes the notice."""
    bill = settings_for(db_url, coop_name=COOP, support_phone=SUPPORT, verify_policy="bill")
    api = make_api(make_app, bill, session_factory)
    assert api("POST", "/identity/account", {"conversation_id": "c1", "account_number": GARZA["account"],
                                             "name": GARZA["name"], "language": "es"})[1]["result"] == "match"
    assert api("POST", "/identity/verify", {"conversation_id": "c1", "zip": GARZA["zip"]})[1]["result"] == "verified"
    api("PUT", "/security-answer", {"conversation_id": "c1", "question": 2, "answer": "Fluffy"})
    assert api("POST", "/registrations", {"conversation_id": "c1", "email": "stranger@example.com",
                                          "terms_accepted": True})[1]["result"] == "created"
    notice = as_sent(texts(bill)[-1])
    assert notice == (f"{COOP}: someone signed up for online access to your account and a link was mailed to "
                      "s***@e***.com. Not you? Reply NOTME within 3 days to cancel it.")

    # The holder once texted the co-op in Spanish from that phone (the web app remembers it per phone) ...
    with session_factory() as session:
        conversation_language.remember(session, "sms", phone_key(bill.secret_key, PHONE), "es", explicit=False,
                                       now=utcnow())
        session.commit()
    # ... so the lock-out an English caller causes is told to the phone in Spanish.
    for index in range(v.ACCOUNT_DAILY_LIMIT):
        api("POST", "/identity/account", {"conversation_id": f"bad{index}", "account_number": GARZA["account"],
                                          "name": "Garza", "language": "en"})
        api("POST", "/identity/verify", {"conversation_id": f"bad{index}", "zip": "11111", "language": "en"})
    lockout = as_sent(texts(bill)[-1])
    assert lockout == (f"{COOP}: el registro en linea de su cuenta se pauso tras demasiadas respuestas "
                       "incorrectas. No se cambio nada. Aun puede registrarse enviandonos un texto desde este "
                       "teléfono. ¿No fue usted? Alguien puede tener su factura: llame al "
                       f"{SUPPORT}.")


def phone_texted_in(session_factory, settings, language):
    """The phone on file once texted the co-op in ``language`` (the web app remembers it per phone)."""
    with session_factory() as session:
        conversation_language.remember(session, "sms", phone_key(settings.secret_key, PHONE), language,
                                       explicit=False, now=utcnow())
        session.commit()


def ask_for_the_code(api, settings, session_factory, conversation, language) -> str:
    """A conversation in ``language`` passes the bill data and asks for the code: the text the phone gets."""
    with session_factory() as session:
        v.remember_origin(session, conversation, "web", "client-1")
        session.commit()
    verify(api, conversation, language=language)
    assert api("POST", "/identity/code", {"conversation_id": conversation,
                                          "language": language})[1]["result"] == "code_sent"
    return as_sent(texts(settings)[-1])


def test_a_stranger_asking_in_spanish_gets_an_english_speaking_owner_an_english_code(api, coop, session_factory):
    """The attack: the paper bill in hand, chatting in Spanish. The owner's phone texted the co-op in
    English, so the code and its warning come in English, which the owner reads."""
    phone_texted_in(session_factory, coop, "en")
    text = ask_for_the_code(api, coop, session_factory, "stranger", "es")
    code = CODE.search(text).group(1)
    assert text == (f"{COOP}: your code is {code}. It expires in 10 minutes. Someone is signing up for online "
                    "access to your account; if it is not you, do not share this code.")


def test_a_phone_that_texts_in_spanish_gets_a_spanish_code_whoever_asks_in_english(api, coop, session_factory):
    phone_texted_in(session_factory, coop, "es")
    text = ask_for_the_code(api, coop, session_factory, "c1", "en")
    code = CODE.search(text).group(1)
    assert text == (f"{COOP}: su codigo es {code}. Vence en 10 minutos. Alguien se esta registrando para el "
                    "acceso en linea a su cuenta; si no es usted, no comparta este codigo.")


def test_an_unknown_phone_and_an_english_asker_get_english_alone(api, coop, session_factory):
    text = ask_for_the_code(api, coop, session_factory, "c1", "en")
    assert text.startswith(f"{COOP}: your code is ") and "codigo" not in text


def test_a_registration_proven_by_the_code_tells_the_phone_holders_language(api, coop, session_factory):
    """The member who proved the phone in Spanish holds it: a later English asker's code comes in Spanish."""
    register_with_the_code(api, coop, session_factory, "c1", language="es")
    text = ask_for_the_code(api, coop, session_factory, "c2", "en")
    assert text.startswith(f"{COOP}: su codigo es ") and "Your code" not in text
