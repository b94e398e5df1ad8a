"""``Server-Timing`` on every answer of the web app, when ``COOPBOT_TIMING=1`` (``make bench``).

The header says how long the request took inside the app (``app``), how much
of that was waiting for Rasa (``rasa``), whether the relay had to read the
tracker back (``tracker``), and the stages Rasa reported for the turn
(``nlu``, ``policy``, ``actions``, ``store``; see bot/stage_timing.py), all in
milliseconds. It carries durations only, never message content.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g


def note(**figures: float) -> None:
    """Add figures (milliseconds, or counts named ``*_n``) to this request's Server-Timing."""
    if current_app.config["COOPBOT"].timing:
        g.setdefault("coopbot_timing", {}).update(figures)


def init_app(app: Flask) -> None:
    if not app.config["COOPBOT"].timing:
        return

    @app.before_request
    def _start() -> None:
        g.coopbot_started = time.perf_counter()

    @app.after_request
    def _header(response):
        started = g.get("coopbot_started")
        if started is not None:
            parts = [f"app;dur={(time.perf_counter() - started) * 1000:.2f}"]
            for name, value in (g.get("coopbot_timing") or {}).items():
                parts.append(f"{name.removesuffix('_ms')};dur={float(value):.2f}")
            response.headers["Server-Timing"] = ", ".join(parts)
        return response
