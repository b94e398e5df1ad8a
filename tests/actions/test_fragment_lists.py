"""A terse sign-up sent as one list of fragments, in English and Spanish, against the real backend
API (tests/actions/conftest.py; member "Tran", account 7001230125, SSN last 4 1125):
"Hi. Register. 3100000125. Tran. tran.v@example.com. 1125. pet. Mochi. yes".

- the fragment right after the account number is the name (one candidate, one try), so the
  last 4 in the same message is checked once the name matched, never before;
- the e-mail address is confirmed as everywhere in the reply that thanks once ("... I will use ...");
- a fragment naming a security question and the one after it are the choice and its answer
  (stored hashed, never echoed);
- the closing "yes" accepts nothing: the Terms were never shown, so their question is asked;
- a wrong name in such a list costs one try and the proof is not checked.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.storage.models import VerificationAttempt
from tests.support.action_conversation import Conversation, joined, name_attempts

LISTS = {
    "en": ("Hi. Register. 7001230125. {name}. tran.v@example.com. 1125. pet. Mochi. yes", "sign up"),
    "es": ("Hola. Registrarme. 7001230125. {name}. tran.v@example.com. 1125. mascota. Mochi. sí", "quiero registrarme"),
}
SAID = {
    # one reply, thanking once: "Thanks, I found ... That matches ... I saved ..."
    "en": ("Thanks, I found account 7001230125 for Tran.", "I will use tran.v@example.com.",
           "That matches our records.", "I saved your answer to: What is your pet's name?",
           "do you accept the Terms and Conditions"),
    "es": ("Gracias, encontré la cuenta 7001230125 a nombre de Tran.", "tran.v@example.com",
           "Coincide con nuestros registros. Guardé", "mascota", "Términos y Condiciones"),
}


def _proof_attempts(backend) -> int:
    with backend.session() as session:
        return session.scalar(select(func.count()).select_from(VerificationAttempt)
                              .where(VerificationAttempt.step != "name"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_list_of_fragments_is_read_as_the_member_listed_it(backend, language):
    text, _start = LISTS[language]
    chat = Conversation(language=language)
    reply = joined(chat.start(text.format(name="Tran")))
    for words in SAID[language]:
        assert words in reply, reply
    assert reply.lower().count("thanks" if language == "en" else "gracias") == 1, reply
    assert "1125" not in reply and "Mochi" not in reply
    assert chat.slots["member_name"] == "Tran" and chat.slots["email"] == "tran.v@example.com"
    assert chat.slots["identity_proof"] == "verified"
    assert chat.slots["security_question"] == "2" and chat.slots["security_answer"] == "stored"
    assert chat.slots["terms_accepted"] is None and chat.slots["requested_slot"] == "terms_accepted"
    assert chat.slots["redact_message_id"]  # the message held the last 4 and the answer
    assert name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_same_list_during_a_sign_up_at_the_account_step(backend, language):
    text, start = LISTS[language]
    chat = Conversation(language=language)
    chat.start(start)
    chat.form_turn(text.format(name="Tran").split(". ", 2)[2])  # from the account number on
    assert chat.slots["member_name"] == "Tran" and chat.slots["identity_proof"] == "verified"
    assert chat.slots["requested_slot"] == "terms_accepted"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wrong_name_in_the_list_costs_one_try_and_no_proof_is_checked(backend, language):
    text, _start = LISTS[language]
    chat = Conversation(language=language)
    chat.start(text.format(name="Garza"))
    assert chat.slots["member_name"] is None and chat.slots["identity_proof"] is None
    assert name_attempts(backend) == 1
    assert _proof_attempts(backend) == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_question_named_right_after_the_number_is_no_name_try(backend, language):
    chat = Conversation(language=language)
    chat.start("Register. 7001230125. pet. Mochi" if language == "en" else "Registrarme. 7001230125. mascota. Mochi")
    assert chat.slots["account_number"] == "7001230125" and chat.slots["requested_slot"] == "member_name"
    assert name_attempts(backend) == 0
