"""The registration backend API (``/api``), called only by the action server.

The contract is ``backend/api/openapi.yaml``: one endpoint per step of the
conversation, JSON in and out, each keyed by the conversation id. Requests
carry the shared secret in ``X-Coopbot-Api-Key`` (compared in constant time);
anything else gets 401. Outcomes a member causes (no match, locked, already
registered ...) are 200 answers with a ``result``; malformed input is 400 and
a step out of order 409, both ``{"error": ..., "detail": ...}``.

Request bodies carry secrets (ZIP, SSN/TIN last four, security answers), so
nothing here logs a body, and no answer ever echoes one. Mail announced by a
step is delivered after the step's commit (``backend.notify.dispatch``), once the answer is sent.

Every request body may carry ``"language"`` (one of ``COOPBOT_LANGUAGES``): the
conversation's language, kept on its draft; the mails a step queues for the
member are written in it (``backend.notify.member_language``).
"""

from __future__ import annotations

import hmac

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from backend.notify import member_language
from backend.identity import possession
from backend.accounts import email_change, registration
from backend.identity import account_refs, held_proof, verification
from backend.core.errors import BadInput, StepOutOfOrder
from common import account_refs as common_account_refs, normalise
from backend.notify import dispatch
from backend.privacy import answer_mentions
from backend.staff import handoffs

bp = Blueprint("api", __name__, url_prefix="/api")

API_KEY_HEADER = "X-Coopbot-Api-Key"
MAX_CONVERSATION_ID = 64


def _settings():
    return current_app.config["COOPBOT"]


def _sessions():
    # Set up by the app factory (webhook.database.init_app); the backend never imports the webhook.
    return current_app.extensions["coopbot.sessions"]


@bp.before_request
def _require_api_key():
    expected = _settings().api_key
    given = request.headers.get(API_KEY_HEADER, "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return jsonify(error="unauthorized", detail=f"missing or wrong {API_KEY_HEADER}"), 401
    return None


@bp.errorhandler(BadInput)
def _bad_input(exc: BadInput):
    return jsonify(error=exc.code, detail=exc.detail), 400


@bp.errorhandler(StepOutOfOrder)
def _out_of_order(exc: StepOutOfOrder):
    body = {"error": exc.code, "detail": exc.detail}
    if exc.code == "not_verified":
        body["result"] = "not_verified"
    return jsonify(body), 409


@bp.errorhandler(OperationalError)
def _database_away(exc: OperationalError):
    # The database is restarting or failing over: 503, which the action server
    # turns into the polite "try again" reply; the member resends.
    current_app.logger.warning("database unavailable: %s", exc.__class__.__name__)
    return jsonify(error="database_unavailable", detail="try again shortly"), 503, {"Retry-After": "5"}


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    return jsonify(error=exc.name.lower().replace(" ", "_"), detail=exc.description), exc.code


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadInput("invalid_json", "send a JSON object (Content-Type: application/json)")
    return body


def _text(body: dict, name: str, required: bool = True, max_length: int = 254) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise BadInput("missing_field", f"{name} is required")
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a number typed as JSON number (account number, ZIP)
    if not isinstance(value, str) or len(value) > max_length:
        raise BadInput("invalid_field", f"{name} must be a string of at most {max_length} characters")
    return value


def _conversation_id(value: str | None) -> str:
    value = (value or "").strip()
    if not value or len(value) > MAX_CONVERSATION_ID:
        raise BadInput("invalid_field", f"conversation_id must be 1 to {MAX_CONVERSATION_ID} characters")
    return value


def _conversation_body() -> tuple[dict, str]:
    """The JSON body of a call about one conversation, and its checked ``conversation_id``."""
    body = _body()
    return body, _conversation_id(_text(body, "conversation_id"))


def _language(body: dict, conversation_id: str) -> str | None:
    """The conversation's language: the body's ``language`` (kept on the draft), else the one kept before."""
    value = body.get("language")
    with _sessions()() as session:
        if value is None or value == "":
            draft = verification.get_draft(session, conversation_id)
            return draft.language if draft is not None else None
        if not isinstance(value, str) or value.strip().lower() not in _settings().languages:
            raise BadInput("invalid_field", f"language must be one of {', '.join(_settings().languages)}")
        language = value.strip().lower()
        draft = verification.draft_for(session, conversation_id)
        if draft.language != language:
            draft.language = language
            session.commit()
        return language


def _session(language: str | None, conversation_id: str | None = None):
    """A session whose queued member mail is asked for in ``language`` by ``conversation_id``
    (``backend.notify.member_language`` decides whose language a mail to a login's address speaks)."""
    session = _sessions()()
    member_language.use(session, language, conversation_id, _settings())
    return session


def _run(step, *args, language: str | None = None, conversation_id: str | None = None):
    """Run one registration step in a session of its own, answer JSON, then deliver its mail.

    The mail goes out once the answer has been sent (the member's turn does not
    wait for the mail server); what cannot go then stays queued for the retry
    thread, as before.
    """
    with _session(language, conversation_id) as session:
        outcome = step(session, *args)
    response = jsonify(outcome.as_json())
    ids = list(outcome.notification_ids)
    if ids:
        settings, sessions = _settings(), _sessions()
        response.call_on_close(lambda: dispatch.deliver_after_commit(settings, sessions, ids))
    return response


def _check(language: str | None, check):
    """Run one identity check (``check(session)``) in a session of its own, deliver the notices it
    queued (a lock-out's mail, say) before answering, then answer its result as JSON."""
    with _session(language) as session:
        result = check(session)
        queued = verification.queued_notices(session)
    dispatch.deliver_after_commit(_settings(), _sessions(), queued)
    return jsonify(result.as_json())


def _run_for_conversation(step):
    """``_run`` for a step that needs nothing but the conversation (and its language)."""
    body, conversation_id = _conversation_body()
    return _run(step, _settings(), conversation_id, language=_language(body, conversation_id),
                conversation_id=conversation_id)


@bp.get("/config")
def config():
    return jsonify(registration.public_config(_settings()))


@bp.post("/identity/account/reference")
def identity_account_reference():
    """The keyed reference of an account number that could be an SSN: nothing is looked up or kept."""
    body = _body()
    account = verification.normalise_account_number(_text(body, "account_number", max_length=40))
    return jsonify({"account_ref": account_refs.reference(_settings(), account)})


@bp.post("/identity/account")
def identity_account():
    body, conversation_id = _conversation_body()
    # The number, or the reference the dialogue keeps in its place (common.account_refs).
    account_number = _text(body, "account_ref", required=False, max_length=60)
    if account_number is not None and not common_account_refs.is_reference(account_number):
        raise BadInput("invalid_field", "account_ref must be a reference from /identity/account/reference")
    account_number = account_number or _text(body, "account_number", max_length=40)
    name = _text(body, "name", max_length=normalise.MAX_NAME_LENGTH)
    return _check(_language(body, conversation_id), lambda session: verification.check_account(
        session, conversation_id, account_number, name, settings=_settings()))


@bp.post("/identity/verify")
def identity_verify():
    body, conversation_id = _conversation_body()
    zip_code = _text(body, "zip", required=False, max_length=20)
    last4 = _text(body, "tax_id_last4", required=False, max_length=20)
    meter = _text(body, "meter_number", required=False, max_length=40)
    return _check(_language(body, conversation_id), lambda session: verification.verify_secret(
        session, _settings(), conversation_id, zip_code, last4, meter_number=meter))


@bp.post("/identity/hold")
def identity_hold():
    """A ZIP / last 4 sent with an account number and name that did not match: held sealed for minutes."""
    body, conversation_id = _conversation_body()
    zip_code = _text(body, "zip", required=False, max_length=20)
    last4 = _text(body, "tax_id_last4", required=False, max_length=20)
    return _check(_language(body, conversation_id), lambda session: held_proof.hold(
        session, _settings(), conversation_id, zip_code, last4))


@bp.post("/identity/verify-held")
def identity_verify_held():
    """The held proof checked, once, with the account and name matched since (or ``none_held``)."""
    body, conversation_id = _conversation_body()
    return _check(_language(body, conversation_id), lambda session: held_proof.check_held(
        session, _settings(), conversation_id))


@bp.post("/identity/code")
def send_code():
    """Send a one-time code to the phone on file (COOPBOT_VERIFY_POLICY=phone): a text, or a call."""
    body, conversation_id = _conversation_body()
    language = _language(body, conversation_id)  # the call's and Twilio Verify's
    with _session(language) as session:
        result = possession.send_code(session, _settings(), conversation_id, language=language)
    return jsonify(result.as_json())


@bp.post("/identity/code/verify")
def verify_code():
    body, conversation_id = _conversation_body()
    code = _text(body, "code", max_length=20)
    return _check(_language(body, conversation_id), lambda session: possession.check_code(
        session, _settings(), conversation_id, code))


@bp.put("/security-answer")
def security_answer():
    body, conversation_id = _conversation_body()
    question = body.get("question")
    if isinstance(question, str) and question.strip().isdigit():
        question = int(question)
    answer = _text(body, "answer", max_length=registration.MAX_ANSWER_LENGTH)
    earlier = _messages(body)
    with _session(_language(body, conversation_id)) as session:
        result = registration.store_security_answer(session, conversation_id, question, answer,
                                                    settings=_settings())
        # Stored: the conversation's other messages holding the answer are redacted (docs/security.md).
        redact = answer_mentions.scrub_earlier(session, conversation_id, answer, earlier) \
            if result == registration.STORED else []
        session.commit()
    # "redact" answers the messages sent; a caller that sent none gets the answer it always got.
    return jsonify(result=result, redact=redact) if "messages" in body else jsonify(result=result)


@bp.post("/security-answer/mentions")
def security_answer_mentions():
    """Does a member message, sent after the answer was stored, hold the answer? Nothing is stored."""
    body, conversation_id = _conversation_body()
    text = _text(body, "text", max_length=MAX_MESSAGE_LENGTH)
    with _sessions()() as session:
        held = answer_mentions.later_mention(session, _settings(), conversation_id, text)
    return jsonify(mentions=held)


MAX_MESSAGE_LENGTH = 4000
MAX_EARLIER_MESSAGES = 500


def _messages(body: dict) -> list[tuple[str, str]]:
    """The optional ``messages`` of PUT /security-answer: the conversation's earlier member
    messages as the tracker holds them, ``[{"message_id": ..., "text": ...}]``."""
    value = body.get("messages") or []
    if not isinstance(value, list) or len(value) > MAX_EARLIER_MESSAGES:
        raise BadInput("invalid_field", f"messages must be a list of at most {MAX_EARLIER_MESSAGES}")
    messages = []
    for item in value:
        if not isinstance(item, dict):
            raise BadInput("invalid_field", "each message is {message_id, text}")
        messages.append((_text(item, "message_id", max_length=128),
                         _text(item, "text", max_length=MAX_MESSAGE_LENGTH)))
    return messages


@bp.post("/registrations")
def create_registration():
    body, conversation_id = _conversation_body()
    email = _text(body, "email")
    terms_accepted = body.get("terms_accepted")
    if not isinstance(terms_accepted, bool):
        raise BadInput("missing_field", "terms_accepted must be true or false")
    return _run(registration.register, _settings(), conversation_id, email, terms_accepted,
                language=_language(body, conversation_id), conversation_id=conversation_id)


@bp.post("/registrations/resend")
def resend_activation():
    return _run_for_conversation(registration.resend)


@bp.post("/password-reset")
def password_reset():
    return _run_for_conversation(registration.password_reset)


@bp.post("/unsubscribe")
def unsubscribe():
    return _run_for_conversation(registration.unsubscribe)


@bp.post("/email-change")
def email_change_request():
    """The proven account's login asks to move to a new address: the account page's change, by conversation."""
    body, conversation_id = _conversation_body()
    email = _text(body, "email")
    return _run(email_change.request_from_conversation, _settings(), conversation_id, email,
                language=_language(body, conversation_id), conversation_id=conversation_id)


@bp.post("/conversations/<conversation_id>/reset")
def reset_conversation(conversation_id: str):
    conversation_id = _conversation_id(conversation_id)
    with _sessions()() as session:
        verification.forget_conversation(session, conversation_id)
    return jsonify(result="reset")


@bp.post("/handoffs")
def request_handoff():
    """The member asked for a person: queue the conversation when the staffed hours allow (docs/handoff.md)."""
    body, conversation_id = _conversation_body()
    channel = _text(body, "channel", max_length=8)
    if channel not in handoffs.CHANNELS:
        raise BadInput("invalid_field", f"channel must be one of {', '.join(handoffs.CHANNELS)}")
    step = _text(body, "step", required=False, max_length=32)
    language = _language(body, conversation_id)
    with _sessions()() as session:
        result = handoffs.request_handoff(session, _settings().staffed, channel=channel,
                                          sender_key=conversation_id, language=language, step=step)
        session.commit()
    return jsonify(result.as_json())
