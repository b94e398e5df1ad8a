"""Which channel the member is answered on this turn, so a question says how to answer it there.

An SMS member answers a yes/no question in words ("Reply YES or NO."); the web chat shows Yes / No
buttons beside it, so there the text says to choose them ("Choose Yes or No."), or nothing about
how to answer where no button comes. The web app sends the channel with every message as Rasa
metadata (``{"channel": "sms" | "web"}``); the action server binds it once per action call
(:func:`answering_on`, used by ``actions.serve.Executor``), as it binds the language, so
``actions.messages`` words its instructions for it without each call site passing it along. A
message that names no channel is answered in SMS words, which are right on either channel.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

WEB = "web"

_turn_channel: ContextVar[str | None] = ContextVar("coopbot_turn_channel", default=None)


def channel_in(latest_message: dict[str, Any] | None, events: list[dict[str, Any]] | None = None) -> str | None:
    """The channel the web app sent with the member's latest message (None when it sent none).

    Rasa 3.6 keeps a message's metadata on its ``user`` event; the parse data is read too."""
    latest_user = next((e for e in reversed(events or []) if e.get("event") == "user"), None)
    for metadata in ((latest_message or {}).get("metadata"), (latest_user or {}).get("metadata")):
        channel = metadata.get("channel") if isinstance(metadata, dict) else None
        if isinstance(channel, str) and channel:
            return channel
    return None


@contextmanager
def answering_on(channel: str | None) -> Iterator[None]:
    """Replies made inside this block are worded for ``channel`` (an action call's turn)."""
    token = _turn_channel.set(channel)
    try:
        yield
    finally:
        _turn_channel.reset(token)


def in_web_chat() -> bool:
    """Are replies made right now for the web chat (its buttons beside the yes/no questions)?"""
    return _turn_channel.get() == WEB
