"""Which language the member is answered in, as the web app decided it for this turn.

The web app (webhook/) is the one place that detects, remembers and switches a
member's language (docs/contract.md section 5); it sends the result with every
message as Rasa metadata ``{"language": "en" | "es"}``. Actions only read it,
so a message that carries no language (a number, "ok") never switches it here.
"""

from __future__ import annotations

from rasa_sdk import Tracker

DEFAULT_LANGUAGE = "en"


def language_of(tracker: Tracker) -> str:
    """The language code of the member's latest message ("en" when the web app sent none)."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    language = metadata.get("language")
    return language if isinstance(language, str) and language else DEFAULT_LANGUAGE
