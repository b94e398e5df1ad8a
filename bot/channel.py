"""Rasa's REST channel, with what the turn did attached to the answer.

The web app needs, for every member message, what Rasa understood (intent,
confidence), where the member now is in the form (the slots, ``requested_slot``)
and whether the message held a secret (``redact_message_id`` naming it).
Reading that back from Rasa's tracker API costs a second request that replays
the whole conversation, so it grows with every turn. Instead, the tracker store
notes a small summary of the turn when it saves the tracker (see
``bot.tracker_store.turn_summary``), and this channel appends it to the
answer as one extra message ``{"custom": {"coopbot_turn": {...}}}``. The summary
holds redacted slot values only (secret slots hold just "verified" /
"stored"). Clients that only read ``text`` / ``buttons`` ignore it.

With ``COOPBOT_TIMING=1`` (``make bench``) the summary also carries where the
turn's time went (bot/stage_timing.py).

Configured in bot/credentials.yml under the same name as the stock channel
("rest"), so the URL stays ``/webhooks/rest/webhook``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from bot import stage_timing as timing
from bot.tracker_store import pop_turn_summary

TURN_KEY = "coopbot_turn"
logger = logging.getLogger(__name__)


class TurnInfoRestInput(RestInput):
    """The REST channel whose answer ends with the turn's summary (when there is one)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(summarising(on_new_message, timing.enabled()))


def summarising(on_new_message: Callable[[UserMessage], Awaitable[Any]],
                measure: bool) -> Callable[[UserMessage], Awaitable[None]]:
    """``on_new_message`` whose collected answer ends with the turn's summary."""
    if measure:
        timing.install()

    async def handle_and_summarise(message: UserMessage) -> None:
        started, token = (time.perf_counter(), timing.start()) if measure else (0.0, None)
        try:
            await on_new_message(message)
        except Exception as exc:  # noqa: BLE001 - the turn failed: say so, never the message
            _failed(message, exc)
            return
        except asyncio.CancelledError:
            # The caller stopped waiting (sanic cancels the handler). Rasa's channel
            # would log the member's message in clear here; nobody reads the answer.
            logger.error("a REST turn was cancelled: the caller stopped waiting")
            pop_turn_summary(message.sender_id, message.message_id)
            return
        finally:
            if measure:
                figures = timing.finish(token)
                figures["turn_ms"] = round((time.perf_counter() - started) * 1000, 3)
        summary = pop_turn_summary(message.sender_id, message.message_id)
        if summary is not None and measure:
            summary = {**summary, "timing": figures}
        if summary is not None and isinstance(message.output_channel, CollectingOutputChannel):
            message.output_channel.messages.append(
                {"recipient_id": message.sender_id, "custom": {TURN_KEY: summary}}
            )

    return handle_and_summarise


def _failed(message: UserMessage, exc: Exception) -> None:
    """A turn that raised (Redis gone mid-turn: the lock or the tracker could not be written).

    Rasa's REST channel would answer the replies collected so far, as if the
    turn had happened, and log the member's message in clear (it may be a
    ZIP code or a security answer). Instead: no replies, a summary saying the
    turn is unsaved (the web app answers "try again" and the member's resent
    answer lands on the same step), and a log line without the message.
    """
    logger.error("a REST turn failed: %s", exc.__class__.__name__)
    pop_turn_summary(message.sender_id, message.message_id)
    if isinstance(message.output_channel, CollectingOutputChannel):
        message.output_channel.messages.clear()
        message.output_channel.messages.append({"recipient_id": message.sender_id, "custom": {
            TURN_KEY: {"message_id": message.message_id, "unsaved": True}}})
