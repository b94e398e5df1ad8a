"""/staff/conversations: the list (filters, account-number search, pages) and one transcript.

A transcript page lists the member's other conversations (the same phone or chat): one
thread may be several conversations, and staff read them as one member's history.

Agents help members on the phone, so the account number the member reads out
finds their conversations directly. Opening a transcript is written to the
audit log, because transcripts are personal data.
"""

from __future__ import annotations

from flask import abort, current_app, g, render_template, request

from backend.notify import conversation_language
from backend import staff as staff_data
from backend.staff import asks
from backend.storage.models import utcnow
from common import normalise
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.auth import login_required
from webhook.staff.dashboard import parse_day


def _filters(errors: list[str]) -> staff_data.ConversationFilters:
    """Filters from the query string; a bad value is reported and left out, the others still apply."""
    args = request.args
    outcome = args.get("outcome") or None
    if outcome and outcome not in staff_data.OUTCOME_FILTERS:
        errors.append("Choose an outcome from the list.")
        outcome = None
    channel = args.get("channel") or None
    if channel and channel not in staff_data.CHANNELS:
        errors.append("Choose a channel from the list.")
        channel = None
    account_number = None
    if args.get("account", "").strip():
        try:
            account_number = staff_data.normalise_account_number(args["account"])
        except staff_data.StaffError as exc:
            errors.append(str(exc))
    date_from = parse_day(args.get("from"), "Last active from", errors)
    date_to = parse_day(args.get("to"), "Last active to", errors)
    if date_from and date_to and date_from > date_to:
        errors.append("“From” is after “To”, so no conversation could match; the dates were left out.")
        date_from = date_to = None
    return staff_data.ConversationFilters(outcome, channel, date_from, date_to, account_number)


def _cursor(name: str, errors: list[str]) -> staff_data.Cursor | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return staff_data.Cursor.decode(value)
    except staff_data.StaffError as exc:
        errors.append(str(exc))
        return None


# How staff read a language code (docs/languages.md).
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


@bp.route("/conversations")
@login_required
def conversations():
    errors: list[str] = []
    filters = _filters(errors)
    after = _cursor("after", errors)
    before = None if after else _cursor("before", errors)
    db = get_session()
    page = staff_data.list_conversations(db, filters, now=utcnow(), after=after, before=before)
    if filters.account_number:
        # A search by account number finds one member's conversations: recorded like opening one.
        staff_data.record_audit(db, g.staff.id, staff_data.SEARCH_ACCOUNT, detail=f"account:{filters.account_number}")
        db.commit()
    return render_template(
        "staff/conversations.html",
        errors=errors,
        filters=filters,
        page=page,
        outcomes=staff_data.OUTCOME_FILTERS,
        channels=staff_data.CHANNELS,
        searched=request.args.get("account", ""),
        account_digits=(normalise.ACCOUNT_MIN_DIGITS, normalise.ACCOUNT_MAX_DIGITS),  # the hint's rule
    )


@bp.route("/conversations/<int:conversation_id>")
@login_required
def transcript(conversation_id: int):
    db = get_session()
    conversation = staff_data.get_conversation(db, conversation_id)
    if conversation is None:
        abort(404)
    staff_data.record_audit(db, g.staff.id, staff_data.VIEW_TRANSCRIPT, conversation_id=conversation.id)
    db.commit()
    language = conversation_language.remembered(db, conversation.channel, conversation.sender_key)
    if language is None:  # the member has shown none: answered in the default
        default = current_app.config["COOPBOT"].languages[0]
        shown = f"{LANGUAGE_NAMES.get(default, default)} (default)"
    else:
        shown = LANGUAGE_NAMES.get(language, language)
    return render_template(
        "staff/transcript.html",
        conversation=conversation,
        language=shown,
        asked_at=asks.asked_at(conversation),
        handoff_id=asks.handoff_of(db, conversation.id),
        same_member=asks.same_member(db, conversation),
    )
