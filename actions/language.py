"""Which language the member is answered in, as the web app decided it for this turn.

The web app (webhook/) is the one place that detects, remembers and switches a
member's language (docs/contract.md section 5); it sends the result with every
message as Rasa metadata ``{"language": "en" | "es"}``. Actions only read it,
so a message that carries no language (a number, "ok") never switches it here.

The action server binds the turn's language once per action call
(:func:`speaking`, used by ``actions.serve.Executor``), so every reply of
``actions.messages`` comes from the catalog of that language without each of
the many call sites passing it along.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from rasa_sdk import Tracker

DEFAULT_LANGUAGE = "en"

_turn_language: ContextVar[str] = ContextVar("coopbot_turn_language", default=DEFAULT_LANGUAGE)


def _language(metadata: Any) -> str | None:
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return language if isinstance(language, str) and language else None


def language_in(latest_message: dict[str, Any] | None, events: list[dict[str, Any]] | None = None) -> str:
    """The language code the web app sent with the member's latest message (the default when none).

    Rasa 3.6 keeps a message's metadata on its ``user`` event, not in the parse data
    that is ``latest_message``; both places are read.
    """
    language = _language((latest_message or {}).get("metadata"))
    if language is None:
        latest_user = next((e for e in reversed(events or []) if e.get("event") == "user"), None)
        language = _language((latest_user or {}).get("metadata"))
    return language or DEFAULT_LANGUAGE


def language_of(tracker: Tracker) -> str:
    """The language code of the member's latest message ("en" when the web app sent none)."""
    return language_in(tracker.latest_message, tracker.events)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Replies made inside this block are in ``language`` (an action call's turn)."""
    token = _turn_language.set(language or DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _turn_language.reset(token)


def current_language() -> str:
    """The language replies are made in right now (the default outside an action call)."""
    return _turn_language.get()
