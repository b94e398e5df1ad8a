"""A clear page instead of "400 Bad Request" when a member page's form has no valid CSRF token.

That happens to real members too: a form left open in a tab after signing in
elsewhere carries a stale token. Nothing was changed, and the page says so.
"""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_wtf.csrf import CSRFError

from webhook.member import bp


@bp.errorhandler(CSRFError)
def _csrf_error(_error):
    # Pages that answer GET are shown again; the rest (sign-out, billing choice) live on /account.
    shows_a_page = request.path.startswith("/activate/") or request.path in ("/login", "/account/unsubscribe")
    again_url = request.path if shows_a_page else url_for("member.account")
    return render_template("member/form_expired.html", again_url=again_url), 400
