"""The web chat widget in headless Chromium, against the real stack.

A member registers by typing into the widget on ``/chat`` (real web app, real
Rasa server, real action server, real backend, real SMTP sink), clicks one of
the bot's choices, reloads the page half-way and finds the conversation still
there, and receives the activation mail. The widget is also used on a
phone-sized screen with the keyboard alone, and pasted (the snippet) into
the co-op's own site on another origin: allowed there by
``COOPBOT_CHAT_ORIGINS``, refused on a site that is not listed.

What to type next is chosen from the form's ``requested_slot`` in Rasa's
tracker (the test plays a member who reads the question); every assertion is
about what the member sees in the page or in their mailbox.

Two tests put the browser's network in between (``page.route``): one fails the
request as a dropped connection would, one hands the widget a hostile reply
that the real bot never sends. Both are about the widget alone; the server
side of the same checks is in ``tests/webhook/test_chat.py``.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.support.stack import Stack
from tests.support.live import live_server
from webhook.chat import session_tokens

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MEMBER = {"account": "9114445556", "name": "Smith", "last4": "5555", "email": "smith.widget@example.com"}
ANSWER = "Pecan Street"

BOT = ".coopbot-chat__message--bot .coopbot-chat__text"
ME = ".coopbot-chat__message--me .coopbot-chat__text"
STORAGE = "() => { const k = Object.keys(localStorage).find(k => k.startsWith('coopbot-chat:')); " \
          "return k ? localStorage.getItem(k) : null; }"


# ---------------------------------------------------------------------------------- fixtures
class CoopSite:
    """The co-op's own web site, on an origin of its own, with the snippet pasted in."""

    def __init__(self) -> None:
        self.widget_src = ""
        self.app = Flask("coop_site")
        self.app.add_url_rule("/", "index", self.index)
        self.app.add_url_rule("/es", "index_es", lambda: self.index("es"))  # the co-op's Spanish pages

    def index(self, language="en"):
        return (
            f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Example Electric Co-op</title></head>"
            "<body><main><h1>Example Electric Co-op</h1><p>Outage map, rates, news.</p></main>"
            f'<script src="{self.widget_src}" defer></script></body></html>'
        )


@pytest.fixture(scope="module")
def coop_site():
    site = CoopSite()
    with live_server(site.app) as url:
        site.url = url
        yield site


@pytest.fixture(scope="module")
def stack(tmp_path_factory, coop_site):
    """The real stack (as tests/e2e/conftest.py starts it), allowing the co-op site's origin."""
    with Stack(tmp_path_factory.mktemp("stack"), extra_env={"COOPBOT_CHAT_ORIGINS": coop_site.url}) as instance:
        coop_site.widget_src = instance.web_url + "/chat/widget.js"
        yield instance


# ---------------------------------------------------------------------------------- helpers
def wait_for_answer(page: Page, bot_count_before: int) -> None:
    """Until the widget is no longer busy; then a new bot message, and no error, is shown.

    The widget marks itself ``aria-busy`` from the moment a message is sent
    until the answer (or an error) is on screen.
    """
    expect(page.locator("section.coopbot-chat")).not_to_have_attribute("aria-busy", "true", timeout=30_000)
    expect(page.locator(".coopbot-chat__error")).to_have_text("")
    assert page.locator(BOT).count() > bot_count_before


def type_message(page: Page, text: str) -> None:
    before = page.locator(BOT).count()
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")
    wait_for_answer(page, before)


def click_choice(page: Page, index: int = 0) -> str:
    before = page.locator(BOT).count()
    choice = page.locator(".coopbot-chat__choice").nth(index)
    title = choice.inner_text()
    choice.click()
    wait_for_answer(page, before)
    return title


def stored_state(page: Page) -> dict:
    return json.loads(page.evaluate(STORAGE) or "{}")


def requested_slot(stack, page: Page) -> str | None:
    """Where the member is in the form, read from Rasa's tracker of this chat."""
    secret = stack.settings.session_key
    sender = session_tokens.sender_id(secret, session_tokens.session_id(secret, stored_state(page)["token"]))
    response = httpx.get(f"{stack.rasa_url}/conversations/{quote(sender, safe='')}/tracker",
                         params={"include_events": "NONE", "token": stack.settings.rasa_token}, timeout=10)
    response.raise_for_status()
    return (response.json().get("slots") or {}).get("requested_slot")


# ---------------------------------------------------------------------------------- tests
def test_a_member_registers_in_the_widget_and_gets_the_activation_mail(stack, page: Page):
    page.goto(stack.web_url + "/chat")
    expect(page.get_by_role("log")).to_contain_text("sign up")

    # The widget's own starter choice.
    assert click_choice(page) == "Sign up for online access"
    expect(page.locator(ME).last).to_have_text("Sign up for online access")

    answers = {
        "account_number": MEMBER["account"],
        "member_name": MEMBER["name"],
        "email": MEMBER["email"],
        "identity_proof": MEMBER["last4"],
        "security_answer": ANSWER,
        "terms_accepted": "yes",
    }
    reloaded = clicked_a_bot_choice = False
    for _ in range(14):
        step = requested_slot(stack, page)
        if step is None:
            break
        if step == "identity_proof" and not reloaded:
            # Half-way: reload. The conversation and the session are still there.
            token = stored_state(page)["token"]
            bot_texts = page.locator(BOT).all_inner_texts()
            page.reload()
            expect(page.locator(BOT)).to_have_count(len(bot_texts))
            assert page.locator(BOT).all_inner_texts() == bot_texts
            expect(page.locator(ME).filter(has_text=MEMBER["email"])).to_have_count(1)
            expect(page.locator(ME).filter(has_text=MEMBER["account"])).to_have_count(1)
            assert stored_state(page)["token"] == token
            reloaded = True
        if step == "security_question":
            expect(page.locator(".coopbot-chat__choice").first).to_be_visible()
            title = click_choice(page)
            expect(page.locator(ME).last).to_have_text(title)
            clicked_a_bot_choice = True
            continue
        assert step in answers, f"the bot asked for {step!r}"
        type_message(page, answers[step])

    assert reloaded and clicked_a_bot_choice
    # The bot's link to the terms is clickable: the co-op's own page, in the chat's language.
    expect(page.locator(f'{BOT} a[href="{stack.web_url}/terms?lang=en"]').first).to_be_visible()
    last_reply = page.locator(BOT).last.inner_text()
    assert "spam" in last_reply.lower()
    for secret in (MEMBER["last4"], ANSWER):
        assert secret not in " ".join(page.locator(BOT).all_inner_texts())
    # The last four typed by the member is not kept on the device.
    assert MEMBER["last4"] not in page.evaluate(STORAGE)

    mail = stack.smtp.wait_for(lambda m: MEMBER["email"] in str(m["To"]), timeout=30)
    assert "/activate/" in mail.get_body(preferencelist=("plain", "html")).get_content()


def test_the_widget_works_on_a_phone_with_the_keyboard_alone(stack, browser):
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(stack.web_url + "/chat")
        box = page.get_by_label("Your message")
        expect(box).to_be_visible()

        # Nothing is wider than the phone's screen; the controls are on it and big enough to tap.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for control in (box, page.get_by_role("button", name="Send"), page.locator(".coopbot-chat__choice").first):
            area = control.bounding_box()
            assert area["x"] >= 0 and area["x"] + area["width"] <= 360
            assert area["height"] >= 44

        # Keyboard only: Tab to the starter choice, Enter sends it, focus comes back to the input.
        choice = page.locator(".coopbot-chat__choice").first
        for _ in range(30):
            page.keyboard.press("Tab")
            if choice.evaluate("el => el === document.activeElement"):
                break
        else:
            pytest.fail("the choice button is not reachable with Tab")
        before = page.locator(BOT).count()
        page.keyboard.press("Enter")
        wait_for_answer(page, before)
        expect(box).to_be_focused()
        expect(page.locator(ME).last).to_have_text("Sign up for online access")

        # Typing and Enter send; the answer arrives in the live region.
        before = page.locator(BOT).count()
        page.keyboard.type("what is an account number")
        page.keyboard.press("Enter")
        wait_for_answer(page, before)
        expect(box).to_be_focused()
        expect(box).to_have_value("")
        log = page.get_by_role("log")
        expect(log).to_have_attribute("aria-live", "polite")
        expect(log.locator(ME).last).to_have_text("what is an account number")
    finally:
        context.close()


def test_text_is_never_inserted_as_html(stack, page: Page):
    page.goto(stack.web_url + "/chat")
    attack = '<img src=x onerror="window.__xss = 1">'
    type_message(page, attack)
    expect(page.locator(ME).last).to_have_text(attack)
    assert page.locator(".coopbot-chat img").count() == 0
    assert page.evaluate("window.__xss") is None


def test_only_the_coops_own_links_are_clickable(stack, page: Page):
    terms = stack.web_url + "/terms"
    hostile = {"replies": [{
        "text": f"<b>Read</b> {terms}. Not https://evil.example/login nor javascript:alert(1)",
        "buttons": [{"title": "<i>One</i>", "payload": "1"}],
    }]}
    page.route("**/chat/api/messages", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(hostile)))
    page.goto(stack.web_url + "/chat")
    type_message(page, "hello")
    reply = page.locator(BOT).last
    expect(reply).to_have_text(hostile["replies"][0]["text"])
    links = reply.locator("a")
    expect(links).to_have_count(1)
    expect(links.first).to_have_attribute("href", terms)
    expect(links.first).to_have_attribute("rel", "noopener noreferrer")
    assert page.locator(".coopbot-chat b, .coopbot-chat i").count() == 0
    expect(page.locator(".coopbot-chat__choice")).to_have_text(["<i>One</i>"])


def test_an_unreachable_server_gets_a_polite_message_and_loses_nothing(stack, page: Page):
    page.goto(stack.web_url + "/chat")
    page.route("**/chat/api/**", lambda route: route.abort("connectionrefused"))
    box = page.get_by_label("Your message")
    box.fill("is anybody there")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("can't reach the chat service")
    expect(box).to_have_value("is anybody there")
    expect(page.locator(ME)).to_have_count(0)

    # Back online: the same text goes through.
    page.unroute("**/chat/api/**")
    before = page.locator(BOT).count()
    box.press("Enter")
    wait_for_answer(page, before)
    expect(page.locator(ME).last).to_have_text("is anybody there")
    expect(page.get_by_role("alert")).to_have_text("")


def test_the_snippet_works_on_the_coops_own_site(stack, coop_site, page: Page):
    page.goto(coop_site.url)
    launcher = page.get_by_role("button", name="Chat with us")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    box = page.get_by_label("Your message")
    expect(box).to_be_focused()
    type_message(page, "hello")  # across origins: CORS lets this site read the answer
    expect(page.locator(BOT).last).not_to_be_empty()

    page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    expect(launcher).to_be_focused()
    page.reload()
    page.get_by_role("button", name="Chat with us").click()
    expect(page.locator(ME).last).to_have_text("hello")


def test_a_site_not_listed_cannot_use_the_chat(stack, coop_site, page: Page):
    other_origin = coop_site.url.replace("127.0.0.1", "localhost")
    page.goto(other_origin)
    page.get_by_role("button", name="Chat with us").click()
    box = page.get_by_label("Your message")
    box.fill("hello")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("can't reach the chat service")
    expect(box).to_have_value("hello")


def test_a_member_chooses_spanish_and_the_widget_and_its_messages_follow(stack, page: Page):
    page.goto(stack.web_url + "/chat")
    expect(page.get_by_label("Your message")).to_be_visible()
    languages = page.get_by_role("group", name="Language")
    expect(languages.get_by_role("button")).to_have_text(["English", "Español"])
    expect(languages.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")

    languages.get_by_role("button", name="Español").click()
    # Every label of the widget is now Spanish (from the catalog), the log keeps its role.
    chosen = page.get_by_role("group", name="Idioma").get_by_role("button", name="Español")
    expect(chosen).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".coopbot-chat__title")).to_have_text("Ayuda con la cuenta en línea")
    box = page.get_by_label("Su mensaje")
    expect(box).to_be_focused()
    expect(box).to_have_attribute("placeholder", "Escriba su mensaje")
    expect(page.get_by_role("button", name="Enviar")).to_be_visible()
    expect(page.get_by_role("button", name="Empezar de nuevo")).to_be_visible()
    expect(page.get_by_role("log")).to_contain_text("Puedo ayudarle a registrarse")
    expect(page.locator(".coopbot-chat__choice")).to_have_text(["Registrarme para el acceso en línea"])

    # Each message carries the chosen language to the server.
    with page.expect_request("**/chat/api/messages") as sent:
        box.fill("hola")
        box.press("Enter")
    assert json.loads(sent.value.post_data) == {"text": "hola", "language": "es"}
    expect(page.locator("section.coopbot-chat")).not_to_have_attribute("aria-busy", "true", timeout=30_000)
    expect(page.locator(".coopbot-chat__error")).to_have_text("")

    # The choice outlives a reload; English again is one click away, and the click is the request
    # itself (the conversation has begun): it goes at once, and the answer is English.
    page.reload()
    expect(page.get_by_label("Su mensaje")).to_be_visible()
    expect(page.locator(ME).last).to_have_text("hola")
    before = page.locator(BOT).count()
    with page.expect_request("**/chat/api/messages") as sent:
        page.get_by_role("button", name="English").click()
    assert json.loads(sent.value.post_data) == {"language": "en"}
    wait_for_answer(page, before)
    expect(page.get_by_label("Your message")).to_be_focused()
    expect(page.locator(BOT).last).to_contain_text("sign up")
    with page.expect_request("**/chat/api/messages") as sent:
        type_message(page, "hello")
    assert json.loads(sent.value.post_data) == {"text": "hello", "default_language": "en"}


def test_the_widget_speaks_the_language_of_its_page(stack, coop_site, page: Page):
    page.goto(stack.web_url + "/chat?lang=es")  # as a link in a Spanish mail or reply opens it
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chatee con")
    expect(page.get_by_label("Su mensaje")).to_be_visible()

    page.goto(coop_site.url + "/es")  # the co-op's own Spanish page, with the snippet
    launcher = page.get_by_role("button", name="Chatee con nosotros")
    launcher.click()
    expect(page.get_by_role("button", name="Cerrar el chat")).to_be_visible()
    with page.expect_request("**/chat/api/messages") as sent:
        box = page.get_by_label("Su mensaje")
        box.fill("quiero registrarme")
        box.press("Enter")
    # The page's language, sent only as the default: the member chose none.
    assert json.loads(sent.value.post_data) == {"text": "quiero registrarme", "default_language": "es"}


def test_a_spanish_writer_on_the_english_page_is_answered_in_spanish(stack, page: Page):
    """The page's language is only the default: the member's Spanish words outweigh it, as by SMS."""
    page.goto(stack.web_url + "/chat?lang=en")
    with page.expect_request("**/chat/api/messages") as sent:
        type_message(page, "Hola quiero registrarme")
    assert json.loads(sent.value.post_data) == {"text": "Hola quiero registrarme", "default_language": "en"}
    # The answer is Spanish, and the widget follows it.
    expect(page.locator(BOT).last).to_contain_text("número de cuenta")
    expect(page.get_by_label("Su mensaje")).to_be_visible()
    expect(page.get_by_role("group", name="Idioma").get_by_role("button", name="Español")).to_have_attribute(
        "aria-pressed", "true")
    # The member's first message is labelled in the language the widget now speaks, as later ones are.
    expect(page.locator(".coopbot-chat__message--me .coopbot-visually-hidden").first).to_have_text("Usted dijo:")


# ---------------------------------------------------------------------------------- a play-test's findings
ACCOUNT_QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}


def start_signing_up(page: Page) -> None:
    """The starter choice: the sign-up begins, and the account number is the pending question."""
    click_choice(page)
    expect(page.locator(BOT).last).to_contain_text(ACCOUNT_QUESTION["en"])


def test_a_language_click_shows_the_pending_question_in_that_language_at_once(stack, page: Page):
    page.goto(stack.web_url + "/chat")
    start_signing_up(page)
    languages = page.get_by_role("group", name="Language")

    # Nothing typed: the click alone is answered, the question still open is asked again in Spanish.
    before = page.locator(BOT).count()
    languages.get_by_role("button", name="Español").click()
    wait_for_answer(page, before)
    expect(page.locator(BOT).nth(-2)).to_have_text("De acuerdo, seguimos en español.")
    expect(page.locator(BOT).last).to_contain_text(ACCOUNT_QUESTION["es"])
    expect(page.get_by_role("group", name="Idioma").get_by_role("button", name="Español")).to_have_attribute(
        "aria-pressed", "true")
    expect(page.get_by_label("Su mensaje")).to_be_focused()
    assert requested_slot(stack, page) == "account_number"  # the member's place is unchanged

    # And back: English at once too.
    before = page.locator(BOT).count()
    page.get_by_role("group", name="Idioma").get_by_role("button", name="English").click()
    wait_for_answer(page, before)
    expect(page.locator(BOT).nth(-2)).to_have_text("OK, let's continue in English.")
    expect(page.locator(BOT).last).to_contain_text(ACCOUNT_QUESTION["en"])
    expect(page.get_by_label("Your message")).to_be_visible()
    # Neither click is shown as something the member said.
    expect(page.locator(ME)).to_have_text(["Sign up for online access"])


def test_start_over_asks_first_and_cancelling_keeps_everything(stack, page: Page):
    page.goto(stack.web_url + "/chat")
    start_signing_up(page)
    token = stored_state(page)["token"]
    bot_texts = page.locator(BOT).all_inner_texts()
    reset = page.get_by_role("button", name="Start over")

    # The question, in the page's language; the keyboard starts on the choice that keeps everything.
    reset.click()
    dialog = page.get_by_role("dialog", name="Start over?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("the answers you have given so far")
    expect(dialog.get_by_role("button", name="No, keep my answers")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(reset).to_be_focused()
    assert page.locator(BOT).all_inner_texts() == bot_texts
    expect(page.locator(ME)).to_have_text(["Sign up for online access"])
    assert stored_state(page)["token"] == token

    reset.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Enter")  # on "No, keep my answers"
    expect(dialog).to_be_hidden()
    expect(page.locator(ME)).to_have_count(1)

    # Tab to "Yes, start over": a new conversation, nothing of the old one on the screen or device.
    reset.click()
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Yes, start over")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator(ME)).to_have_count(0)
    expect(page.locator(BOT)).to_have_count(1)
    expect(page.get_by_label("Your message")).to_be_focused()
    assert stored_state(page).get("token") is None


def test_start_over_waits_for_the_answer_on_its_way(stack, page: Page):
    """ "Start over" clicked while a message is on its way does nothing, as the other buttons: the
    answer lands in the conversation it was sent in, never in a new one's screen or stored copy."""
    page.goto(stack.web_url + "/chat")
    start_signing_up(page)
    token = stored_state(page)["token"]
    held = []
    page.route("**/chat/api/messages", lambda route: held.append(route))  # the answer kept on its way
    before = page.locator(BOT).count()
    box = page.get_by_label("Your message")
    box.fill(MEMBER["account"])
    box.press("Enter")
    expect(page.locator("section.coopbot-chat")).to_have_attribute("aria-busy", "true")
    page.get_by_role("button", name="Start over").click()
    expect(page.get_by_role("dialog", name="Start over?")).to_be_hidden()
    expect(page.locator(ME)).to_have_text(["Sign up for online access", MEMBER["account"]])
    assert held, "the message is on its way"
    held[0].continue_()
    wait_for_answer(page, before)
    expect(page.locator(ME)).to_have_text(["Sign up for online access", MEMBER["account"]])
    stored = stored_state(page)  # the browser's copy is still the conversation's, answer included
    assert stored["token"] == token and stored["messages"][0]["text"] == "Sign up for online access"
    assert [m["who"] for m in stored["messages"]][-2:] == ["me", "bot"], stored["messages"]


def test_start_over_asks_in_spanish_on_a_spanish_page(stack, page: Page):
    page.goto(stack.web_url + "/chat?lang=es")
    click_choice(page)
    expect(page.locator(BOT).last).to_contain_text(ACCOUNT_QUESTION["es"])
    page.get_by_role("button", name="Empezar de nuevo").click()
    dialog = page.get_by_role("dialog", name="¿Empezar de nuevo?")
    expect(dialog).to_contain_text("las respuestas que ha dado hasta ahora")
    dialog.get_by_role("button", name="No, conservar mis respuestas").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(BOT).last).to_contain_text(ACCOUNT_QUESTION["es"])
    page.get_by_role("button", name="Empezar de nuevo").click()
    dialog.get_by_role("button", name="Sí, empezar de nuevo").click()
    expect(page.locator(ME)).to_have_count(0)


def test_the_conversations_language_outlives_a_reload_of_a_page_in_another(stack, page: Page):
    """The server keeps a Spanish conversation Spanish: so does the widget, on the English page too."""
    page.goto(stack.web_url + "/chat?lang=en")
    type_message(page, "Hola quiero registrarme")
    expect(page.get_by_label("Su mensaje")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Su mensaje")).to_be_visible()
    expect(page.get_by_role("group", name="Idioma").get_by_role("button", name="Español")).to_have_attribute(
        "aria-pressed", "true")
    with page.expect_request("**/chat/api/messages") as sent:
        box = page.get_by_label("Su mensaje")
        box.fill("9114445556")
        box.press("Enter")
    assert json.loads(sent.value.post_data) == {"text": "9114445556", "default_language": "es"}


def test_start_over_forgets_the_language_with_the_session(stack, page: Page):
    """A new conversation starts like a first visit: in the page's language, nothing kept of the old one's."""
    page.goto(stack.web_url + "/chat?lang=en")
    type_message(page, "Hola quiero registrarme")
    expect(page.get_by_label("Su mensaje")).to_be_visible()
    assert stored_state(page)["language"] == "es"

    page.get_by_role("button", name="Empezar de nuevo").click()
    page.get_by_role("dialog", name="¿Empezar de nuevo?").get_by_role("button", name="Sí, empezar de nuevo").click()
    expect(page.get_by_label("Your message")).to_be_focused()
    expect(page.get_by_role("group", name="Language").get_by_role("button", name="English")).to_have_attribute(
        "aria-pressed", "true")
    expect(page.get_by_role("log")).to_contain_text("I can help you sign up")
    assert stored_state(page).get("language") is None
    page.reload()
    expect(page.get_by_label("Your message")).to_be_visible()
    with page.expect_request("**/chat/api/messages") as sent:
        type_message(page, "9114445556")
    assert json.loads(sent.value.post_data) == {"text": "9114445556", "default_language": "en"}
    expect(page.get_by_label("Your message")).to_be_visible()  # answered in English


def test_viewing_pages_does_not_keep_an_idle_conversation_and_its_language(stack, page: Page):
    """Two hours without a message end the browser's copy (token, history, language), however
    often the member opens a page meanwhile: it never outlives the server's conversation."""
    page.clock.install()
    page.goto(stack.web_url + "/chat?lang=en")
    type_message(page, "Hola quiero registrarme")
    page.clock.fast_forward("01:30:00")
    page.reload()
    expect(page.locator(ME)).to_have_text(["Hola quiero registrarme"])
    expect(page.get_by_label("Su mensaje")).to_be_visible()
    page.clock.fast_forward("01:00:00")
    page.reload()
    expect(page.get_by_label("Your message")).to_be_visible()
    expect(page.locator(ME)).to_have_count(0)
    assert stored_state(page).get("token") is None
