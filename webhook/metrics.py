"""``GET /metrics``: Prometheus metrics of the web app, with no personal data.

Answered only to loopback or to the addresses (or networks) an operator lists
in ``COOPBOT_METRICS_ALLOW``; anyone else gets 404. A request that came
through a proxy (``X-Forwarded-For`` / ``Forwarded``) counts as from outside
unless the proxy itself is allowed, so a reverse proxy on the same host does
not publish the metrics.

Measured in the web app:

- ``coopbot_turn_seconds{stage, channel}``: latency of one member turn;
  ``stage="web"`` is the whole request (``/sms``, ``/chat/api/messages``),
  ``stage="rasa"`` the call to the Rasa server (Rasa, action server and API);
- ``coopbot_messages_total{channel}``: member messages received;
- ``coopbot_rasa_failovers_total``: messages resent to a sender's next replica.

Read from the database at scrape time (so every process and restart agrees):
registrations by status and those created in the last 24 hours, failed
identity checks in the last 24 hours, lock-outs in force and those of the last
24 hours, and mail and text notifications waiting or failed (the queue depth).

Under gunicorn with several workers, ``PROMETHEUS_MULTIPROC_DIR`` (set by
``scripts/serve-web`` to a folder under ``var/``) makes every worker's numbers
add up in one answer.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from backend.storage.models import Lockout, Notification, Registration, VerificationAttempt, utcnow
from webhook import operator_access

log = logging.getLogger(__name__)

bp = Blueprint("metrics", __name__)

LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 10, 15, 30)

TURN_SECONDS = Histogram("coopbot_turn_seconds", "Latency of one member turn, by stage and channel",
                         ["stage", "channel"], buckets=LATENCY_BUCKETS)
MESSAGES = Counter("coopbot_messages", "Member messages received, by channel", ["channel"])
FAILOVERS = Counter("coopbot_rasa_failovers", "Member messages resent to the sender's next Rasa replica")

# Endpoints that carry one member message each, and their channel.
TURN_ENDPOINTS = {"sms.inbound": "sms", "chat.post_message": "chat"}
RECENT = timedelta(hours=24)


def instrument(app) -> None:
    """Time every member turn the web app answers (whole request, stage "web")."""

    @app.before_request
    def _start_turn():
        channel = TURN_ENDPOINTS.get(request.endpoint or "")
        if channel and request.method == "POST":
            g.coopbot_turn = (channel, time.perf_counter())

    @app.after_request
    def _end_turn(response):
        turn = g.pop("coopbot_turn", None)
        if turn is not None and response.status_code < 400:
            channel, started = turn
            MESSAGES.labels(channel).inc()
            TURN_SECONDS.labels("web", channel).observe(time.perf_counter() - started)
        return response


def observe_rasa_call(seconds: float, channel: str) -> None:
    TURN_SECONDS.labels("rasa", channel or "unknown").observe(seconds)


class DatabaseCollector:
    """Gauges read from the registration database at scrape time."""

    def __init__(self, session_factory):
        self.session_factory = session_factory

    def collect(self):
        now = utcnow()
        since = now - RECENT
        with self.session_factory() as session:
            by_status = session.execute(
                select(Registration.status, func.count()).group_by(Registration.status)).all()
            created = session.scalar(
                select(func.count()).select_from(Registration).where(Registration.created_at >= since))
            failures = session.scalar(
                select(func.count()).select_from(VerificationAttempt)
                .where(VerificationAttempt.succeeded.is_(False), VerificationAttempt.created_at >= since))
            locks_now = session.scalar(
                select(func.count()).select_from(Lockout).where(Lockout.locked_until > now))
            locks_recent = session.scalar(
                select(func.count()).select_from(Lockout).where(Lockout.locked_at >= since))
            queue = session.execute(
                select(Notification.channel, Notification.status, func.count())
                .where(Notification.status.in_(("pending", "sending", "failed")))
                .group_by(Notification.channel, Notification.status)).all()
        registrations = GaugeMetricFamily("coopbot_registrations", "Registrations by status", labels=["status"])
        for status, count in by_status:
            registrations.add_metric([status], count)
        yield registrations
        yield GaugeMetricFamily("coopbot_registrations_created_24h",
                                "Registrations created in the last 24 hours", value=created or 0)
        yield GaugeMetricFamily("coopbot_verification_failures_24h",
                                "Failed identity checks (name, ZIP or last 4) in the last 24 hours",
                                value=failures or 0)
        yield GaugeMetricFamily("coopbot_lockouts_active", "Accounts or conversations locked now",
                                value=locks_now or 0)
        yield GaugeMetricFamily("coopbot_lockouts_24h", "Lock-outs started in the last 24 hours",
                                value=locks_recent or 0)
        depth = GaugeMetricFamily("coopbot_notifications_waiting",
                                  "Mail (email) and texts (sms) not sent yet: pending, being sent, or failed",
                                  labels=["channel", "status"])
        seen = {(channel, status): count for channel, status, count in queue}
        for channel in ("email", "sms"):
            for status in ("pending", "sending", "failed"):
                depth.add_metric([channel, status], seen.get((channel, status), 0))
        yield depth


def _registry(session_factory=None) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if current_app.config["COOPBOT"].metrics_dir:  # several workers: prometheus_client adds up their files
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (TURN_SECONDS, MESSAGES, FAILOVERS):
            registry.register(collector)
    if session_factory is not None:
        registry.register(DatabaseCollector(session_factory))
    return registry


@bp.get("/metrics")
def metrics():
    if not operator_access.allowed():
        abort(404)
    try:
        body = generate_latest(_registry(current_app.extensions["coopbot.sessions"]))
    except Exception:  # noqa: BLE001 - the database may be down: still show the process metrics
        log.warning("metrics: database gauges unavailable", exc_info=False)
        body = generate_latest(_registry())
    response = Response(body, mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response
