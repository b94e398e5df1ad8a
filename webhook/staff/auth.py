"""Staff sign-in and sign-out, the access checks every page uses, and the console's response headers.

The session cookie (signed, HttpOnly, SameSite=Lax, Secure behind https - see
``create_app``) holds only the staff id and the sign-in time; the account and
its role are read from the database on every request, so a role change or a
deleted account takes effect at once. A sign-in lasts at most 12 hours.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError

from backend import staff as staff_data
from backend.models import StaffUser, utcnow
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.forms import SignInForm

SESSION_MAX_AGE = timedelta(hours=12)
_SESSION_KEYS = ("staff_id", "staff_signed_in_at")


@bp.before_request
def load_staff() -> None:
    """Put the signed-in staff member (or None) in ``g.staff``."""
    g.staff = None
    if request.endpoint == "staff.static":
        return
    staff_id = session.get("staff_id")
    signed_in_at = session.get("staff_signed_in_at")
    if staff_id is None:
        return
    fresh = isinstance(signed_in_at, (int, float)) and (
        utcnow() - datetime.fromtimestamp(signed_in_at, timezone.utc) < SESSION_MAX_AGE
    )
    g.staff = get_session().get(StaffUser, staff_id) if fresh else None
    if g.staff is None:
        _forget()


@bp.after_request
def security_headers(response):
    """Transcripts are personal data: never cached, never framed, no outside resources."""
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.endpoint != "staff.static":
        response.headers["Cache-Control"] = "no-store"
    return response


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.staff is None:
            return redirect(url_for("staff.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.staff.role != staff_data.ADMIN:
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapped)


def _forget() -> None:
    for key in _SESSION_KEYS:
        session.pop(key, None)


def _safe_next(target: str | None) -> str:
    """Only a path inside the console: a sign-in link must not send staff to another site."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and parts.path.startswith("/staff") and "\\" not in target:
        return target
    return url_for("staff.dashboard")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if g.staff is not None:
        return redirect(_safe_next(request.args.get("next")))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        db = get_session()
        now = utcnow()
        result = staff_data.authenticate(db, form.email.data, form.password.data, now=now)
        if result.ok:
            staff_data.record_audit(db, result.user.id, staff_data.SIGN_IN, now=now)
            db.commit()
            session["staff_id"] = result.user.id
            session["staff_signed_in_at"] = now.timestamp()
            return redirect(_safe_next(request.args.get("next")))
        db.commit()
        if result.locked_until is not None:
            until = result.locked_until.astimezone(timezone.utc).strftime("%H:%M UTC")
            error = (
                "Too many failed sign-ins: this account is locked until "
                f"{until}. Try again then, or ask an administrator."
            )
        else:
            error = "The e-mail address or the password is wrong."
        current_app.logger.info("staff sign-in refused%s", " (locked)" if result.locked_until else "")
    return render_template("staff/sign_in.html", form=form, error=error)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    _forget()
    flash("You are signed out.")
    return redirect(url_for("staff.sign_in"))


@bp.errorhandler(CSRFError)
def csrf_refused(error):
    return (
        render_template(
            "staff/error.html",
            title="Form expired",
            message="This form was open too long or came from another page, so nothing was changed. "
            "Go back, reload the page and try again.",
        ),
        400,
    )


@bp.errorhandler(403)
def forbidden(error):
    return (
        render_template(
            "staff/error.html",
            title="Not allowed",
            message="Your account cannot open this page. Only administrators can read the audit log.",
        ),
        403,
    )


@bp.errorhandler(404)
def not_found(error):
    return render_template("staff/error.html", title="Not found", message="There is nothing at this address."), 404
