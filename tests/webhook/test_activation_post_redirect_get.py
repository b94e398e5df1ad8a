"""The set-password form answered with a redirect, so no page a member ends on re-posts it (Post/Redirect/Get).

A play-test's member double-submitted the activation form: the second submit ended on the
/activate/... address itself, a page whose reload posts the form again. A successful submit is
redirected to the welcome page; a submit that finds the link already used (the form sent again
from the same browser once it signed in, or from another) is redirected to the link's own page,
the same "already activated" outcome as before; reloading either page is a GET and changes nothing.
With the Flask test client, CSRF checks on as in a browser.
"""

from __future__ import annotations

import re

import pytest

from backend.privacy.hashing import verify_password
from backend.storage.models import ACTIVE
from tests.support.member_rows import add_member, add_registration, login, mint, registration, spent_link_page, text_of

GOOD = "correct horse battery"
ALREADY = {"en": "Your online account is already activated", "es": "Su cuenta en línea ya está activada"}


def _form(client, token, language):
    html = client.get(f"/activate/{token}?lang={language}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    return {"csrf_token": csrf, "password": GOOD, "confirm": GOOD}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_double_submitted_form_ends_on_pages_a_reload_does_not_post(app, session_factory, language):
    registration_id = add_registration(session_factory, add_member(session_factory))
    token = mint(session_factory, registration_id)
    member = app.test_client()
    form = _form(member, token, language)
    first = member.post(f"/activate/{token}?lang={language}", data=form)
    assert first.status_code == 303 and first.location.endswith("/welcome")
    # The same form sent again (a double submit, the back button): redirected to the link's page.
    second = member.post(f"/activate/{token}?lang={language}", data=form)
    page = spent_link_page(member, second, token)
    assert page.status_code == 200 and ALREADY[language] in text_of(page), text_of(page)
    assert second.location.endswith(f"?lang={language}")
    # Another browser's submit: the same outcome, through the same redirect.
    stranger = app.test_client()
    other = spent_link_page(stranger, stranger.post(f"/activate/{token}?lang={language}",
                                                    data=_form(stranger, token, language)), token)
    assert ALREADY[language] in text_of(other) and stranger.get("/account").status_code == 302
    assert registration(session_factory, registration_id).status == ACTIVE
    assert verify_password(login(session_factory, registration_id).password_hash, GOOD)
