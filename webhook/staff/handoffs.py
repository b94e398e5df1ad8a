"""/staff/handoffs: the live queue of conversations waiting for a person, and one handed-off conversation.

An agent claims a waiting conversation (one conditional UPDATE: two agents never
hold the same one), reads the redacted transcript so far and the member's new
messages as they arrive, writes replies (form field ``message``), and hands the
conversation back to the assistant or closes it (docs/handoff.md).

Live updates are polled by ``static/handoffs.js`` (every second) from two small
JSON views that read the database, so they work with any number of web workers
and hosts and need nothing beyond what ``make run`` starts.

An agent's reply is held to the assistant's rules: no secret or contact detail
(the transcripts' redaction must leave it unchanged, ``common.redaction``), and by
SMS plain GSM-7 text of at most two segments (the counter on the page shows it).
It reaches the member by SMS through ``backend.notify.sms`` (Twilio's REST API or
the outbox; never to a number that opted out), or in the web chat, whose widget
polls ``/chat/api/updates``. Claim, reply, hand-back and close are audit-logged.
Times are shown in the co-op's zone (that of ``COOPBOT_STAFFED_HOURS``). Below the queue
the page lists the members of the last day who asked for a person and were not queued
(told the phone number; ``backend.staff.asks`` defines who asked, for every page).

An agent may mail the member a password-reset link, or resend the activation link,
only as the assistant would (``backend.accounts.registration``, the functions
behind the API): to the address on file of an account this conversation has
proven, never to an address the member merely typed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from twilio.base.exceptions import TwilioRestException

from common.gsm import MAX_SEPTETS, septets, to_gsm7
from backend import staff as staff_data
from backend.accounts import registration
from backend.core.errors import StepOutOfOrder
from backend.notify import dispatch
from backend.notify import sms
from backend.privacy import transcripts
from backend.staff import asks, handoffs
from backend.storage.models import Handoff, utcnow
from common.redaction import redact_reply
from common.textinput import clean_member_text
from webhook import relay
from webhook.catalog import HANDED_BACK, HANDOFF_CLOSED, translate
from webhook.channel_text import as_sent
from webhook.database import get_session, session_factory
from webhook.staff import bp
from webhook.staff.auth import login_required
from webhook.staff.formatting import co_op_zone, when

# A web-chat reply may be longer than a text message, not a letter.
WEB_MAX_LENGTH = 1000
POLL_MILLISECONDS = 1000

REFUSALS = {
    "taken": "Another agent has this conversation.",
    "not_claimed": "Take the conversation first.",
    "ended": "This conversation is no longer handed off.",
    "mine": "You already have this conversation.",
    "not_found": "No such conversation.",
}


def _settings():
    return current_app.config["COOPBOT"]


def waited(since: datetime, now: datetime) -> str:
    """ "4 min", "1 h 05 min": how long a member has been waiting."""
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    minutes = max(0, int((now - since).total_seconds() // 60))
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _row(handoff: Handoff, now: datetime) -> dict:
    return {
        "id": handoff.id,
        "url": url_for("staff.handoff", handoff_id=handoff.id),
        "channel": staff_data.CHANNELS.get(handoff.channel, handoff.channel),
        "language": handoff.language or "-",
        "step": staff_data.step_label(handoff.step) if handoff.step else "-",
        "status": handoff.status,
        "agent": handoff.agent.email if handoff.agent else "",
        "waiting": waited(handoff.created_at, now),
        "last_activity": when(handoff.last_activity_at),
    }


def _queue_rows() -> list[dict]:
    """The queue as the page shows it and polls it (a read only: the session is rolled back)."""
    now = utcnow()
    rows = [_row(h, now) for h in handoffs.queue(get_session())]
    get_session().rollback()
    return rows


# How far back the queue page lists members who asked for a person and were not queued.
NOT_QUEUED_WITHIN = timedelta(hours=24)


@bp.route("/handoffs")
@login_required
def handoff_queue():
    not_queued = asks.not_queued_since(get_session(), utcnow() - NOT_QUEUED_WITHIN)
    get_session().rollback()
    return render_template("staff/handoffs.html", rows=_queue_rows(), poll=POLL_MILLISECONDS, zone=str(co_op_zone()),
                           not_queued=not_queued, asked_at=asks.asked_at)


@bp.route("/handoffs.json")
@login_required
def handoff_queue_json():
    return jsonify(handoffs=_queue_rows())


def _handoff(handoff_id: int) -> Handoff:
    handoff = handoffs.get(get_session(), handoff_id)
    if handoff is None:
        abort(404)
    return handoff


def _message_json(message) -> dict:
    return {"id": message.id, "author": message.author, "text": message.text,
            "at": when(message.created_at)}


@bp.route("/handoffs/<int:handoff_id>")
@login_required
def handoff(handoff_id: int):
    db = get_session()
    handoff = _handoff(handoff_id)
    conversation = handoff.conversation
    # The conversation so far is a transcript: who read it is recorded, as for any transcript.
    staff_data.record_audit(db, g.staff.id, staff_data.VIEW_TRANSCRIPT,
                            conversation_id=handoff.conversation_id, detail=f"handoff {handoff.id}")
    db.commit()
    handoff = _handoff(handoff_id)
    return render_template(
        "staff/handoff.html", handoff=handoff, conversation=handoff.conversation if conversation else None,
        messages=[_message_json(m) for m in handoff.messages], mine=handoff.claimed_by == g.staff.id,
        local_time=when, poll=POLL_MILLISECONDS, max_septets=MAX_SEPTETS, web_max=WEB_MAX_LENGTH,
        step=staff_data.step_label(handoff.step) if handoff.step else "-", zone=str(co_op_zone()),
    )


@bp.route("/handoffs/<int:handoff_id>/messages.json")
@login_required
def handoff_messages(handoff_id: int):
    after = request.args.get("after", default=0, type=int) or 0
    db = get_session()
    handoff = _handoff(handoff_id)
    messages = handoffs.messages_after(db, handoff.id, max(after, 0))
    body = {"status": handoff.status, "agent": handoff.agent.email if handoff.agent else "",
            "messages": [_message_json(m) for m in messages]}
    db.rollback()
    return jsonify(body)


def _back(handoff_id: int):
    return redirect(url_for("staff.handoff", handoff_id=handoff_id), 303)


@bp.route("/handoffs/<int:handoff_id>/claim", methods=["POST"])
@login_required
def claim_handoff(handoff_id: int):
    db = get_session()
    try:
        handoffs.claim(db, handoff_id, g.staff.id)
        db.commit()
        flash("The conversation is yours: the member's messages now come to you.", "success")
    except handoffs.HandoffError as refusal:
        db.rollback()
        flash(REFUSALS.get(refusal.code, refusal.code), "error")
    return _back(handoff_id)


def check_reply(text: str, channel: str) -> tuple[str, str | None]:
    """The reply as it will be sent, and why it cannot be (None: it can).

    Held to the assistant's rules: nothing the transcripts would redact (SSN/TIN
    digits, a ZIP code, a code, a link token, an e-mail address or phone number
    other than the co-op's own), and by SMS GSM-7 text of at most two segments.
    """
    text = clean_member_text(text or "").strip()
    if channel == "sms":
        text = to_gsm7(text).strip()
    if not text:
        return text, "Write a reply first."
    if redact_reply(text, transcripts.public_values(_settings())) != text:
        return text, ("The reply holds something that looks like a secret or a contact detail (digits of an "
                      "SSN, a ZIP code, a code, a link, an e-mail address or a phone number). Leave it out.")
    if channel == "sms" and septets(text) > MAX_SEPTETS:
        return text, f"Too long for two text messages: {septets(text)} of {MAX_SEPTETS} characters."
    if channel != "sms" and len(text) > WEB_MAX_LENGTH:
        return text, f"Too long: {len(text)} of {WEB_MAX_LENGTH} characters."
    return text, None


def _text_member(handoff: Handoff, texts: list[str]) -> str | None:
    """Send ``texts`` by SMS to the handoff's member; a sentence for the agent when they could not go."""
    if handoff.channel != "sms" or not texts:
        return None
    if not handoff.reply_to:
        return "The member's number is not known: the reply could not be texted."
    db = get_session()
    for text in texts:
        try:
            result = sms.send_sms(_settings(), db, handoff.reply_to, text)
        except TwilioRestException:
            current_app.logger.warning("Twilio refused a handoff reply")
            return "Twilio refused the text: the member did not get it."
        if result.status == sms.OPTED_OUT:
            return "This number opted out of texts (STOP): nothing was sent."
        if result.status == sms.FAILED:
            return "Twilio could not deliver the text: the member did not get it."
    return None


@bp.route("/handoffs/<int:handoff_id>/reply", methods=["POST"])
@login_required
def reply_to_handoff(handoff_id: int):
    db = get_session()
    handoff = _handoff(handoff_id)
    text, problem = check_reply(request.form.get("message", ""), handoff.channel)
    if problem:
        flash(problem, "error")
        return _back(handoff_id)
    try:
        handoffs.add_agent_reply(db, handoff_id, g.staff.id, text)
    except handoffs.HandoffError as refusal:
        db.rollback()
        flash(REFUSALS.get(refusal.code, refusal.code), "error")
        return _back(handoff_id)
    failure = _text_member(handoff, [text])
    if failure:
        db.rollback()  # not sent: not kept as said, not audited as a reply
        flash(failure, "error")
        return _back(handoff_id)
    db.commit()
    return _back(handoff_id)


def _end(handoff_id: int, back_to_assistant: bool):
    db = get_session()
    handoff = _handoff(handoff_id)
    if handoff.status != "claimed" or handoff.claimed_by != g.staff.id:
        flash(REFUSALS["taken" if handoff.status == "claimed" else "not_claimed" if handoff.status == "waiting"
                       else "ended"], "error")
        return _back(handoff_id)
    language, channel, sender = handoff.language, handoff.channel, handoff.sender_key
    db.rollback()
    # Rasa is asked while the handoff is still open: a member message meanwhile still goes to the agent.
    # As the member reads them (SMS: folded to GSM-7), in the handoff's messages too.
    words = [as_sent(channel, translate(language, HANDED_BACK if back_to_assistant else HANDOFF_CLOSED))]
    if back_to_assistant:
        words += relay.resume(channel, sender, language)
    try:
        handoff = handoffs.end(db, handoff_id, g.staff.id, back_to_assistant=back_to_assistant)
    except handoffs.HandoffError as refusal:
        db.rollback()
        flash(REFUSALS.get(refusal.code, refusal.code), "error")
        return _back(handoff_id)
    for text in words:
        handoffs.add_closing_words(db, handoff, text)
    db.commit()
    failure = _text_member(handoff, words)
    handoffs.forget_reply_to(handoff)
    db.commit()
    if failure:
        flash(failure, "error")
    flash("Handed back to the assistant." if back_to_assistant else "Conversation closed.", "success")
    return redirect(url_for("staff.handoff_queue"), 303)


@bp.route("/handoffs/<int:handoff_id>/back", methods=["POST"])
@login_required
def hand_back(handoff_id: int):
    return _end(handoff_id, back_to_assistant=True)


@bp.route("/handoffs/<int:handoff_id>/close", methods=["POST"])
@login_required
def close_handoff(handoff_id: int):
    return _end(handoff_id, back_to_assistant=False)


# What the agent is told after asking for a link (backend.accounts.registration outcomes).
LINK_RESULTS = {
    registration.SENT: "Mailed to {email}, the address on file. Tell the member to check the spam folder too.",
    registration.NOT_REGISTERED: "This account has no online registration: the assistant can register the member.",
    registration.ALREADY_ACTIVE: "This registration is already active: send a password-reset link instead.",
    registration.ALREADY_RESENT: "The activation link was already sent again once: send a password-reset link.",
}
NOT_PROVEN = ("The member has not proven the account in this conversation (account number, name and ZIP or "
              "SSN/TIN last 4), so no link can be sent. Hand back to the assistant to do that first.")


@bp.route("/handoffs/<int:handoff_id>/link", methods=["POST"])
@login_required
def send_link(handoff_id: int):
    """A reset link (``kind=reset``) or the activation link again (``kind=activation``), by the assistant's rules."""
    db = get_session()
    handoff = _handoff(handoff_id)
    kind = request.form.get("kind")
    if kind not in ("reset", "activation"):
        abort(400)
    if handoff.status != "claimed" or handoff.claimed_by != g.staff.id:
        flash(REFUSALS["not_claimed" if handoff.status == "waiting" else "taken" if handoff.status == "claimed"
                       else "ended"], "error")
        return _back(handoff_id)
    sender, conversation_id = handoff.sender_key, handoff.conversation_id
    db.rollback()
    try:
        step = registration.password_reset if kind == "reset" else registration.resend
        outcome = step(db, _settings(), sender)
    except StepOutOfOrder:
        db.rollback()
        flash(NOT_PROVEN, "error")
        return _back(handoff_id)
    staff_data.record_audit(db, g.staff.id, handoffs.LINK, conversation_id=conversation_id,
                            detail=f"handoff {handoff_id}: {kind} {outcome.result}")
    db.commit()
    dispatch.deliver_after_commit(_settings(), session_factory(), list(outcome.notification_ids))
    text = LINK_RESULTS.get(outcome.result, outcome.result)
    flash(text.format(email=outcome.email_masked or ""), "success" if outcome.result == registration.SENT else "error")
    return _back(handoff_id)
