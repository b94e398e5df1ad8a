"""A request for a new code in plain words after the sign-up stopped at the codes' limit ("I have
already sent several codes to the phone on file. Please try again in an hour ..."): "send a new
code", "mándeme otro código", NEW CODE, whatever the model read, take the sign-up up at its code.
A code goes out when the backend's budgets allow it (5 texts an hour to the phone on file), else
the limit's reply again; never the off-topic reply, the greeting or a sign-up from its start. In
English and Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from actions import messages
from actions.backend_client import CoopConfig
from backend.storage.models import SecurityEvent
from tests.support.action_conversation import Conversation, at_the_code, joined
from tests.support.one_time_code import add_alvarez, code_sent_a_while_ago, last_code, texts
from tests.support.replies import reply_in

# The model's readings of these requests outside a flow (models/current.tar.gz): a fallback, a value,
# a yes, a "never mind", a mail not received.
REQUESTS = [("en", "send a new code", "nlu_fallback"), ("es", "mándeme otro código", "inform"),
            ("en", "NEW CODE", "affirm"), ("en", "send me another code", "never_mind"),
            ("es", "mándeme otro código", "email_not_received")]


def _hour_of_codes(backend) -> None:
    """Four more codes went to the phone on file within the hour: five, its hourly budget."""
    with backend.session() as session, session.begin():
        sent = session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "code_sent"))
        session.add_all([SecurityEvent(member_id=sent.member_id, kind="code_sent", created_at=sent.created_at)
                         for _ in range(4)])


def _hour_over(backend) -> None:
    """The hour has passed: no code went to the phone within it."""
    with backend.session() as session, session.begin():
        session.execute(delete(SecurityEvent).where(SecurityEvent.kind == "code_sent"))


def _stopped_at_the_limit(backend, language: str) -> Conversation:
    add_alvarez(backend)
    chat = at_the_code(language)
    _hour_of_codes(backend)
    code_sent_a_while_ago(backend, chat.sender)
    said = joined(chat.form_or_side_turn("NEW CODE" if language == "en" else "código nuevo"))
    assert reply_in(language, messages.too_many_codes, CoopConfig())[:40] in said, said
    assert chat.active_loop is None and chat.slots["outcome"] == "locked_out"
    return chat


@pytest.mark.parametrize(("language", "text", "intent"), REQUESTS)
def test_within_the_hour_the_limit_is_said_again(backend, language, text, intent):
    chat = _stopped_at_the_limit(backend, language)
    sent = len(texts(backend.settings))
    said = joined(chat.message(text, intent=intent))
    assert reply_in(language, messages.too_many_codes, CoopConfig())[:40] in said, said
    assert reply_in(language, messages.off_topic, CoopConfig())[:30] not in said, said
    assert len(texts(backend.settings)) == sent  # the budget holds: nothing more went out


@pytest.mark.parametrize(("language", "text", "intent"), REQUESTS)
def test_after_the_hour_a_new_code_is_texted_and_asked(backend, language, text, intent):
    chat = _stopped_at_the_limit(backend, language)
    _hour_over(backend)
    sent = len(texts(backend.settings))
    said = joined(chat.message(text, intent=intent))
    assert len(texts(backend.settings)) == sent + 1, said
    assert reply_in(language, messages.code_asked_again, "***-***-0177")[:25] in said, said
    assert chat.active_loop == "registration_form" and chat.slots["requested_slot"] == "one_time_code"
    chat.form_turn(last_code(backend))
    assert chat.slots["one_time_code"] == "verified"
