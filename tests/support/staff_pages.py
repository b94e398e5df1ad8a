"""The staff console as a person uses it: signing in through the form, and the text a page shows."""

from __future__ import annotations

import re
from html import unescape

from tests.support.staff_seed import AGENT_EMAIL, PASSWORD


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client, email=AGENT_EMAIL, password=PASSWORD):
    page = client.get("/staff/sign-in").get_data(as_text=True)
    return client.post(
        "/staff/sign-in", data={"email": email, "password": password, "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )


def page_text(response) -> str:
    """What a person reads: tags stripped, entities decoded, whitespace collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
