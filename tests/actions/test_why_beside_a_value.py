"""A why sent with a value gets the why it asks, in English and Spanish, with members of
data/demo_members.csv, against the real backend API (tests/actions/conftest.py):

- "Mi correo es elena.brooks@example.com. ¿Para qué necesitan el código postal, si ya tienen mi
  dirección?": the address is taken, the why's own sentence names the ZIP (never the "correo" that
  labels the address), so the short reason for the proof follows (``messages.why_proof_beside``), then
  the proof question; the whole turn fits two SMS segments;
- "you know what, for me to type on this phone. Email is luis.sanchez.tx@example.com" (the rest of
  "you know what, English is easier for me to type ..." once the web app took the request for English
  out of it; the same to Spanish): its "what, for" asks nothing, so the address is confirmed and the
  next question follows, in the language asked for, with no reason of the e-mail step.
"""

from __future__ import annotations

import pytest

from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.backend_helpers import load_members

# data/demo_members.csv (no phone, so no code is texted)
BROOKS = dict(account="1007990312", name="Brooks", zip="78611", last4="8844")
SANCHEZ = dict(account="1008652288", name="Sánchez", zip="78163", last4="2299")

WHY_THE_ZIP = {
    "en": "My email is elena.brooks@example.com. Why do you need the zip code if you already have my address?",
    "es": "Mi correo es elena.brooks@example.com. ¿Para qué necesitan el código postal, si ya tienen mi dirección?",
}
WORDS = {
    "en": dict(used="Got it, I will use elena.brooks@example.com.",
               why_zip="I ask for it so only the account holder can sign up",
               why_email="Your e-mail address becomes your username",
               proof="To protect your account, send the mailing ZIP code on the account, or the last 4 digits of "
                     "the SSN or Tax ID on it."),
    "es": dict(used="Entendido, usaré elena.brooks@example.com.",
               why_zip="Lo pido para que solo el titular pueda registrarse",
               why_email="Su correo electrónico será su usuario",
               proof="Para proteger su cuenta, envíe el código postal (ZIP) de su factura o los últimos 4 del "
                     "Seguro Social (SSN) o ID fiscal."),
}


def at_the_email_step(backend, language: str, member: dict) -> Conversation:
    load_members(backend.session, backend.settings, member)
    chat = Conversation(language=language, channel="sms")
    chat.start(sign_up_start(language))
    chat.form_turn(member["account"])
    chat.form_turn(member["name"])
    assert chat.slots["requested_slot"] == "email"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_why_about_the_zip_beside_the_address_gets_why_the_zip(backend, language):
    words = WORDS[language]
    chat = at_the_email_step(backend, language, BROOKS)
    said = joined(chat.form_turn(WHY_THE_ZIP[language]))
    assert said.startswith(words["used"]) and words["why_zip"] in said, said
    assert words["why_email"] not in said and said.endswith(words["proof"]), said
    assert chat.slots["email"] == "elena.brooks@example.com" and chat.slots["requested_slot"] == "identity_proof"
    assert septets(to_gsm7(said)) <= MAX_SEPTETS, said


# The rest the web app passes on once it took the request out (webhook.language.request_within): "you know
# what, English is easier for me to type on this phone. Email is ..." in a Spanish conversation, and "you
# know what, Spanish is easier for me to type. Mi correo es ..." in an English one.
SWITCHES = [
    ("es", "en", "you know what, for me to type on this phone. Email is luis.sanchez.tx@example.com",
     "Got it, I will use luis.sanchez.tx@example.com."),
    ("en", "es", "you know what, for me to type. Mi correo es luis.sanchez.tx@example.com",
     "Entendido, usaré luis.sanchez.tx@example.com."),
]


@pytest.mark.parametrize(("before", "language", "rest", "used"), SWITCHES)
def test_what_and_for_across_a_comma_ask_no_why_in_the_language_asked_for(backend, before, language, rest, used):
    chat = at_the_email_step(backend, before, SANCHEZ)
    said = joined(chat.asks_for_language(rest, language))
    assert said.startswith(used), said
    assert WORDS[language]["why_email"] not in said and said.endswith(WORDS[language]["proof"]), said
    assert chat.slots["requested_slot"] == "identity_proof"
