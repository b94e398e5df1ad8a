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

Only the web app may post: every request must carry the Rasa token in the
``X-Coopbot-Token`` header (``common.local_auth``); without it the channel
answers 403 with an empty body and the message never reaches the dialogue.
Rasa's own token guards only its HTTP API, and any local process could
otherwise post as any conversation, e.g. as an SMS from a member's phone.

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
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot import stage_timing as timing
from bot.tracker_store import pop_turn_summary
from common import local_auth

TURN_KEY = "coopbot_turn"
logger = logging.getLogger(__name__)


class TurnInfoRestInput(RestInput):
    """The REST channel whose answer ends with the turn's summary (when there is one)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(summarising(on_new_message, timing.enabled()))
        only_with_token(webhook, settings.rasa_token())
        return webhook


def only_with_token(blueprint: Blueprint, token: str | None) -> None:
    """Refuse every request to ``blueprint``'s routes that lacks ``token`` in the header: 403, no detail."""
    if not token:
        logger.error("COOPBOT_RASA_TOKEN is not set: the REST channel refuses every request")

    async def require_token(request: Request) -> HTTPResponse | None:
        if local_auth.presented(token, request.headers.get(local_auth.HEADER)):
            return None
        logger.warning("a REST channel request without the Rasa token was refused")
        return HTTPResponse(status=403)

    blueprint.middleware(require_token, "request")


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
