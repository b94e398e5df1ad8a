"""The second step of a staff sign-in: set up the second factor, or type its code.

Reached only with a half-finished sign-in (the password was right: ``webhook.staff.auth``);
every other console page sends such a browser back here. An account without a factor
is shown its new TOTP key (grouped base32, the ``otpauth://`` URI and a QR code drawn as
SVG by segno, inline: no outside resource, no request that could log the key) and
confirms it with a first code; an account with one types its code. A wrong code counts
in the sign-in throttle as a wrong password does, and waits as long.
"""

from __future__ import annotations

import segno
from flask import current_app, flash, redirect, render_template, request, session, url_for

from backend import staff as staff_data
from backend.accounts import websessions
from backend.staff import second_factor
from backend.storage.models import StaffUser, utcnow
from webhook.client_ip import client_network
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.auth import signed_in
from webhook.staff.forms import CodeForm

WRONG_CODE = "That code is wrong or was already used. Wait for the next code of your authenticator app and try again."


def _qr_code(uri: str) -> str:
    """The URI as a QR code, an SVG data URI (the console's CSP allows ``data:`` images only)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


@bp.route("/sign-in/code", methods=["GET", "POST"], endpoint="second_factor")
def second_factor_page():
    db = get_session()
    token = session.get("staff_pending")
    row = websessions.current(db, websessions.STAFF_PENDING, token)
    user = db.get(StaffUser, row.subject_id) if row is not None else None
    if user is None:
        db.commit()  # the removal of a timed-out half sign-in
        session.pop("staff_pending", None)
        if token:
            flash("Your sign-in took too long. Please sign in again.", "error")
        return redirect(url_for("staff.sign_in", next=request.args.get("next")))
    settings = current_app.config["COOPBOT"]
    enrolling = not second_factor.is_enrolled(user)
    form = CodeForm()
    error, status = None, 200
    if form.validate_on_submit():
        now = utcnow()
        # The client as the password step counts it (behind trusted proxies, the address they saw):
        # the TCP peer made every code behind a proxy the proxy's, one strict key for everyone.
        keys = websessions.throttle_keys(
            websessions.STAFF, user.email, client_network(request, settings.trusted_proxies)
        )
        wait = websessions.wait_seconds(db, keys, now)
        if wait:
            error, status = websessions.wait_message(wait), 429
        elif second_factor.check_code(db, user, form.code.data, settings.secret_key, now):
            websessions.end(db, token)
            if enrolling:
                staff_data.record_audit(db, user.id, staff_data.MFA_ENROL, now=now)
            return signed_in(db, user, keys, now)
        else:
            websessions.record_failure(db, keys, now)
            error, status = WRONG_CODE, 401
        db.commit()
        current_app.logger.info("staff second factor refused%s", " (waiting)" if status == 429 else "")
    if not enrolling:
        return render_template("staff/code.html", form=form, error=error), status
    key = second_factor.enrolment_key(db, user, settings.secret_key)
    db.commit()
    uri = second_factor.provisioning_uri(key, user.email, f"{settings.coop_name} staff")
    return render_template(
        "staff/enrol.html", form=form, error=error, key=second_factor.grouped(key), uri=uri, qr_code=_qr_code(uri)
    ), status
