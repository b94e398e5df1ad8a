"""Run the rasa-sdk action server on the loopback interface: ``python -m actions.serve --port N``.

The stock ``rasa_sdk`` runner binds 0.0.0.0 (from SANIC_HOST); the action server
has no authentication of its own, so only Rasa on the same machine may reach it.
"""

from __future__ import annotations

import argparse
import logging
import os

from rasa_sdk import endpoint
from rasa_sdk.executor import ActionExecutor

DEFAULT_PORT = 5055


def build_app():
    """The Sanic app serving every action of the ``actions`` package."""
    executor = ActionExecutor()
    executor.register_package("actions")
    return endpoint.create_app(executor, cors_origins=None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("COOPBOT_ACTION_PORT", DEFAULT_PORT)))
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Payloads carry member messages: keep rasa-sdk and Sanic at INFO, never DEBUG.
    app = build_app()
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
