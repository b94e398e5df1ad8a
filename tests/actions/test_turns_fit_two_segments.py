"""Everything said back to one text fits two SMS segments once folded to GSM-7 (docs/languages.md),
in the turns the play-tests found too long: the "why" of the proof with its question, an address
confirmed with a wrong ZIP, a registration with the offer of the other account, a first message
holding the account number, the name and the address, and one holding every answer before the
security question (account, name, address, ZIP: 330 characters in a play-test). Against the real
backend API."""

from __future__ import annotations

import pytest

from common.gsm import MAX_SEPTETS, septets, to_gsm7, turn_segments
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to, to_the_proof
from tests.support.backend_helpers import load_members
from tests.support.one_time_code import PHONE

ACCOUNT = "5101000011"
NAME = "Rio Frio Pecans LLC"
EMAIL = "fairbanks.farm.ranch@example.com"  # longer than the play-tests' addresses
WORDS = {
    "en": dict(why="why do you need my zip?", wrong_zip=f"{EMAIL} zip 78897",
               first=f"good evening, I'd like to sign up. account {ACCOUNT} {NAME}, email {EMAIL}",
               several="I have two accounts, my house and also my barn, I want to sign up both",
               accept="yes I accept", offer="You mentioned another account",
               asked="To protect your account", found=f"found account {ACCOUNT}"),
    "es": dict(why="y pa que quieren mi codigo postal?", wrong_zip=f"{EMAIL} zip 78897",
               first=f"buenas noches, quisiera registrarme. cuenta {ACCOUNT} {NAME}, correo {EMAIL}",
               several="hola, tengo dos cuentas, la de mi casa y la del rancho. las quiero registrar las dos",
               accept="si acepto", offer="Nos dijo que tiene otra cuenta",
               asked="Para proteger su cuenta", found=f"encontré la cuenta {ACCOUNT}"),
}


@pytest.fixture
def pecans(backend):
    load_members(backend.session, backend.settings, dict(account=ACCOUNT, name=NAME, zip="78801", last4="5511"))
    return backend


def fits(said: str) -> bool:
    texted = to_gsm7(said)
    return septets(texted) <= MAX_SEPTETS


@pytest.mark.parametrize("language", ["en", "es"])
def test_why_the_proof_and_its_question_fit(pecans, language):
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    to_the_proof(chat, ACCOUNT, NAME, EMAIL)
    said = joined(chat.form_or_side_turn(words["why"], intent="help"))
    assert words["asked"] in said and fits(said), (septets(to_gsm7(said)), said)
    assert chat.failures("identity_proof") == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_address_with_a_wrong_zip_is_one_reply_that_asks_once(pecans, language):
    """"pecans@riofriopecans.com zip 78897" at the e-mail step: the address confirmed, the ZIP
    refused with what to send now; the proof question is not asked a second time after it."""
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    chat.start("sign up")
    chat.form_turn(ACCOUNT)
    chat.form_turn(NAME)
    said = joined(chat.form_turn(words["wrong_zip"]))
    assert chat.slots["email"] == EMAIL and chat.failures("identity_proof") == 1, said
    assert words["asked"] not in said and "78897" not in said
    assert fits(said), (septets(to_gsm7(said)), said)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_first_message_with_every_answer_before_the_proof_fits(pecans, language):
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.start(words["first"]))
    assert words["found"] in said and EMAIL in said and words["asked"] in said, said
    assert fits(said), (septets(to_gsm7(said)), said)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_registration_with_the_offer_of_the_other_account_fits(pecans, language):
    words = WORDS[language]
    chat = Conversation(language=language, channel="sms")
    chat.start(words["several"])
    for text in (ACCOUNT, NAME, EMAIL, "78801", "2", "Rex"):
        chat.form_turn(text)
    said = joined(chat.form_turn(words["accept"]))
    assert chat.slots["outcome"] == "registered" and words["offer"] in said, said
    assert fits(said), (septets(to_gsm7(said)), said)


# Every answer before the security question in one first message, at its longest: the longest name of
# data/demo_members.csv, an address of 40 characters and a ten-digit account number.
ALL_IN_ONE = dict(account="5201000009", name="Spicewood Veterinary Clinic PLLC", zip="78669", last4="0009")
LONG_EMAIL = "spicewood.veterinary.clinic1@example.com"
ALL_IN_ONE_SAID = {
    "en": f"hi I want to sign up, account {ALL_IN_ONE['account']} {ALL_IN_ONE['name']}, email {LONG_EMAIL}, zip 78669",
    "es": (f"hola quiero registrarme, cuenta {ALL_IN_ONE['account']} {ALL_IN_ONE['name']}, correo {LONG_EMAIL}, "
           "código postal 78669"),
}
NEXT = {"en": dict(menu="Pick a security question", code="I texted a 6-digit code"),
        "es": dict(menu="Elija una pregunta de seguridad", code="le mandé un código de 6 dígitos")}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("follows", ["menu", "code"])
def test_a_first_message_with_every_answer_before_the_security_question_fits(backend, language, follows):
    """The found account, the address and the ZIP confirmed, then the security-question menu (or, with
    a phone on file, the texted code instead of the menu): the whole turn, and what it says before
    the question, each within two segments."""
    assert len(LONG_EMAIL) == 40
    load_members(backend.session, backend.settings, dict(ALL_IN_ONE, phone=PHONE if follows == "code" else None))
    chat = Conversation(language=language, channel="sms")
    replies = chat.start(ALL_IN_ONE_SAID[language])
    said = joined(replies)
    assert chat.slots["identity_proof"] == "verified" and chat.slots["email"] == LONG_EMAIL, said
    assert ALL_IN_ONE["name"] in said and LONG_EMAIL in said and NEXT[language][follows] in said, said
    assert "78669" not in said
    before_the_question = joined(reply for reply in replies if NEXT[language][follows] not in reply)
    assert fits(before_the_question), (septets(to_gsm7(before_the_question)), before_the_question)
    assert fits(said), (septets(to_gsm7(said)), said)


# Every "why" and side question at every step, as an SMS member sends it: the turn (the answer, then
# the pending question, in its short form where that saves a segment) costs at most two SMS segments
# texted as the SMS channel sends it (``common.gsm.texted_together``), three where the message asked
# two things at once ("why do you need my zip and is it safe?") or whether it is safe (the answer keeps
# the number to call to check who is asking, and the question may then need a text of its own).
ONE_THING = {
    "en": [("why do you need my zip?", "help"),
           ("why do you need my email?", "help"), ("why do you need my account number?", "help"),
           ("why do you need my name?", "help"), ("what is the security question for?", "help"),
           ("why do you need that?", "help"), ("is it free?", "ask_benefits"),
           ("will I still get a paper bill?", "ask_paperless"), ("where is my account number?", "account_help"),
           ("I don't have my bill", "no_bill"), ("help", "help"), ("what benefits do I get?", "ask_benefits"),
           ("why do you need my phone?", "help"), ("how long is the link good for?", "email_not_received")],
    "es": [("y pa que quieren mi codigo postal?", "help"), ("para que quieren mi correo?", "help"),
           ("para que quieren mi numero de cuenta?", "help"), ("para que quieren mi apellido?", "help"),
           ("para que es la pregunta de seguridad?", "help"), ("para que necesitan eso?", "help"),
           ("¿es gratis?", "ask_benefits"),
           ("¿me siguen mandando el recibo en papel?", "ask_paperless"),
           ("¿dónde está mi número de cuenta?", "account_help"), ("no tengo mi recibo", "no_bill"),
           ("ayuda", "help"), ("¿qué beneficios tengo?", "ask_benefits"), ("¿para qué quieren mi teléfono?", "help"),
           ("¿cuánto dura el enlace?", "email_not_received")],
}
# Whether it is safe: the answer, how to check who asks, the question (three segments at most).
SAFETY = {
    "en": [("why do you need my SSN, is it safe to text it?", "ask_safety"), ("is it safe?", "ask_safety"),
           ("is this a scam?", "ask_safety"), ("what do you do with my email? will you spam me?", "ask_safety")],
    "es": [("por que necesitan mi seguro social, es seguro mandarlo por aqui?", "ask_safety"),
           ("¿es seguro?", "ask_safety"), ("¿esto es una estafa?", "ask_safety"),
           ("que hacen con mi correo? me van a mandar spam?", "ask_safety")],
}
TWO_THINGS = {
    "en": [("why do you need my zip and is it safe?", "help"), ("what is this? is it safe?", "ask_safety"),
           ("is it free? and why so many questions?", "ask_benefits")],
    "es": [("para que quieren mi codigo postal y es seguro?", "help"), ("¿qué es esto? ¿es seguro?", "ask_safety"),
           ("¿es gratis? ¿y por qué tantas preguntas?", "ask_benefits")],
}
STEPS = ["account_number", "member_name", "email", "identity_proof", "security_question", "security_answer",
         "terms_accepted"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", STEPS)
def test_every_why_and_side_question_at_every_step_fits_two_segments(backend, language, step):
    too_long = []
    asked_at_most = ([(one, 2) for one in ONE_THING[language]] + [(two, 3) for two in TWO_THINGS[language]]
                     + [(safe, 3) for safe in SAFETY[language]])
    for asked, most in asked_at_most:
        text, intent = asked
        chat = sign_up_to(Conversation(language=language, channel="sms"), step, sign_up_start(language))
        replies = chat.form_or_side_turn(text, intent, 0.8)
        if turn_segments(replies) > most:
            too_long.append((text, turn_segments(replies), replies))
    assert not too_long, too_long
