"""The member registers and talks on: "by the way, Vantablackova is her name". The security answer
was stored hashed; the backend keeps its keyed hash for the rest of the conversation (until the
registration's link expires), so the later message is marked for redaction in the tracker
(``actions.answer_elsewhere.mark_after_the_form``) as at any step of the form (docs/security.md,
"The security answer at another step")."""

from __future__ import annotations

import pytest

from actions.answer_elsewhere import REDACT_SLOT
from tests.support.action_conversation import Conversation

ANSWER = "Vantablackova"


def _registered(language: str) -> Conversation:
    chat = Conversation(language=language)
    chat.start("quiero registrarme" if language == "es" else "sign up")
    for text in ("1001234567", "Garza", "g@example.com", "78620", "2", ANSWER,
                 "sí" if language == "es" else "yes"):
        chat.form_turn(text)
    assert chat.slots["outcome"] == "registered" and chat.active_loop is None
    return chat


def _marks(events: list[dict]) -> list[str]:
    return [event["value"] for event in events if event.get("event") == "slot" and event.get("name") == REDACT_SLOT]


@pytest.mark.parametrize("language, said", [("en", f"by the way {ANSWER} is her name"),
                                            ("es", f"por cierto, se llama {ANSWER}")])
def test_the_answer_typed_after_registering_is_marked_for_redaction(backend_on_each_database, language, said):
    chat = _registered(language)
    message_id = chat.user(said, "inform")
    events, _ = chat.run("action_default_fallback")
    assert _marks(events) == [message_id]
    # Other words are kept.
    message_id = chat.user("thanks, bye", "goodbye")
    events, _ = chat.run("action_default_fallback")
    assert _marks(events) == []
