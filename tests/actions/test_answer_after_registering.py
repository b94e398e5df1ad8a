"""The member registers and talks on: "by the way, Vantablackova is her name". The security answer
was stored hashed; the backend keeps its keyed hash for the rest of the conversation (until the
registration's link expires), so the later message is marked for redaction in the tracker
(``actions.answer_elsewhere.mark_after_the_form``) as at any step of the form (docs/security.md,
"The security answer at another step")."""

from __future__ import annotations

import pytest

from actions.answer_elsewhere import REDACT_SLOT
from tests.support.action_conversation import registered

ANSWER = "Vantablackova"


def _marks(events: list[dict]) -> list[str]:
    return [event["value"] for event in events if event.get("event") == "slot" and event.get("name") == REDACT_SLOT]


@pytest.mark.parametrize("language, said", [("en", f"by the way {ANSWER} is her name"),
                                            ("es", f"por cierto, se llama {ANSWER}")])
def test_the_answer_typed_after_registering_is_marked_for_redaction(backend_on_each_database, language, said):
    chat = registered(language, answer=ANSWER)
    message_id = chat.user(said, "inform")
    events, _ = chat.run("action_default_fallback")
    assert _marks(events) == [message_id]
    # Other words are kept.
    message_id = chat.user("thanks, bye", "goodbye")
    events, _ = chat.run("action_default_fallback")
    assert _marks(events) == []
