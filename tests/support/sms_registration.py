"""A whole registration by SMS through the real stack: the answer to each question, and the texter's sender key."""

from __future__ import annotations

import httpx
import pytest

from backend.notify.consent import phone_key

SECURITY_ANSWER = "Pecan Street Elementary"


def sender_of(stack, phone: str) -> str:
    return phone_key(stack.settings.secret_key, phone)


def answers_for(member: dict, email: str) -> dict:
    return {
        "account_number": member["account"],
        "member_name": member["name"],
        "email": email,
        "proof_method": "ZIP code",
        "identity_proof": member["zip"],
        "security_question": "1",
        "security_answer": SECURITY_ANSWER,
        "terms_accepted": "yes",
    }


def slots(stack, sender: str, rasa_url: str | None = None) -> dict:
    """The conversation's slots as Rasa holds them (``rasa_url``: one replica's, else the stack's first)."""
    response = httpx.get(f"{rasa_url or stack.rasa_url}/conversations/{sender}/tracker",
                         params={"include_events": "NONE", "token": stack.settings.rasa_token}, timeout=10)
    response.raise_for_status()
    return response.json().get("slots") or {}


def register_by_sms(stack, phone: str, member: dict, email: str) -> list[list[str]]:
    """Text through a whole registration, answering whatever the bot asks; every turn's replies."""
    sender = sender_of(stack, phone)
    answers = answers_for(member, email)
    turns = [stack.sms_texts("I want to sign up for online access", phone)]
    asked: dict[str, int] = {}
    for _ in range(20):
        state = slots(stack, sender)
        if state.get("outcome") == "registered":
            return turns
        step = state.get("requested_slot")
        assert step in answers, f"unexpected step {step!r}; last replies: {turns[-1]}"
        asked[step] = asked.get(step, 0) + 1
        assert asked[step] <= 2, f"the bot asked for {step} again; last replies: {turns[-1]}"
        turns.append(stack.sms_texts(answers[step], phone))
    pytest.fail(f"no registration after 20 turns; last replies: {turns[-1]}")


def steps_until_registered(stack, sender: str, answers: dict, turns: int, rasa_url: str | None = None):
    """Each step the conversation asks next (one of ``answers``), for the caller to answer, until it
    is registered; it must be within ``turns`` answers."""
    for _ in range(turns):
        state = slots(stack, sender, rasa_url)
        if state.get("outcome") == "registered":
            return
        step = state.get("requested_slot")
        assert step in answers, f"unexpected step {step!r}"
        yield step
    assert slots(stack, sender, rasa_url).get("outcome") == "registered", f"not registered after {turns} answers"
