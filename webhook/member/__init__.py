"""Member pages: activation links, sign-in, the member's account, the terms.

- ``activation``  /activate/<token> (GET shows, POST consumes), /welcome
- ``account``     /login, /logout, /account and its paperless / unsubscribe forms
- ``additions``   /add/<token>: the login's address confirms adding a proven account (GET shows, POST adds)
- ``email_change`` /account/email (signed in, password again), /email/<token> (the new address
  confirms) and /email/undo/<token> (the old address undoes it): GET shows, POST acts
- ``terms``       /terms
- ``signin``      who is signed in (a signed session cookie, checked against the database)
- ``forms``       the flask-wtf forms (CSRF on every POST)
- ``errors``      a clear page when a form's CSRF token is missing or stale

Everything the pages change goes through ``backend.accounts``.
"""

from flask import Blueprint

from backend.notify import member_language
from backend.accounts import passwords

bp = Blueprint("member", __name__, template_folder="templates")


@bp.record_once
def _check_password_policy(state):
    # A mistyped COOPBOT_PASSWORD_POLICY stops the app at start, not at a member's first try.
    passwords.describe(state.app.config["COOPBOT"].password_policy)


@bp.before_request
def _mail_in_page_language():
    # What a page queues (the "active" and "deleted" mails) is written in the language the member reads it in.
    from webhook.database import get_session
    from webhook.i18n import current_language

    member_language.use(get_session(), current_language())


from webhook.member import account, activation, additions, email_change, errors, links, signin, terms  # noqa: E402,F401 - registers the routes on bp
