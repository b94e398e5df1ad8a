"""Where a turn's time goes inside the Rasa server (on only with ``COOPBOT_TIMING=1``).

``make bench`` turns this on. Each turn gets a small dict (a context variable,
so concurrent turns never mix) that adds up milliseconds and calls per stage:

- ``nlu``: understanding the message (``MessageProcessor.parse_message``);
- ``policy``: each prediction of the next action (the policy ensemble);
- ``actions``: each call to the action server (``RemoteAction.run``, round trip);
- ``store``: reading and saving the tracker (bot/tracker_store.py, redaction included).

bot/channel.py returns the figures with the turn's summary; nothing is logged,
and no message content is kept.
"""

from __future__ import annotations

import functools
import time
from contextvars import ContextVar
from typing import Any, Dict, Optional

from bot import settings

_TURN: ContextVar[Optional[Dict[str, float]]] = ContextVar("coopbot_turn_timing", default=None)
STAGES = ("nlu", "policy", "actions", "store")


def enabled() -> bool:
    return settings.timing()


def start() -> Any:
    return _TURN.set({})


def finish(token: Any) -> Dict[str, float]:
    figures = _TURN.get() or {}
    _TURN.reset(token)
    return {key: round(value, 3) if key.endswith("_ms") else int(value) for key, value in figures.items()}


def add(stage: str, seconds: float) -> None:
    figures = _TURN.get()
    if figures is not None:
        figures[stage + "_ms"] = figures.get(stage + "_ms", 0.0) + seconds * 1000
        figures[stage + "_n"] = figures.get(stage + "_n", 0) + 1


def _timed_async(stage: str, method: Any) -> Any:
    @functools.wraps(method)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await method(*args, **kwargs)
        finally:
            add(stage, time.perf_counter() - started)

    return wrapper


def _timed(stage: str, method: Any) -> Any:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            add(stage, time.perf_counter() - started)

    return wrapper


_installed = False


def install() -> None:
    """Wrap the Rasa methods whose time is measured (once per process)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor

    MessageProcessor.parse_message = _timed_async("nlu", MessageProcessor.parse_message)
    MessageProcessor._predict_next_with_tracker = _timed("policy", MessageProcessor._predict_next_with_tracker)
    RemoteAction.run = _timed_async("actions", RemoteAction.run)
    _installed = True
