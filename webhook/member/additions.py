"""The page behind "add this account to your online login", mailed to the login's own address.

GET shows which account (masked to its last four digits) would join the login
and changes nothing (mail scanners open links); POST adds it, once
(``backend.accounts.online_access.confirm_addition``). Nobody needs to be signed
in: holding the mailbox of the login is the proof, as for an activation link.
"""

from __future__ import annotations

from flask import current_app, render_template

from backend.accounts import online_access as accounts
from backend.notify import dispatch
from backend.privacy import tokens
from common.masking import mask_account
from webhook.database import get_session, session_factory
from webhook.member import bp
from webhook.member.forms import ConfirmForm

_STATUS = {accounts.USED: 410, accounts.EXPIRED: 410, accounts.UNKNOWN: 404}


@bp.route("/add/<token>", methods=["GET", "POST"])
def confirm_addition(token: str):
    settings = current_app.config["COOPBOT"]
    db = get_session()
    link = accounts.link_state(db, token, tokens.ADD)
    if link.state == accounts.VALID and link.registration.status != "pending":
        link = accounts.LinkState(accounts.USED, link.purpose, link.registration)
    if link.state != accounts.VALID:
        return render_template("member/add_account.html", state=link.state), _STATUS[link.state]
    masked = mask_account(link.registration.member.account_number)
    form = ConfirmForm()
    if form.validate_on_submit():
        result = accounts.confirm_addition(db, settings, token)
        if result.state != accounts.VALID:
            db.rollback()
            return render_template("member/add_account.html", state=result.state), _STATUS[result.state]
        queued = dispatch.pending_for(db, result.registration.id)
        db.commit()
        dispatch.deliver_after_commit(settings, session_factory(), queued)
        return render_template("member/add_account.html", state="done", masked=masked,
                               email=result.registration.email)
    return render_template("member/add_account.html", state="valid", masked=masked, form=form,
                           email=link.registration.email)
