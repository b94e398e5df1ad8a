"""Staff sign-in and sign-out, the access checks every page uses, and the console's response headers.

The session cookie (signed, HttpOnly, SameSite=Lax, Secure behind https - see
``create_app``) holds only the id of a server-side session
(``backend.accounts.websessions``); the session, the account and its role are read from
the database on every request, so signing out, "sign out everywhere", a role
change or a deleted account take effect at once for every copy of the cookie.
A sign-in ends after 30 minutes without a request and after 12 hours in all.
Failed sign-ins earn growing delays (per address typed and client, per
address, per client), never a lock, with the same answers whether or not the
account exists.

With ``COOPBOT_STAFF_MFA=required`` (the default) the right password starts only a
half-finished sign-in (``websessions.STAFF_PENDING``, its own cookie key), which opens
nothing but the second-factor page (``webhook.staff.second_factor``); the staff session
starts once the code is right. The throttle's keys are cleared only then, so a known
password does not buy fresh code guesses.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError

from backend import staff as staff_data
from backend.accounts import websessions
from backend.storage.models import StaffUser, utcnow
from webhook.client_ip import client_network
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.forms import SignInForm

SESSION_MAX_AGE = websessions.TIMEOUTS[websessions.STAFF].absolute
SESSION_IDLE = websessions.TIMEOUTS[websessions.STAFF].idle
_SESSION_KEYS = ("staff_session", "staff_pending", "staff_id", "staff_signed_in_at")
WRONG = "The e-mail address or the password is wrong."


@bp.before_request
def load_staff() -> None:
    """Put the signed-in staff member (or None) in ``g.staff``."""
    g.staff = None
    if request.endpoint == "staff.static":
        return
    token = session.get("staff_session")
    if token is None:
        return
    db = get_session()
    row = websessions.current(db, websessions.STAFF, token)
    db.commit()  # the session's last use, or the removal of a timed-out one
    g.staff = db.get(StaffUser, row.subject_id) if row is not None else None
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
            # Half-way through signing in (password right, code to come): back to the code page.
            step = "staff.second_factor" if session.get("staff_pending") else "staff.sign_in"
            return redirect(url_for(step, next=request.full_path.rstrip("?")))
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
    status = 200
    if form.validate_on_submit():
        db = get_session()
        now = utcnow()
        client = client_network(request, current_app.config["COOPBOT"].trusted_proxies)
        keys = websessions.throttle_keys(websessions.STAFF, form.email.data, client)
        wait = websessions.wait_seconds(db, keys, now)
        if wait:
            # The same wait whether or not the account exists; the password is not even tried.
            error, status = websessions.wait_message(wait), 429
        else:
            result = staff_data.authenticate(db, form.email.data, form.password.data, now=now)
            if result.ok and current_app.config["COOPBOT"].staff_mfa == "off":
                return signed_in(db, result.user, keys, now)
            if result.ok:
                websessions.end(db, session.get("staff_pending"))  # an earlier half-finished sign-in
                token = websessions.start(db, websessions.STAFF_PENDING, result.user.id, now)
                db.commit()
                session.clear()
                session["staff_pending"] = token
                return redirect(url_for("staff.second_factor", next=request.args.get("next")))
            websessions.record_failure(db, keys, now)
            db.commit()
            error, status = WRONG, 401
        current_app.logger.info("staff sign-in refused%s", " (waiting)" if status == 429 else "")
    return render_template("staff/sign_in.html", form=form, error=error), status


def signed_in(db, user: StaffUser, keys: dict[str, str], now):
    """Every factor is proven: start the staff session and go where the person was going."""
    websessions.record_success(db, keys)
    user.last_login_at = now  # here, not at the password: ``coopbot staff list`` shows real sign-ins
    staff_data.record_audit(db, user.id, staff_data.SIGN_IN, now=now)
    token = websessions.start(db, websessions.STAFF, user.id, now)
    db.commit()
    session.clear()  # nothing carried over from before the sign-in
    session["staff_session"] = token
    return redirect(_safe_next(request.args.get("next")))


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    tokens = [session.get(key) for key in ("staff_session", "staff_pending") if session.get(key)]
    if tokens:
        db = get_session()
        for token in tokens:
            websessions.end(db, token)
        db.commit()
    _forget()
    flash("You are signed out.")
    return redirect(url_for("staff.sign_in"))


@bp.route("/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    """End every session of the signed-in account (a lost laptop, a shared computer)."""
    db = get_session()
    websessions.end_all(db, websessions.STAFF, g.staff.id)
    db.commit()
    _forget()
    flash("You are signed out on every computer.")
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
