"""Pages behind the security links mailed to the address on file.

- ``/delete/<token>``: confirms deleting the online registration that someone
  asked for in the chat or by text. GET only shows what will happen (mail
  scanners open links); POST deletes, once.
- ``/cancel/<token>``: "not you?" in the notice mailed to the previous address
  about a new registration. GET shows, POST revokes the new registration and
  signs out its sessions.
"""

from __future__ import annotations

from flask import current_app, render_template

from backend import accounts, notices, tokens
from backend.notify import dispatch
from webhook.database import get_session, session_factory
from webhook.member import bp
from webhook.member.forms import ConfirmForm

_STATUS = {accounts.USED: 410, accounts.EXPIRED: 410, accounts.UNKNOWN: 404}


def _gone(state: str, what: str):
    return render_template("member/security_link.html", state=state, what=what, form=None), _STATUS[state]


@bp.route("/delete/<token>", methods=["GET", "POST"])
def confirm_delete(token: str):
    db = get_session()
    link = accounts.link_state(db, token, tokens.DELETE)
    if link.state != accounts.VALID:
        return _gone(link.state, "delete")
    form = ConfirmForm()
    if form.validate_on_submit():
        result = accounts.delete_by_link(db, token)
        if result.state != accounts.VALID:
            db.rollback()
            return _gone(result.state, "delete")
        queued = dispatch.pending_for(db, result.registration.id)
        db.commit()
        dispatch.deliver_after_commit(current_app.config["COOPBOT"], session_factory(), queued)
        return render_template("member/security_link.html", state="done", what="delete", form=None)
    return render_template("member/security_link.html", state="valid", what="delete", form=form,
                           registration=link.registration)


@bp.route("/cancel/<token>", methods=["GET", "POST"])
def cancel_registration(token: str):
    db = get_session()
    link = accounts.link_state(db, token, tokens.CANCEL)
    if link.state != accounts.VALID:
        return _gone(link.state, "cancel")
    form = ConfirmForm()
    if form.validate_on_submit():
        result = notices.revoke_by_link(db, token)
        if result.state != accounts.VALID:
            db.rollback()
            return _gone(result.state, "cancel")
        db.commit()
        return render_template("member/security_link.html", state="done", what="cancel", form=None)
    return render_template("member/security_link.html", state="valid", what="cancel", form=form,
                           registration=link.registration)
