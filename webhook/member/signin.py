"""Who is signed in: the registration id in Flask's signed session cookie.

Signing in clears the whole session first (a fresh CSRF token, nothing carried
over from before: session rotation for a cookie session). The cookie also
carries a marker derived from the password hash, and every request checks the
registration is still active with that marker, so unsubscribing or setting a
new password signs out every other browser.
"""

from __future__ import annotations

from functools import wraps

from flask import flash, g, redirect, session, url_for

from backend import accounts
from backend.models import ACTIVE, Registration
from webhook.database import get_session
from webhook.member import bp

_ID = "member_registration_id"
_MARKER = "member_marker"


def sign_in(registration: Registration) -> None:
    session.clear()
    session[_ID] = registration.id
    session[_MARKER] = accounts.session_marker(registration)
    g.member = registration


def sign_out() -> None:
    session.clear()
    g.member = None


def current_member() -> Registration | None:
    """The signed-in member's registration, or None (and a stale sign-in is forgotten)."""
    if "member" in g:
        return g.member
    registration = None
    registration_id = session.get(_ID)
    if registration_id is not None:
        registration = get_session().get(Registration, registration_id)
        if (registration is None or registration.status != ACTIVE
                or session.get(_MARKER) != accounts.session_marker(registration)):
            session.pop(_ID, None)
            session.pop(_MARKER, None)
            registration = None
    g.member = registration
    return registration


def member_required(view):
    """Send visitors who are not signed in to the sign-in page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_member() is None:
            flash("Please sign in to see your online account.", "info")
            return redirect(url_for("member.login"))
        return view(*args, **kwargs)

    return wrapped


@bp.app_context_processor
def _signed_in_flag():
    # For the shared layout's navigation; reading the cookie only, no database query.
    return {"member_signed_in": _ID in session}
