"""Run the rasa-sdk action server on the loopback interface: ``python -m actions.serve --port N``.

The stock ``rasa_sdk`` runner binds 0.0.0.0 (from SANIC_HOST) and answers any
caller; here it listens on loopback only, and every request but ``/health``
must carry the action-server token in the ``X-Coopbot-Token`` header
(``common.local_auth``; Rasa sends it, bot/endpoints.yml). Without it the
answer is 403 with an empty body: a local process cannot run an action on a
forged tracker (e.g. one claiming to be an SMS from a member's phone).
"""

from __future__ import annotations

import argparse
import logging
import time
from typing import Any

from rasa_sdk import Tracker, endpoint
from rasa_sdk.executor import ActionExecutor
from sanic.request import Request
from sanic.response import HTTPResponse

from actions import settings
from actions.answer_elsewhere import mark_after_the_form
from actions.channel import answering_on, channel_in
from actions.language import language_in, speaking
from common import local_auth, logredact

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
    language of the turn (``actions.language.speaking``), worded for its channel
    (``actions.channel.answering_on``).
    """

    def update_and_return_domain(self, payload: dict[str, Any], action_name: str) -> dict[str, Any] | None:
        if payload.get("domain") is None and not self.is_domain_digest_valid(payload.get("domain_digest")):
            return self.domain or {}
        return super().update_and_return_domain(payload, action_name)

    async def run(self, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        tracker = action_call.get("tracker") or {}
        with speaking(language_in(tracker.get("latest_message"), tracker.get("events"))), \
                answering_on(channel_in(tracker.get("latest_message"), tracker.get("events"))):
            result = await self._run(action_call, *args, **kwargs)
            if result is not None and tracker:
                # After the form, a message may still hold the security answer (actions.answer_elsewhere).
                result.events.extend(await mark_after_the_form(Tracker.from_dict(tracker), result.events))
            return result

    async def _run(self, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        if not TIMING:
            return await super().run(action_call, *args, **kwargs)
        started = time.perf_counter()
        try:
            return await super().run(action_call, *args, **kwargs)
        finally:
            log.info("coopbot-timing action %s %.2f ms", action_call.get("next_action"),
                     (time.perf_counter() - started) * 1000)


# Open to any caller: says only that the process is up (the web app's /healthz asks it).
OPEN_PATHS = ("/health",)


def build_app():
    """The Sanic app serving every action of the ``actions`` package to Rasa only.

    Callers present ``COOPBOT_ACTION_TOKEN``; without one set, the process stops here.
    """
    token = settings.action_token()
    executor = Executor()
    executor.register_package("actions")
    app = endpoint.create_app(executor, cors_origins=None)

    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or local_auth.presented(token, request.headers.get(local_auth.HEADER)):
            return None
        log.warning("an action server request without the action token was refused")
        return HTTPResponse(status=403)

    app.on_request(require_token, priority=100)
    return app


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
