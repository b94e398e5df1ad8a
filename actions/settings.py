"""The few settings the action server reads: the variables ``coopbot exec actions`` gives it.

The action server does not import the backend (nor its settings class,
backend/core/config.py): ``coopbot exec`` reads the settings there, with their
defaults and the generated secrets of ``var/``, and hands this process the
resolved values below (docs/configuration.md). Nothing here has a default of
its own; a missing value stops the caller, naming the variable and the command.
"""

from __future__ import annotations

import os


class NotConfigured(RuntimeError):
    """The action server was started without the environment ``coopbot exec actions`` gives it."""


def _value(variable: str) -> str:
    value = os.environ.get(variable)
    if not value:
        raise NotConfigured(f"{variable} is not set: start the action server with `coopbot exec actions` "
                            "(scripts/serve-actions, make run), which sets it from the settings")
    return value


def backend_url() -> str:
    """The registration API (``COOPBOT_BACKEND_URL``)."""
    return _value("COOPBOT_BACKEND_URL").rstrip("/")


def api_key() -> str:
    """The key of the registration API (``COOPBOT_API_KEY``)."""
    return _value("COOPBOT_API_KEY")


def action_token() -> str:
    """The token Rasa presents with each action call (``COOPBOT_ACTION_TOKEN``; common/local_auth.py).

    ``coopbot exec`` derives it from the Rasa token and gives it to Rasa and to
    this process only; the action server never sees the Rasa token itself.
    """
    return _value("COOPBOT_ACTION_TOKEN")


def timing() -> bool:
    """``COOPBOT_TIMING`` (``make bench``): log where each action's time goes; off when unset."""
    return os.environ.get("COOPBOT_TIMING", "0") == "1"
