"""/staff/audit: who opened which transcript, labelled what and when (administrators only)."""

from __future__ import annotations

from flask import render_template, request

from backend import staff as staff_data
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.auth import admin_required


@bp.route("/audit")
@admin_required
def audit():
    before = request.args.get("before", type=int)
    entries, older = staff_data.audit_page(get_session(), before_id=before)
    return render_template("staff/audit.html", entries=entries, older=older, actions=staff_data.AUDIT_ACTIONS)
