"""Views of the web chat: the page, the widget's files and the two JSON endpoints.

``POST /chat/api/session`` -> ``{"token": ...}``: a signed random session id.
``POST /chat/api/messages`` with ``Authorization: Bearer <token>`` and JSON
``{"text": ...}`` (optionally ``"language": "en" | "es"``, the member's explicit choice with the
widget's language buttons, a request for that language; or ``"default_language"``, the widget's
language when the member chose none, e.g. its page's: only the default of a conversation whose
member has not yet written in a language) -> ``{"replies": [{"text": ..., "buttons": [{"title", "payload"}]}], "language": ...}``
(the language the conversation now speaks, see docs/languages.md). ``{"language": ...}`` without
``"text"`` is a click on a language button in a conversation, the request alone: answered at once
in that language (that it continues in it, and the pending question).
Every refusal is JSON ``{"error": ...}`` with a sentence the widget can show.
"""

from __future__ import annotations

import math
from functools import wraps
from pathlib import Path

import json

from flask import current_app, jsonify, render_template, request, send_from_directory
from flask_babel import gettext as _
from flask_babel import ngettext

from backend.identity import chat_quota
from backend.identity import verification
from backend.staff import handoffs
from common.textinput import clean_member_text
from webhook.chat import bp, origins, session_tokens
from webhook.chat.labels import MAX_TEXT_LENGTH, all_labels
from webhook.client_ip import source_key
from webhook.relay import handle_message
from webhook.database import get_session

STATIC_DIR = Path(__file__).parent / "static"
CHANNEL = "web"
# Embedding sites fetch the widget by a fixed URL: let them pick up a new
# version within minutes rather than days.
ASSET_MAX_AGE = 300
# New chat sessions per client network and hour that open at once
# (COOPBOT_CHAT_SESSIONS_PER_HOUR, counted in the database by backend.identity.chat_quota):
# enough for a family behind one router; beyond it new chats are slowed, never
# refused for the hour, since a whole library or mobile network may share the address.


def _settings():
    return current_app.config["COOPBOT"]


def _error(status: int, message: str):
    response = jsonify(error=message)
    response.status_code = status
    return response


def json_api(view):
    """Origin check, CORS preflight and CORS headers for an endpoint the widget calls."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        settings = _settings()
        origin = request.headers.get("Origin")
        if not origins.is_allowed(origin, settings, request):
            response = _error(403, _("This web site is not allowed to use the chat."))
        elif request.method == "OPTIONS":
            response = current_app.response_class(status=204)
        else:
            response = current_app.make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return origins.add_cors_headers(response, origin, settings, request)

    return wrapper


def _how_long(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(num)d second", "%(num)d seconds", seconds)
    return ngettext("%(num)d minute", "%(num)d minutes", math.ceil(seconds / 60))


def _bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def chat_sender(view):
    """The view gets the conversation's sender id, read from the session token the widget sends as
    ``Authorization: Bearer``; without a token, or with one that is forged or expired, it does not
    run and the widget is told to reload or start again (401)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        settings = _settings()
        token = _bearer_token()
        if token is None:
            return _error(401, _("Your chat session is missing. Please reload the page."))
        try:
            session = session_tokens.session_id(settings.session_key, token)
        except session_tokens.InvalidToken:
            return _error(401, _("Your chat session has expired. Please start again."))
        return view(session_tokens.sender_id(settings.session_key, session), *args, **kwargs)

    return wrapper


@bp.get("/chat")
def page():
    settings = _settings()
    response = current_app.make_response(render_template("chat/page.html", settings=settings))
    # The page only runs our own script: a reply that somehow carried markup
    # could not run anything even if it were ever inserted as HTML.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
    )
    return response


# The line of widget.js that the labels of every language replace.
LABELS_LINE = "var CATALOG = null; // filled in by the server"


@bp.get("/chat/widget.js")
def widget_js():
    """The widget, with its labels in every language of ``COOPBOT_LANGUAGES`` (webhook.chat.labels)."""
    response = _asset("widget.js", "text/javascript")
    response.direct_passthrough = False
    source = response.get_data(as_text=True)
    labels = json.dumps(all_labels(), ensure_ascii=True).replace("</", "<\\/")
    response.set_data(source.replace(LABELS_LINE, f"var CATALOG = {labels};", 1))
    response.add_etag(overwrite=True)
    return response.make_conditional(request)


@bp.get("/chat/widget.css")
def widget_css():
    return _asset("widget.css", "text/css")


def _asset(name: str, mimetype: str):
    response = send_from_directory(STATIC_DIR, name, mimetype=mimetype, max_age=ASSET_MAX_AGE)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/chat/api/session", methods=["POST", "OPTIONS"], provide_automatic_options=False)
@json_api
def new_session():
    settings = _settings()
    db = get_session()
    wait = chat_quota.admit(db, source_key(settings.secret_key, request, settings.trusted_proxies),
                            settings.chat_sessions_per_hour)
    db.commit()
    if wait:
        seconds = max(1, math.ceil(wait.total_seconds()))
        response = _error(429, _("Too many new chats from your network. Please continue your open chat, "
                                 "or try again in %(wait)s.", wait=_how_long(seconds)))
        response.headers["Retry-After"] = str(seconds)
        return response
    token = session_tokens.issue(settings.session_key)
    return jsonify(token=token), 201


@bp.route("/chat/api/messages", methods=["POST", "OPTIONS"], provide_automatic_options=False)
@json_api
@chat_sender
def post_message(sender: str):
    settings = _settings()
    payload = request.get_json(silent=True)
    # A language request alone (a click on a language button) has no text: only a language the co-op
    # offers may come so. Any other "language" without text ({"language": null}) is an empty message.
    text = payload.get("text", "" if "language" in payload else None) if isinstance(payload, dict) else None
    if not isinstance(text, str):
        return _error(400, _('Send JSON like {"text": "your message"}.'))
    request_alone = "text" not in payload and payload.get("language") in settings.languages

    language, default_language = payload.get("language"), payload.get("default_language")
    if any(value is not None and value not in settings.languages for value in (language, default_language)):
        return _error(400, f"Unknown language: choose one of {', '.join(settings.languages)}.")

    text = clean_member_text(text).strip()
    if not text and not request_alone:
        return _error(400, _("Please type a message first."))
    if len(text) > MAX_TEXT_LENGTH:
        return _error(400, _("That message is too long: please keep it under %(num)d characters.",
                              num=MAX_TEXT_LENGTH))

    _remember_origin(sender, source_key(settings.secret_key, request, settings.trusted_proxies))
    turn = handle_message(CHANNEL, sender, text, sender_masked=f"web {sender[:8]}", language=language,
                          default_language=default_language)
    return jsonify(
        replies=[{"text": reply.text, "buttons": _buttons(reply.buttons)} for reply in turn.replies],
        language=turn.language,
        # The widget keeps no copy of a message that held a secret.
        secret=turn.secret,
        # A person has the conversation: the widget polls /chat/api/updates for their replies.
        handoff=turn.handoff,
    )


@bp.route("/chat/api/updates", methods=["GET", "OPTIONS"], provide_automatic_options=False)
@json_api
@chat_sender
def updates(sender: str):
    """``GET /chat/api/updates?after=<id>`` -> ``{"messages": [{"id", "text"}], "handoff": bool}``.

    What a person (or the assistant, at the hand-back) said in this chat after
    message ``after``, and whether a person still has the conversation. The widget
    polls it every second while ``handoff`` is true, and once when it opens, so a
    member who reopens it sees what was said meanwhile. Read from the database:
    any web worker on any host answers it.
    """
    after = request.args.get("after", default=0, type=int) or 0
    db = get_session()
    # The state first, then the messages: a hand-back's last words are never missed
    # (they are written in the same transaction that ends the handoff).
    open_now = handoffs.open_handoff(db, CHANNEL, sender) is not None
    messages = handoffs.messages_to_member(db, CHANNEL, sender, max(after, 0))
    db.rollback()
    return jsonify(messages=[{"id": m.id, "text": m.text} for m in messages], handoff=open_now)


def _buttons(buttons: list[dict]) -> list[dict]:
    return [
        {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
        for button in buttons or []
        if button.get("title") or button.get("payload")
    ]


def _remember_origin(sender: str, source: str) -> None:
    """Tell the backend which client this conversation comes from (guesses are counted per source)."""
    db = get_session()
    verification.remember_origin(db, sender, CHANNEL, source)
    db.commit()  # before Rasa works: SQLite has one writer
