"""Member pages: activation links, sign-in, the member's account, the terms.

- ``activation``  /activate/<token> (GET shows, POST consumes), /welcome
- ``account``     /login, /logout, /account and its paperless / unsubscribe forms
- ``terms``       /terms
- ``signin``      who is signed in (a signed session cookie, checked against the database)
- ``forms``       the flask-wtf forms (CSRF on every POST)
- ``errors``      a clear page when a form's CSRF token is missing or stale

Everything the pages change goes through ``backend.accounts``.
"""

from flask import Blueprint

from backend import passwords

bp = Blueprint("member", __name__, template_folder="templates")


@bp.record_once
def _check_password_policy(state):
    # A mistyped COOPBOT_PASSWORD_POLICY stops the app at start, not at a member's first try.
    passwords.describe(state.app.config["COOPBOT"].password_policy)


from webhook.member import account, activation, errors, links, signin, terms  # noqa: E402,F401 - registers the routes on bp
