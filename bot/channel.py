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
turn's time went (bot/timing.py).

Configured in bot/credentials.yml under the same name as the stock channel
("rest"), so the URL stays ``/webhooks/rest/webhook``.
"""

from __future__ import annotations

import time
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from bot import timing
from bot.tracker_store import pop_turn_summary

TURN_KEY = "coopbot_turn"


class TurnInfoRestInput(RestInput):
    """The REST channel whose answer ends with the turn's summary (when there is one)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        measure = timing.enabled()
        if measure:
            timing.install()

        async def handle_and_summarise(message: UserMessage) -> None:
            if measure:
                started, token = time.perf_counter(), timing.start()
                try:
                    await on_new_message(message)
                finally:
                    figures = timing.finish(token)
                figures["turn_ms"] = round((time.perf_counter() - started) * 1000, 3)
            else:
                await on_new_message(message)
            summary = pop_turn_summary(message.sender_id, message.message_id)
            if summary is not None and measure:
                summary = {**summary, "timing": figures}
            if summary is not None and isinstance(message.output_channel, CollectingOutputChannel):
                message.output_channel.messages.append(
                    {"recipient_id": message.sender_id, "custom": {TURN_KEY: summary}}
                )

        return super().blueprint(handle_and_summarise)
