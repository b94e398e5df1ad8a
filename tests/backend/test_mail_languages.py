"""Mails in the member's language: the API's "language" field, kept on the draft and the
registration; notices in their recipient's own language. Real SMTP and the outbox."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.storage.models import Login, RegistrationDraft
from backend.notify import dispatch
from tests.support.api_calls import api_of, proven_in
from tests.support.backend_helpers import GARZA, SmtpServer, outbox_mails, parts

COOP = "Pedernales Electric Cooperative"


def make_api(make_app, settings, session_factory):
    return api_of(make_app, settings, session_factory, GARZA)


@pytest.fixture
def api(make_app, settings, session_factory):
    return make_api(make_app, settings, session_factory)


def verify(api, conversation, **language):
    assert proven_in(api, conversation, **language)["result"] == "verified"


def mails(settings):
    return outbox_mails(settings.outbox_dir)


def test_a_spanish_conversation_gets_every_mail_in_spanish(api, settings, session_factory):
    verify(api, "c1", language="es")
    # Later calls without the field keep the conversation's language.
    assert api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com",
                                          "terms_accepted": True})[1]["result"] == "created"
    [activation] = mails(settings)
    assert activation["Subject"] == f"Active su cuenta en línea de {COOP}"
    text, html = parts(activation)
    assert "Gracias por registrarse para el acceso en línea" in text
    assert re.search(r"http://coopbot\.test/activate/[A-Za-z0-9_-]{40,}\?lang=es\b", text)
    assert "http://coopbot.test/login?lang=es" in text and '<html lang="es">' in html
    assert "Elegir mi contraseña" in html and "Thank you" not in text
    with session_factory() as session:
        assert session.scalars(select(Login.language)).one() == "es"
        assert session.get(RegistrationDraft, "c1").language == "es"

    assert api("POST", "/registrations/resend", {"conversation_id": "c1", "language": "es"})[1]["result"] == "sent"
    assert mails(settings)[-1]["Subject"] == f"Active su cuenta en línea de {COOP}"
    # Activated on a page that does not say its language: the registration's language.
    token = re.search(r"/activate/([A-Za-z0-9_-]{40,})", parts(mails(settings)[-1])[0]).group(1)
    with session_factory() as session:
        assert accounts.activate(session, token, "a long enough passphrase", settings).state == accounts.ACTIVATED
        session.commit()
    dispatch.deliver_due(settings, session_factory)
    assert api("POST", "/identity/verify", {"conversation_id": "c1", "zip": GARZA["zip"]})[1]["result"] == "verified"
    assert [m["Subject"] for m in mails(settings)][-1] == f"Su cuenta en línea de {COOP} está activa"
    # The member switches to English: the next mail follows.
    assert api("POST", "/password-reset", {"conversation_id": "c1", "language": "en"})[1]["result"] == "sent"
    assert mails(settings)[-1]["Subject"] == f"Reset your {COOP} online account password"
    assert "?lang=en" in parts(mails(settings)[-1])[0]
    assert api("POST", "/unsubscribe", {"conversation_id": "c1", "language": "es"})[1]["result"] == \
        "confirmation_sent"
    confirm = mails(settings)[-1]
    assert confirm["Subject"] == f"Confirme la eliminación de su registro en línea de {COOP}"
    assert "Para eliminarlo, abra este enlace y presione Eliminar" in " ".join(parts(confirm)[0].split())
    assert re.search(r"/delete/[A-Za-z0-9_-]{40,}\?lang=es\b", parts(confirm)[0])


def test_a_conversation_without_a_language_gets_the_default(api, settings):
    verify(api, "c1")
    api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com", "terms_accepted": True})
    [activation] = mails(settings)
    assert activation["Subject"] == f"Activate your {COOP} online account"
    assert "?lang=en" in parts(activation)[0]


@pytest.mark.parametrize("language", ["fr", "ES-MX", 5, ["es"]])
def test_a_language_the_coop_does_not_offer_is_refused(api, language):
    status, body = api("POST", "/identity/account", {"conversation_id": "c1", "account_number": GARZA["account"],
                                                     "name": GARZA["name"], "language": language})
    assert (status, body["error"]) == (400, "invalid_field")
    assert "language must be one of en, es" in body["detail"]


def test_only_the_configured_languages_are_accepted(make_app, settings_for, db_url, session_factory):
    settings = settings_for(db_url, languages="en")
    api = make_api(make_app, settings, session_factory)
    status, _body = api("POST", "/identity/account", {"conversation_id": "c1", "account_number": GARZA["account"],
                                                      "name": GARZA["name"], "language": "es"})
    assert status == 400


def test_a_notice_to_the_previous_address_is_in_its_own_language(api, settings, session_factory):
    verify(api, "c1", language="es")
    api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com", "terms_accepted": True})
    # The member activates it (only an address that had online access is told of a new registration).
    activation = re.search(r"/activate/([A-Za-z0-9_-]{40,})", parts(mails(settings)[-1])[0]).group(1)
    with session_factory() as session:
        accounts.activate(session, activation, "a long enough passphrase", settings)
        session.commit()
    api("POST", "/unsubscribe", {"conversation_id": "c1", "language": "es"})
    token = re.search(r"/delete/([A-Za-z0-9_-]{40,})", parts(mails(settings)[-1])[0]).group(1)
    with session_factory() as session:
        assert accounts.delete_by_link(session, token).state == accounts.VALID
        session.commit()
    # Someone registers the account again, in English, with another address.
    verify(api, "c2", language="en")
    api("POST", "/registrations", {"conversation_id": "c2", "email": "new@example.com", "terms_accepted": True,
                                   "language": "en"})
    to_new = [m for m in mails(settings) if m["To"] == "new@example.com"]
    to_previous = [m for m in mails(settings) if m["To"] == "maria@example.com"][-1]
    assert [m["Subject"] for m in to_new] == [f"Activate your {COOP} online account"]
    assert to_previous["Subject"] == f"Un registro en línea nuevo para su cuenta de {COOP}"
    text = " ".join(parts(to_previous)[0].split())
    assert "Alguien se registró para el acceso en línea a su cuenta" in text
    assert re.search(r"/cancel/[A-Za-z0-9_-]{40,}\?lang=es\b", text)


def test_a_spanish_mail_through_a_real_smtp_server(make_app, settings_for, db_url, session_factory):
    server = SmtpServer().start()
    try:
        settings = settings_for(db_url, smtp_url=server.url, mail_from="online@pec.example")
        api = make_api(make_app, settings, session_factory)
        verify(api, "c1", language="es")
        api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com",
                                       "terms_accepted": True, "language": "es"})
        [(_sender, recipients, message)] = server.inbox.messages
    finally:
        server.stop()
    assert recipients == ["maria@example.com"]
    assert message["Subject"] == f"Active su cuenta en línea de {COOP}"
    text, html = parts(message)
    assert "El enlace funciona una sola vez y vence en 24 horas." in " ".join(text.split())
    assert "Su correo electrónico es su nombre de usuario" in " ".join(html.split())


SPANISH_HOURS = "de 7 a.m. a 9 p.m., de lunes a viernes"


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_spanish_mail_says_the_default_support_hours_in_spanish(api, settings):
    verify(api, "c1", language="es")
    api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com", "terms_accepted": True})
    [activation] = mails(settings)
    for part in parts(activation):
        assert SPANISH_HOURS in one_line(part) and "Monday" not in part
    status, config = api("GET", "/config", None)
    assert status == 200 and config["support_hours_by_language"] == {
        "en": "7 a.m. to 9 p.m. Monday through Friday", "es": SPANISH_HOURS}


@pytest.mark.parametrize(("own", "english", "spanish"), [
    # COOPBOT_SUPPORT_HOURS_ES: the operator's Spanish wording
    ({"support_hours": "8 to 5 on weekdays", "support_hours_es": "de 8 a 5 entre semana"},
     "8 to 5 on weekdays", "de 8 a 5 entre semana"),
    # COOPBOT_SUPPORT_HOURS_EN alone: the default stays translated for Spanish
    ({"support_hours_en": "7 to 9 weekdays"}, "7 to 9 weekdays", SPANISH_HOURS),
    # an operator's own text without a Spanish one: said as configured
    ({"support_hours": "8 to 5 on weekdays"}, "8 to 5 on weekdays", "8 to 5 on weekdays"),
])
def test_an_operator_sets_the_support_hours_per_language(make_app, settings, session_factory, own, english, spanish):
    api = make_api(make_app, settings.model_copy(update=own), session_factory)
    verify(api, "c1", language="es")
    api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com", "terms_accepted": True})
    assert spanish in one_line(parts(mails(settings)[-1])[0])
    assert api("POST", "/registrations/resend", {"conversation_id": "c1", "language": "en"})[1]["result"] == "sent"
    assert english in one_line(parts(mails(settings)[-1])[0])
    assert api("GET", "/config", None)[1]["support_hours_by_language"] == {"en": english, "es": spanish}


RESET_ES = f"Restablezca la contraseña de su cuenta en línea de {COOP}"
RESET_EN = f"Reset your {COOP} online account password"


def _spanish_login(api, settings, session_factory) -> None:
    """Rosa's login, registered in Spanish in conversation "rosa", activated."""
    verify(api, "rosa", language="es")
    api("POST", "/registrations", {"conversation_id": "rosa", "email": "rosa@example.com", "terms_accepted": True})
    token = re.search(r"/activate/([A-Za-z0-9_-]{40,})", parts(mails(settings)[-1])[0]).group(1)
    with session_factory() as session:
        assert accounts.activate(session, token, "a long enough passphrase", settings).state == accounts.ACTIVATED
        session.commit()
    dispatch.deliver_due(settings, session_factory)


def _reset_from(api, conversation: str, language: str) -> None:
    """A reset asked, with the bill, in ``conversation`` speaking ``language`` (one a test: a second
    within minutes mails nothing)."""
    api("POST", "/identity/account", {"conversation_id": conversation, "account_number": GARZA["account"],
                                      "name": GARZA["name"], "language": language})
    assert api("POST", "/identity/verify", {"conversation_id": conversation, "zip": GARZA["zip"],
                                            "language": language})[1]["result"] == "verified"
    assert api("POST", "/password-reset", {"conversation_id": conversation, "language": language})[1]["result"] == "sent"


def test_a_stranger_s_english_reset_reaches_a_spanish_login_in_spanish(api, settings, session_factory):
    _spanish_login(api, settings, session_factory)
    _reset_from(api, "stranger", "en")
    assert mails(settings)[-1]["Subject"] == RESET_ES
    assert "?lang=es" in parts(mails(settings)[-1])[0]


def test_the_login_s_own_conversation_switching_to_english_gets_english(api, settings, session_factory):
    _spanish_login(api, settings, session_factory)
    _reset_from(api, "rosa", "en")
    assert mails(settings)[-1]["Subject"] == RESET_EN


def test_a_text_from_the_phone_on_file_in_english_gets_english(make_app, settings_for, db_url, session_factory):
    """The phone on file is not asked to prove itself here (``bill``): only its texts' language is."""
    from backend.identity import verification
    from backend.notify.consent import phone_key

    phone = "+15125550142"
    settings = settings_for(db_url, verify_policy="bill")
    api = api_of(make_app, settings, session_factory, dict(GARZA, phone=phone))
    _spanish_login(api, settings, session_factory)
    with session_factory() as session:
        verification.remember_origin(session, "phone-on-file", "sms", phone_key(settings.secret_key, phone))
        session.commit()
    _reset_from(api, "phone-on-file", "en")
    assert mails(settings)[-1]["Subject"] == RESET_EN
