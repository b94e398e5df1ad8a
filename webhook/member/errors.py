"""A clear page instead of "400 Bad Request" when a member page's form has no valid CSRF token.

That happens to real members too: a form left open in a tab after signing in
elsewhere carries a stale token. Nothing was changed, and the page says so.
"""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_wtf.csrf import CSRFError

from webhook.member import bp
from webhook.member.activation import used_link_page


@bp.errorhandler(CSRFError)
def _csrf_error(_error):
    token = (request.view_args or {}).get("token")
    if request.path.startswith("/activate/") and token:
        # A second submit after the first one set the password: signing in renewed this browser's
        # form token, so the resubmit carries the old one. The link is spent: its page (what any
        # GET of it shows) says the password is set, never "try again".
        used = used_link_page(token)
        if used is not None:
            return used
    # Pages that answer GET are shown again; the rest (sign-out, billing choice) live on /account.
    shows_a_page = request.path.startswith("/activate/") or request.path in ("/login", "/account/unsubscribe")
    again_url = request.path if shows_a_page else url_for("member.account")
    return render_template("member/form_expired.html", again_url=again_url), 400
