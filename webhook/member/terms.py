"""The Terms and Conditions of online account access, linked from the conversation.

The version shown is ``settings.terms_version``: it is what a registration
records as accepted, so the page and the record always name the same text.
"""

from __future__ import annotations

from flask import current_app, render_template

from webhook.member import bp


@bp.route("/terms")
def terms():
    return render_template("member/terms.html", settings=current_app.config["COOPBOT"])
