"""The coopbot web app: channels (SMS, web chat), member pages, staff console.

``create_app`` is the only entry point; nothing happens at import time. Each
concern is a blueprint in a module or package of its own:

- ``webhook.member``       /activate, /login, /account, /terms
- ``webhook.sms``          /sms         Twilio inbound webhook and status callbacks
- ``webhook.chat``         /chat        web chat page, widget and its JSON endpoint
- ``webhook.staff``        /staff/...   staff console
- ``webhook.health``       /healthz
- ``webhook.metrics``      /metrics     Prometheus (loopback or allowed addresses only)

The registration API (``/api``) is not served here: it runs in a process of its
own on loopback (``backend.api.app``), so it has its own worker pool and no
public door.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from common import logredact
from backend.core.config import Settings, load_settings
from backend.privacy.logs import configure_logging
from webhook import database, hosts, i18n
from webhook import server_timing as timing
from webhook.request import CleanRequest


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app for ``settings`` (read from the environment when omitted)."""
    # Stops at once, saying what to run, when a secret it signs or hashes with is missing.
    settings = (settings or load_settings()).require("secret_key", "rasa_token")
    configure_logging(settings)
    logredact.install()  # no secret in a log line of this process
    app = Flask(__name__)
    app.request_class = CleanRequest  # form fields cleaned once, as they are parsed
    app.config.update(
        SECRET_KEY=settings.session_key,  # its own key: rotating it leaves stored hashes valid
        COOPBOT=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=1 * 1024 * 1024,
    )
    hosts.init_app(app, settings)  # first: a request under a stranger's Host name reaches nothing
    database.init_app(app, settings)
    timing.init_app(app)
    i18n.init_app(app)

    from webhook.chat import bp as chat_bp
    from webhook.health import bp as health_bp
    from webhook.member import bp as member_bp
    from webhook.metrics import bp as metrics_bp
    from webhook.metrics import instrument
    from webhook.sms import bp as sms_bp
    from webhook.staff import bp as staff_bp

    csrf = CSRFProtect(app)
    # Machine-to-machine endpoints authenticate otherwise (Twilio signature,
    # chat session token); every HTML form is CSRF-protected.
    for blueprint in (sms_bp, chat_bp):
        csrf.exempt(blueprint)
    for blueprint in (member_bp, sms_bp, chat_bp, staff_bp, health_bp, metrics_bp):
        app.register_blueprint(blueprint)
    instrument(app)

    @app.get("/favicon.ico")
    def favicon():
        # Browsers ask for it on every page: a small icon, never a 404 in the console.
        return app.send_static_file("favicon.svg")

    return app
