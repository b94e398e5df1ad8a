"""Sign-in, sign-out and the signed-in member's account page.

The account page shows the login (its e-mail address, the username) and every
account it holds, each with only what a member needs to recognise it: the
account number masked to its last four digits, the status and that account's
paperless billing choice. Unsubscribing asks Yes / No first (as SmartHub's
"Manage My Registered Accounts" does) and then removes one account
(``backend.accounts.online_access.unsubscribe``) or the whole login
(``unsubscribe_login``); the member may register again any time. The "registration
deleted" mails it queues are sent once the removal has committed.
"""

from __future__ import annotations

import math

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from backend.accounts import online_access as accounts
from backend.accounts import websessions
from common.account_refs import shown_tail
from common.masking import mask_account
from backend.notify import dispatch
from webhook.client_ip import client_network
from webhook.database import get_session, session_factory
from webhook.i18n import current_language
from webhook.member import bp
from webhook.member.forms import ConfirmForm, PaperlessForm, login_form
from webhook.member.signin import (
    current_member,
    end_every_session,
    member_required,
    owned_account,
    sign_in,
    sign_out,
)

# One message for every failed sign-in: it must not tell who has an account.
SIGN_IN_FAILED = _l("That e-mail address and password do not match an active online account. "
                    "Check both and try again. After several failed tries, each new try has to wait "
                    "a little longer.")
SIGN_IN_FAILED_USER_ID = _l("That User ID and password do not match an active online account. "
                            "Check both and try again. After several failed tries, each new try has to wait "
                            "a little longer.")
STATUS_TEXT = {"active": _l("Active"), "pending": _l("Waiting for activation"), "unsubscribed": _l("Deleted")}


def wait_message(seconds: int) -> str:
    """``websessions.wait_message`` in the page's language: the same sentence whoever the account is."""
    if seconds >= 120:
        minutes = math.ceil(seconds / 60)
        return ngettext("Too many tries. Please wait %(num)d minute, then try again.",
                        "Too many tries. Please wait %(num)d minutes, then try again.", minutes)
    return ngettext("Too many tries. Please wait %(num)d second, then try again.",
                    "Too many tries. Please wait %(num)d seconds, then try again.", seconds)


@bp.route("/login", methods=["GET", "POST"])
def login():
    settings = current_app.config["COOPBOT"]
    by_user_id = settings.username == "user_id"
    form = login_form(settings)
    username = form.username_field.data
    failed = False
    message = SIGN_IN_FAILED_USER_ID if by_user_id else SIGN_IN_FAILED
    status = 200
    if form.validate_on_submit():
        db = get_session()
        keys = websessions.throttle_keys(websessions.MEMBER, username, client_network(request, settings.trusted_proxies))
        wait = websessions.wait_seconds(db, keys)
        if wait:
            # Checked before the password: during the wait even the right one is not tried.
            failed, message, status = True, wait_message(wait), 429
        else:
            registration = accounts.authenticate(db, username, form.password.data, by_user_id=by_user_id)
            if registration is not None:
                websessions.record_success(db, keys)
                db.commit()
                sign_in(registration)
                return redirect(url_for("member.account"), 303)
            websessions.record_failure(db, keys)
            db.commit()
            failed, status = True, 401
    elif request.method == "GET" and current_member() is not None:
        return redirect(url_for("member.account"))
    if request.method == "POST" and not failed:
        status = 400
    return render_template("member/login.html", form=form, failed=failed,
                           failed_message=message), status


@bp.route("/logout", methods=["POST"])
def logout():
    ConfirmForm().validate_on_submit()  # CSRFProtect has already checked the token
    sign_out()
    flash(_("You are signed out."), "success")
    return redirect(url_for("member.login"), 303)


@bp.route("/account")
@member_required
def account():
    login = current_member()
    if request.args.get("changed") == "password":
        flash(_("Your new password is set and you are signed in."), "success")
        return redirect(url_for("member.account"))
    accounts_shown = [
        {"registration": r, "masked": mask_account(r.member.account_number),
         "status_text": STATUS_TEXT.get(r.status, r.status),
         "form": PaperlessForm(formdata=None, paperless="on" if r.paperless_billing else "off")}
        for r in login.active_registrations()
    ]
    return render_template("member/account.html", member=login, accounts=accounts_shown,
                           signout_form=ConfirmForm())


@bp.route("/account/paperless", methods=["POST"])
@member_required
def paperless():
    login = current_member()
    form = PaperlessForm()
    chosen = owned_account(login, request.form.get("account"))
    if chosen is None or not form.validate_on_submit():
        flash(_("Choose paperless or paper bills, then press Save."), "error")
        return redirect(url_for("member.account"), 303)
    db = get_session()
    accounts.set_paperless(db, chosen, form.paperless.data == "on")
    db.commit()
    last4 = shown_tail(chosen.member.account_number)
    if chosen.paperless_billing:
        flash(_("Paperless billing is on for the account ending in %(last4)s. We will e-mail %(email)s "
                "when its bill is ready.", last4=last4, email=login.email), "success")
    else:
        flash(_("Paperless billing is off for the account ending in %(last4)s. Its bill will come by mail.",
                last4=last4), "success")
    return redirect(url_for("member.account"), 303)


@bp.route("/account/unsubscribe", methods=["GET", "POST"])
@member_required
def unsubscribe():
    """Yes/No, then remove one account (``account`` given) or the whole login (no ``account``)."""
    login = current_member()
    form = ConfirmForm()
    account_id = request.values.get("account") or None
    chosen = owned_account(login, account_id) if account_id else None
    if account_id and chosen is None:
        flash(_("That account is not on your online login."), "error")
        return redirect(url_for("member.account"), 303)
    whole = chosen is None or len(login.active_registrations()) == 1
    if form.validate_on_submit():
        if request.form.get("answer") != "yes":
            flash(_("Nothing changed: your online account is still active."), "info")
            return redirect(url_for("member.account"), 303)
        db = get_session()
        ids = [r.id for r in login.live_registrations()] if whole else [chosen.id]
        # False when another tab got there first.
        removed = accounts.unsubscribe_login(db, login) if whole else accounts.unsubscribe(db, chosen)
        queued = [n for i in ids for n in dispatch.pending_for(db, i)] if removed else []
        if whole:
            end_every_session(login)
        db.commit()
        dispatch.deliver_after_commit(current_app.config["COOPBOT"], session_factory(), queued)
        if whole:
            # Signing out forgets the member's language: the page after it is told the one this
            # page spoke (a Spanish member reads it in Spanish, whatever the browser's setting).
            language = current_language()
            sign_out()
            return redirect(url_for("member.unsubscribed", lang=language), 303)
        flash(_("The account ending in %(last4)s is no longer on your online login.",
                last4=shown_tail(chosen.member.account_number)), "success")
        return redirect(url_for("member.account"), 303)
    return render_template("member/unsubscribe.html", member=login, form=form,
                           account=None if whole else chosen,
                           masked=mask_account(chosen.member.account_number) if chosen is not None else None)


@bp.route("/account/deleted")
def unsubscribed():
    return render_template("member/unsubscribed.html")
