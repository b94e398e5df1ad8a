"""The few settings the Rasa server reads: the variables ``coopbot exec rasa`` gives it.

Rasa runs in its own Python 3.10 environment and does not import the backend
(nor its settings class, backend/core/config.py): ``coopbot exec`` resolves the
settings there and hands the Rasa server the values below
(docs/configuration.md). ``rasa test`` and ``rasa shell``, run without that
command, read the defaults below (no Redis, the tracker file under ``var/``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def redis_url() -> Optional[str]:
    """``COOPBOT_REDIS_URL``: Rasa's tracker and lock stores on Redis (several replicas); unset: none."""
    return os.environ.get("COOPBOT_REDIS_URL") or None


def tracker_db() -> Path:
    """``COOPBOT_TRACKER_DB``: the SQLite tracker of one Rasa server (``coopbot exec`` always sets it).

    Unset only under ``rasa test`` (scripts/test), whose tracker is a scratch file.
    """
    value = os.environ.get("COOPBOT_TRACKER_DB")
    return Path(value) if value else PROJECT_ROOT / "var" / "rasa_tracker.db"


def rasa_token() -> Optional[str]:
    """``COOPBOT_RASA_TOKEN``: guards Rasa's HTTP API and its REST channel (bot/channel.py); unset: none.

    Read here rather than from Rasa's command line, where every local user
    could read it (``ps``): bot/serve.py hands it to Rasa inside the process.
    """
    return os.environ.get("COOPBOT_RASA_TOKEN") or None


def timing() -> bool:
    """``COOPBOT_TIMING`` (``make bench``): each turn reports where its time went; off when unset."""
    return os.environ.get("COOPBOT_TIMING", "0") == "1"


def profile_to() -> Optional[str]:
    """``COOPBOT_PROFILE_RASA`` (development only): write a cProfile of the run to this file."""
    return os.environ.get("COOPBOT_PROFILE_RASA") or None
