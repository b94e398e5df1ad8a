"""Every reply is plain GSM-7, at most two SMS segments, and suggests no opt-out word."""

from __future__ import annotations

import inspect
import re

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from actions.gsm import MAX_SEPTETS, is_gsm7, septets, sms_safe, to_gsm7

# The longest facts a co-op could reasonably configure.
LONG = CoopConfig(
    coop_name="Pedernales Electric Cooperative",
    support_phone="1-888-554-4732",
    support_hours="7 a.m. to 9 p.m. Monday through Friday",
    terms_url="https://register.example-cooperative.coop/terms",
    login_url="https://register.example-cooperative.coop/login",
    mail_from="no-reply@register.example-cooperative.coop",
)
OPT_OUT_WORDS = re.compile(r"\b(STOP|STOPALL|UNSUBSCRIBE|CANCEL|END|QUIT|REVOKE|OPTOUT)\b")


def _arguments(function):
    values = []
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "config":
            values.append(LONG)
        elif name in ("second_time",):
            values.append(True)
        elif name in ("account_number", "digits"):
            values.append("500123456789")
        elif name in ("email_masked", "email"):
            values.append("a-rather-long-name@an-internet-provider.example")
        elif name == "attempts_left":
            values.append(2)
        elif name == "question":
            values.append(3)
        elif name in ("method", "slot"):
            values.append("zip")
        elif name in ("name",):
            values.append("Hill Country Feed & Seed Inc.")
        else:
            values.append("x" * 60)
    return values


REPLIES = [
    (name, function)
    for name, function in inspect.getmembers(messages, inspect.isfunction)
    if function.__module__ == messages.__name__ and not name.startswith("_")
]


@pytest.mark.parametrize("name, function", REPLIES, ids=[n for n, _ in REPLIES])
def test_reply_is_gsm7_and_two_segments_at_most(name, function):
    text = function(*_arguments(function))
    if text is None:
        return
    assert is_gsm7(text), f"{name}: not GSM-7: {text!r}"
    assert septets(text) <= MAX_SEPTETS, f"{name}: {septets(text)} septets"
    assert not OPT_OUT_WORDS.search(text), f"{name} suggests an opt-out word"


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
