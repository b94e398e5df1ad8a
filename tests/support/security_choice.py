"""A message at the security question menu, as the member sees its reply: the question chosen alone,
its answer asked next, or the question chosen with its answer, stored and never said back.

The tests of the many ways members choose (acknowledgements, typos, wordy choices) state their cases
and call these; the checks of what the member sees are written once, here.
"""

from __future__ import annotations

from actions import messages
from backend.privacy.hashing import verify_answer
from tests.support.action_conversation import Conversation, joined, stored_answer_hash, to_the_question
from tests.support.replies import reply_in


def chooses_only(backend, language: str, text: str, number: int) -> tuple[Conversation, str]:
    """``text`` at the menu (:func:`to_the_question`) picks question ``number`` and nothing else: no answer
    stored, the question's answer asked next. The conversation and the turn's replies joined."""
    chat = to_the_question(language)
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_question"] == str(number)
    assert chat.slots["security_answer"] is None and stored_answer_hash(backend) is None
    assert chat.slots["requested_slot"] == "security_answer"
    assert reply_in(language, messages.ask_security_answer, number) in reply
    assert reply_in(language, messages.confirm_answer, number) not in reply
    return chat, reply


def answered_next(backend, chat: Conversation, language: str, number: int, answer: str) -> str:
    """After a choice alone, ``answer`` sent next is understood and stored, its saving confirmed without
    saying it back. The turn's replies joined."""
    reply = joined(chat.form_turn(answer))
    assert reply_in(language, messages.not_understood) not in reply
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    assert reply_in(language, messages.confirm_answer, number) in reply
    assert answer.lower() not in reply.lower()
    return reply


def chooses_with_answer(backend, language: str, text: str, number: int, answer: str) -> tuple[Conversation, str]:
    """``text`` at the menu picks question ``number`` and gives ``answer``: that alone is stored, its
    saving confirmed without saying it back (never "send only the answer"), the Terms asked next, and
    the message that held it kept out of the record. The conversation and the turn's replies joined."""
    chat = to_the_question(language)
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_question"] == str(number) and chat.slots["security_answer"] == "stored"
    assert verify_answer(stored_answer_hash(backend), answer)
    assert reply_in(language, messages.confirm_answer, number) in reply
    assert reply_in(language, messages.answer_only, number) not in reply
    assert answer.lower() not in reply.lower()
    assert chat.slots["requested_slot"] == "terms_accepted"
    assert chat.slots["redact_message_id"] == latest_message_id(chat)
    return chat, reply


def latest_message_id(chat: Conversation) -> str:
    """The id of the member's latest message (the one a redaction names)."""
    return [event for event in chat.events if event.get("event") == "user"][-1]["message_id"]
