"""Once the member has registered in this conversation (the activation mail sent), "what else can you
do?" and a message the assistant cannot help with ("is the power out on my street?") are answered
without "To sign up, send your account number.": the member has just done that. They end with
"Nothing more to send for your sign-up." instead. Before any sign-up the same messages still end
with how to start one. In English and Spanish, against the real
backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from tests.support.action_conversation import Conversation, joined, registered
from tests.support.replies import reply_in

WHAT_ELSE = {"en": "what else can you do?", "es": "¿qué más puede hacer?"}
OFF_TOPIC = {"en": "is the power out on my street?", "es": "¿se fue la luz en mi calle?"}


def _prompts(language: str) -> tuple[str, str]:
    """Both endings that ask for an account number: "To sign up, send your account number." and the
    one after a second off-topic message."""
    twice = reply_in(language, messages.off_topic_twice, CoopConfig())
    return reply_in(language, messages.to_sign_up), twice[len(reply_in(language, messages.off_topic_twice,
                                                                        CoopConfig(), True)):].strip()


def _no_prompt(language: str, said: str) -> None:
    for prompt in _prompts(language):
        assert prompt not in said, said
    assert said.endswith(reply_in(language, messages.nothing_more_to_send)), said


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["help", "out_of_scope", "ask_benefits"])
def test_what_else_once_registered_asks_for_no_account_number(backend, language, intent):
    chat = registered(language, "sms")
    said = joined(chat.message(WHAT_ELSE[language], intent=intent))
    assert said, "answered"
    _no_prompt(language, said)


@pytest.mark.parametrize("language", ["en", "es"])
def test_off_topic_once_registered_asks_for_no_account_number(backend, language):
    chat = registered(language, "sms")
    first = joined(chat.message(OFF_TOPIC[language], intent="out_of_scope"))
    assert reply_in(language, messages.off_topic, CoopConfig(), False, True) == first, first
    _no_prompt(language, first)
    # Asked again: who can help, still without "To sign up for online access, send your account number."
    second = joined(chat.message(OFF_TOPIC[language], intent="out_of_scope"))
    assert second and first != second, second
    _no_prompt(language, second)


@pytest.mark.parametrize("language", ["en", "es"])
def test_fallback_once_registered_asks_for_no_account_number(backend, language):
    chat = registered(language, "sms")
    said = joined(chat.message(WHAT_ELSE[language], intent="nlu_fallback", action="action_default_fallback"))
    assert reply_in(language, messages.what_i_do, CoopConfig(), False, True) == said, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_before_any_sign_up_off_topic_still_says_how_to_start(backend, language):
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.message(OFF_TOPIC[language], intent="out_of_scope"))
    assert said.endswith(_prompts(language)[0]), said
