"""The last reply of a sign-up tells a new member plainly what the link does (set the password); the case of
an address that already has a login is said as what the member knows of themselves, so the reply is one for
both and tells no one whether the address has a login (docs/security.md, "Who has a login: no oracle")."""

from __future__ import annotations

import pytest

from actions import messages
from actions.language import speaking
from tests.support.replies import LONG

SAID = {
    "en": ("Open the link I sent to t***@y***.com", "to set your password.",
           "(If you already sign in with that address, it adds this account instead.)",
           "if that address already has an online login"),
    "es": ("Abra el enlace que le mandé a t***@y***.com", "para crear su contraseña.",
           "(Si ya entra con ese correo, el enlace agrega esta cuenta.)", "si ese correo ya tiene acceso"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_member_s_words_come_first_and_plain(language):
    with speaking(language):
        said = messages.registered("t***@y***.com", LONG)
    opening, new_member, other_case, before = SAID[language]
    assert opening in said and new_member in said and other_case in said, said
    assert said.index(new_member) < said.index(other_case) and before not in said
