"""A new e-mail address for the signed-in login, and the two links that follow it.

``/account/email`` asks for the new address and the password again: a browser left
signed in is not proof enough to move the login. Its answer is the same whether
or not another login uses that address (``backend.accounts.email_change``).
``/email/<token>`` is the link mailed to the new address and ``/email/undo/<token>``
the one mailed to the old address afterwards; ``/email/approve/<token>`` the one
mailed first to the current address when the change was asked on bill data alone: GET shows what would happen and
changes nothing (mail scanners open links); POST acts, once. Nobody needs to be
signed in to use a link: holding the mailbox is the proof.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from backend.accounts import email_change, link_mails
from backend.accounts import online_access as accounts
from backend.accounts import websessions
from backend.notify import dispatch
from common import normalise
from common.masking import mask_email
from webhook.client_ip import client_network
from webhook.database import get_session, session_factory
from webhook.member import bp
from webhook.member.account import wait_message
from webhook.member.forms import ChangeEmailForm, ConfirmForm
from webhook.member.signin import current_member, member_required

_STATUS = {email_change.USED: 410, email_change.EXPIRED: 410, email_change.VOIDED_LINK: 410,
           email_change.DELETED: 410, email_change.UNKNOWN: 404}


@bp.route("/account/email", methods=["GET", "POST"])
@member_required
def change_email():
    settings = current_app.config["COOPBOT"]
    login = current_member()
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return render_template("member/email_change.html", form=form), 400 if request.method == "POST" else 200
    new_email = normalise.email(form.email.data)
    if new_email is None:
        form.email.errors.append(_("Enter an e-mail address like name@example.com."))
        return render_template("member/email_change.html", form=form), 400
    db = get_session()
    keys = websessions.throttle_keys(websessions.MEMBER, login.email, client_network(request, settings.trusted_proxies))
    wait = websessions.wait_seconds(db, keys)
    if wait:
        form.password.errors.append(wait_message(wait))
        return render_template("member/email_change.html", form=form), 429
    if accounts.authenticate(db, login.email, form.password.data) is None:
        websessions.record_failure(db, keys)
        db.commit()
        form.password.errors.append(_("That is not the password of your online login."))
        return render_template("member/email_change.html", form=form), 401
    websessions.record_success(db, keys)
    if new_email == login.email:
        db.commit()
        form.email.errors.append(_("That is already the address of your online login."))
        return render_template("member/email_change.html", form=form), 400
    held, queued = email_change.request_signed_in(db, settings, login, new_email)
    db.commit()
    dispatch.deliver_after_commit(settings, session_factory(), queued)
    if held == link_mails.DAILY_LIMIT:  # nothing went out: never "we mailed a link"
        flash(_("No more links go to %(email)s today, so we did not send one. Please call member services "
                "at %(phone)s.", email=new_email, phone=settings.support_phone), "error")
        return redirect(url_for("member.account"), 303)
    # Sent now, or (``GUARDED``) the same address a moment ago: that link stands, the same words.
    flash(_("We mailed a link to %(email)s. Your address changes only when you open it and press Confirm. "
            "Check your spam folder too.", email=new_email), "success")
    return redirect(url_for("member.account"), 303)


def _press_once(template: str, token: str, state_of, act, shown, done_page, acted=(email_change.VALID,)):
    """The page behind a link of an e-mail change: GET shows what pressing would do, POST does it once.

    ``state_of(db, token)`` reads the link (``VALID`` shows ``shown(change)``); ``act(db, token)``
    acts and returns the link's end state and the notifications to deliver after commit. A state
    in ``acted`` shows ``done_page(result)``; any other (a second press, a race lost) shows why
    the link does nothing now, after committing what the attempt recorded.
    """
    settings = current_app.config["COOPBOT"]
    db = get_session()
    link = state_of(db, token)
    if link.state != email_change.VALID:
        return render_template(template, state=link.state), _STATUS[link.state]
    form = ConfirmForm()
    if form.validate_on_submit():
        done, queued = act(db, token)
        if done.state not in acted:
            db.commit()
            return render_template(template, state=done.state), _STATUS[done.state]
        db.commit()
        dispatch.deliver_after_commit(settings, session_factory(), queued)
        return render_template(template, **done_page(done))
    return render_template(template, state="valid", form=form, **shown(link.change))


@bp.route("/email/approve/<token>", methods=["GET", "POST"])
def approve_email(token: str):
    return _press_once(
        "member/email_approve.html", token, email_change.approve_state,
        lambda db, token: email_change.approve(db, current_app.config["COOPBOT"], token),
        # The new address in full: it is the asker's, and the owner must see that it is not theirs.
        shown=lambda change: dict(old_email=change.old_email, new_email=change.new_email),
        done_page=lambda done: dict(state="done", new_email=done.change.new_email))


@bp.route("/email/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    return _press_once(
        "member/email_confirm.html", token, email_change.confirm_state, email_change.confirm,
        shown=lambda change: dict(old_email=mask_email(change.old_email), new_email=change.new_email),
        done_page=lambda done: dict(state="done", new_email=done.change.new_email))


@bp.route("/email/undo/<token>", methods=["GET", "POST"])
def undo_email(token: str):
    return _press_once(
        "member/email_undo.html", token, email_change.revert_state, email_change.revert,
        acted=(email_change.VALID, email_change.BLOCKED),
        shown=lambda change: dict(old_email=change.old_email, new_email=mask_email(change.new_email)),
        done_page=lambda done: dict(state="done" if done.state == email_change.VALID else email_change.BLOCKED,
                                    old_email=done.change.old_email))
