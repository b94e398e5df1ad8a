"""Member pages, the chat page and the widget's labels in Spanish, through Flask's test client.

The language comes from ``?lang=`` (kept in a cookie), the member's choice on
the page's language switch, or the browser's Accept-Language, limited to
COOPBOT_LANGUAGES. What is checked is what a member reads, on SQLite and
PostgreSQL where the page touches the database.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.support.backend_helpers import outbox_mails, parts
from tests.support.member_rows import EMAIL, add_member, add_registration, mint, text_of
from webhook.i18n import COOKIE

GOOD = "correct horse battery"


def heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.get_data(as_text=True), re.S).group(1).strip()


def page_language(response) -> str:
    return re.search(r'<html lang="([a-z]+)"', response.get_data(as_text=True)).group(1)


def test_a_link_with_lang_es_opens_the_page_in_spanish_and_the_choice_is_kept(client, pending):
    _registration_id, token = pending
    response = client.get(f"/activate/{token}?lang=es")
    assert response.status_code == 200 and page_language(response) == "es"
    assert heading(response) == "Active su cuenta en línea"
    page = text_of(response)
    assert "Elija una contraseña para terminar su registro" in page
    assert "Correo electrónico (su nombre de usuario)" in page and "Contraseña nueva" in page
    assert "Use de 8 a 64 caracteres" in page  # the password policy too
    assert client.get_cookie(COOKIE).value == "es"
    # The next pages follow, without ?lang and whatever the browser prefers.
    response = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert heading(response) == "Inicie sesión en su cuenta en línea"
    assert "Términos y condiciones" in text_of(response)


@pytest.mark.parametrize("accept, language, title", [
    ("es-MX,es;q=0.9,en;q=0.5", "es", "Inicie sesión en su cuenta en línea"),
    ("en-US,en;q=0.9", "en", "Sign in to your online account"),
    ("fr-FR,fr;q=0.9", "en", "Sign in to your online account"),  # not offered: the default
    ("", "en", "Sign in to your online account"),
])
def test_without_a_choice_the_browser_language_decides(client, accept, language, title):
    response = client.get("/login", headers={"Accept-Language": accept} if accept else {})
    assert (page_language(response), heading(response)) == (language, title)
    assert client.get_cookie(COOKIE) is None  # nothing chosen, nothing kept


def test_the_language_switch_is_on_every_page_and_beats_the_browser(client):
    spanish_browser = {"Accept-Language": "es"}
    for path in ("/login", "/terms", "/chat", "/account/deleted"):
        response = client.get(path, headers=spanish_browser)
        assert {"Accept-Language", "Cookie"} <= set(response.vary)  # no shared cache mixes languages
        switch = re.search(r'<nav aria-label="Idioma" class="language-switch">(.*?)</nav>',
                           response.get_data(as_text=True), re.S)
        assert switch, path
        links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"( aria-current="true")?>([^<]+)</a>',
                           switch.group(1))
        assert [(href, name, bool(current)) for href, _code, current, name in links] == [
            (f"{path}?lang=en", "English", False), (f"{path}?lang=es", "Español", True)]
    response = client.get("/terms?lang=en", headers=spanish_browser)
    assert heading(response) == "Terms and Conditions for online account access"
    assert client.get("/login", headers=spanish_browser).get_data(as_text=True).count(
        "Sign in to your online account") == 1


def test_the_terms_read_in_spanish(client, settings):
    page = text_of(client.get("/terms?lang=es"))
    assert "Términos y condiciones del acceso a la cuenta en línea" in page
    assert f"Versión {settings.terms_version}" in page
    assert "1. Quién puede registrarse" in page and "9. Contacto" in page
    assert "PARAR" in page and settings.coop_name in page
    assert "Who may register" not in page


def test_a_language_not_offered_is_never_used(make_app, settings_for, db_url):
    app = make_app(db_url, languages="en")
    client = app.test_client()
    response = client.get("/login?lang=es", headers={"Accept-Language": "es"})
    assert (page_language(response), heading(response)) == ("en", "Sign in to your online account")
    assert 'class="language-switch"' not in response.get_data(as_text=True)
    assert client.get_cookie(COOKIE) is None


def test_activation_in_spanish_errors_and_the_active_mail(no_csrf, client, pending, settings):
    _registration_id, token = pending
    response = client.post(f"/activate/{token}?lang=es", data={"password": GOOD, "confirm": GOOD + "x"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Hay un problema" in page and "Las dos contraseñas no coinciden. Escríbalas de nuevo." in page
    response = client.post(f"/activate/{token}", data={"password": "short", "confirm": "short"})
    assert "Use al menos 8 caracteres." in text_of(response)

    response = client.post(f"/activate/{token}", data={"password": GOOD, "confirm": GOOD}, follow_redirects=True)
    assert heading(response) == "Su cuenta en línea está activa"
    assert f"Inició sesión como {EMAIL}" in text_of(response)
    # The "account is active" mail is written in the language the member activated in.
    [mail] = outbox_mails(settings.outbox_dir)
    assert mail["Subject"] == f"Su cuenta en línea de {settings.coop_name} está activa"
    text, html = parts(mail)
    assert "Inicie sesión con este correo electrónico" in text and f"{settings.public_url}/login?lang=es" in text
    assert '<html lang="es">' in html


def test_sign_in_account_and_unsubscribe_in_spanish(no_csrf, client, pending, settings):
    _registration_id, token = pending
    client.post(f"/activate/{token}?lang=es", data={"password": GOOD, "confirm": GOOD})
    client.post("/logout")
    response = client.post("/login", data={"email": EMAIL, "password": "wrong password"})
    assert response.status_code == 401
    assert "no coinciden con una cuenta en línea activa" in text_of(response)
    response = client.post("/login", data={"email": EMAIL, "password": GOOD}, follow_redirects=True)
    page = text_of(response)
    assert heading(response) == "Su cuenta en línea"
    assert "Número de cuenta" in page and "Esperando" not in page and "Activa" in page
    response = client.post("/account/paperless", data={"paperless": "on"}, follow_redirects=True)
    assert f"La factura sin papel está activada para la cuenta que termina en 4567. Escribiremos a {EMAIL}" in text_of(response)
    assert "¿Eliminar su registro en línea?" in text_of(client.get("/account/unsubscribe"))
    response = client.post("/account/unsubscribe", data={"answer": "yes"}, follow_redirects=True)
    assert heading(response) == "Su registro en línea está eliminado"
    deleted = [m for m in outbox_mails(settings.outbox_dir) if "eliminó" in m["Subject"]]
    assert [m["Subject"] for m in deleted] == [f"Se eliminó su registro en línea de {settings.coop_name}"]


@pytest.mark.parametrize("registered_in, title", [
    ("es", "Su registro en línea está eliminado"), ("en", "Your online registration is deleted")])
def test_the_page_after_deleting_speaks_the_member_s_language(
        no_csrf, client, session_factory, registered_in, title):
    """A play-test's Spanish member, signed in at a bare /login in an English browser, read the page
    after deleting in English: it speaks the language the account pages spoke."""
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    registration_id = add_registration(session_factory, add_member(session_factory), language=registered_in)
    client.post(f"/activate/{mint(session_factory, registration_id)}", data={"password": GOOD, "confirm": GOOD})
    client.post("/logout")
    client.post("/login", data={"email": EMAIL, "password": GOOD}, headers=english_browser)
    response = client.post("/account/unsubscribe", data={"answer": "yes"}, headers=english_browser,
                           follow_redirects=True)
    assert heading(response) == title and page_language(response) == registered_in


@pytest.mark.parametrize("path, title", [
    ("/activate/not-a-real-token", "No reconocemos este enlace"),
    ("/delete/not-a-real-token", "Este enlace no es válido"),
])
def test_link_pages_in_spanish(client, path, title):
    assert heading(client.get(path, headers={"Accept-Language": "es"})) == title


def test_the_widget_gets_its_labels_in_every_language(client):
    source = client.get("/chat/widget.js").get_data(as_text=True)
    catalog = json.loads(re.search(r"var CATALOG = (\{.*?\});\n", source).group(1))
    assert catalog["languages"] == [["en", "English"], ["es", "Español"]]
    assert catalog["text"]["en"]["send"] == "Send" and catalog["text"]["es"]["send"] == "Enviar"
    assert catalog["text"]["es"]["tooLong"] == "Ese mensaje es demasiado largo: escriba menos de 1000 caracteres."
    assert set(catalog["text"]["en"]) == set(catalog["text"]["es"])
    for key, english in catalog["text"]["en"].items():
        if key not in ("languages",):
            assert catalog["text"]["es"][key] != english, key
    # The widget's own code holds no text of its own: every label is looked up.
    assert "Type your message" not in source.replace(json.dumps(catalog), "")


def test_the_chat_api_takes_the_widgets_language_and_refuses_in_it(make_app, db_url, fake_rasa):
    client = make_app(db_url, rasa_url=fake_rasa.url, testing=True).test_client()
    token = client.post("/chat/api/session").get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    response = client.post("/chat/api/messages", json={"text": "hola", "language": "es"}, headers=auth)
    assert response.status_code == 200 and response.get_json()["replies"]
    response = client.post("/chat/api/messages", json={"text": "  ", "language": "es"}, headers=auth)
    assert (response.status_code, response.get_json()) == (400, {"error": "Primero escriba un mensaje."})
    response = client.post("/chat/api/messages", json={"text": "  ", "language": "en"}, headers=auth)
    assert response.get_json() == {"error": "Please type a message first."}
    response = client.post("/chat/api/messages", json={"text": "x" * 1001, "language": "es"}, headers=auth)
    assert response.get_json()["error"] == "Ese mensaje es demasiado largo: escriba menos de 1000 caracteres."


SPANISH_HOURS = "de 7 a.m. a 9 p.m., de lunes a viernes"


@pytest.mark.parametrize("path", ["/login", "/terms", "/chat", "/activate/not-a-real-token"])
def test_the_support_hours_speak_the_pages_language(client, path):
    spanish = " ".join(client.get(f"{path}?lang=es").get_data(as_text=True).split())
    assert SPANISH_HOURS in spanish and "Monday" not in spanish
    english = " ".join(client.get(f"{path}?lang=en").get_data(as_text=True).split())
    assert "7 a.m. to 9 p.m. Monday through Friday" in english and SPANISH_HOURS not in english


def test_the_account_page_footer_says_the_hours_in_spanish(no_csrf, client, pending):
    _registration_id, token = pending
    client.post(f"/activate/{token}?lang=es", data={"password": GOOD, "confirm": GOOD})
    page = " ".join(client.get("/account").get_data(as_text=True).split())
    assert "Su cuenta en línea" in page and SPANISH_HOURS in page and "Monday" not in page


def test_an_operators_spanish_hours_on_pages_and_the_sms_help(make_app, db_url):
    from webhook.sms import texts

    app = make_app(db_url, support_hours="8 to 5 on weekdays", support_hours_es="de 8 a 5 entre semana")
    client = app.test_client()
    assert "de 8 a 5 entre semana" in " ".join(client.get("/login?lang=es").get_data(as_text=True).split())
    assert "8 to 5 on weekdays" in " ".join(client.get("/login?lang=en").get_data(as_text=True).split())
    settings = app.config["COOPBOT"]
    assert "de 8 a 5 entre semana" in texts.help_text(settings, "es")
    assert "8 to 5 on weekdays" in texts.help_text(settings, "en")


def test_the_sms_help_says_the_default_hours_in_spanish(settings):
    from webhook.sms import texts

    assert SPANISH_HOURS in texts.help_text(settings, "es") and "Monday" not in texts.help_text(settings, "es")


# --- the member's own language after signing in (a fifth play-test) -----------------------------
@pytest.mark.parametrize(("registered_in", "accept", "language", "title"), [
    ("es", None, "es", "Su cuenta en línea"),  # a bare /login, a browser that names no language
    ("es", "fr-FR,fr;q=0.9", "es", "Su cuenta en línea"),  # none of ours
    # A browser set to one of ours is no choice of the member's (a tenth play-test: a Spanish member
    # at a bare /login in an English browser read /account in English).
    ("es", "en-US,en;q=0.9", "es", "Su cuenta en línea"),
    ("en", "es", "en", "Your online account"),
    (None, None, "en", "Your online account"),  # no language stored: the default
])
def test_after_signing_in_the_member_s_language_speaks_unless_the_member_chose_one(
        no_csrf, client, session_factory, registered_in, accept, language, title):
    registration_id = add_registration(session_factory, add_member(session_factory), language=registered_in)
    token = mint(session_factory, registration_id)
    client.post(f"/activate/{token}", data={"password": GOOD, "confirm": GOOD})
    client.post("/logout")
    headers = {"Accept-Language": accept} if accept else {}
    assert page_language(client.get("/login", headers=headers)) == ("es" if accept == "es" else "en")
    response = client.post("/login", data={"email": EMAIL, "password": GOOD}, headers=headers,
                           follow_redirects=True)
    assert heading(response) == title and page_language(response) == language
    # The member's choice on the page still wins, and is kept.
    assert page_language(client.get("/account?lang=en", headers=headers)) == "en"
    assert page_language(client.get("/account", headers=headers)) == "en"
    client.post("/logout")
    assert page_language(client.get("/login", headers=headers)) == "en"  # the choice outlives the sign-in

