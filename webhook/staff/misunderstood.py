"""/staff/misunderstood: what the assistant did not understand, labelled by staff, exported for training.

A member message is listed when the assistant fell back or was less than 60 %
sure of the intent. Staff pick the intent the member meant from the
assistant's own intents (read from ``bot/domain.yml``), and download the
labelled set as a Rasa NLU file to add to ``data/``. Messages with redactions
are listed (they show what went wrong) but never exported.
"""

from __future__ import annotations

from flask import Response, current_app, flash, g, redirect, render_template, request, url_for

from backend import staff as staff_data
from backend.staff import handoffs
from backend.storage.models import utcnow
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.auth import login_required
from webhook.staff.intents import DEFAULT_DOMAIN, domain_intents

STATUSES = {
    staff_data.UNLABELLED: "Not labelled yet",
    staff_data.LABELLED: "Labelled",
    staff_data.ALL: "All",
}


def intents() -> list[str]:
    return domain_intents(current_app.config.get("STAFF_DOMAIN_PATH", DEFAULT_DOMAIN))


@bp.route("/misunderstood")
@login_required
def misunderstood():
    status = request.args.get("status", staff_data.UNLABELLED)
    if status not in STATUSES:
        status = staff_data.UNLABELLED
    before = request.args.get("before", type=int)
    messages, older = staff_data.list_misunderstood(get_session(), status=status, before_id=before)
    caused = handoffs.handoffs_of_conversations(get_session(), [m.conversation_id for m in messages])
    return render_template(
        "staff/misunderstood.html",
        messages=messages,
        older=older,
        status=status,
        statuses=STATUSES,
        intents=intents(),
        exportable=staff_data.is_exportable,
        threshold=staff_data.LOW_CONFIDENCE,
        handoffs=caused,
    )


@bp.route("/misunderstood/<int:message_id>/label", methods=["POST"])
@login_required
def label(message_id: int):
    back = _back(message_id)
    removing = request.form.get("action") == "remove"
    intent = None if removing else request.form.get("intent", "").strip()
    if intent == "":
        flash("Choose the intent the member meant, then press “Save label”.", "error")
        return redirect(back)
    db = get_session()
    try:
        message = staff_data.label_message(
            db, message_id, intent, staff_id=g.staff.id, allowed_intents=intents(), now=utcnow()
        )
    except staff_data.StaffError as exc:
        db.rollback()
        flash(str(exc), "error")
        return redirect(back)
    db.commit()
    flash(f"Label removed from message {message.id}." if removing else f"Message {message.id} labelled “{intent}”.")
    return redirect(back)


def _back(message_id: int) -> str:
    """Back to the list the form was on, at the message just labelled."""
    status = request.form.get("status")
    args = {"status": status} if status in STATUSES else {}
    return url_for("staff.misunderstood", **args) + f"#message-{message_id}"


@bp.route("/misunderstood/export.yml")
@login_required
def export():
    db = get_session()
    document = staff_data.export_nlu_yaml(db)
    staff_data.record_audit(db, g.staff.id, staff_data.EXPORT_NLU)
    db.commit()
    return Response(
        document,
        mimetype="application/yaml",
        headers={"Content-Disposition": 'attachment; filename="nlu-labelled.yml"'},
    )
