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


def language_in(latest_message: dict[str, Any] | None) -> str:
    """The language code in a latest-message payload's metadata (the default when there is none)."""
    metadata = (latest_message or {}).get("metadata") or {}
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return language if isinstance(language, str) and language else DEFAULT_LANGUAGE


def language_of(tracker: Tracker) -> str:
    """The language code of the member's latest message ("en" when the web app sent none)."""
    return language_in(tracker.latest_message)


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
