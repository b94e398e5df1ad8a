"""One question per turn: when the texted code is asked, it is asked alone, in English and Spanish. A
member who sent everything in one message, with a security answer that is a whole sentence, hears the
code question only (never also "Please send only the answer ... What is your pet's name?"); the
answer's question comes once the code is in, and nothing was stored or counted for it."""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import Conversation, joined, stored_answer_hash
from tests.support.one_time_code import add_alvarez, last_code
from tests.support.replies import reply_in

EVERYTHING = {
    "en": "Hi I want to sign up. Account 7001112223, Alvarez, a@example.com, zip 78660. For the security question "
    "use my pet, we had a lovely old dog on the farm that we all called Rex",
    "es": "Hola, quiero registrarme. Cuenta 7001112223, Alvarez, a@example.com, código postal 78660. Para la pregunta "
    "de seguridad la de mi mascota, teníamos un perro viejito en el rancho que todos queríamos mucho",
}
CODE_ASKED = {"en": "I texted a 6-digit code to the phone on file", "es": "código de 6 dígitos"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_code_is_asked_alone_and_the_answer_after_it(backend, language):
    add_alvarez(backend)
    chat = Conversation(language=language)
    reply = joined(chat.start(EVERYTHING[language]))
    assert CODE_ASKED[language] in reply, reply
    assert reply_in(language, messages.answer_only, 2) not in reply
    assert reply_in(language, messages.ask_security_answer, 2) not in reply
    assert chat.slots["requested_slot"] == "one_time_code"
    assert stored_answer_hash(backend) is None and not chat.failures("security_answer")
    reply = joined(chat.form_turn(last_code(backend)))
    assert chat.slots["one_time_code"] == "verified" and chat.slots["security_question"] == "2"
    assert chat.slots["requested_slot"] == "security_answer"
    assert reply_in(language, messages.ask_security_answer, 2) in reply
    chat.form_turn("Rex")
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), "Rex")
