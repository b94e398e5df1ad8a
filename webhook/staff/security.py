"""/staff/accounts/<account number>: one account's security, the caller check and lifting a lock-out.

Agents verify a caller on the phone with the security answer: they type what
the caller says and see only "matches" or "does not match" (rate limited,
audit-logged, never shown). The page lists recent verification failures by
channel and source, lock-outs and the notices sent; an administrator can lift
a lock-out. Data and rules live in ``backend.staff.security``.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from backend import staff as staff_data
from backend.staff import security as staff_security
from backend.storage.models import utcnow
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.auth import admin_required, login_required

ANSWER_TEXT = {
    staff_security.MATCH: "The answer matches.",
    staff_security.NO_MATCH: "The answer does not match.",
    staff_security.NO_ANSWER: "This account has no online registration with a security answer.",
    staff_security.LIMITED: "Too many checks for this account in the last hour. Try again later.",
}


def _member(account_number: str):
    try:
        account = staff_data.normalise_account_number(account_number)
    except staff_data.StaffError:
        abort(404)
    member = staff_security.find_member(get_session(), account)
    if member is None:
        abort(404)
    return member


@bp.route("/accounts/<account_number>")
@login_required
def account_security(account_number: str):
    db = get_session()
    member = _member(account_number)
    view = staff_security.account_view(db, member, utcnow(), current_app.config["COOPBOT"])
    # Failures, sources and notices of one member are personal data: who looked is recorded.
    staff_data.record_audit(db, g.staff.id, staff_data.VIEW_ACCOUNT,
                            detail=f"member:{member.id} account:{member.account_number}")
    db.commit()
    # Where members sign in with a User ID (COOPBOT_USERNAME=user_id), staff see it to help a caller.
    signs_in_with_user_id = current_app.config["COOPBOT"].username == "user_id"
    return render_template("staff/account_security.html", view=view, is_admin=g.staff.role == staff_data.ADMIN,
                           answer_result=request.args.get("answer"), answer_text=ANSWER_TEXT,
                           signs_in_with_user_id=signs_in_with_user_id)


@bp.route("/accounts/<account_number>/answer", methods=["POST"])
@login_required
def check_security_answer(account_number: str):
    db = get_session()
    member = _member(account_number)
    result = staff_security.check_answer(db, g.staff.id, member, request.form.get("answer", "")[:200])
    db.commit()
    # The answer typed is never echoed back, logged or stored.
    return redirect(url_for("staff.account_security", account_number=member.account_number, answer=result), 303)


@bp.route("/accounts/<account_number>/lift", methods=["POST"])
@admin_required
def lift_lockout(account_number: str):
    db = get_session()
    member = _member(account_number)
    staff_security.lift_lockout(db, g.staff.id, member)
    db.commit()
    flash("The lock-out is lifted; earlier wrong answers no longer count.", "success")
    return redirect(url_for("staff.account_security", account_number=member.account_number), 303)
