"""``GET /healthz``: is every part a member's message needs up?

A load balancer, ``make run`` and the operator ask this one URL. It answers
200 only when the database answers ``SELECT 1``, the Rasa server has a model
loaded, the action server answers its ``/health`` and the registration API
process answers its ``/healthz``; otherwise 503 naming what is down.

Every check has a short timeout and they run side by side, so a hung
service makes the answer "down", never a hung health check.

With several Rasa replicas, ``replicas`` lists each Rasa server and its
action server by URL, and ``rasa`` / ``action_server`` sum them up: "ok" when
all answer, "degraded" when some do (still 200: the members of a replica that
is down are served by their next one; ``degraded`` names the part), "down"
when none does.

Only loopback and the addresses an operator allows (``webhook.operator_access``)
see those details; anyone else gets ``{"status": "ok"}`` or ``{"status": "down"}``
with the same status code (docs/contract.md, section 3).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import httpx
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from backend.core.config import action_servers, rasa_servers
from webhook import operator_access
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


def _rasa(client, url: str) -> str:
    try:
        client.status(url)
        return "ok"
    except RasaUnavailable as exc:
        log.warning("health: rasa %s down: %s", url, exc)
        return "down"


def _http_ok(url: str, what: str) -> str:
    try:
        response = httpx.get(url, timeout=ACTION_SERVER_TIMEOUT)
    except httpx.HTTPError as exc:
        log.warning("health: %s down: %s", what, exc.__class__.__name__)
        return "down"
    return "ok" if response.status_code == 200 else "down"


def _summary(values) -> str:
    """"ok" when every replica is up, "degraded" when some are (their members move on), else "down"."""
    values = list(values)
    if all(value == "ok" for value in values):
        return "ok"
    return "degraded" if any(value == "ok" for value in values) else "down"


@bp.get("/healthz")
def healthz():
    settings = current_app.config["COOPBOT"]
    client = client_for(current_app)
    rasa_urls, action_urls = rasa_servers(settings), action_servers(settings)
    # The remote checks run side by side, so a hung service costs one timeout, not one each.
    with ThreadPoolExecutor(max_workers=2 + len(rasa_urls) + len(action_urls)) as pool:
        rasa = [pool.submit(_rasa, client, url) for url in rasa_urls]
        actions = [pool.submit(_http_ok, url.rstrip("/") + "/health", "action server") for url in action_urls]
        api = pool.submit(_http_ok, settings.backend_url.rstrip("/") + "/healthz", "registration API")
        database = _database()
    rasa_states = [future.result() for future in rasa]
    action_states = [future.result() for future in actions]
    checks = {"web": "ok", "database": database, "rasa": _summary(rasa_states),
              "action_server": _summary(action_states), "api": api.result()}
    down = [name for name, value in checks.items() if value == "down"]
    degraded = [name for name, value in checks.items() if value == "degraded"]
    healthy = not down
    body = {"status": "down" if down else ("degraded" if degraded else "ok"), **checks}
    if degraded:
        body["degraded"] = degraded
    if len(rasa_urls) > 1 or len(action_urls) > 1:
        body["replicas"] = [
            {"rasa": rasa_url, "rasa_status": rasa_state, "action_server": action_url, "action_server_status": action_state}
            for rasa_url, rasa_state, action_url, action_state
            in zip(rasa_urls, rasa_states, action_urls, action_states)
        ]
    if down:
        body["down"] = down
    if not operator_access.allowed():
        body = {"status": "ok" if healthy else "down"}
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
