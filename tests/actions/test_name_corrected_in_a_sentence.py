"""A business name corrected inside a sentence is checked whole, and the ZIP sent with it is kept: a
member whose "Blanco Crek Goat Dairy LLC" matched nothing sends "oops creek. Blanco Creek Goat Dairy
LLC 78620" (the word corrected, then the whole name, then the ZIP). The play-test's member had the word
"creek" alone checked as the name (a try spent, the ZIP dropped). Now the whole name is the one
candidate, and the ZIP is checked once the name matches; a correction that still does not match keeps
the ZIP for the name that will. The ZIP is never said back. In English and Spanish, against the real
backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members

ACCOUNT = "5201000003"
DAIRY = dict(account=ACCOUNT, name="Blanco Creek Goat Dairy LLC", zip="78620", last4="0003")
TYPO = {"en": f"acct {ACCOUNT} Blanco Crek Goat Dairy LLC", "es": f"cuenta {ACCOUNT} Blanco Crek Goat Dairy LLC"}
FOUND = {"en": f"I found account {ACCOUNT} for Blanco Creek Goat Dairy LLC.",
         "es": f"encontré la cuenta {ACCOUNT} a nombre de Blanco Creek Goat Dairy LLC."}
MATCHES = {"en": "That matches our records.", "es": "Coincide con nuestros registros."}
NO_MATCH = {"en": "does not match", "es": "sin coincidir"}
CORRECTIONS = [
    ("en", "oops creek. Blanco Creek Goat Dairy LLC 78620"),
    ("en", "sorry, typo: Blanco Creek Goat Dairy LLC, zip 78620"),
    ("en", "oops I meant creek: Blanco Creek Goat Dairy LLC 78620"),
    ("es", "uy, es creek. Blanco Creek Goat Dairy LLC 78620"),
    ("es", "perdón, era creek, Blanco Creek Goat Dairy LLC, código postal 78620"),
]


def _after_the_typo(backend, language: str, typo: str | None = None) -> Conversation:
    load_members(backend.session, backend.settings, DAIRY)
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    chat.form_turn(typo or TYPO[language])
    assert chat.slots["member_name"] is None and chat.slots["requested_slot"] == "member_name"
    assert name_attempts(backend) == 1
    return chat


@pytest.mark.parametrize(("language", "text"), CORRECTIONS)
def test_the_corrected_name_is_checked_whole_and_the_zip_after_it(backend, language, text):
    chat = _after_the_typo(backend, language)
    said = joined(chat.form_turn(text))
    assert FOUND[language] in said and MATCHES[language] in said, said
    assert chat.slots["identity_proof"] == "verified" and chat.slots["requested_slot"] == "email", said
    assert name_attempts(backend) == 2 and "78620" not in said


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_zip_of_the_first_message_is_checked_with_the_corrected_name(backend, language):
    """The typo came with the ZIP ("... Blanco Crek Goat Dairy LLC 78620"): held for the name that matches."""
    chat = _after_the_typo(backend, language, TYPO[language] + " 78620")
    said = joined(chat.form_turn("oops creek. Blanco Creek Goat Dairy LLC"))
    assert FOUND[language] in said and chat.slots["identity_proof"] == "verified", said


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_correction_that_still_does_not_match_keeps_its_zip(backend, language):
    chat = _after_the_typo(backend, language)
    said = joined(chat.form_turn("oops, typo. Blanco Creek Goat Farm LLC 78620"))
    assert NO_MATCH[language] in said and chat.slots["identity_proof"] is None and "78620" not in said, said
    said = joined(chat.form_turn("Blanco Creek Goat Dairy LLC"))
    assert FOUND[language] in said and chat.slots["identity_proof"] == "verified", said
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 3
