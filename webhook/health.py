"""``GET /healthz``: is every part a member's message needs up?

A load balancer, ``make run`` and the operator ask this one URL. It answers
200 only when the database answers ``SELECT 1``, the Rasa server has a model
loaded and the action server answers its ``/health``; otherwise 503 naming
what is down. Every check has a short timeout, so a hung service makes the
answer "down", never a hung health check.
"""

from __future__ import annotations

import logging

import httpx
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from webhook.database import get_session
from webhook.rasa_client import RasaUnavailable, client_for

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)

ACTION_SERVER_TIMEOUT = 2.0


def _database() -> str:
    session = get_session()
    try:
        session.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        log.warning("health: database down: %s", exc.__class__.__name__)
        return "down"
    finally:
        session.rollback()


def _rasa() -> str:
    try:
        client_for(current_app).status()
        return "ok"
    except RasaUnavailable as exc:
        log.warning("health: rasa down: %s", exc)
        return "down"


def _action_server() -> str:
    url = current_app.config["COOPBOT"].action_server_url.rstrip("/") + "/health"
    try:
        response = httpx.get(url, timeout=ACTION_SERVER_TIMEOUT)
    except httpx.HTTPError as exc:
        log.warning("health: action server down: %s", exc.__class__.__name__)
        return "down"
    return "ok" if response.status_code == 200 else "down"


@bp.get("/healthz")
def healthz():
    checks = {"web": "ok", "database": _database(), "rasa": _rasa(), "action_server": _action_server()}
    healthy = all(value == "ok" for value in checks.values())
    down = [name for name, value in checks.items() if value != "ok"]
    body = {"status": "ok" if healthy else "down", **checks}
    if down:
        body["down"] = down
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
