"""Adding another account to a login: the signed-in member's form, and the link that confirms it.

``/account/add`` proves the account as a registration does (account and name,
the co-op's proof, a code to the phone on file when the account has one, sent in
the page's language) and then mails the offer to the login's own address. ``/add/<token>`` is the page
behind that mail's link: GET shows which account (masked to its last four digits) would join the login
and changes nothing (mail scanners open links); POST adds it, once
(``backend.accounts.online_access.confirm_addition``). Nobody needs to be signed
in: holding the mailbox of the login is the proof, as for an activation link.
"""

from __future__ import annotations

import secrets

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from backend.accounts import online_access as accounts
from backend.accounts import registration
from backend.core.errors import BadInput
from backend.identity import possession, verification
from backend.notify import dispatch
from backend.privacy import tokens
from common.masking import mask_account
from webhook.client_ip import source_key
from webhook.database import get_session, session_factory
from webhook.i18n import current_language
from webhook.member import bp
from webhook.member.forms import AddAccountForm, CodeForm, ConfirmForm
from webhook.member.signin import current_member, member_required

# A link used once answers 200 "already added", as an activation link clicked twice ("already activated").
_STATUS = {accounts.USED: 200, accounts.EXPIRED: 410, accounts.UNKNOWN: 404}


@bp.route("/add/<token>", methods=["GET", "POST"])
def confirm_addition(token: str):
    settings = current_app.config["COOPBOT"]
    db = get_session()
    link = accounts.link_state(db, token, tokens.ADD)
    if link.state == accounts.VALID and link.registration.status != "pending":
        link = accounts.LinkState(accounts.USED, link.purpose, link.registration)
    if link.state != accounts.VALID:
        return _link_page(link)
    masked = mask_account(link.registration.member.account_number)
    form = ConfirmForm()
    if form.validate_on_submit():
        result = accounts.confirm_addition(db, settings, token)
        if result.state != accounts.VALID:
            db.rollback()
            return _link_page(result)
        queued = dispatch.pending_for(db, result.registration.id)
        db.commit()
        dispatch.deliver_after_commit(settings, session_factory(), queued)
        return render_template("member/add_account.html", state="done", masked=masked,
                               email=result.registration.email, activated=_activated(result.registration))
    return render_template("member/add_account.html", state="valid", masked=masked, form=form,
                           email=link.registration.email, activated=_activated(link.registration))


def _activated(registration) -> bool:
    """Has the login this account joins a password yet? A login offered an account before its own
    activation link was used (a second account given in the sign-up's conversation) has none: its
    page may not speak of a password that stays, nor send the member to sign in."""
    return bool(registration.login and registration.login.password_hash)


def _link_page(link: accounts.LinkState):
    """A link that adds nothing now. Used (opened again, a second tab, the back button): the account
    is already on the login, so the page says so and offers sign-in, as an activation link clicked
    twice does; expired or unknown: why it no longer works."""
    if link.state == accounts.USED:
        return render_template("member/add_account.html", state="used",
                               masked=mask_account(link.registration.member.account_number),
                               signed_in_here=_signed_in_as(link.registration.login_id)), _STATUS[link.state]
    return render_template("member/add_account.html", state=link.state), _STATUS[link.state]


def _signed_in_as(login_id: int) -> bool:
    member = current_member()
    return member is not None and member.id == login_id


# --- "Add another account" on the account page ------------------------------------------------
# The same steps and budgets as a registration by chat: account and name, the proof, then the
# phone on file; the guesses count for this browser's network like a web chat's
# (``webhook.client_ip.source_key``). One answer for every failure, so the page tells nobody
# which of account, name or proof was wrong, or whether the account is locked.
_FLOW = "member_add_flow"


def _flow_id() -> str:
    flow = session.get(_FLOW)
    if not flow:
        flow = session[_FLOW] = "page-" + secrets.token_urlsafe(18)
    return flow


def _offer(db, settings, flow: str, login):
    outcome = registration.add_to_login(db, settings, flow, login.id)
    dispatch.deliver_after_commit(settings, session_factory(), outcome.notification_ids)
    session.pop(_FLOW, None)
    verification.forget_conversation(db, flow)
    db.commit()
    if outcome.link == registration.LINKS_STOPPED:
        # The day's link mails are spent: nothing went out (never "we mailed a link").
        flash(_("No more links go to %(email)s today, so we did not send one. Please call member services "
                "at %(phone)s.", email=outcome.email_masked, phone=settings.support_phone), "error")
    elif outcome.result == registration.ALREADY_REGISTERED and outcome.link == registration.NO_LINK:
        # Nothing new was mailed (a link went minutes ago, or the account is on this login): say so.
        flash(_("That account already has online access. A link went to the address on file, %(email)s, "
                "a few minutes ago.", email=outcome.email_masked), "info")
    elif outcome.result == registration.ALREADY_REGISTERED:
        flash(_("That account already has online access. We mailed a link to the address on file, %(email)s.",
                email=outcome.email_masked), "info")
    else:
        flash(_("To finish, open the link we mailed to %(email)s and press Add. Check your spam folder too.",
                email=outcome.email_masked), "success")
    return redirect(url_for("member.account"), 303)


NOT_PROVEN = _l("We could not add that account with these details. Check the account number, the name and "
                "what you gave against the bill, or call member services.")
# The page's choice -> the backend's name of that proof (backend.identity.verification.verify_secret).
_PROOF_FIELDS = {"zip": "zip_code", "ssn": "tax_id_last4", "meter": "meter_number"}


@bp.route("/account/add", methods=["GET", "POST"])
@member_required
def add_account():
    settings = current_app.config["COOPBOT"]
    login = current_member()
    form = AddAccountForm().with_proofs(settings.proofs)
    if form.validate_on_submit():
        db = get_session()
        flow = _flow_id()
        verification.forget_conversation(db, flow)  # a new try starts from the account number
        verification.remember_origin(db, flow, "web", source_key(settings.secret_key, request,
                                                                 settings.trusted_proxies))
        db.commit()
        try:
            # With the settings (the key of ``budget.guess_hash``) a wrong name sent again counts
            # once, as in the chat.
            checked = verification.check_account(db, flow, form.account_number.data, form.name.data,
                                                 settings=settings)
            proven = checked.result == verification.MATCH and verification.verify_secret(
                db, settings, flow, **{_PROOF_FIELDS[form.proof.data]: form.proof_value.data})
        except BadInput:
            proven = None
        if not proven or proven.result != verification.VERIFIED:
            db.rollback()
            flash(_(NOT_PROVEN), "error")
            return render_template("member/add_account_form.html", form=form), 400
        if possession.is_settled(settings, verification.get_draft(db, flow)):
            return _offer(db, settings, flow, login)
        sent = possession.send_code(db, settings, flow, language=current_language())
        if sent.result != possession.CODE_SENT:
            flash(_("We cannot send a code to the phone on file of that account now. Please call member "
                    "services."), "error")
            return redirect(url_for("member.account"), 303)
        return render_template("member/add_account_code.html", form=CodeForm(formdata=None),
                               phone=sent.phone_masked)
    status = 400 if request.method == "POST" else 200
    return render_template("member/add_account_form.html", form=form), status


@bp.route("/account/add/code", methods=["POST"])
@member_required
def add_account_code():
    settings = current_app.config["COOPBOT"]
    form = CodeForm()
    flow = session.get(_FLOW)
    if flow is None or not form.validate_on_submit():
        return redirect(url_for("member.add_account"), 303)
    db = get_session()
    checked = possession.check_code(db, settings, flow, form.code.data)
    if checked.result != possession.VERIFIED:
        flash(_("That code did not work. Start again to get a new code."), "error")
        return redirect(url_for("member.add_account"), 303)
    return _offer(db, settings, flow, current_member())
