"""A near-miss of a common mail domain is asked about, never taken as it is (real backend API).

"jholtz@gmial.com" gets "Did you mean jholtz@gmail.com?" alone (not the e-mail question too);
yes takes the suggestion, no keeps the address typed, another address replaces it.
"""

from __future__ import annotations

import pytest

from actions.email_typos import suggestion
from tests.support.action_conversation import Conversation, at_the_email_step, joined

SAID = {
    "en": dict(offer="Did you mean t@gmail.com?", use="Got it, I will use {}.",
               question="What e-mail address should we use", yes="yes", no="no"),
    "es": dict(offer="¿Quiso decir t@gmail.com?", use="Entendido, usaré {}.",
               question="¿Qué correo electrónico quiere usar", yes="sí", no="no"),
}


@pytest.mark.parametrize(("typed", "meant"), [
    ("jholtz@gmial.com", "jholtz@gmail.com"), ("a@yaho.com", "a@yahoo.com"), ("a@hotmial.com", "a@hotmail.com"),
    ("a@sbcgloabl.net", "a@sbcglobal.net"), ("a@outlok.com", "a@outlook.com"), ("a@icloud.cmo", "a@icloud.com"),
    ("a@example.con", "a@example.com"), ("a@comcast.nte", "a@comcast.net"),
])
def test_a_near_miss_of_a_common_domain_is_suggested(typed, meant):
    assert suggestion(typed) == meant


@pytest.mark.parametrize("address", ["a@gmail.com", "a@ymail.com", "a@mail.com", "a@coop.org", "a@me.com"])
def test_a_real_domain_is_left_as_it_is(address):
    assert suggestion(address) is None


def offered(chat: Conversation, language: str) -> None:
    reply = joined(chat.form_turn("t@gmial.com"))
    said = SAID[language]
    assert said["offer"] in reply and "t@gmial.com" in reply and said["question"] not in reply, reply
    assert chat.slots["email"] is None and chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize("language", ["en", "es"])
def test_yes_takes_the_suggestion(backend, language):
    chat = at_the_email_step(language, "7001230125", "Tran")
    offered(chat, language)
    reply = joined(chat.form_turn(SAID[language]["yes"], intent="affirm"))
    assert SAID[language]["use"].format("t@gmail.com") in reply, reply
    assert chat.slots["email"] == "t@gmail.com" and chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_keeps_the_address_typed(backend, language):
    chat = at_the_email_step(language, "7001230125", "Tran")
    offered(chat, language)
    reply = joined(chat.form_turn(SAID[language]["no"], intent="deny"))
    assert SAID[language]["use"].format("t@gmial.com") in reply, reply
    assert chat.slots["email"] == "t@gmial.com"


@pytest.mark.parametrize("language", ["en", "es"])
def test_another_address_replaces_it(backend, language):
    chat = at_the_email_step(language, "7001230125", "Tran")
    offered(chat, language)
    reply = joined(chat.form_turn("tran.v@example.com"))
    assert SAID[language]["use"].format("tran.v@example.com") in reply, reply
    assert chat.slots["email"] == "tran.v@example.com"


YES_WORDS = {
    "en": [("yea lol", "out_of_scope"), ("yeah lol", "nlu_fallback"), ("ya", "greet"), ("yes thats it", "inform")],
    "es": [("sí ese", "out_of_scope"), ("correcto", "nlu_fallback"), ("ándale", "greet")],
}


@pytest.mark.parametrize(("language", "said", "intent"),
                         [(language, said, intent) for language, pairs in YES_WORDS.items() for said, intent in pairs])
def test_any_clear_yes_takes_the_suggestion_whatever_the_model_read(backend, language, said, intent):
    """ "yea lol" read as off-topic once lost the address fixed: the yes is read in words, as every
    yes/no question reads it (``answers.read_yes_no``), before any rule may answer the message."""
    chat = at_the_email_step(language, "7001230125", "Tran")
    offered(chat, language)
    reply = joined(chat.form_or_side_turn(said, intent=intent, confidence=0.7))
    assert SAID[language]["use"].format("t@gmail.com") in reply, reply
    assert chat.slots["email"] == "t@gmail.com" and chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_suggestion_shows_yes_and_no_buttons(backend, language):
    """The web chat shows "Did you mean ...?" with Yes / No buttons, as every other yes/no question."""
    chat = at_the_email_step(language, "7001230125", "Tran")
    before = len(chat.buttons)
    offered(chat, language)
    yes, no = ("Yes", "No") if language == "en" else ("Sí", "No")
    assert chat.buttons[before:] == [[{"title": yes, "payload": "yes"}, {"title": no, "payload": "no"}]]


ASKED_AGAIN_NOT_AN_ADDRESS = {"en": "That does not look like an e-mail address.",
                              "es": "Eso no parece un correo electrónico."}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_yes_after_another_answer_came_between_asks_the_suggestion_again(backend, language):
    """The ZIP sent instead of an answer to "Did you mean ...?", then "sí": no address tried, the suggestion
    asked again (with its buttons), and the next yes takes it."""
    chat = at_the_email_step(language, "7001230125", "Tran")
    offered(chat, language)
    chat.form_turn("78725")
    before = len(chat.buttons)
    reply = joined(chat.form_turn(SAID[language]["yes"], intent="affirm"))
    assert SAID[language]["offer"] in reply and ASKED_AGAIN_NOT_AN_ADDRESS[language] not in reply, reply
    assert len(chat.buttons) == before + 1 and chat.failures("email") == 0
    reply = joined(chat.form_turn(SAID[language]["yes"], intent="affirm"))
    assert SAID[language]["use"].format("t@gmail.com") in reply, reply
    assert chat.slots["email"] == "t@gmail.com"
