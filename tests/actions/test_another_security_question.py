"""A question not on the menu asked for at the security question ("Could I use a different
question, such as the name of my first teacher?"): the member stays at the menu, told in one
sentence that only these questions are offered; the "name" in it never reopens the account's
verified name, nothing is chosen, stored or counted, and the reply fits two SMS segments."""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import joined, stored_answer_hash, to_the_question
from tests.support.replies import reply_in


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Could I use a different question, such as the name of my first teacher?"),
        ("en", "I'd like to make up my own question, like my first teacher's name"),
        ("en", "can I pick another question? maybe the name of my first car"),
        ("es", "¿Puedo usar otra pregunta, como el nombre de mi primer maestro?"),
        ("es", "quiero una pregunta diferente, el nombre de mi primera maestra"),
    ],
)
def test_another_question_asked_for_keeps_the_menu(backend, language, text):
    chat = to_the_question(language)
    replies = chat.form_turn(text)
    reply = joined(replies)
    assert chat.slots["requested_slot"] == "security_question"
    assert chat.slots["security_question"] is None and chat.slots["member_name"]
    assert reply_in(language, messages.ask_member_name, "1001234567") not in reply
    assert replies[-1] == reply_in(language, messages.ask_security_question)
    assert reply.startswith(reply_in(language, messages.only_these_questions))
    assert reply_in(language, messages.which_question) not in reply  # no business wording
    assert not chat.slots.get("failures")
    assert septets(to_gsm7(reply)) <= MAX_SEPTETS, reply
    chat.form_turn("2")
    chat.form_turn("Rex")
    assert chat.slots["security_question"] == "2" and verify_answer(stored_answer_hash(backend), "Rex")
