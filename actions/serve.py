"""Run the rasa-sdk action server on the loopback interface: ``python -m actions.serve --port N``.

The stock ``rasa_sdk`` runner binds 0.0.0.0 (from SANIC_HOST); the action server
has no authentication of its own, so only Rasa on the same machine may reach it.
"""

from __future__ import annotations

import argparse
import logging
import time
from typing import Any

from rasa_sdk import endpoint
from rasa_sdk.executor import ActionExecutor

from actions import settings
from actions.language import language_in, speaking
from common import logredact

log = logging.getLogger(__name__)
TIMING = settings.timing()


class Executor(ActionExecutor):
    """rasa-sdk's executor, for a Rasa server that sends no domain (bot/endpoints.yml).

    Rasa sends its whole domain with every action call unless
    ``enable_selective_domain`` is on; no coopbot action reads the domain, so
    Rasa leaves it out and this executor accepts its absence (rasa-sdk would
    otherwise ask for it again with HTTP 449, which Rasa 3.6 does not
    understand). With ``COOPBOT_TIMING=1`` each action logs how long it ran
    (name and milliseconds only), for ``make bench``. Each action runs in the
    language of the turn (``actions.language.speaking``).
    """

    def update_and_return_domain(self, payload: dict[str, Any], action_name: str) -> dict[str, Any] | None:
        if payload.get("domain") is None and not self.is_domain_digest_valid(payload.get("domain_digest")):
            return self.domain or {}
        return super().update_and_return_domain(payload, action_name)

    async def run(self, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        tracker = action_call.get("tracker") or {}
        with speaking(language_in(tracker.get("latest_message"), tracker.get("events"))):
            return await self._run(action_call, *args, **kwargs)

    async def _run(self, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        if not TIMING:
            return await super().run(action_call, *args, **kwargs)
        started = time.perf_counter()
        try:
            return await super().run(action_call, *args, **kwargs)
        finally:
            log.info("coopbot-timing action %s %.2f ms", action_call.get("next_action"),
                     (time.perf_counter() - started) * 1000)


def build_app():
    """The Sanic app serving every action of the ``actions`` package."""
    executor = Executor()
    executor.register_package("actions")
    return endpoint.create_app(executor, cors_origins=None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)  # from COOPBOT_ACTION_SERVER_URL (coopbot exec)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Payloads carry member messages: keep rasa-sdk and Sanic at INFO, never DEBUG, and redact
    # what is logged all the same (an exception's text may quote a message).
    logredact.install()
    app = build_app()
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
