"""Who is signed in: a server-side session (``backend.accounts.websessions``) named by the cookie.

Signing in clears the whole cookie session first (a fresh CSRF token, nothing
carried over from before) and starts a session row; the signed cookie holds
only its random id, the login id and a marker derived from the
password hash. Every request checks that the row still exists and has not
timed out, that the login is still active and that the marker still
matches, so signing out ends every copy of that cookie at once, and
unsubscribing or setting a new password signs out every browser.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, flash, g, redirect, session, url_for
from flask_babel import gettext as _

from backend.accounts import online_access as accounts
from backend.accounts import websessions
from backend.storage.models import ACTIVE, Login, Registration
from webhook.database import get_session
from webhook.i18n import MEMBER_LANGUAGE
from webhook.member import bp

_ID = "member_login_id"
_MARKER = "member_marker"
_SESSION = "member_session"


def sign_in(login: Login, session_id: str | None = None) -> None:
    """Start a session for ``login`` (commits it) and put it in the cookie
    (``session_id``: the one to start or join, ``websessions.start``)."""
    session.clear()
    db = get_session()
    token = websessions.start(db, websessions.MEMBER, login.id, token=session_id)
    db.commit()
    session[_SESSION] = token
    session[_ID] = login.id
    session[_MARKER] = accounts.session_marker(login)
    if login.language:
        session[MEMBER_LANGUAGE] = login.language  # the pages' language unless the member chose one
    g.member = login


def sign_out() -> None:
    """End this session (every copy of the cookie) and clear the cookie."""
    token = session.get(_SESSION)
    if token:
        db = get_session()
        websessions.end(db, token)
        db.commit()
    session.clear()
    g.member = None


def end_every_session(login: Login) -> None:
    """Sign ``login`` out of every browser (the caller commits)."""
    websessions.end_all(get_session(), websessions.MEMBER, login.id)


def current_member() -> Login | None:
    """The signed-in member's login, or None (and a stale sign-in is forgotten)."""
    if "member" in g:
        return g.member
    login = None
    login_id = session.get(_ID)
    if login_id is not None:
        db = get_session()
        row = websessions.current(db, websessions.MEMBER, session.get(_SESSION))
        db.commit()  # the session's last use, or the removal of a timed-out one
        if row is not None and row.subject_id == login_id:
            login = db.get(Login, login_id)
        if (login is None or login.status != ACTIVE
                or session.get(_MARKER) != accounts.session_marker(login)):
            for key in (_ID, _MARKER, _SESSION, MEMBER_LANGUAGE):
                session.pop(key, None)
            login = None
    g.member = login
    return login


def member_required(view):
    """Send visitors who are not signed in to the sign-in page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_member() is None:
            flash(_("Please sign in to see your online account."), "info")
            return redirect(url_for("member.login"))
        return view(*args, **kwargs)

    return wrapped


@bp.app_context_processor
def _signed_in_flag():
    # For the shared layout's navigation; reading the cookie only, no database query.
    return {"member_signed_in": _ID in session,
            "signs_in_with_user_id": current_app.config["COOPBOT"].username == "user_id"}


def owned_account(login: Login, account_id) -> Registration | None:
    """The active account ``account_id`` (a form or query value) of ``login``; None when it is not one.

    With no id, a login holding a single account means that one. An id of
    another login's account is treated like a missing one: a member can act
    only on the accounts of the login they signed in with.
    """
    live = login.active_registrations()
    if account_id in (None, ""):
        return live[0] if len(live) == 1 else None
    return next((r for r in live if str(r.id) == str(account_id)), None)
