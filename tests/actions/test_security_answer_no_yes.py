"""A yes, a no or the Terms accepted is never the security answer, in English and Spanish,
against the real backend API (tests/actions/conftest.py).

Members who were asked for the answer again ("Please send only the answer ...") replied what
they expected to be asked next: "Yes, I accept the terms." Stored as the answer, it registered
them at once, their real answer never saved and the Terms never shown. So:

- "yes", "sí", "Yes, I accept the terms", "Sí, acepto los términos" at the answer step store
  nothing, accept nothing and count nothing: the member reads that the answer is still needed
  first, and the question again, once;
- a name that reads as a yes only by guess ("Dale", "Simon") is still an answer;
- "Pet's name. Our old dog Duke." / "Nombre de mi mascota. Teníamos un gato, Michi." pick the
  question and store the name, in lower case too ("our old dog duke", "teníamos un gato, michi"),
  while an everyday word after the pet's kind ("we had a dog once", "un perro negro") names no one;
- "Duke. Yes, I accept the terms." / "Michi. Sí, acepto los términos." at the answer step store
  the name and show the Terms: the yes accepts nothing, since the Terms were never shown;
- a reply never asks the same question twice.
"""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import Conversation, joined, stored_answer_hash, to_the_answer, to_the_question
from tests.support.replies import reply_in


def assert_answer_still_asked(backend, chat: Conversation, replies: list[str], language: str, number: int,
                              failures_before: int = 0) -> None:
    """Nothing stored, accepted or counted; the member reads that the answer comes first, then the question."""
    assert replies == [reply_in(language, messages.answer_first),
                       reply_in(language, messages.ask_security_answer, number)], replies
    assert chat.slots["requested_slot"] == "security_answer" and chat.slots["security_answer"] is None
    assert stored_answer_hash(backend) is None
    assert chat.slots["terms_accepted"] is None and chat.slots["outcome"] is None
    assert chat.failures("security_answer") == failures_before


@pytest.mark.parametrize(("language", "text", "intent"), [
    ("en", "Yes, I accept the terms.", "affirm"), ("en", "yes", "affirm"), ("en", "no", "deny"),
    ("es", "Sí, acepto los términos.", "affirm"), ("es", "sí", "affirm"), ("es", "no", "deny"),
])
def test_a_yes_or_no_at_the_answer_step_is_no_answer(backend, language, text, intent):
    chat = to_the_answer(language, "1")
    replies = chat.form_turn(text, intent=intent, confidence=0.99)
    assert_answer_still_asked(backend, chat, replies, language, 1)
    replies = chat.form_turn("Kowalski")
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), "Kowalski")
    assert chat.slots["requested_slot"] == "terms_accepted" and f"/terms?lang={language}" in replies[-1], "the Terms now"
    assert chat.slots["terms_accepted"] is None and "Kowalski" not in joined(replies)


@pytest.mark.parametrize("language", ["en", "es"])
def test_ok_alone_is_no_answer(backend, language):
    chat = to_the_answer(language, "1")
    replies = chat.form_turn("ok", intent="affirm", confidence=0.99)
    assert replies[-1] == reply_in(language, messages.ask_security_answer, 1)
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None


@pytest.mark.parametrize(("language", "name"), [("en", "Dale"), ("en", "Simon"), ("es", "Vale")])
def test_a_name_that_reads_as_a_yes_only_by_guess_is_an_answer(backend, language, name):
    chat = to_the_answer(language, "2")
    replies = chat.form_turn(name)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), name)
    assert reply_in(language, messages.answer_first) not in joined(replies)


# The play-test's members: the question and a sentence about the pet in one message at the menu.
PET_SENTENCES = [
    ("en", "Pet's name. Our old dog Duke.", "Duke", "Yes, I accept the terms."),
    ("es", "Nombre de mi mascota. Teníamos un gato, Michi.", "Michi", "Sí, acepto los términos."),
]


@pytest.mark.parametrize(("language", "text", "answer", "yes"), PET_SENTENCES)
def test_the_pet_named_after_its_kind_is_stored_and_the_terms_come_next(backend, language, text, answer, yes):
    chat = to_the_question(language)
    replies = chat.form_turn(text)
    assert chat.slots["security_question"] == "2" and chat.slots["security_answer"] == "stored"
    assert verify_answer(stored_answer_hash(backend), answer), "the name alone is stored"
    assert len(replies) == 2 and replies[0] == reply_in(language, messages.confirm_answer, 2), replies
    assert chat.slots["requested_slot"] == "terms_accepted" and f"/terms?lang={language}" in replies[1]
    assert answer.lower() not in joined(replies).lower()
    chat.form_turn(yes, intent="affirm", confidence=0.99)
    assert chat.slots["outcome"] == "registered", "the Terms were shown, so the yes accepts them"
    assert verify_answer(stored_answer_hash(backend), answer)


@pytest.mark.parametrize(("language", "change", "text", "answer"), [
    ("en", "CHANGE ANSWER", "Pet's name. Our old dog Duke.", "Duke"),
    ("es", "CAMBIAR RESPUESTA", "Nombre de mi mascota. Teníamos un gato, Michi.", "Michi"),
])
def test_the_same_sentence_after_change_answer_stores_the_name(backend, language, change, text, answer):
    chat = to_the_answer(language, "2")
    chat.form_turn("Rex")
    chat.form_turn(change, intent="correct", confidence=0.99)
    assert chat.slots["requested_slot"] == "security_answer"
    replies = chat.form_turn(text)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    assert answer.lower() not in joined(replies).lower()


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Pet's name. We had a dog when I was a little kid."),
    ("es", "Nombre de mi mascota. Teníamos un perro cuando era niña."),
])
def test_a_choice_with_a_sentence_asks_its_question_once(backend, language, text):
    """The sentence names no pet: nothing is stored, the answer alone is asked, and the reply
    asks the question once (the request names it; the question is not asked again after it)."""
    chat = to_the_question(language)
    replies = chat.form_turn(text)
    assert replies == [reply_in(language, messages.answer_only, 2)], replies
    assert chat.slots["security_question"] == "2" and stored_answer_hash(backend) is None
    assert joined(replies).count(reply_in(language, messages.security_question_text, 2)) == 1
    counted = chat.failures("security_answer")
    replies = chat.form_turn("Yes, I accept the terms." if language == "en" else "Sí, acepto los términos.",
                             intent="affirm", confidence=0.99)
    assert_answer_still_asked(backend, chat, replies, language, 2, counted)



@pytest.mark.parametrize(("language", "text", "answer", "yes"), [
    ("en", "Duke. Yes, I accept the terms.", "Duke", "Yes, I accept the terms."),
    ("en", "Duke. And yes, I accept the Terms and Conditions.", "Duke", "yes"),
    ("es", "Michi. Sí, acepto los términos.", "Michi", "Sí, acepto los términos."),
])
def test_the_answer_before_a_yes_is_stored_and_the_terms_are_shown_before_a_yes_counts(
        backend, language, text, answer, yes):
    chat = to_the_answer(language, "2")
    replies = chat.form_turn(text, intent="affirm", confidence=0.99)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    assert len(replies) == 2 and replies[0] == reply_in(language, messages.confirm_answer, 2), replies
    assert chat.slots["requested_slot"] == "terms_accepted" and f"/terms?lang={language}" in replies[1]
    assert chat.slots["terms_accepted"] is None and chat.slots["outcome"] is None, "the Terms were never shown"
    assert answer.lower() not in joined(replies).lower()
    assert not chat.failures("security_answer")
    chat.form_turn(yes, intent="affirm", confidence=0.99)
    assert chat.slots["outcome"] == "registered", "the Terms were shown, so the yes accepts them"
    assert verify_answer(stored_answer_hash(backend), answer)


@pytest.mark.parametrize(("language", "text", "answer"), [
    ("en", "our old dog duke", "duke"),
    ("en", "We had a dog, duke.", "duke"),
    ("es", "teníamos un gato llamado michi", "michi"),
    ("es", "teníamos un gato, michi", "michi"),
    ("es", "teniamos un gato michi", "michi"),
])
def test_a_pet_s_name_in_lower_case_is_read_out_of_the_sentence(backend, language, text, answer):
    chat = to_the_answer(language, "2")
    replies = chat.form_turn(text)
    stored = stored_answer_hash(backend)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored, answer), "the name alone is stored"
    assert not verify_answer(stored, text)
    assert len(replies) == 2 and replies[0] == reply_in(language, messages.confirm_answer, 2), replies
    assert chat.slots["requested_slot"] == "terms_accepted" and answer not in joined(replies).lower()


@pytest.mark.parametrize(("language", "text"), [
    ("en", "we had a dog once"),
    ("en", "I had a dog too"),
    ("es", "teníamos un perro negro"),
    ("es", "teníamos un gato chiquito"),
])
def test_an_everyday_word_after_the_pet_s_kind_is_no_name(backend, language, text):
    """Nothing is stored: the answer alone is asked for, as for any sentence with no name in it."""
    chat = to_the_answer(language, "2")
    replies = chat.form_turn(text)
    assert replies == [reply_in(language, messages.answer_only, 2)], replies
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
