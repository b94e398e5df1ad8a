"""Secrets typed where the bot did not expect them (docs/security.md, "Secrets by their shape").

The real form against the real backend API: a whole SSN in any grouping, a nine-digit
account number, the texted code sent at another step, a new security answer inside a
correction. Each is read for what it is, never echoed, and its message is marked so the
tracker store and the transcript keep nothing of it.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from actions.extract import corrected_answer, outstanding_code
from backend.privacy.hashing import verify_answer
from backend.identity import account_refs as account_refs_backend
from backend.storage.models import Base, RegistrationDraft, VerificationAttempt
from common import account_refs
from tests.support.action_conversation import Conversation, joined
from tests.support.one_time_code import add_alvarez, last_code

NINE = "204567891"


def marked(chat: Conversation) -> bool:
    latest = [e for e in chat.events if e.get("event") == "user"][-1]
    return chat.slots["redact_message_id"] == latest["message_id"]


@pytest.fixture
def members(backend):
    return add_alvarez(backend, dict(account=NINE, meter="M90001", name="Ochoa", zip="78701", last4="5555"))


@pytest.mark.parametrize("ssn", ["123-45-6789", "123 45 6789", "123.45.6789", "123 456 78 9", "12-3456789",
                                 "1 2 3 4 5 6 7 8 9", "12 345 67 89", "account 123 45 6789"])
def test_a_whole_ssn_for_the_account_number_is_refused_and_not_kept(members, ssn):
    chat = Conversation()
    chat.start("sign up")
    reply = joined(chat.form_turn(ssn))
    assert "Social Security" in reply and "What is your account number?" in reply
    assert "6789" not in reply and "89" not in reply.replace("Tax ID", "")
    assert chat.slots["account_number"] is None
    assert chat.slots["requested_slot"] == "account_number"
    assert marked(chat)


def test_a_whole_ssn_at_the_proof_step_is_not_used_as_the_last_4(members):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn(NINE)
    chat.form_turn("Ochoa")
    chat.form_turn("o@example.com")
    reply = joined(chat.form_turn("its 555-12-5555"))
    assert "Social Security" in reply and "5555" not in reply
    assert chat.slots["identity_proof"] is None and marked(chat)


def test_a_nine_digit_account_number_is_checked_but_never_repeated(members):
    chat = Conversation()
    chat.start("sign up")
    reply = joined(chat.form_turn(NINE))
    # If the nine digits were an SSN, its last four are the proof members give: two digits only.
    assert NINE not in reply and "ending in 91" in reply and "7891" not in reply
    assert marked(chat)
    reply = joined(chat.form_turn("Ochoa"))
    assert "found account ending in 91 for Ochoa" in reply and "7891" not in reply
    assert chat.slots["member_name"] == "Ochoa"


def test_a_nine_digit_number_that_matches_no_account_is_never_repeated(members):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("987654321")
    reply = joined(chat.form_turn("Ochoa"))
    assert "could not match account ending in 21" in reply and "4321" not in reply


def app_database_digits(backend) -> str:
    """The digits of every value in every column of the app database, one line per value."""
    with backend.session() as session:
        values = [value for table in Base.metadata.sorted_tables for row in session.execute(select(table))
                  for value in row if isinstance(value, str)]
    return "\n".join(re.sub(r"\D", "", value) for value in values)


@pytest.mark.parametrize("typed", ["987654321", "987 654 321", "987-654-321"])
def test_nine_digits_that_match_no_account_are_kept_only_as_a_reference(members, typed):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn(typed)
    reference = chat.slots["account_number"]
    assert account_refs.is_reference(reference) and "987654321" not in re.sub(r"\D", "", reference)
    reply = joined(chat.form_turn("Ochoa"))
    assert "could not match account ending in 21" in reply and "4321" not in reply
    assert account_refs.is_reference(chat.slots["account_number"])
    # Neither the dialogue's slots nor any column of the app database holds the digits.
    assert "987654321" not in "".join(re.sub(r"\D", "", str(v)) for v in chat.slots.values())
    assert "987654321" not in app_database_digits(members)
    with members.session() as session:
        assert session.scalars(select(VerificationAttempt.account_tried)).all() == [
            account_refs_backend.tried_key_of(reference)]


def test_a_reference_has_the_same_shape_on_an_account_or_not(members):
    known, unknown = Conversation(), Conversation()
    for chat, typed in ((known, NINE), (unknown, "204567890")):
        chat.start("sign up")
        chat.form_turn(typed)
    shapes = [re.sub(r"[0-9a-f]", "x", chat.slots["account_number"]) for chat in (known, unknown)]
    assert shapes[0] == shapes[1]
    # A wrong name on the real account and any name on no account: the same reply.
    wrong = joined(known.form_turn("Zamora")).replace("ending in 91", "ending in ##")
    nobody = joined(unknown.form_turn("Zamora")).replace("ending in 90", "ending in ##")
    assert wrong == nobody and "could not match account ending in ##" in wrong


def test_a_member_with_a_nine_digit_account_number_in_3_3_3_goes_on(members):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("204 567 891")
    reply = joined(chat.form_turn("Ochoa"))
    assert "found account ending in 91 for Ochoa" in reply and "7891" not in reply
    reply = joined(chat.form_turn("o@example.com"))
    reply = joined(chat.form_turn("78701"))
    assert chat.slots["identity_proof"] == "verified", reply
    assert NINE not in app_database_digits(members).replace(NINE + "\n", "", 1)  # the member row's own only


def test_the_code_texted_before_the_email_is_asked_is_the_code_not_an_account(members):
    chat = Conversation()
    reply = joined(chat.start("sign up acct 7001112223 last name alvarez zip 78660"))
    assert "texted a 6-digit code" in reply  # the code is out before the e-mail address is asked
    assert chat.slots["requested_slot"] == "one_time_code"  # and asked alone: one question per turn
    assert "e-mail address" not in reply
    code = last_code(members)
    reply = joined(chat.form_turn(f"{code[:3]} {code[3:]}"))
    assert "code is right" in reply and code not in reply
    assert chat.slots["account_number"] == "7001112223" and chat.slots["member_name"] == "alvarez"
    assert chat.slots["requested_slot"] == "email"
    assert "e-mail address" in reply and "does not look like" not in reply  # asked again, not failed
    assert marked(chat)
    with members.session() as session:
        # No check against another account: no failed name check at all.
        steps = session.execute(select(VerificationAttempt.step, VerificationAttempt.succeeded)).all()
        assert ("name", False) not in steps


def test_a_wrong_code_at_another_step_counts_as_a_code_guess(members):
    chat = Conversation()
    chat.start("sign up acct 7001112223 last name alvarez zip 78660")
    code = last_code(members)
    wrong = "000000" if code != "000000" else "111111"
    reply = joined(chat.form_turn(wrong))
    assert "does not match" in reply and wrong not in reply
    assert chat.slots["account_number"] == "7001112223" and marked(chat)


def test_an_account_number_of_six_digits_is_still_an_account_when_it_says_so(members):
    chat = Conversation()
    chat.start("sign up acct 7001112223 last name alvarez zip 78660")
    chat.form_turn("sorry wrong account, account 400777")
    assert chat.slots["account_number"] == "400777"


def to_terms(chat: Conversation) -> None:
    chat.start("sign up")
    for text in ("1001234567", "Garza", "g@example.com", "78620", "2", "Rex"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "terms_accepted"


@pytest.mark.parametrize("text,answer", [
    ("change my answer to Biscuit", "Biscuit"),
    ("wait, my pet's name is actually Biscuit", "Biscuit"),
    ("oops the answer should be Biscuit", "Biscuit"),
    ("new answer: Biscuit", "Biscuit"),
])
def test_a_new_security_answer_inside_a_correction_is_stored_hashed_and_not_kept(backend, text, answer):
    chat = Conversation()
    to_terms(chat)
    reply = joined(chat.form_turn(text))
    assert answer not in reply
    assert marked(chat)
    assert chat.slots["security_answer"] == "stored"
    # The correction changes the answer only: the account and name stay, terms are asked next.
    assert chat.slots["member_name"] == "Garza" and chat.slots["requested_slot"] == "terms_accepted"
    with backend.session() as session:
        draft = session.get(RegistrationDraft, chat.sender)
        assert verify_answer(draft.security_answer_hash, answer)
        assert not verify_answer(draft.security_answer_hash, "Rex")


def test_account_words_make_six_digits_an_account_number_even_while_a_code_is_out():
    assert outstanding_code("account 400777") is None
    assert outstanding_code("its 400 777") == ("400777", "its")


@pytest.mark.parametrize("text, answer", [
    ("change my answer to Rex", "Rex"), ("my answer is actually Rex", "Rex"), ("the answer should be Rex.", "Rex"),
    ("new answer: Lady", "Lady"), ("fix my answer, its Rex", "Rex"), ("please update the security answer to Bo", "Bo"),
    ("sorry, my answer is Rex", "Rex"),
])
def test_a_new_answer_inside_a_correction(text, answer):
    assert corrected_answer(text) == answer


@pytest.mark.parametrize("text", ["change my answer", "what is the answer?", "wrong email", "yes",
                                  "my answer is yes", "sorry my answer is no", "my answer is Rex"])
def test_no_answer_where_none_is_given(text):
    assert corrected_answer(text) in (None, "")
