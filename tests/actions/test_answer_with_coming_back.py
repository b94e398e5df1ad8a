"""Coming back with the answer in the same message, as a twelfth play-test's members wrote it, in
English and Spanish, against the real backend API (tests/actions/conftest.py): after a pause, "ya
volví perdón. la de la mascota", "no, ya regresé. la 1", "ok I'm back, pet's name", "back! option
2", "I'm back. Garza" get the welcome back AND the answer read, then the next question (never the
paused question again, its answer dropped). At the security answer, paused or not, an answer said
as one after the words of coming back ("ok I'm back, the answer is Rex", "ya regresé, es Bowie") is
stored; the chatter of a return ("sorry about that") never is. A bare return still only resumes, and
"yes I'm back" at the Terms accepts nothing. The intents are what the trained model reads for these
messages.
"""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import FORM, Conversation, sign_up_start, sign_up_to, stored_answer_hash
from tests.support.replies import reply_in

RULE = {"never_mind": "action_never_mind", "nlu_fallback": "action_default_fallback"}
PAUSE = {"en": ("brb", "greet"), "es": ("un momento", "greet")}
PET = {"en": "pet's name", "es": "mascota"}
MOTHER = {"en": "mother's maiden name", "es": "soltera"}
MENU = {"en": "Reply 1, 2 or 3", "es": "Responda 1, 2 o 3"}
TERMS = {"en": "Terms and Conditions", "es": "Términos y Condiciones"}


def turn(chat: Conversation, text: str, intent: str) -> list[str]:
    """One message as Rasa plays it: the form, or when it rejects the message (or none is active),
    the rule of the intent, followed by the form when that action takes the flow up again."""
    if chat.active_loop != FORM:
        return chat.message(text, intent, 0.8, action=RULE.get(intent))
    replies = chat.form_turn(text, intent, 0.8)
    if chat.rejected:
        replies += chat.run(RULE.get(intent, "action_side_answer"))[1]
    return replies


def paused_at(language: str, step: str) -> Conversation:
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    text, intent = PAUSE[language]
    if step in ("member_name", "security_answer", "terms_accepted"):  # a bare moment there has its patient reply
        text, intent = ("give me 5 min", "inform") if language == "en" else ("ahorita vengo", "never_mind")
    assert turn(chat, text, intent) == [reply_in(language, messages.paused)]
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    return chat


# (language, message, the intent the model reads, the question chosen, words of the next question)
CHOICES = [
    ("es", "ya volvi perdon. la de la mascota", "inform", 2, PET["es"]),
    ("es", "Ya estoy de vuelta. Prefiero el apellido de soltera de mi madre.", "inform", 1, MOTHER["es"]),
    ("es", "no, ya regrese. la 1", "never_mind", 1, MOTHER["es"]),
    ("en", "ok I'm back, pet's name", "inform", 2, PET["en"]),
    ("en", "back! option 2", "inform", 2, PET["en"]),
    ("en", "I'm back. option 1", "never_mind", 1, MOTHER["en"]),
]


@pytest.mark.parametrize(("language", "text", "intent", "question", "asked"), CHOICES)
def test_a_choice_sent_with_coming_back_is_read(backend, language, text, intent, question, asked):
    chat = paused_at(language, "security_question")
    replies = turn(chat, text, intent)
    assert replies[0] == reply_in(language, messages.welcome_back) and len(replies) == 2, replies
    assert asked in replies[1] and MENU[language] not in replies[1], replies
    assert chat.slots["security_question"] == str(question) and chat.slots["requested_slot"] == "security_answer"
    assert chat.active_loop == FORM and chat.slots["outcome"] is None


@pytest.mark.parametrize(("language", "text"), [("en", "I'm back. Garza"), ("es", "ya volví. Garza")])
def test_a_name_sent_with_coming_back_is_checked(backend, language, text):
    chat = paused_at(language, "member_name")
    replies = turn(chat, text, "inform")
    assert replies[0] == reply_in(language, messages.welcome_back), replies
    assert "1001234567" in "\n".join(replies[1:]) and chat.slots["member_name"], replies
    assert chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize(("language", "text"), [("en", "I'm back. yes"), ("es", "ya regresé. sí")])
def test_a_yes_after_coming_back_accepts_the_terms_asked(backend, language, text):
    chat = paused_at(language, "terms_accepted")
    replies = turn(chat, text, "affirm")
    assert replies[0] == reply_in(language, messages.welcome_back), replies
    assert chat.slots["terms_accepted"] is True and chat.slots["outcome"] == "registered", replies


@pytest.mark.parametrize(("language", "text"), [("en", "yes I'm back"), ("es", "sí, ya regresé")])
def test_yes_i_am_back_at_the_terms_still_accepts_nothing(backend, language, text):
    chat = paused_at(language, "terms_accepted")
    replies = turn(chat, text, "affirm")
    assert replies[0] == reply_in(language, messages.welcome_back) and len(replies) == 2, replies
    assert TERMS[language] in replies[1] and not chat.slots["terms_accepted"]


@pytest.mark.parametrize(("language", "text", "intent"), [("en", "ok I'm back", "greet"), ("es", "ya regresé", "inform")])
def test_a_bare_return_only_resumes(backend, language, text, intent):
    chat = paused_at(language, "security_question")
    replies = turn(chat, text, intent)
    assert replies[0] == reply_in(language, messages.welcome_back) and len(replies) == 2, replies
    assert MENU[language] in replies[1] and chat.slots["security_question"] is None
    assert chat.slots["requested_slot"] == "security_question"


# (language, message, the intent the model may read, the answer stored)
ANSWERS = [
    ("en", "ok I'm back, the answer is Rex", "inform", "Rex"),
    ("en", "I'm back. it's Rex", "greet", "Rex"),
    ("es", "ya regresé, es Bowie", "inform", "Bowie"),
    ("es", "ya volví, se llama Firulais", "never_mind", "Firulais"),
]


@pytest.mark.parametrize("paused", [True, False])
@pytest.mark.parametrize(("language", "text", "intent", "answer"), ANSWERS)
def test_a_security_answer_sent_with_coming_back_is_stored(backend, paused, language, text, intent, answer):
    if paused:
        chat = paused_at(language, "security_answer")
    else:
        chat = sign_up_to(Conversation(language=language), "security_answer", sign_up_start(language))
    replies = turn(chat, text, intent)
    assert replies[0] == reply_in(language, messages.welcome_back), replies
    assert reply_in(language, messages.confirm_answer, 2) in "\n".join(replies), replies
    assert TERMS[language] in replies[-1] and chat.slots["requested_slot"] == "terms_accepted", replies
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    # The message that held the answer is the one kept out of the record (not an earlier one).
    assert chat.slots["redact_message_id"] == [e for e in chat.events if e.get("event") == "user"][-1]["message_id"]


@pytest.mark.parametrize("paused", [True, False])
@pytest.mark.parametrize(("language", "text"), [("en", "ok I'm back, sorry about that"),
                                                ("es", "ya regresé, perdón por la tardanza")])
def test_the_chatter_of_a_return_is_no_security_answer(backend, paused, language, text):
    if paused:
        chat = paused_at(language, "security_answer")
    else:
        chat = sign_up_to(Conversation(language=language), "security_answer", sign_up_start(language))
    replies = turn(chat, text, "greet")
    assert replies[0] == reply_in(language, messages.welcome_back) and len(replies) == 2, replies
    assert PET[language] in replies[1] and chat.slots["requested_slot"] == "security_answer"
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
