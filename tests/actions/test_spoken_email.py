"""An address said in words keeps every word (real backend API).

"ruth delacroix at gmail dot com, all together no space" once became delacroix@gmail.com, a
stranger's mailbox for the activation link. Words joined as the member says ("all together",
"todo junto") are used; words side by side without such words are asked about ("Did you mean
ruthdelacroix@gmail.com?"), with the yes / no / retype answers of the typo check.
"""

from __future__ import annotations

import pytest

from actions.spoken_email import read
from tests.support.action_conversation import at_the_email_step, joined

SAID = {
    "en": dict(
        use="Got it, I will use {}.",
        offer="Did you mean {}?",
        question="What e-mail address should we use",
        yes="yea",
        no="no",
        not_used="OK, I will not use it.",
    ),
    "es": dict(
        use="Entendido, usaré {}.",
        offer="¿Quiso decir {}?",
        question="¿Qué correo electrónico quiere usar",
        yes="sí",
        no="no",
        not_used="Está bien, no lo usaré.",
    ),
}
JOINED = {
    "en": [
        "ruth delacroix at gmail dot com, all together no space",
        "my email is ruth delacroix at gmail dot com, no space between the names",
    ],
    "es": [
        "ruth delacroix arroba gmail punto com, todo junto",
        "mi correo es ruth delacroix arroba gmail punto com, sin espacio entre los nombres",
    ],
}
SIDE_BY_SIDE = {"en": "it's ruth delacroix at gmail dot com", "es": "es ruth delacroix arroba gmail punto com"}


@pytest.mark.parametrize(
    ("said", "address"),
    [
        ("ruth dot delacroix at gmail dot com", "ruth.delacroix@gmail.com"),
        ("ruth underscore delacroix at yahoo dot co dot uk", "ruth_delacroix@yahoo.co.uk"),
        ("ruth guion bajo delacroix arroba hotmail punto com", "ruth_delacroix@hotmail.com"),
        ("ruth dash d at aol dot com", "ruth-d@aol.com"),
        ("Sure, ruthd at gmail dot com", "ruthd@gmail.com"),
    ],
)
def test_separators_said_in_words_make_the_address(said, address):
    spoken = read(said)
    assert spoken and spoken.address == address and not spoken.guessed


def test_words_side_by_side_are_joined_only_by_guess():
    spoken = read("maria de la cruz at gmail dot com")
    assert spoken and spoken.address == "mariadelacruz@gmail.com" and spoken.guessed


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
def test_words_joined_as_the_member_says_keep_every_word(backend, language, which):
    chat = at_the_email_step(language)
    reply = joined(chat.form_turn(JOINED[language][which]))
    assert SAID[language]["use"].format("ruthdelacroix@gmail.com") in reply, reply
    assert chat.slots["email"] == "ruthdelacroix@gmail.com"
    assert chat.slots["requested_slot"] == "identity_proof"


def offered(language: str):
    chat = at_the_email_step(language)
    reply = joined(chat.form_turn(SIDE_BY_SIDE[language]))
    said = SAID[language]
    assert said["offer"].format("ruthdelacroix@gmail.com") in reply and said["question"] not in reply, reply
    assert "delacroix@gmail.com " not in reply.replace("ruthdelacroix", "")
    assert chat.slots["email"] is None and chat.slots["requested_slot"] == "email"
    assert not chat.failures("email"), "an address asked about is no failed answer"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_words_side_by_side_are_asked_about_and_a_yes_takes_them(backend, language):
    chat = offered(language)
    reply = joined(chat.form_turn(SAID[language]["yes"], intent="affirm"))
    assert SAID[language]["use"].format("ruthdelacroix@gmail.com") in reply, reply
    assert chat.slots["email"] == "ruthdelacroix@gmail.com"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_no_uses_nothing_and_asks_again(backend, language):
    chat = offered(language)
    reply = joined(chat.form_turn(SAID[language]["no"], intent="deny"))
    assert SAID[language]["not_used"] in reply and SAID[language]["question"] in reply, reply
    assert chat.slots["email"] is None and chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_address_typed_then_replaces_it(backend, language):
    chat = offered(language)
    reply = joined(chat.form_turn("ruth.delacroix@gmail.com"))
    assert SAID[language]["use"].format("ruth.delacroix@gmail.com") in reply, reply
    assert chat.slots["email"] == "ruth.delacroix@gmail.com"
