"""The account page of a login with several accounts, in a real browser (headless Chromium).

What the member does on ``/account`` and sees: every account masked to its last
four digits with its own paperless choice; another account added from the page
(its bill, the code texted to its phone on file, then the link mailed to the
login's address); one account or the whole login unsubscribed after Yes / No; the
e-mail address moved (the new address's link) and moved back (the old address's
undo link); the same pages in Spanish. Mail goes through a real SMTP server
(aiosmtpd) and its links are opened in the browser; texts go to the outbox, and
Twilio Verify, where a test uses it, is the local fake of Twilio's API. Every
form field has a label, no id is given twice and every control is reached with
the Tab key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from backend.identity import twilio_verify
from backend.storage.models import Member
from tests.support.backend_helpers import parts
from tests.support.fake_twilio import FakeTwilio
from tests.support.live import live_server
from tests.support.member_rows import BARN, EMAIL, HOUSE, PASSWORD, add_member, login_with_two
from tests.support.page_checks import duplicate_ids, fits_the_screen, tab_stops, unlabelled_fields

NEW = "jane.new@example.org"
WELL = "4005550001"
WELL_PHONE = "+15125550177"
PHONE = {"width": 375, "height": 740}
SIGN_IN_ES = ("Correo electrónico", "Contraseña", "Iniciar sesión")
SIN_PAPEL = "Factura sin papel"


@pytest.fixture
def live_app(make_app, sqlite_url, smtp_server):
    return make_app(sqlite_url, smtp_url=smtp_server.url, mail_from="online@coop.example")


@pytest.fixture
def factory(live_app):
    from webhook.database import session_factory

    with live_app.app_context():
        return session_factory()


@pytest.fixture
def jane(live_app, factory):
    """Jane's active login holds the house and the barn, both on paper bills."""
    login_with_two(factory, live_app.config["COOPBOT"])
    return live_app


@pytest.fixture
def site(jane):
    with live_server(jane) as base:
        yield base


@pytest.fixture
def verify_app(jane, monkeypatch):
    """The co-op sends one-time codes with Twilio Verify, here the local fake of Twilio's API."""
    fake = FakeTwilio().start()
    monkeypatch.setattr(twilio_verify, "TwilioHttpClient", lambda timeout=None: fake.http_client())
    jane.config["COOPBOT"] = jane.config["COOPBOT"].model_copy(update={
        "twilio_account_sid": "AC" + "1" * 32, "twilio_auth_token": "token",
        "twilio_verify_service_sid": "VA" + "2" * 32})
    yield fake
    fake.stop()


@pytest.fixture
def spanish_page(browser):
    """A browser whose member reads Spanish (its Accept-Language), as a phone set to Spanish sends."""
    context = browser.new_context(locale="es-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# ----------------------------------------------------------------------------------- helpers

def sign_in(page: Page, base: str, email: str = EMAIL, password: str = PASSWORD,
            labels: tuple[str, str, str] = ("E-mail address", "Password", "Sign in")) -> None:
    email_label, password_label, button = labels
    page.goto(f"{base}/login")
    page.get_by_label(email_label, exact=True).fill(email)
    page.get_by_label(password_label, exact=True).fill(password)
    page.get_by_role("button", name=button).click()


def account_panel(page: Page, last4: str, ending_in: str = "Account number ending in"):
    """One account's section, found by its accessible name (the heading says only the last four)."""
    return page.get_by_role("region", name=f"{ending_in} {last4}", exact=True)


def all_account_panels(page: Page, ending_in: str = "Account number ending in"):
    return page.get_by_role("region", name=re.compile(rf"^{ending_in} \d{{4}}$"))


def paperless_shown(panel, term: str = "Paperless billing") -> str:
    """What an account's panel says of its paperless billing ("On", "Off")."""
    return panel.locator("dt", has_text=term).locator("xpath=following-sibling::dd[1]").inner_text()


def mails_to(smtp_server, address: str) -> list:
    return [message for _sender, recipients, message in smtp_server.inbox.messages if address in recipients]


def subject(message) -> str:
    # A subject too long for one line is folded right after "Subject:"; the parser keeps the space.
    return str(message["Subject"]).strip()


def link_path(message, path: str) -> str:
    """The path (and ``?lang=``) of the ``/<path>/<token>`` link of a mail, to open on the test server."""
    text, _html = parts(message)
    return re.search(rf"https?://[^/\s]+(/{path}/[A-Za-z0-9_-]{{20,}}(?:\?lang=[a-z]+)?)", text).group(1)


def texted_body(app) -> str:
    """The one text sent to the phone on file of the account being added (texts go to the outbox)."""
    outbox = Path(app.config["COOPBOT"].outbox_dir)
    texts = [json.loads(p.read_text()) for p in sorted(outbox.glob("*.json"))]
    [text] = [t for t in texts if t["to"] == WELL_PHONE]
    return text["body"]


def texted_code(app) -> str:
    return re.search(r"\b(\d{6})\b", texted_body(app)).group(1)


# ------------------------------------------------------------------------------------- tests

@pytest.mark.browser
def test_two_accounts_are_masked_and_paperless_is_chosen_for_one_only(site, page):
    page.set_viewport_size(PHONE)
    sign_in(page, site)
    expect(page).to_have_url(f"{site}/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your online account")
    expect(all_account_panels(page)).to_have_count(2)
    house, barn = account_panel(page, "4567"), account_panel(page, "6543")
    expect(house.get_by_role("heading", level=3)).to_contain_text("******4567")
    expect(barn.get_by_role("heading", level=3)).to_contain_text("******6543")
    assert HOUSE not in page.content() and BARN not in page.content()  # never the whole number
    assert paperless_shown(house) == paperless_shown(barn) == "Off"
    assert unlabelled_fields(page) == [] and duplicate_ids(page) == []
    assert fits_the_screen(page)

    barn.get_by_role("radio", name="Paperless: e-mail me when my bill is ready").check()
    barn.get_by_role("button", name="Save billing choice").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Paperless billing is on for the account ending in 6543. We will e-mail {EMAIL} when its bill is ready.")

    page.reload()
    expect(page.get_by_role("status")).to_have_count(0)  # the notice was said once
    assert paperless_shown(account_panel(page, "6543")) == "On"
    assert paperless_shown(account_panel(page, "4567")) == "Off"
    expect(account_panel(page, "6543").get_by_role("radio", name="Paperless: e-mail me when my bill is ready")
           ).to_be_checked()
    expect(account_panel(page, "4567").get_by_role("radio", name="Paper: mail my bill to me")).to_be_checked()

    # Paper again for the barn, by keyboard alone: the arrow key moves the choice, Enter sends it.
    account_panel(page, "6543").get_by_role("radio", name="Paperless: e-mail me when my bill is ready").focus()
    page.keyboard.press("ArrowDown")
    expect(account_panel(page, "6543").get_by_role("radio", name="Paper: mail my bill to me")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Paperless billing is off for the account ending in 6543. Its bill will come by mail.")
    assert paperless_shown(account_panel(page, "6543")) == "Off"


@pytest.mark.browser
def test_every_control_of_the_account_page_is_reached_with_the_tab_key(site, page):
    sign_in(page, site)
    expect(all_account_panels(page)).to_have_count(2)
    stops = tab_stops(page)
    wanted = ["a:Skip to main content", "a:Your account", "button:Sign out",
              "a:Change e-mail address",
              "input:Paper: mail my bill to me", "button:Save billing choice", "a:Unsubscribe this account",
              "input:Paper: mail my bill to me", "button:Save billing choice", "a:Unsubscribe this account",
              "a:Add another account", "a:Unsubscribe"]
    reached = iter(stops)
    assert all(any(stop == want for stop in reached) for want in wanted), stops  # in this order

    # The skip link takes the keyboard past the header, to the page's own content.
    page.reload()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Change e-mail address")).to_be_focused()


@pytest.mark.browser
def test_add_another_account_from_the_page_with_the_code_and_the_mailed_link(jane, site, page, factory,
                                                                             smtp_server):
    member_id = add_member(factory, WELL)
    with factory() as db, db.begin():
        db.get(Member, member_id).phone = WELL_PHONE
    sign_in(page, site)
    page.get_by_role("link", name="Add another account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add another account")
    assert unlabelled_fields(page) == [] and duplicate_ids(page) == []

    def prove(zip_code: str) -> None:
        page.get_by_label("Account number (on your bill)").fill(WELL)
        page.get_by_label("Last name or business name on that account").fill("Doe")
        page.get_by_role("radio", name="The mailing ZIP code of that account").check()
        page.get_by_label("What the bill shows for it").fill(zip_code)
        page.get_by_label("I accept the Terms and Conditions for this account").check()
        page.get_by_role("button", name="Continue").click()

    prove("11111")  # a wrong ZIP: told nothing about which detail was wrong, and not shown back
    expect(page.get_by_role("status")).to_contain_text("We could not add that account with these details.")
    expect(page.get_by_label("What the bill shows for it")).to_have_value("")

    prove("78701")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code")
    expect(page.locator("main")).to_contain_text("We texted a code to the phone on file of that account")
    assert WELL_PHONE not in page.content()
    assert unlabelled_fields(page) == [] and duplicate_ids(page) == []
    page.get_by_label("Code", exact=True).fill(texted_code(jane))
    page.get_by_role("button", name="Add the account").click()

    expect(page).to_have_url(f"{site}/account")
    expect(page.get_by_role("status")).to_contain_text(
        "To finish, open the link we mailed to j***@e***.com and press Add.")
    expect(all_account_panels(page)).to_have_count(2)  # not on the login until the mailbox says so

    [offer] = mails_to(smtp_server, EMAIL)
    assert subject(offer).startswith("Add another account to your")
    page.goto(site + link_path(offer, "add"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add the account ending in 0001?")
    page.get_by_role("button", name="Add the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The account ending in 0001 is on your online login")

    page.goto(f"{site}/account")
    expect(all_account_panels(page)).to_have_count(3)
    expect(account_panel(page, "0001").get_by_role("heading", level=3)).to_contain_text("******0001")
    assert WELL not in page.content()
    page.goto(site + link_path(offer, "add"))  # the link works once; opened again it says so
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The account ending in 0001 is already on your online login")
    expect(page.get_by_role("link", name="Go to your account")).to_be_visible()  # signed in to that login


@pytest.mark.browser
def test_unsubscribe_one_account_then_the_whole_login_after_yes_or_no(site, page, smtp_server):
    sign_in(page, site)
    account_panel(page, "6543").get_by_role("link", name="Unsubscribe this account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove the account ending in 6543?")
    expect(page.locator("main")).to_contain_text("your other accounts and your sign-in stay as they are")
    assert {"button:Yes, remove this account", "button:No, keep this account"} <= set(tab_stops(page))
    page.get_by_role("button", name="No, keep this account").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/account")
    expect(page.get_by_role("status")).to_have_text("Nothing changed: your online account is still active.")
    expect(all_account_panels(page)).to_have_count(2)

    account_panel(page, "6543").get_by_role("link", name="Unsubscribe this account").click()
    page.get_by_role("button", name="Yes, remove this account").click()
    expect(page.get_by_role("status")).to_have_text("The account ending in 6543 is no longer on your online login.")
    expect(all_account_panels(page)).to_have_count(1)
    expect(account_panel(page, "4567")).to_be_visible()
    expect(page.get_by_role("link", name="Unsubscribe this account")).to_have_count(0)  # the last one goes whole
    [told] = mails_to(smtp_server, EMAIL)
    assert subject(told).endswith("online registration was deleted")

    # The sign-in still works, from a fresh browser session.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    sign_in(page, site)
    expect(page).to_have_url(f"{site}/account")
    expect(all_account_panels(page)).to_have_count(1)

    page.get_by_role("link", name="Unsubscribe", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your online registration?")
    expect(page.locator("main")).to_contain_text(f"you can no longer sign in with {EMAIL}")
    page.get_by_role("button", name="No, keep my registration").click()
    expect(page.get_by_role("status")).to_have_text("Nothing changed: your online account is still active.")
    expect(all_account_panels(page)).to_have_count(1)

    page.get_by_role("link", name="Unsubscribe", exact=True).click()
    page.get_by_role("button", name="Yes, delete my registration").click()
    expect(page).to_have_url(re.compile(re.escape(f"{site}/account/deleted") + r"(\?lang=\w+)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your online registration is deleted")
    # How to register again.
    expect(page.locator("main a[href='/chat']")).to_have_text(re.compile(r"127\.0\.0\.1:\d+/chat"))
    assert len(mails_to(smtp_server, EMAIL)) == 2
    page.goto(f"{site}/account")
    expect(page).to_have_url(re.compile(r"/login"))
    sign_in(page, site)
    expect(page.get_by_role("alert")).to_contain_text("do not match an active online account")


@pytest.mark.browser
def test_move_the_login_to_a_new_address_then_back_with_the_old_address_s_link(site, page, smtp_server):
    sign_in(page, site)
    page.get_by_role("link", name="Change e-mail address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change e-mail address")
    assert unlabelled_fields(page) == [] and duplicate_ids(page) == []
    page.get_by_label("New e-mail address").fill(NEW)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Send the link").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("That is not the password of your online login.")
    expect(summary).to_be_focused()
    assert mails_to(smtp_server, NEW) == []

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Send the link").click()
    expect(page).to_have_url(f"{site}/account")
    expect(page.get_by_role("status")).to_contain_text(f"We mailed a link to {NEW}.")
    expect(page.locator("dl").first).to_contain_text(EMAIL)  # nothing moves before the new mailbox says so

    # The new mailbox is read elsewhere: this browser signs out first.
    page.get_by_role("button", name="Sign out").click()
    [confirm] = mails_to(smtp_server, NEW)
    page.goto(site + link_path(confirm, "email"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Use {NEW} for your online login?")
    page.get_by_role("button", name="Confirm the new address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your online login now uses {NEW}")
    page.get_by_role("main").get_by_role("link", name="Sign in").click()

    page.get_by_label("E-mail address", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an active online account")
    sign_in(page, site, NEW)
    expect(page).to_have_url(f"{site}/account")
    expect(page.locator("dl").first).to_contain_text(NEW)
    expect(all_account_panels(page)).to_have_count(2)

    # The old address is told, and its undo link moves the login back and signs every browser out.
    notice = mails_to(smtp_server, EMAIL)[-1]
    assert "was changed" in subject(notice)
    undo = link_path(notice, "email/undo")
    mailbox = page.context.browser.new_context().new_page()  # the old mailbox, opened in another browser
    try:
        mailbox.goto(site + undo)
        expect(mailbox.get_by_role("heading", level=1)).to_have_text(f"Move your online login back to {EMAIL}?")
        mailbox.get_by_role("button", name="Undo the change").click()
        expect(mailbox.get_by_role("heading", level=1)).to_have_text(f"Your online login is back at {EMAIL}")

        page.goto(f"{site}/account")
        expect(page).to_have_url(re.compile(r"/login"))  # signed out here too
        sign_in(page, site, NEW)
        expect(page.get_by_role("alert")).to_contain_text("do not match an active online account")

        # The password was cleared: the reset link mailed to the old address sets a new one.
        reset = mails_to(smtp_server, EMAIL)[-1]
        mailbox.goto(site + link_path(reset, "activate"))
        expect(mailbox.get_by_role("heading", level=1)).to_have_text("Set a new password")
        mailbox.get_by_label("New password").fill("another long password 8")
        mailbox.get_by_label("Type the password again").fill("another long password 8")
        mailbox.get_by_role("button", name="Save new password").click()
        expect(mailbox.get_by_role("status")).to_contain_text("Your new password is set and you are signed in.")
        expect(mailbox.locator("dl").first).to_contain_text(EMAIL)
        mailbox.goto(site + undo)  # the undo link works once
        expect(mailbox.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    finally:
        mailbox.context.close()


@pytest.mark.browser
def test_a_spanish_member_chooses_paperless_removes_an_account_and_moves_the_login(site, spanish_page,
                                                                                   smtp_server):
    page = spanish_page
    sign_in(page, site, labels=SIGN_IN_ES)
    expect(page).to_have_url(f"{site}/account")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Su cuenta en línea")
    ending = "Número de cuenta que termina en"
    expect(all_account_panels(page, ending)).to_have_count(2)
    assert unlabelled_fields(page) == []

    house = account_panel(page, "4567", ending)
    house.get_by_role("radio", name="Sin papel: avísenme por correo electrónico cuando mi factura esté lista").check()
    house.get_by_role("button", name="Guardar la opción de factura").click()
    expect(page.get_by_role("status")).to_have_text(
        f"La factura sin papel está activada para la cuenta que termina en 4567. Escribiremos a {EMAIL} "
        "cuando su factura esté lista.")
    assert paperless_shown(account_panel(page, "4567", ending), SIN_PAPEL) == "Activada"
    assert paperless_shown(account_panel(page, "6543", ending), SIN_PAPEL) == "Desactivada"

    account_panel(page, "6543", ending).get_by_role("link", name="Dar de baja esta cuenta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Quitar la cuenta que termina en 6543?")
    page.get_by_role("button", name="No, conservar esta cuenta").click()
    expect(page.get_by_role("status")).to_have_text("No cambió nada: su cuenta en línea sigue activa.")
    account_panel(page, "6543", ending).get_by_role("link", name="Dar de baja esta cuenta").click()
    page.get_by_role("button", name="Sí, quitar esta cuenta").click()
    expect(page.get_by_role("status")).to_have_text("La cuenta que termina en 6543 ya no está en su acceso en línea.")
    expect(all_account_panels(page, ending)).to_have_count(1)
    [told] = mails_to(smtp_server, EMAIL)
    assert subject(told).startswith("Se eliminó su registro en línea de")

    page.get_by_role("link", name="Cambiar la dirección de correo electrónico").click()
    page.get_by_label("Nueva dirección de correo electrónico").fill(NEW)
    page.get_by_label("Su contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Enviar el enlace").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Enviamos un enlace a {NEW}. Su dirección cambia solo cuando lo abra y pulse Confirmar. "
        "Revise también su carpeta de correo no deseado.")
    [confirm] = mails_to(smtp_server, NEW)
    assert subject(confirm).startswith("Confirme la nueva dirección de correo")
    path = link_path(confirm, "email")
    assert path.endswith("?lang=es")

    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("status")).to_have_text("Cerró la sesión.")
    # The mail is opened in a browser set to English: its link keeps the page Spanish.
    english = page.context.browser.new_context(locale="en-US").new_page()
    try:
        english.goto(site + path)
        expect(english.locator("html")).to_have_attribute("lang", "es")
        expect(english.get_by_role("heading", level=1)).to_have_text(f"¿Usar {NEW} para su acceso en línea?")
        english.get_by_role("button", name="Confirmar la nueva dirección").click()
        expect(english.get_by_role("heading", level=1)).to_have_text(f"Su acceso en línea ahora usa {NEW}")
    finally:
        english.context.close()
    sign_in(page, site, NEW, labels=SIGN_IN_ES)
    expect(page.get_by_role("heading", level=1)).to_have_text("Su cuenta en línea")
    expect(page.locator("dl").first).to_contain_text(NEW)
    assert paperless_shown(account_panel(page, "4567", ending), SIN_PAPEL) == "Activada"


@pytest.mark.browser
def test_a_spanish_member_adds_an_account_and_every_step_speaks_spanish(verify_app, site, spanish_page, factory,
                                                                       smtp_server):
    page = spanish_page
    member_id = add_member(factory, WELL)
    with factory() as db, db.begin():
        db.get(Member, member_id).phone = WELL_PHONE
    sign_in(page, site, labels=SIGN_IN_ES)
    page.get_by_role("link", name="Agregar otra cuenta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agregar otra cuenta")
    assert unlabelled_fields(page) == [] and duplicate_ids(page) == []
    page.get_by_label("Número de cuenta (en su factura)").fill(WELL)
    page.get_by_label("Apellido o nombre del negocio de esa cuenta").fill("Doe")
    page.get_by_role("radio", name="El código postal de correo de esa cuenta").check()
    page.get_by_label("Lo que dice la factura").fill("78701")
    page.get_by_label("Acepto los Términos y Condiciones para esta cuenta").check()
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Escriba el código")
    # Twilio Verify texts the code in the member's language.
    [started] = [r for r in verify_app.requests if r["path"].endswith("/Verifications")]
    assert (started["form"]["To"], started["form"]["Channel"], started["form"]["Locale"]) == (WELL_PHONE, "sms", "es")
    page.get_by_label("Código", exact=True).fill(verify_app.verify_code)
    page.get_by_role("button", name="Agregar la cuenta").click()
    expect(page.get_by_role("status")).to_have_text(
        "Para terminar, abra el enlace que enviamos a j***@e***.com y pulse Agregar. "
        "Revise también su carpeta de correo no deseado.")

    [offer] = mails_to(smtp_server, EMAIL)
    assert subject(offer).startswith("Agregar otra cuenta a su acceso en línea de")
    path = link_path(offer, "add")
    assert path.endswith("?lang=es")
    page.goto(site + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Agregar la cuenta que termina en 0001?")
    page.get_by_role("button", name="Agregar la cuenta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("La cuenta que termina en 0001 está en su acceso en línea")
    page.goto(f"{site}/account")
    expect(all_account_panels(page, "Número de cuenta que termina en")).to_have_count(3)


@pytest.mark.browser
def test_an_incomplete_add_form_lists_each_problem_and_each_link_leads_to_its_field(site, page):
    sign_in(page, site)
    page.get_by_role("link", name="Add another account").click()
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    problems = {
        "Enter the account number.": "Account number (on your bill)",
        "Enter the name on the account.": "Last name or business name on that account",
        "Enter what the bill shows for it.": "What the bill shows for it",
        "Accept the Terms and Conditions to add the account.": "I accept the Terms and Conditions for this account",
    }
    expect(summary.get_by_role("link")).to_have_text(list(problems))
    for message, label in problems.items():
        summary.get_by_role("link", name=message).click()
        field = page.get_by_label(label)
        expect(field).to_be_focused()
        # Where the field is, a screen reader hears what is wrong with it.
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    assert unlabelled_fields(page) == [] and duplicate_ids(page) == []
