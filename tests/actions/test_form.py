"""The registration form's validation against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions import messages
from backend.storage.models import Registration, VerificationAttempt
from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import Conversation, joined, to_the_proof
from tests.support.replies import reply_in


def test_happy_path_step_by_step(backend):
    chat = Conversation()
    reply = joined(chat.start("I want to sign up"))
    assert "account number" in reply
    assert chat.slots["requested_slot"] == "account_number"
    reply = joined(chat.form_turn("1001234567"))
    assert chat.slots["account_number"] == "1001234567"
    assert "last name or business name on account 1001234567" in reply
    reply = joined(chat.form_turn("garza"))
    assert "found account 1001234567" in reply
    assert chat.slots["member_name"] == "garza"
    assert chat.slots["requested_slot"] == "email"
    reply = joined(chat.form_turn("MARIA@EXAMPLE.COM"))
    assert chat.slots["email"] == "maria@example.com"
    assert chat.slots["requested_slot"] == "identity_proof"
    reply = joined(chat.form_turn("78620"))
    assert "matches our records" in reply
    assert "78620" not in reply
    assert chat.slots["identity_proof"] == "verified"
    assert chat.slots["redact_message_id"] is not None
    reply = joined(chat.form_turn("2"))
    assert "pet" in reply.lower()
    reply = joined(chat.form_turn("Rex"))
    assert chat.slots["security_answer"] == "stored"
    assert "Rex" not in reply
    assert "Terms and Conditions" in reply
    reply = joined(chat.form_turn("yes"))
    assert "spam" in reply
    assert chat.slots["outcome"] == "registered"
    with backend.session() as session:
        registration = session.scalar(select(Registration))
        assert registration.email == "maria@example.com"


def verified(chat: Conversation, account="1001234567", name="Garza", email="g@example.com", proof="78620"):
    chat.start("sign up")
    chat.form_turn(account)
    chat.form_turn(name)
    chat.form_turn(email)
    return joined(chat.form_turn(proof))


def test_everything_in_one_message(backend):
    chat = Conversation()
    reply = joined(chat.start("register acct 6001112223 last name peterson email P@EXAMPLE.COM zip 78610"))
    assert "found account 6001112223" in reply and "matches our records" in reply
    assert "78610" not in reply
    assert chat.slots["email"] == "p@example.com"
    assert chat.slots["identity_proof"] == "verified"
    assert chat.slots["requested_slot"] == "security_question"
    assert chat.slots["redact_message_id"] == chat.events[0]["message_id"]


def test_answer_before_its_question(backend):
    chat = Conversation()
    chat.start("sign up")
    reply = joined(chat.form_turn("1001234567 garza g@example.com"))
    assert chat.slots["member_name"] == "garza"
    assert chat.slots["requested_slot"] == "identity_proof"
    assert "ZIP" in reply


def test_secret_before_the_account_is_held_back_not_echoed(backend):
    chat = Conversation()
    chat.start("sign up")
    reply = joined(chat.form_turn("my zip is 78620"))
    assert "78620" not in reply
    assert chat.slots["identity_proof"] is None
    assert chat.slots["redact_message_id"] is not None


def test_bad_account_number_is_explained_then_explained_more(backend):
    chat = Conversation()
    chat.start("sign up")
    first = joined(chat.form_turn("12345"))
    assert "6 to 12" in first
    assert chat.slots["account_number"] is None
    second = joined(chat.form_turn("123"))
    assert "meter number" in second
    third = joined(chat.form_turn("99"))
    assert "talk to a person" in third and "1-888" in third
    assert chat.slots["requested_slot"] == "account_number"


def test_wrong_name_is_not_kept_and_counts(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    reply = joined(chat.form_turn("Smithers"))
    assert "could not match" in reply
    assert chat.slots["member_name"] is None
    assert chat.slots["requested_slot"] == "member_name"
    reply = joined(chat.form_turn("Garza"))
    assert chat.slots["member_name"] == "Garza"


def test_correction_of_email(backend):
    chat = Conversation()
    verified(chat)
    reply = joined(chat.form_turn("wait wrong email", intent="correct"))
    assert chat.slots["email"] is None
    assert chat.slots["requested_slot"] == "email"
    assert "e-mail" in reply
    chat.form_turn("right@example.com")
    assert chat.slots["email"] == "right@example.com"
    assert chat.slots["requested_slot"] == "security_question"


def test_correction_of_account_rechecks_the_name(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.form_turn("Nguyen")  # does not match this account
    # The corrected number is checked with the name just tried: no need to send it again.
    reply = joined(chat.form_turn("no the account is 400777", intent="correct"))
    assert chat.slots["account_number"] == "400777" and chat.slots["member_name"] == "Nguyen"
    assert "found account 400777" in reply and chat.slots["requested_slot"] == "email"


def test_switch_to_ssn(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("3005551212")
    chat.form_turn("obrien smith")
    chat.form_turn("s@example.com")
    reply = joined(chat.form_turn("use my ssn instead", intent="correct"))
    assert "last 4" in reply
    assert chat.slots["proof_method"] == "last4"
    reply = joined(chat.form_turn("1111"))
    assert "matches our records" in reply and "1111" not in reply


def test_wrong_zip_three_times_locks(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    chat.form_turn("g@example.com")
    first = joined(chat.form_turn("78701"))
    assert "does not match" in first and "78701" not in first
    chat.form_turn("78702")
    reply = joined(chat.form_turn("78703"))
    assert "locked" in reply and "1-888-554-4732" in reply
    assert chat.slots["outcome"] == "locked_out"
    assert chat.active_loop is None
    with backend.session() as session:
        assert session.scalar(select(Registration)) is None


@pytest.mark.parametrize(("language", "hints"), [
    ("en", ("ZIP your bill is mailed to", "may differ from the service address",
            "or the last 4 digits of the SSN or Tax ID instead")),
    ("es", ("Es el de donde le llega la factura", "no siempre el del servicio",
            "los últimos 4 dígitos del Seguro Social")),
])
def test_a_wrong_zip_hints_at_the_mailing_address_and_the_last_4(backend, language, hints):
    """The ZIP of the house the power goes to is the common mistake: the reply says it is the
    mailing address's and that the last 4 work too, in two SMS segments, never echoing the ZIP."""
    chat = Conversation(language=language, channel="sms")
    to_the_proof(chat)
    said = joined(chat.form_turn("78746"))
    assert all(to_gsm7(hint) in to_gsm7(said) for hint in hints), said
    assert "78746" not in said
    [hint] = [reply for reply in said.split("\n") if to_gsm7(hints[0]) in to_gsm7(reply)]
    assert septets(to_gsm7(hint)) <= MAX_SEPTETS
    assert chat.failures("identity_proof") == 1
    chat.form_turn("78620")
    assert chat.slots["identity_proof"] == "verified"


def test_a_wrong_zip_offers_no_last_4_where_the_co_op_takes_only_the_zip(backend_with):
    backend_with(proofs="zip")
    chat = Conversation()
    to_the_proof(chat)
    said = joined(chat.form_turn("78746"))
    assert "ZIP your bill is mailed to" in said and "SSN" not in said, said


def test_side_question_is_left_to_the_rules(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("where do i find my account number", intent="account_help")
    assert chat.rejected
    chat.form_turn("1001234567")
    assert not chat.rejected


def test_plausible_name_wins_over_an_unsure_side_intent(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.form_turn("Garza", intent="greet", confidence=0.6)
    assert not chat.rejected
    assert chat.slots["member_name"] == "Garza"


def test_security_answer_too_short(backend):
    chat = Conversation()
    verified(chat)
    chat.form_turn("1")
    reply = joined(chat.form_turn("x"))
    assert "too short" in reply
    assert chat.slots["security_answer"] is None


def test_terms_need_an_explicit_yes(backend):
    chat = Conversation()
    verified(chat)
    chat.form_turn("3")
    chat.form_turn("Lincoln High")
    reply = joined(chat.form_turn("what are they about?"))
    assert "YES" in reply and reply_in("en", messages.terms_summary) in reply  # a question: no miss
    assert chat.slots["terms_accepted"] is None and not chat.failures("terms_accepted")
    reply = joined(chat.form_turn("no"))
    assert "I have not registered you" in reply
    reply = joined(chat.form_turn("no"))
    assert "NEVER MIND to stop here" in reply  # second miss: how to stop is explained
    assert chat.slots["requested_slot"] == "terms_accepted"
    with backend.session() as session:
        assert session.scalar(select(Registration)) is None
    # Changing their mind later finishes the registration with the answers kept.
    reply = joined(chat.form_turn("ok fine yes"))
    assert "spam" in reply
    assert chat.slots["outcome"] == "registered"
    with backend.session() as session:
        assert session.scalar(select(Registration)).email == "g@example.com"


def test_already_registered_mails_a_reset_link(backend):
    first = Conversation()
    verified(first)
    first.form_turn("2")
    first.form_turn("Rex")
    first.form_turn("yes")
    assert first.slots["outcome"] == "registered"
    again = Conversation()
    reply = verified(again, email="other@example.com")
    assert "already has an online registration" in reply
    assert again.slots["outcome"] == "already_registered"
    assert again.active_loop is None
    with backend.session() as session:
        assert len(session.scalars(select(Registration)).all()) == 1


def test_unsubscribe_flow(backend):
    first = Conversation()
    verified(first)
    first.form_turn("2")
    first.form_turn("Rex")
    first.form_turn("yes")
    chat = Conversation()
    reply = joined(chat.start("delete my online account", intent="unregister"))
    assert "account number" in reply
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    reply = joined(chat.form_turn("78620"))
    assert "YES" in reply
    assert chat.slots["requested_slot"] == "confirm_unsubscribe"
    reply = joined(chat.form_turn("yes"))
    # Nothing is deleted from the chat: the address on file gets a link to confirm.
    assert "link to confirm the deletion to g***@e***.com" in reply
    assert chat.slots["outcome"] == "delete_link_sent"
    with backend.session() as session:
        assert session.scalar(select(Registration)).status != "unsubscribed"


def test_forgot_password_flow(backend):
    first = Conversation()
    verified(first)
    first.form_turn("2")
    first.form_turn("Rex")
    first.form_turn("yes")
    chat = Conversation()
    chat.start("i forgot my password", intent="forgot_password")
    chat.form_turn("1001234567 garza")
    reply = joined(chat.form_turn("78620"))
    # Never activated, and its activation link went out moments ago: the reply says nothing new was
    # mailed (not "a password reset link").
    assert "a few minutes ago" in reply and "reset link" not in reply
    assert chat.slots["outcome"] == "reset_sent"


def test_the_message_that_starts_the_form_fills_nothing_it_does_not_contain(backend):
    # RasaHQ/rasa#10219: without conditions every from_text slot would take this text.
    chat = Conversation()
    chat.start("Hi, I want to sign up for online access to my account")
    assert all(chat.slots[s] is None for s in ("account_number", "member_name", "email", "identity_proof",
                                               "security_question", "security_answer", "terms_accepted"))
    assert chat.slots["requested_slot"] == "account_number"


def test_full_name_introduced_early_is_checked_once_the_account_arrives(backend):
    chat = Conversation()
    chat.start("hi, my name is Maria Garza and I want to register")
    reply = joined(chat.form_turn("1001234567"))
    assert "found account 1001234567" in reply
    assert chat.slots["requested_slot"] == "email"


def test_short_answer_wins_over_a_steering_guess(backend):
    chat = Conversation()
    verified(chat)
    chat.form_turn("2")
    chat.form_turn("Lady", intent="forgot_password", confidence=0.72)
    assert not chat.rejected
    assert chat.slots["security_answer"] == "stored"
    assert chat.slots["goal"] == "register"


def test_answering_the_school_question_directly(backend):
    chat = Conversation()
    verified(chat)
    reply = joined(chat.form_turn("Lehman High"))
    assert chat.slots["security_question"] == "3"
    assert chat.slots["security_answer"] == "stored"
    assert "Lehman" not in reply
    assert chat.slots["redact_message_id"] is not None


def test_commands_still_interrupt_a_free_text_question(backend):
    chat = Conversation()
    verified(chat)
    chat.form_turn("2")
    chat.form_turn("start over", intent="start_over")
    assert chat.rejected


def test_saying_no_to_the_terms_keeps_the_answers(backend):
    chat = Conversation()
    verified(chat, account="3005551212", name="OBrien Smith", email="ob@example.com", proof="1111")
    chat.form_turn("1")
    chat.form_turn("Kowalski")
    reply = joined(chat.form_turn("no"))
    assert "have not registered you" in reply and "kept" in reply
    assert chat.slots["requested_slot"] == "terms_accepted"
    reply = joined(chat.form_turn("yes I accept"))
    assert chat.slots["outcome"] == "registered"


def test_a_member_on_a_slowed_network_is_asked_to_wait_and_the_question_stays_open(backend):
    """Many wrong names came from the member's network (a shared NAT): the bot asks to wait a few
    minutes instead of ending the conversation, and the same answer is heard afterwards."""
    from backend.identity import source_budget
    from backend.identity import verification as v
    from backend.storage.models import utcnow

    now = utcnow()
    with backend.session() as session:
        for index in range(source_budget.FREE_FAILURES):
            v.remember_origin(session, f"guess{index}", "web", "shared-nat")
        session.commit()
    for index in range(source_budget.FREE_FAILURES):
        with backend.session() as session:
            v.check_account(session, f"guess{index}", f"{1700000000 + index}", "Smith", now=now)
    chat = Conversation()
    with backend.session() as session:
        v.remember_origin(session, chat.sender, "web", "shared-nat")
        session.commit()
    chat.start("sign up")
    chat.form_turn("1001234567")
    reply = joined(chat.form_turn("Garza"))
    assert "wait a few minutes" in reply
    assert chat.slots.get("outcome") != "locked_out"
    assert chat.slots["requested_slot"] == "member_name"
    with backend.session() as session:  # the wait is over (the guesses were made half a minute ago)
        for attempt in session.scalars(select(VerificationAttempt)):
            attempt.created_at -= source_budget.FIRST_DELAY
        session.commit()
    assert "found account 1001234567" in joined(chat.form_turn("Garza"))


def test_each_answer_is_checked_once_even_when_the_mappings_set_every_slot(backend):
    """Rasa's from_text mappings set the slots before the validation runs; the form calls each
    ``validate_<slot>`` once itself, so rasa-sdk's per-slot dispatch must not check it again."""
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    chat.form_turn("g@example.com")
    chat.user("78620")
    chat.set(identity_proof="78620", member_name="78620", security_answer="78620")  # what from_text does
    reply = joined(chat._form())
    assert "matches our records" in reply
    assert chat.slots["identity_proof"] == "verified"
    with backend.session() as session:
        checks = session.scalars(select(VerificationAttempt).where(
            VerificationAttempt.conversation_id == chat.sender, VerificationAttempt.step == "secret")).all()
    assert len(checks) == 1
