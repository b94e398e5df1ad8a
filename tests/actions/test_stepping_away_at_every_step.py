"""Stepping away as a thirteenth play-test's members wrote it, in English and Spanish, against the
real backend API (tests/actions/conftest.py): "ahorita vuelvo", "ahorita regreso", "be right back",
"brb", "one sec, let me check" at the name, the texted code, the security answer and the Terms are
the flow's one pause, as at every other step, whatever the model read: the pause reply alone (the
place kept, write when back), never the step's "take your time" / "no rush"; nothing is stored,
accepted or counted, and coming back asks the same question. A bare moment ("one sec", "un
momento") still gets the step's own patient reply, and a real answer is never taken as a pause.
"""

from __future__ import annotations

import pytest

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import (
    Conversation,
    at_the_code,
    joined,
    sign_up_start,
    sign_up_to,
    stored_answer_hash,
)
from tests.support.one_time_code import add_alvarez, last_code
from tests.support.replies import reply_in
from tests.support.stepping_away import comes_back, steps_away, turn

BACK = {"en": ("ok im back", "greet"), "es": ("ya volví", "greet")}
# The step's own patient replies, which stepping away never gets.
PATIENT = (
    messages.name_wait,
    messages.code_wait,
    messages.take_your_time,
    messages.terms_wait,
    messages.terms_take_your_time,
)
# (language, step, message, an intent the model may read for it)
AWAY = [
    ("es", "member_name", "ahorita vuelvo", "never_mind"),
    ("es", "security_answer", "ahorita vuelvo", "inform"),
    ("es", "terms_accepted", "ahorita vuelvo", "inform"),
    ("es", "security_answer", "ahorita regreso", "never_mind"),
    ("es", "member_name", "un segundo, déjeme revisar", "inform"),
    ("en", "member_name", "be right back", "inform"),
    ("en", "security_answer", "be right back", "never_mind"),
    ("en", "terms_accepted", "be right back", "affirm"),
    ("en", "member_name", "one sec, let me check", "never_mind"),
    ("en", "security_answer", "one sec, let me check", "inform"),
    ("en", "terms_accepted", "one sec, let me check", "nlu_fallback"),
    ("en", "security_answer", "brb", "greet"),
]


def no_patient_reply(language: str, replies: list[str]) -> None:
    said = joined(replies)
    assert not any(reply_in(language, reply) in said for reply in PATIENT), replies


@pytest.mark.parametrize(("language", "step", "text", "intent"), AWAY)
def test_stepping_away_is_the_pause_at_the_steps_with_a_patient_reply(backend, language, step, text, intent):
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    no_patient_reply(language, steps_away(chat, language, step, text, intent))
    assert chat.slots["member_name"] != text
    if step == "security_answer":
        assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
    comes_back(chat, language, step, *BACK[language])


@pytest.mark.parametrize(
    ("language", "text", "intent"),
    [
        ("es", "ahorita vuelvo", "inform"),
        ("es", "ahorita vuelvo", "never_mind"),
        ("en", "be right back", "inform"),
        ("en", "one sec, let me check", "never_mind"),
    ],
)
def test_stepping_away_at_the_code_is_the_pause_and_the_code_still_works(backend, language, text, intent):
    add_alvarez(backend)
    chat = at_the_code(language)
    replies = turn(chat, text, intent)
    # The pause, which at the code also says the code works for 10 minutes (as "one sec" there does).
    assert replies == [reply_in(language, messages.paused_at_the_code)], replies
    no_patient_reply(language, replies)
    assert chat.slots["outcome"] == "paused" and not chat.failures("one_time_code")
    replies = turn(chat, *BACK[language])
    assert replies[0] == reply_in(language, messages.welcome_back), replies
    assert chat.slots["requested_slot"] == "one_time_code"
    chat.form_turn(last_code(backend))
    assert chat.slots["one_time_code"] == "verified"


@pytest.mark.parametrize(
    ("language", "step", "text", "reply"),
    [
        ("en", "security_answer", "one sec", messages.take_your_time),
        ("es", "security_answer", "un momento", messages.take_your_time),
        ("en", "member_name", "one sec", messages.name_wait),
        ("es", "member_name", "un momento", messages.name_wait),
    ],
)
def test_a_bare_moment_keeps_the_step_s_patient_reply_and_stores_nothing(backend, language, step, text, reply):
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    said = joined(turn(chat, text, "inform"))
    assert reply_in(language, reply) in said and chat.slots["outcome"] != "paused", said
    assert chat.slots["requested_slot"] == step and not chat.failures(step)
    if step == "security_answer":
        assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
    else:
        assert not chat.slots["member_name"]


@pytest.mark.parametrize(("language", "answer"), [("es", "Vuelvo"), ("en", "Be Bop")])
def test_an_answer_that_only_looks_like_it_is_stored(backend, language, answer):
    chat = sign_up_to(Conversation(language=language), "security_answer", sign_up_start(language))
    turn(chat, answer, "inform")
    assert chat.slots["security_answer"] == "stored" and chat.slots["outcome"] != "paused"
    assert verify_answer(stored_answer_hash(backend), answer)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_name_that_only_looks_like_it_is_checked(backend, language):
    chat = sign_up_to(Conversation(language=language), "member_name", sign_up_start(language))
    replies = turn(chat, "Vuelvo", "inform")
    assert chat.slots["outcome"] != "paused" and reply_in(language, messages.paused) not in replies
    assert chat.failures("member_name") == 1, replies  # checked against the account, a wrong name
