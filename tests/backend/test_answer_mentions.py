"""The security answer typed at another step (backend/privacy/answer_mentions.py, docs/security.md
"The security answer at another step"): what counts as holding it, and the transcript as staff
read it once the answer is stored, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.accounts import registration
from backend.privacy import answer_mentions, transcripts
from backend.staff.conversations import get_conversation
from backend.storage.models import Conversation, RegistrationDraft, utcnow
from tests.support.api_calls import api_of, verify
from backend.identity import verification
from tests.support.backend_helpers import GARZA, OBRIEN, load_members, register_in
from tests.support.backend_helpers import verified as verified_steps


@pytest.mark.parametrize("text, answer", [
    ("my pet's name is Rex!", "Rex"),
    ("REX", "rex"),
    ("fui a la prepa Benito   Juárez en Monterrey", "benito juarez"),
    ("it was St. Mary's, I think", "St Marys"),
    ("se llamaba Ekström", "Ekstrom"),
    ("my dog,Rex", "rex"),  # no space after the comma
    ("no", "no"),  # a common word, alone
])
def test_a_message_holds_the_answer_as_a_whole_run_of_words(text, answer):
    assert answer_mentions.mentions(text, answer)
    assert answer_mentions.mentions_fingerprint("master", text, answer_mentions.fingerprint("master", answer))


@pytest.mark.parametrize("text, answer", [
    ("Rexford Lane", "Rex"),  # part of a word
    ("I went to high school in Austin", "Lanier High"),  # some of the answer's words
    ("Lanier is my street", "Lanier High"),
    ("no thanks", "no"),  # a common word inside a message
    ("I have no bill", "no"),
    ("yes I accept", "yes"),
    ("x marks the spot", "x"),  # under 2 characters: never looked for
])
def test_other_words_and_common_words_inside_a_message_do_not_hold_it(text, answer):
    assert not answer_mentions.mentions(text, answer)
    assert not answer_mentions.mentions_fingerprint("master", text, answer_mentions.fingerprint("master", answer))


def test_every_run_an_answer_could_be_is_hashed():
    # The longest answer the API stores, inside a longer message.
    assert answer_mentions.MAX_CHARS == registration.MAX_ANSWER_LENGTH
    answer = " ".join(["ab"] * 33) + " a"  # 100 characters
    text = f"well {answer} and more words after it"
    assert answer_mentions.mentions_fingerprint("master", text, answer_mentions.fingerprint("master", answer))


def test_the_keyed_hash_needs_the_key():
    assert answer_mentions.fingerprint("master", "Rex") != answer_mentions.fingerprint("other", "Rex")
    assert not answer_mentions.mentions_fingerprint("other", "Rex", answer_mentions.fingerprint("master", "Rex"))


def _say(session, sender: str, text: str, step: str, settings, now=None) -> None:
    """One turn recorded as the web app's relay decides it: secret when it holds the answer stored."""
    secret = answer_mentions.later_mention(session, settings, sender, text, now=now)
    transcripts.record_turn(session, channel="web", sender_key=sender, sender_masked=None, member_text=text,
                            secret=secret, replies=["ok"], intent="inform", confidence=0.9,
                            slots={"requested_slot": step})
    session.commit()


def _staff_lines(session, sender: str) -> list[str]:
    """The member's lines of the conversation as the staff console shows them."""
    conversation_id = session.scalar(select(Conversation.id).where(Conversation.sender_key == sender))
    return [message.text for message in get_conversation(session, conversation_id).messages
            if message.direction == "in"]


def test_storing_the_answer_redacts_it_before_and_after_in_the_transcript(make_app, settings, session_factory):
    api = api_of(make_app, settings, session_factory, GARZA)
    with session_factory() as session:
        for text, step in [("sign up", "account_number"), ("my dog? REX! anyway", "email"),
                           ("Rexford Lane is my street", "email"), ("g@example.com", "identity_proof")]:
            _say(session, "c1", text, step, settings)
    verify(api)
    status, body = api("PUT", "/security-answer", {
        "conversation_id": "c1", "question": 2, "answer": "Rex",
        "messages": [{"message_id": "m1", "text": "sign up"}, {"message_id": "m2", "text": "my dog? REX! anyway"},
                     {"message_id": "m3", "text": "Rexford Lane is my street"}]})
    assert (status, body) == (200, {"result": "stored", "redact": ["m2"]})
    with session_factory() as session:
        _say(session, "c1", "what do the terms say? rex wants to know", "terms_accepted", settings)
        _say(session, "c1", "Rexford is fine", "terms_accepted", settings)
        assert _staff_lines(session, "c1") == ["sign up", "[redacted]", "Rexford Lane is my street",
                                               "g***@e***.com", "[redacted]", "Rexford is fine"]
        draft = session.get(RegistrationDraft, "c1")
        assert draft.security_answer_words and "rex" not in draft.security_answer_words.lower()
    assert api("POST", "/security-answer/mentions", {"conversation_id": "c1", "text": "REX says hi"}) == (
        200, {"mentions": True})
    assert api("POST", "/security-answer/mentions", {"conversation_id": "c1", "text": "T-Rex"}) == (
        200, {"mentions": True})
    assert api("POST", "/security-answer/mentions", {"conversation_id": "c1", "text": "Rexford"}) == (
        200, {"mentions": False})
    assert api("POST", "/security-answer/mentions", {"conversation_id": "c2", "text": "Rex"}) == (
        200, {"mentions": False})  # another conversation: no answer stored

    # Registered: the conversation goes on ("by the way, Rex is his name"), and so does the comparison,
    # until the registration's link expires; then the keyed hash is compared no more.
    status, body = api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com",
                                                  "terms_accepted": True})
    assert body["result"] == "created"
    assert api("POST", "/security-answer/mentions", {"conversation_id": "c1", "text": "by the way Rex is his name"}
               )[1] == {"mentions": True}
    later = utcnow() + timedelta(hours=settings.activation_ttl_hours, minutes=1)
    with session_factory() as session:
        _say(session, "c1", "by the way, Rex is his name", "terms_accepted", settings)
        _say(session, "c1", "Rex again", "terms_accepted", settings, now=later)
        assert _staff_lines(session, "c1")[-2:] == ["[redacted]", "Rex again"]


def test_a_common_word_answer_blanks_only_the_messages_that_are_the_word_alone(make_app, settings, session_factory):
    api = api_of(make_app, settings, session_factory, GARZA)
    with session_factory() as session:
        for text in ["no", "no thanks, I have no bill with me", "No!"]:
            _say(session, "c1", text, "email", settings)
    status, body = api("PUT", "/security-answer", {
        "conversation_id": "c1", "question": 2, "answer": "no",
        "messages": [{"message_id": "m1", "text": "no"}, {"message_id": "m2", "text": "no thanks"}]})
    assert (status, body) == (200, {"result": "stored", "redact": ["m1"]})
    with session_factory() as session:
        _say(session, "c1", "no, not yet", "terms_accepted", settings)
        _say(session, "c1", "NO", "terms_accepted", settings)
        assert _staff_lines(session, "c1") == ["[redacted]", "no thanks, I have no bill with me", "[redacted]",
                                               "no, not yet", "[redacted]"]


def test_without_messages_the_answer_is_as_before_and_bad_messages_are_refused(make_app, settings, session_factory):
    api = api_of(make_app, settings, session_factory, GARZA)
    assert api("PUT", "/security-answer", {"conversation_id": "c1", "question": 2, "answer": "Rex"}) == (
        200, {"result": "stored"})
    for messages in ["m1", [{"message_id": "m1"}], [["m1", "Rex"]], [{"message_id": "m1", "text": "x" * 4001}]]:
        status, body = api("PUT", "/security-answer", {"conversation_id": "c1", "question": 2, "answer": "Rex",
                                                       "messages": messages})
        assert status == 400 and body["error"] in ("invalid_field", "missing_field")


def _answer_stored(session_factory, settings, conversation: str) -> None:
    """The conversation proves Garza and stores the answer "Rex" as the API does (its keyed hash kept)."""
    verified_steps(session_factory, settings, conversation, GARZA)
    with session_factory() as session:
        assert registration.store_security_answer(session, conversation, 2, "Rex",
                                                  settings=settings) == registration.STORED


def _words(session_factory, conversation: str) -> str | None:
    with session_factory() as session:
        return session.get(RegistrationDraft, conversation).security_answer_words


def test_the_answer_s_keyed_hash_is_cleared_once_the_link_has_expired(settings, session_factory):
    """It was kept in the draft until 7 days after its last touch (an SMS draft is touched by every
    later conversation from its phone), well past the link's lifetime that bounds the comparing."""
    load_members(session_factory, settings, GARZA, OBRIEN)
    _answer_stored(session_factory, settings, "c1")
    assert register_in(session_factory, settings, "c1", "maria@example.com").result == registration.CREATED
    later = utcnow() + timedelta(hours=settings.activation_ttl_hours, minutes=1)
    with session_factory() as session, session.begin():
        assert answer_mentions.forget_expired(session, settings, utcnow()) == 0
    assert _words(session_factory, "c1")
    with session_factory() as session, session.begin():
        assert answer_mentions.forget_expired(session, settings, later) == 1
    assert _words(session_factory, "c1") is None
    with session_factory() as session:
        assert not answer_mentions.later_mention(session, settings, "c1", "Rex")


def test_turning_to_another_account_or_starting_over_keeps_the_answer_s_keyed_hash_until_the_link_expires(
        settings, session_factory):
    """The login's answer still stands for a second account ("same e-mail as before": none is asked), so
    turning to it, or starting over, keeps the hash; the conversation's registration's link bounds it."""
    load_members(session_factory, settings, GARZA, OBRIEN)
    _answer_stored(session_factory, settings, "c2")
    assert register_in(session_factory, settings, "c2", "maria@example.com").result == registration.CREATED
    with session_factory() as session:
        assert verification.check_account(session, "c2", OBRIEN["account"], OBRIEN["name"]).result == verification.MATCH
    with session_factory() as session:
        assert answer_mentions.later_mention(session, settings, "c2", "by the way Rex is his name")
    with session_factory() as session:
        verification.forget_conversation(session, "c2")
    with session_factory() as session:
        assert answer_mentions.later_mention(session, settings, "c2", "by the way Rex is his name")
        assert session.get(RegistrationDraft, "c2").member_id is None
    later = utcnow() + timedelta(hours=settings.activation_ttl_hours, minutes=1)
    with session_factory() as session:
        assert not answer_mentions.later_mention(session, settings, "c2", "Rex", later)
    with session_factory() as session, session.begin():
        assert answer_mentions.forget_expired(session, settings, later) == 1
    assert _words(session_factory, "c2") is None