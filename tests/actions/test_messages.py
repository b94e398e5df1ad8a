"""Every reply is plain GSM-7, at most two SMS segments, and suggests no opt-out word."""

from __future__ import annotations

import re

import pytest

from actions import messages
from actions.gsm import MAX_SEPTETS, is_gsm7, septets, sms_safe, to_gsm7
from tests.support.replies import LONG, REPLIES, longest_arguments

OPT_OUT_WORDS = re.compile(r"\b(STOP|STOPALL|UNSUBSCRIBE|CANCEL|END|QUIT|REVOKE|OPTOUT)\b")


@pytest.mark.parametrize("name, function", REPLIES, ids=[n for n, _ in REPLIES])
def test_reply_is_gsm7_and_two_segments_at_most(name, function):
    text = function(*longest_arguments(function))
    assert isinstance(text, str) and text, f"{name} gave no reply"
    assert is_gsm7(text), f"{name}: not GSM-7: {text!r}"
    assert septets(text) <= MAX_SEPTETS, f"{name}: {septets(text)} septets"
    assert not OPT_OUT_WORDS.search(text), f"{name} suggests an opt-out word"


def test_only_a_first_wrong_choice_gets_no_text_of_its_own():
    """The question is asked again with its choices; the second time the reply says how to answer."""
    assert messages.bad_question(False) is None and messages.bad_terms(False, LONG) is None
    assert messages.bad_question(True) and messages.bad_terms(True, LONG)


@pytest.mark.parametrize("slot", ["account_number", "member_name", "email", "identity_proof",
                                  "security_question", "security_answer", "terms_accepted",
                                  "confirm_unsubscribe", None])
def test_step_help_fits(slot):
    text = messages.step_help(slot, LONG)
    assert is_gsm7(text) and septets(text) <= MAX_SEPTETS


def test_typography_becomes_gsm7():
    assert to_gsm7("It\u2019s \u201cdone\u201d \u2013 ok\u2026 \U0001F600") == 'It\'s "done" - ok... '
    assert is_gsm7(to_gsm7("Müller Zoë Ångström café naïve"))


def test_extension_characters_count_twice():
    assert septets("{}") == 4
    assert septets("[a]") == 5


def test_too_long_text_is_cut_to_two_segments():
    text = sms_safe("word " * 200)
    assert septets(text) <= MAX_SEPTETS and text.endswith("...")


def test_buttons_carry_plain_numbers():
    assert [b["payload"] for b in messages.QUESTION_BUTTONS] == ["1", "2", "3"]
    assert all(not b["payload"].startswith("/") for b in messages.YES_NO_BUTTONS)
