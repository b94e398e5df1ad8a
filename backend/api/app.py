"""The registration API as a process of its own (``scripts/serve-api``).

Only the action server calls ``/api``; the public web app does not serve it.
Here it gets its own gunicorn workers and threads on ``127.0.0.1:COOPBOT_API_PORT``,
so a member's turn (web app -> Rasa -> action server -> API) never waits for a
thread of the pool that is serving that very turn, and the identity checks are
not reachable from the internet.

``GET /healthz`` (no key, no data) answers 200 when the database answers, so
the web app's own ``/healthz`` and a supervisor can tell whether this process is up.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from sqlalchemy import text

from common.json_request import DepthSafeJsonRequest
from backend.core.config import Settings, load_settings
from backend.storage.db import make_engine, make_session_factory
from backend.privacy.logs import configure_logging

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the registration API app for ``settings`` (read from the environment when omitted)."""
    # Stops at once, saying what to run, when the key its callers present or the master secret is missing.
    settings = (settings or load_settings()).require("api_key", "secret_key")
    configure_logging(settings)
    app = Flask(__name__)
    # A body nested past the parser's limit is malformed JSON (400 invalid_json), not a 500.
    app.request_class = DepthSafeJsonRequest
    app.config.update(COOPBOT=settings, MAX_CONTENT_LENGTH=64 * 1024)
    engine = make_engine(settings.database_url)
    app.extensions["coopbot.engine"] = engine
    app.extensions["coopbot.sessions"] = make_session_factory(engine)

    from backend.api.routes import bp as api_bp

    app.register_blueprint(api_bp)

    @app.get("/healthz")
    def healthz():
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            database = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "down"
            log.warning("api health: database down: %s", exc.__class__.__name__)
            database = "down"
        healthy = database == "ok"
        response = jsonify(status="ok" if healthy else "down", database=database)
        response.status_code = 200 if healthy else 503
        response.headers["Cache-Control"] = "no-store"
        return response

    return app
