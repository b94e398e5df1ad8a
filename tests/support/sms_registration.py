"""A whole registration by SMS through the real stack: the answer to each question, and the texter's sender key."""

from __future__ import annotations

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
