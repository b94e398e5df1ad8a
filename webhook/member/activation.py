"""The page behind an activation or password-reset link.

GET only shows the form: mail scanners and link previews open links before
members do, so reading a link must change nothing. POST sets the password and
spends the link (``backend.accounts.online_access.activate``, one conditional UPDATE). A
second submit from another browser finds the link spent and is redirected to
the link's page, "already active - sign in here", never an error page (also when
the first submit's sign-in left the resubmit with a stale form token,
``used_link_page``): a reload of that page posts nothing (Post/Redirect/Get).
A double click sends the form twice before the first answer and its signed-in
cookie are back: both carry this browser's form nonce (its session cookie) and
the password, and the spent link keeps the nonce's keyed digest (``_proof``), so
the second submit gets the first one's page, signed in to the same session
(``accounts.resubmitted``; nothing is changed twice). Where the co-op signs in
with a User ID (``COOPBOT_USERNAME=user_id``) the same form asks for one: the
account is proven and the link held by then. But anyone with an account of their
own holds such a link, so "that ID is taken" is an answer about other members'
IDs: each one counts in a throttle of the link's login, with the client's network and
alone, never of the network alone (``websessions``' growing delays, kind ``USER_ID_TRIES``), read under a lock of the
login row so that parallel tries count one after the other; without it a link
tried thousands of IDs a minute. The "account is active"
mail that activation queues is sent once the activation has committed.
"""

from __future__ import annotations

import secrets

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from backend.accounts import online_access as accounts
from backend.accounts import passwords, user_ids, websessions
from backend.privacy import tokens
from backend.notify import dispatch
from backend.core import keys
from backend.privacy.hashing import keyed_hash
from common.account_refs import shown_tail
from backend.storage.models import Login
from webhook.client_ip import client_network
from webhook.database import get_session, session_factory
from webhook.member import bp
from webhook.member.account import wait_message
from webhook.member.forms import PaperlessForm, SetPasswordForm, SetPasswordWithUserIdForm, login_form
from webhook.member.signin import current_member, member_required, owned_account, sign_in

_STATUS = {accounts.USED: 200, accounts.EXPIRED: 410, accounts.UNKNOWN: 404}
# The throttle kind of the User IDs a link tries ("taken" answers), apart from sign-ins.
USER_ID_TRIES = "user_id"


def _user_id_tries(db, login_id: int) -> dict[str, str]:
    """The throttle keys of this link's User ID tries, the login's row locked for the request."""
    db.get(Login, login_id, with_for_update=True)
    client = client_network(request, current_app.config["COOPBOT"].trusted_proxies)
    keys = websessions.throttle_keys(USER_ID_TRIES, f"login {login_id}", client)
    # The link's login, with the network and alone; never the network alone: it is shared (an office,
    # a carrier's NAT), and a stranger's tries with a link of their own would hold back every member's
    # activation from there, a free ID included.
    return {name: keys[name] for name in ("pair", "account")}


# This browser's nonce for password links, in its session cookie until a sign-in clears it.
_NONCE = "link_form_nonce"


def _proof(token: str) -> str:
    """What the spent link keeps of the browser that used it: a keyed digest (the ``used-link``
    purpose key) of the link and this browser's nonce, which its cookie holds from the form's GET."""
    nonce = session.setdefault(_NONCE, secrets.token_urlsafe(24))
    return keyed_hash(keys.derive(current_app.config["COOPBOT"].secret_key, keys.USED_LINK), nonce, f"proof {token} ")


def _session_id(token: str) -> str:
    """The member session both submits of a double click sign in to: derived from the link and the
    browser's nonce under the server's key (never stored, unlike ``_proof``), so the second joins the first's."""
    key = keys.derive(current_app.config["COOPBOT"].secret_key, keys.USED_LINK)
    return keyed_hash(key, session[_NONCE], f"session {token} ")


def _signed_in(result: accounts.ActivationResult, token: str):
    """The page after setting the password: signed in, the account page or the paperless offer."""
    sign_in(result.registration.login, _session_id(token))
    if result.purpose == tokens.RESET:
        return redirect(url_for("member.account", changed="password"), 303)
    return redirect(url_for("member.welcome"), 303)


def _same_submit(db, token: str, password: str | None, proof: str):
    """The first submit's page for this browser's second one (a double click), or None."""
    again = accounts.resubmitted(db, token, password, proof)
    if again is None:
        return None
    db.rollback()  # nothing to change: the first submit did it
    return _signed_in(again, token)


@bp.route("/activate/<token>", methods=["GET", "POST"])
def activate(token: str):
    settings = current_app.config["COOPBOT"]
    db = get_session()
    proof = _proof(token)
    link = accounts.activation_page_state(db, token)
    if link.state == accounts.USED and request.method == "POST":
        same = _same_submit(db, token, request.form.get("password"), proof)
        if same is not None:
            return same
    if link.state == accounts.USED and request.method == "POST":
        return _to_the_spent_link()
    if link.state != accounts.VALID:
        return _link_page(link.state, link.purpose, link.registration, link.address_changed)

    asks_user_id = accounts.needs_user_id(settings, link.registration.login)
    form = SetPasswordWithUserIdForm() if asks_user_id else SetPasswordForm()
    email = link.registration.email
    wait = 0
    if request.method == "POST":
        valid = form.validate_on_submit()
        if form.password.data:
            form.password.errors = list(form.password.errors) + [
                _(problem) for problem in passwords.check(settings.password_policy, form.password.data, email)
            ]
        if asks_user_id:
            form.user_id.errors = list(form.user_id.errors) + [
                _(problem) for problem in user_ids.problems(form.user_id.data)
            ]
        tries = _user_id_tries(db, link.registration.login_id) if asks_user_id and valid and not form.errors else None
        wait = websessions.wait_seconds(db, tries) if tries else 0
        if wait:  # checked before the ID: during the wait no ID is looked up
            form.user_id.errors = [wait_message(wait)]
            db.rollback()
        if valid and not form.errors:
            result = accounts.activate(
                db,
                token,
                form.password.data,
                settings,
                user_id=form.user_id.data if asks_user_id else None,
                used_by=proof,
            )
            same = _same_submit(db, token, form.password.data, proof) if result.state == accounts.USED else None
            if same is not None:
                return same
            if result.state == accounts.USER_ID_TAKEN:
                websessions.record_failure(db, tries)
            activated = result.state == accounts.ACTIVATED
            queued = dispatch.pending_for(db, result.registration.id) if activated else []
            db.commit()
            if activated:
                dispatch.deliver_after_commit(settings, session_factory(), queued)
                return _signed_in(result, token)
            if result.state in (accounts.INVALID_USER_ID, accounts.USER_ID_TAKEN):
                form.user_id.errors = [_(problem) for problem in result.errors]
            elif result.state == accounts.USED:
                return _to_the_spent_link()  # the other tab's submit was first
            elif result.state != accounts.INVALID_PASSWORD:
                return _link_page(
                    result.state,
                    result.purpose,
                    result.registration,
                    accounts.activation_page_state(db, token).address_changed,
                )
            else:
                form.password.errors = [_(problem) for problem in result.errors]
    status = 429 if wait else 400 if form.errors else 200
    return render_template(
        "member/activate.html",
        form=form,
        email=email,
        purpose=link.purpose,
        asks_user_id=asks_user_id,
        # Which account the login is for: a stranger may sign up their own account with this address.
        last4=shown_tail(link.registration.member.account_number),
        user_id=link.registration.login.user_id if settings.username == "user_id" else None,
        policy_hint=_(passwords.describe(settings.password_policy)),
        user_id_hint=_(user_ids.RULES),
    ), status


def used_link_page(token: str):
    """The answer to a resubmit of an activation or password link already used, or None while it is not.

    For a resubmit whose form token went stale when the first submit signed in
    (``webhook.member.errors``): sent on to the page a GET of the spent link shows anyone."""
    link = accounts.activation_page_state(get_session(), token)
    if link.state != accounts.USED:
        return None
    return _to_the_spent_link()


def _to_the_spent_link():
    """A submit that finds the link already used (the form sent twice, from the back button, a reload,
    another tab or browser): a redirect (303) to the link's own GET, which shows "already activated -
    sign in here" (or, signed in as its member, the way to the account), so the browser ends on a page
    it can reload without posting the form again (Post/Redirect/Get). Nothing is changed either way."""
    return redirect(url_for("member.activate", token=request.view_args["token"], **request.args.to_dict()), 303)


def _link_page(state, purpose, registration, address_changed=False):
    """The answer for a link that cannot set a password (any more): what to do instead
    (``address_changed``: the login's address changed, which voided it)."""
    signed_in_here = (
        registration is not None and current_member() is not None and current_member().id == registration.login_id
    )
    settings = current_app.config["COOPBOT"]
    prefill = None
    if registration is not None:
        prefill = registration.login.user_id if settings.username == "user_id" else registration.email
    form = login_form(settings, formdata=None)
    form.username_field.data = prefill
    return render_template(
        f"member/link_{state}.html",
        purpose=purpose,
        registration=registration,
        signed_in_here=signed_in_here,
        login_form=form,
        address_changed=address_changed,
    ), _STATUS[state]


@bp.route("/welcome")
@member_required
def welcome():
    """Right after activation: offer paperless billing, as the co-op's own portal does."""
    login = current_member()
    form = PaperlessForm(formdata=None)
    account = owned_account(login, request.args.get("account"))
    return render_template("member/welcome.html", member=login, form=form, account=account)


@bp.after_request
def _no_store(response):
    # Member pages are personal (and activation URLs carry a token): no caches, no referrers.
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
