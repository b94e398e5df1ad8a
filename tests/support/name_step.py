"""A member's name step in the action tests: the member loaded, the sign-up by SMS at the name question, and a
name sent there read at the first try, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

from tests.support.action_conversation import Conversation, at_the_name_step, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members


def at_the_name_step_of(backend, language: str, member: dict) -> Conversation:
    """A sign-up by SMS in ``language`` of ``member`` (loaded), whose account number is given: the name is asked."""
    load_members(backend.session, backend.settings, member)
    return at_the_name_step(sign_up_start(language), member["account"], language=language, channel="sms")


def read_in_one_try(backend, language: str, member: dict, typed: str) -> str:
    """``typed`` at ``member``'s name step is one name check, and no failed answer: the turn's replies joined."""
    chat = at_the_name_step_of(backend, language, member)
    said = joined(chat.form_turn(typed))
    assert chat.failures("member_name") == 0 and name_attempts(backend) == 1, said
    return said


def found_for(language: str, name: str) -> str:
    """How a reply names the account found for ``name`` ("for Garza.", "a nombre de Garza.")."""
    return f"for {name}." if language == "en" else f"a nombre de {name}."
