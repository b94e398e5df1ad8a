"""Attacker test (sec15): a security answer that holds digits in a sentence is the answer, never another
account number.

Digits alone at "What is your pet's name?" were already the answer; with a word beside them ("it's
8675309", "es 8675309", "2 8675309" at the menu) they were read as a new account number: the answer
was said back in clear ("I could not match account 8675309 ..."), which the staff transcript and the
tracker keep as any reply (seven digits read as an account number are not redacted), a name try was
spent checking it, and the account the member had just proven was dropped for the name question.
Only account words ("wrong account, it's 20456789", "me equivoqué de cuenta") name another account.
"""

from __future__ import annotations

import pytest

from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import joined, name_attempts, stored_answer_hash, to_the_answer, to_the_question
from tests.support.security_choice import latest_message_id

DIGITS = "8675309"


@pytest.mark.parametrize(("language", "answer", "stored"), [
    ("en", f"it's {DIGITS}", DIGITS), ("en", f"my answer is {DIGITS}", DIGITS), ("en", f"Rex {DIGITS}", f"Rex {DIGITS}"),
    ("es", f"es {DIGITS}", DIGITS), ("es", f"mi respuesta es {DIGITS}", DIGITS), ("es", f"se llamaba {DIGITS}", DIGITS),
])
def test_digits_in_a_sentence_at_the_answer_are_never_an_account(backend, language, answer, stored):
    chat = to_the_answer(language, "2")
    tries = name_attempts(backend)
    reply = joined(chat.form_turn(answer))
    assert DIGITS not in reply, reply
    assert name_attempts(backend) == tries
    assert chat.slots["account_number"] == "1001234567" and chat.slots["identity_proof"] == "verified"
    assert chat.slots["security_answer"] == "stored" and chat.slots["requested_slot"] == "terms_accepted", reply
    assert verify_answer(stored_answer_hash(backend), stored)
    assert chat.slots["redact_message_id"] == latest_message_id(chat)


@pytest.mark.parametrize(("language", "choice"), [("en", f"2 {DIGITS}"), ("en", f"pet name {DIGITS}"),
                                                  ("es", f"la 2, {DIGITS}")])
def test_digits_given_with_the_choice_are_never_an_account(backend, language, choice):
    chat = to_the_question(language)
    tries = name_attempts(backend)
    reply = joined(chat.form_turn(choice))
    assert DIGITS not in reply, reply
    assert name_attempts(backend) == tries
    assert chat.slots["account_number"] == "1001234567" and chat.slots["identity_proof"] == "verified"
    assert chat.slots["requested_slot"] == "terms_accepted" and verify_answer(stored_answer_hash(backend), DIGITS)
    assert chat.slots["redact_message_id"] == latest_message_id(chat)


@pytest.mark.parametrize(("language", "correction"), [("en", "sorry wrong account, it's 20456789"),
                                                      ("en", "sorry, wrong number: 20456789"),
                                                      ("es", "perdón, me equivoqué de cuenta, es 20456789")])
def test_an_account_named_in_words_at_the_answer_is_still_that_account(backend, language, correction):
    chat = to_the_answer(language, "2")
    joined(chat.form_turn(correction))
    assert chat.slots["account_number"] == "20456789" and chat.slots["requested_slot"] == "member_name"


@pytest.mark.parametrize(("language", "change"), [("en", f"change my answer to {DIGITS}"), ("en", f"actually it's {DIGITS}"),
                                                  ("es", f"cambia mi respuesta a {DIGITS}"),
                                                  ("es", f"perdón, mi respuesta es {DIGITS}")])
def test_digits_of_an_answer_changed_at_the_terms_are_never_an_account(backend, language, change):
    chat = to_the_answer(language, "2")
    chat.form_turn("Rex")
    assert chat.slots["requested_slot"] == "terms_accepted"
    tries = name_attempts(backend)
    reply = joined(chat.form_turn(change))
    assert DIGITS not in reply, reply
    assert name_attempts(backend) == tries
    assert chat.slots["account_number"] == "1001234567" and chat.slots["identity_proof"] == "verified"
    assert chat.slots["redact_message_id"] == latest_message_id(chat)


@pytest.mark.parametrize(("language", "again"), [("en", DIGITS), ("es", f"es {DIGITS}")])
def test_the_answer_sent_again_at_the_terms_is_never_an_account(backend, language, again):
    """The answer's turn timed out in the web app and the member sends it again: it reaches the Terms."""
    chat = to_the_answer(language, "2")
    chat.form_turn(DIGITS)
    assert chat.slots["requested_slot"] == "terms_accepted"
    tries = name_attempts(backend)
    reply = joined(chat.form_turn(again))
    assert DIGITS not in reply, reply
    assert name_attempts(backend) == tries and chat.slots["requested_slot"] == "terms_accepted"
    assert chat.slots["account_number"] == "1001234567" and chat.slots["identity_proof"] == "verified"
    assert chat.slots["redact_message_id"] == latest_message_id(chat)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_answer_sent_again_after_signing_up_is_never_an_account(backend, language):
    chat = to_the_answer(language, "2")
    chat.form_turn(DIGITS)
    chat.form_turn("yes" if language == "en" else "sí")
    assert chat.slots["outcome"] == "registered"
    tries = name_attempts(backend)
    reply = joined(chat.message(DIGITS))
    assert DIGITS not in reply, reply
    assert name_attempts(backend) == tries and chat.slots["account_number"] != DIGITS
    assert chat.slots["redact_message_id"] == latest_message_id(chat)
