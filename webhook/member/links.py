"""Pages behind the security links mailed to the address on file.

- ``/delete/<token>``: confirms deleting the online registration that someone
  asked for in the chat or by text. GET only shows what will happen (mail
  scanners open links); POST deletes, once.
- ``/cancel/<token>``: "not you?" in the notice mailed to the previous address
  about a new registration. GET shows, POST revokes the new registration and
  signs out its sessions.

A second submit of a link this browser just used (the back button, a double click)
shows what was done again; any other browser gets "this link no longer works".
"""

from __future__ import annotations

from flask import current_app, render_template, session

from backend.accounts import undo
from backend.core import keys
from backend.privacy.hashing import keyed_hash
from backend.accounts import online_access as accounts
from backend.privacy import tokens
from backend.notify import dispatch
from webhook.database import get_session, session_factory
from webhook.member import bp
from webhook.member.forms import ConfirmForm

_STATUS = {accounts.USED: 410, accounts.EXPIRED: 410, accounts.UNKNOWN: 404}


def _gone(state: str, what: str):
    return render_template("member/security_link.html", state=state, what=what, form=None), _STATUS[state]


def _confirm_link(token: str, purpose: str, what: str, act):
    """The page behind a security link: GET shows what it will do, POST does it once.

    ``act(db, token)`` does the change and returns ``(result, after_commit)``; the
    link's single use is settled by ``result.state`` in the same transaction.
    """
    db = get_session()
    link = accounts.link_state(db, token, purpose)
    if link.state != accounts.VALID and _used_here(token):
        # This browser used it a moment ago (a resubmit, the back button): what it did, not "gone".
        return _done(what)
    if link.state != accounts.VALID:
        return _gone(link.state, what)
    form = ConfirmForm()
    if form.validate_on_submit():
        result, after_commit = act(db, token)
        if result.state != accounts.VALID:
            db.rollback()
            return _gone(result.state, what)
        db.commit()
        _remember_use(token)
        after_commit()
        return _done(what)
    return render_template("member/security_link.html", state="valid", what=what, form=form,
                           registration=link.registration)


def _done(what: str):
    return render_template("member/security_link.html", state="done", what=what, form=None)


# The links this browser used (its signed session cookie): a keyed digest of each, the latest few.
_USED = "links_used_here"
_USED_KEPT = 5


def _digest(token: str) -> str:
    """A used link as this browser's cookie keeps it: keyed with its own purpose key
    (``backend.core.keys.USED_LINK``), never the key that signs the cookie."""
    return keyed_hash(keys.derive(current_app.config["COOPBOT"].secret_key, keys.USED_LINK), token)[:32]


def _remember_use(token: str) -> None:
    """This browser used ``token``: a second submit of it shows what was done, not "no longer works".
    The link stays single use; another browser still gets the used-link page."""
    session[_USED] = ([digest for digest in session.get(_USED, []) if digest != _digest(token)]
                      + [_digest(token)])[-_USED_KEPT:]


def _used_here(token: str) -> bool:
    return _digest(token) in session.get(_USED, [])


def _delete(db, token: str):
    result = accounts.delete_by_link(db, token)
    if result.state != accounts.VALID:
        return result, None
    queued = dispatch.pending_for(db, result.registration.id)
    return result, lambda: dispatch.deliver_after_commit(current_app.config["COOPBOT"], session_factory(), queued)


@bp.route("/delete/<token>", methods=["GET", "POST"])
def confirm_delete(token: str):
    return _confirm_link(token, tokens.DELETE, "delete", _delete)


@bp.route("/cancel/<token>", methods=["GET", "POST"])
def cancel_registration(token: str):
    return _confirm_link(token, tokens.CANCEL, "cancel", _cancel)


def _cancel(db, token: str):
    """Revoke the new registration; the member is told (its own address, the phone on file)."""
    settings = current_app.config["COOPBOT"]
    result = undo.revoke_by_link(db, token, settings=settings)
    if result.state != accounts.VALID:
        return result, None
    queued = dispatch.pending_for(db, result.registration.id)
    return result, lambda: dispatch.deliver_after_commit(settings, session_factory(), queued)
