"""backend.privacy.transcripts.record_turn: redacted rows, conversation boundaries, steps and outcomes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from backend.storage.models import Conversation, TranscriptMessage
from backend.privacy.transcripts import record_turn, set_outcome

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)
SENDER = "a" * 32


@pytest.fixture
def session(session_factory):
    with session_factory() as session:
        yield session


def turn(session, text="hello", *, secret=False, replies=("Hi",), intent="greet", confidence=0.9,
         slots=None, at=T0, sender=SENDER, channel="sms"):
    conversation = record_turn(
        session, channel=channel, sender_key=sender, sender_masked="***-***-0100", member_text=text,
        secret=secret, replies=list(replies), intent=intent, confidence=confidence, slots=slots or {}, now=at,
    )
    session.commit()
    return conversation


def rows(session):
    return session.scalars(select(TranscriptMessage).order_by(TranscriptMessage.id)).all()


def test_member_text_is_redacted_and_replies_are_stored(session):
    conversation = turn(session, "my zip is 78620 and mail is jane@example.com",
                        replies=["Thanks.", "Sent to j***@e***.com."], intent="inform", confidence=0.87)
    member, *bot = rows(session)
    assert (member.direction, member.text) == ("in", "my zip is [redacted] and mail is j***@e***.com")
    assert (member.intent, member.confidence) == ("inform", pytest.approx(0.87))
    assert [(m.direction, m.text) for m in bot] == [("out", "Thanks."), ("out", "Sent to j***@e***.com.")]
    assert all(m.intent is None for m in bot)
    assert conversation.message_count == 3
    assert conversation.channel == "sms" and conversation.sender_key == SENDER
    assert conversation.sender_masked == "***-***-0100"
    assert conversation.outcome == "in_progress" and conversation.completed_at is None


def test_a_secret_message_is_replaced_entirely(session):
    turn(session, "St Mary's Elementary", secret=True)
    assert rows(session)[0].text == "[redacted]"


def test_replies_are_redacted_too(session):
    turn(session, "hi", replies=["Your ZIP 78620 matched"])
    assert rows(session)[1].text == "Your ZIP [redacted] matched"


def test_steps_and_the_furthest_step_reached(session):
    turn(session, "register", slots={"requested_slot": "account_number"})
    turn(session, "1001234567", slots={"requested_slot": "member_name", "account_number": "1001234567"},
         at=T0 + timedelta(minutes=1))
    turn(session, "Garza", slots={"requested_slot": "email"}, at=T0 + timedelta(minutes=2))
    conversation = turn(session, "wait, wrong account", slots={"requested_slot": "account_number"},
                        at=T0 + timedelta(minutes=3))
    assert conversation.last_step == "account_number"
    assert conversation.step_reached == "email"
    assert conversation.account_number == "1001234567"
    member_steps = [m.step for m in rows(session) if m.direction == "in"]
    # Each member message belongs to the question it answered.
    assert member_steps == [None, "account_number", "member_name", "email"]
    assert len(session.scalars(select(Conversation)).all()) == 1


def test_email_is_stored_masked(session):
    conversation = turn(session, "jane@example.com", slots={"email": "jane@example.com"})
    assert conversation.email_masked == "j***@e***.com"


def test_fallbacks_are_counted(session):
    turn(session, "asdf", intent="nlu_fallback", confidence=0.3)
    turn(session, "hmm", intent="inform", confidence=0.42, at=T0 + timedelta(seconds=5))
    conversation = turn(session, "register", intent="register", confidence=0.95, at=T0 + timedelta(seconds=9))
    assert conversation.fallback_count == 2
    assert [m.is_fallback for m in rows(session) if m.direction == "in"] == [True, True, False]


def test_outcome_completes_the_conversation_and_the_next_message_starts_a_new_one(session):
    first = turn(session, "I accept", slots={"requested_slot": None, "outcome": "registered"})
    assert first.outcome == "registered" and first.completed_at == T0
    assert first.step_reached == "registered"
    # Rasa still has outcome=registered in its session: "thanks" is not a second registration.
    second = turn(session, "thanks", slots={"outcome": "registered"}, at=T0 + timedelta(minutes=5))
    third = turn(session, "bye", slots={"outcome": "registered"}, at=T0 + timedelta(minutes=6))
    assert second.id != first.id and third.id == second.id
    assert second.outcome == "in_progress" and second.completed_at is None
    # A different outcome later in the same Rasa session does count.
    fourth = turn(session, "mail did not come", slots={"outcome": "resent"}, at=T0 + timedelta(minutes=7))
    assert fourth.id == second.id and fourth.outcome == "resent"


def test_a_new_conversation_after_24_hours_of_silence(session):
    first = turn(session, "hi")
    same = turn(session, "hi again", at=T0 + timedelta(hours=23))
    later = turn(session, "hello", at=T0 + timedelta(hours=47, minutes=1))
    assert same.id == first.id and later.id != first.id
    assert later.started_at == T0 + timedelta(hours=47, minutes=1)


def test_senders_and_channels_are_separate_conversations(session):
    a = turn(session, "hi")
    b = turn(session, "hi", sender="b" * 32)
    c = turn(session, "hi", channel="web")
    assert len({a.id, b.id, c.id}) == 3


def test_unknown_outcomes_are_ignored(session):
    conversation = turn(session, "hi", slots={"outcome": "something_else"})
    assert conversation.outcome == "in_progress"


def test_set_outcome_for_the_channel_s_own_endings(session):
    conversation = turn(session, "STOP")
    set_outcome(conversation, "opted_out", T0)
    session.commit()
    assert conversation.outcome == "opted_out" and conversation.completed_at == T0


def test_raw_text_is_never_stored(session):
    turn(session, "ssn 123-45-6789 zip 78620 last4 4321", replies=["ok"])
    stored = " ".join(m.text for m in rows(session))
    for secret in ("123-45-6789", "78620", "4321"):
        assert secret not in stored


def test_a_nine_digit_account_number_is_kept_only_once_it_matched_its_name(session):
    """Nine digits could be an SSN sent for the account number (docs/security.md)."""
    conversation = turn(session, "123456789", slots={"requested_slot": "member_name", "account_number": "123456789"})
    assert conversation.account_number is None
    assert "123456789" not in rows(session)[0].text
    conversation = turn(session, "Ochoa", slots={"requested_slot": "email", "account_number": "123456789",
                                                  "member_name": "Ochoa"})
    assert conversation.account_number == "123456789"


def test_a_reference_shows_staff_the_matched_account_s_number_only(session, session_factory, settings):
    """The dialogue keeps nine digits only as a keyed reference (common.account_refs): staff see
    the number of the account the conversation matched, read from its registration draft."""
    from backend.identity import account_refs
    from backend.storage.models import Member, RegistrationDraft
    from tests.support.backend_helpers import MULLER, load_members

    load_members(session_factory, settings, MULLER)
    reference = account_refs.reference(settings, MULLER["account"])
    conversation = turn(session, "[redacted]", slots={"requested_slot": "member_name", "account_number": reference})
    assert conversation.account_number is None
    member_id = session.scalar(select(Member.id).where(Member.account_number == MULLER["account"]))
    session.add(RegistrationDraft(conversation_id=SENDER, member_id=member_id, name_matched_at=T0, updated_at=T0))
    session.commit()
    conversation = turn(session, "Muller", slots={"requested_slot": "email", "account_number": reference,
                                                   "member_name": "Muller"})
    assert conversation.account_number == MULLER["account"]


def test_other_account_numbers_are_kept_at_once(session):
    conversation = turn(session, "20456789", slots={"requested_slot": "member_name", "account_number": "20456789"})
    assert conversation.account_number == "20456789"


def test_nine_digits_that_start_with_000_are_kept_at_once(session):
    """No SSN or tax ID starts with 000 (common.secret_shapes.may_be_tax_id): an account number like any other."""
    conversation = turn(session, "000452318", slots={"requested_slot": "member_name", "account_number": "000452318"})
    assert conversation.account_number == "000452318" and "000452318" in rows(session)[0].text


def test_asking_for_a_person_is_marked_and_the_conversation_goes_on(session):
    """The assistant offers the number "or keep going here": the member's next answers are the same conversation."""
    turn(session, "register", slots={"requested_slot": "account_number"})
    asked = turn(session, "I'm not sure what a person means", intent="human", confidence=0.78,
                 slots={"requested_slot": "account_number", "outcome": "human_requested"},
                 at=T0 + timedelta(minutes=1))
    assert asked.outcome == "human_requested" and asked.completed_at is None
    assert asked.asked_for_person_at == T0 + timedelta(minutes=1)
    # Rasa keeps the slot: the next turns neither mark it again nor start a new conversation.
    going_on = turn(session, "1001234567", slots={"requested_slot": "member_name", "outcome": "human_requested"},
                    at=T0 + timedelta(minutes=2))
    done = turn(session, "Garza", slots={"requested_slot": None, "outcome": "registered"},
                at=T0 + timedelta(minutes=3))
    assert going_on.id == asked.id == done.id
    assert done.outcome == "registered" and done.completed_at == T0 + timedelta(minutes=3)
    assert done.asked_for_person_at == T0 + timedelta(minutes=1)
    assert len(session.scalars(select(Conversation)).all()) == 1
