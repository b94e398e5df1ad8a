"""The staff console as a person uses it: signing in through the forms, and the text a page shows.

Signing in takes the password, then a code from an authenticator app (the second
factor): ``Authenticator`` is that app, holding the keys the set-up page showed. The
first sign-in of an account sets its factor up, as a new member of staff does.
"""

from __future__ import annotations

import re
import time
import weakref
from html import unescape

import pyotp

from tests.support.staff_seed import AGENT_EMAIL, PASSWORD

CODE_PAGE = "/staff/sign-in/code"
_KEY = re.compile(r'id="totp-key"[^>]*>([A-Z2-7 ]+)<')


class Authenticator:
    """A phone's authenticator app, and its owner's habit of never typing one code twice.

    The console accepts the code of each 30-second step once per account, for the step
    before its own, its own and the next. The app hands out the earliest step the console
    still accepts: the previous one while more than 10 seconds of the current step remain
    (a code typed in the last moments of a step must not expire on the way), so a test
    may sign one account in three times within a step. Past that the owner waits for the
    next step, as a person does (at most one step, and only that rare case).
    """

    MARGIN = 10  # seconds of the current step a code of the previous step needs left

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}
        self._last_step: dict[str, int] = {}

    def read_key(self, email: str, html: str) -> bool:
        """Take the key the set-up page shows (True), if the page shows one."""
        found = _KEY.search(html)
        if found:
            self.add_key(email, found.group(1))
        return found is not None

    def add_key(self, email: str, key: str) -> None:
        """A key typed in as shown (grouped); a new key starts the account afresh."""
        self._keys[email.casefold()] = key.replace(" ", "")
        self._last_step.pop(email.casefold(), None)

    def key(self, email: str) -> str:
        return self._keys[email.casefold()]

    def code(self, email: str) -> str:
        """The code of the next step the console accepts (a new one for every call)."""
        moment = time.time()
        now = int(moment) // 30
        earliest = now - 1 if (now + 1) * 30 - moment > self.MARGIN else now
        step = max(earliest, self._last_step.get(email.casefold(), earliest - 1) + 1)
        if step > now + 1:  # every code of this moment was typed: the next step's comes in < 30 s
            time.sleep((now + 1) * 30 - moment + 0.05)
        self._last_step[email.casefold()] = step
        return pyotp.TOTP(self.key(email)).generate_otp(step)

    def wrong_code(self, email: str) -> str:
        """Six digits that are none of the codes the console accepts now (a typo, a guess)."""
        now = int(time.time()) // 30
        valid = {pyotp.TOTP(self.key(email)).generate_otp(step) for step in range(now - 2, now + 3)}
        return next(code for code in ("123456", "654321", "111111", "000000") if code not in valid)


_PHONES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def authenticator(app) -> Authenticator:
    """The authenticator app of the staff of one web app (each test builds its own app)."""
    return _PHONES.setdefault(app, Authenticator())


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client, email=AGENT_EMAIL, password=PASSWORD):
    """Password, then the code (the factor set up first when the page asks): the last page shown."""
    page = client.get("/staff/sign-in").get_data(as_text=True)
    response = client.post(
        "/staff/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    if response.request.path != CODE_PAGE:
        return response  # refused, waiting, or no second factor asked
    return enter_code(client, response, email)


def enter_code(client, page, email=AGENT_EMAIL, *, code=None, follow_redirects=True):
    """On the code page (``page``, a response): the app's code, or ``code``; the key taken first on the set-up page."""
    html = page.get_data(as_text=True)
    phone = authenticator(client.application)
    phone.read_key(email, html)
    return client.post(
        page.request.full_path,
        data={"code": code if code is not None else phone.code(email), "csrf_token": csrf_token(html)},
        follow_redirects=follow_redirects,
    )


def browser_sign_in(page, base, phone: Authenticator, email=AGENT_EMAIL, password=PASSWORD):
    """The same in a real browser (Playwright): sign-in form, then the code (set-up page first time)."""
    from playwright.sync_api import expect

    page.goto(f"{base}/staff/")
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile("Set up your second factor|Enter your code"))
    if heading.inner_text() == "Set up your second factor":
        phone.add_key(email, page.locator("#totp-key").inner_text())
    page.get_by_label("Code from your authenticator app").fill(phone.code(email))
    page.get_by_role("button", name=re.compile("^(Confirm and sign in|Sign in)$")).click()
    expect(page.get_by_text(f"{email} (")).to_be_visible()


def page_text(response) -> str:
    """What a person reads: tags stripped, entities decoded, whitespace collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
