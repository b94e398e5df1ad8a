"""A new e-mail address for a login, without starting over.

Two ways in, one change: the account page's "Change e-mail address" (signed in,
the password typed again: ``request_change``) and the conversation, after the
account was proven as for a registration (name, the co-op's proof and, with
``COOPBOT_VERIFY_POLICY=phone``, the phone on file: ``request_from_conversation``).
A link goes to
the new address: opening it (GET) only shows the change, pressing Confirm (POST)
moves the login there, once. The login keeps its accounts, password and
paperless choices. The old address is then told, with a link that undoes the
change within ``REVERT_WINDOW``, whatever changed since: undoing puts the old
address back, voids every later change and every outstanding link, clears the
password (a reset link goes to the old address) and ends every session.

Bill data alone never moves a login, active or not yet activated: a conversation
that did not prove the phone on file first mails the login's current address a
link to approve the move (:func:`approve`); only then does the new address get
its link. The one exception is the conversation that made a pending registration,
correcting the address it just gave. Nor does one account move a login that holds
another's: a phone proof skips the approval only when it proves every account that
holds the login (:func:`needs_approval`).

When the login's address changes (confirmed, or undone), every link still
outstanding for the login is voided (:func:`_void_links`): the reset,
activation, delete and add-account links mailed to the address it leaves, and
those mails still queued. Whoever reads the address left behind must not set
the password (or delete, or add an account) afterwards. The one exception is
by design: the undo link of the change itself, which the old address is sent.
The "not me" links of new registrations are not the login's: they go to the
member's *previous* address or phone, and stay.

The conversation's way in is open to anyone holding the bill of an account with
no phone on file, so its mails are bounded like the registration's link mails.
A request the login's current address must approve: at most one per login and
one per new address per ``LINK_MAIL_GUARD`` (:func:`_recently_mailed`); a
request inside the window gets the same answer and changes nothing. A request
of the login's own (needing no approval, on either way in): a repeat of its
latest request within the window sends nothing (the link mailed then stands),
another address is mailed, within the day's bounds (:func:`_held_for_the_asker`);
in the conversation, not an address another login's request mailed within it.

The new address is anyone's to type, so its mails (the confirmation link, or the
notice that the address has a login) count in that address's day
(``link_mails.DAILY_ADDRESS_MAILS``) on both ways in, and the account page's
requests also in the login's own link mails of the day (:func:`request_signed_in`):
a login of one's own, and its password, once mailed any address without bound.

Nobody learns from the answer whether an address has a login: a request for an
address another live login uses gets the same answer and changes nothing; that
address only receives a notice saying so (a mail goes out in either case).

While the old address can still undo a change, it stays reserved for the login
that left it (:func:`reserved_by`): no other login may change to it and no
registration may make a login with it (``backend.accounts.registration``), so
an undo can always put it back. Otherwise a stranger who took the address in
the window would turn the owner's refusal into a blocked login. None
of these functions commits; the caller commits, then delivers the notifications.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from backend.accounts.addresses import normalise_address
from backend.accounts.outcomes import (
    CONFIRMATION_SENT,
    EMAIL_NOT_SUPPORTED,
    NOT_REGISTERED,
    POSSESSION_REQUIRED,
    Outcome,
)
from backend.core import clock
from backend.core.config import Settings
from backend.core.errors import StepOutOfOrder
from backend.identity import possession
from backend.identity.verification import live_registration, origin_of, verified_member
from backend.notify import dispatch, mail, member_language, notices
from backend.privacy import tokens
from backend.privacy.hashing import token_hash
from backend.accounts import link_mails, websessions
from backend.storage import pending
from backend.storage.models import (
    ACTIVE,
    LIVE_STATUSES,
    PENDING,
    EmailChange,
    Login,
    Notification,
    Registration,
)
from common.masking import mask_email

# How long the old address can undo a confirmed change (stated in docs/security.md).
REVERT_WINDOW = timedelta(hours=notices.EMAIL_UNDO_HOURS)

UNAPPROVED = "unapproved"
CONFIRMED = "confirmed"
REVERTED = "reverted"
SUPERSEDED = "superseded"
VOIDED = "voided"
# Changes still waiting for a link (to approve, or to confirm).
OPEN = (UNAPPROVED, PENDING)

# States of a link, as its page shows them (the same words as the other links).
VALID = "valid"
USED = "used"
EXPIRED = "expired"
UNKNOWN = "unknown"
# The undo ran, but another login took the old address meanwhile: the login is locked out
# (no password, no sessions) and stays at the new address until member services sort it out.
BLOCKED = "blocked"
# An undo link of a change that an undo of an earlier change of the login cancelled.
VOIDED_LINK = "voided"
# An undo link whose login was deleted since: there is nothing to move back.
DELETED = "deleted"


@dataclass(frozen=True)
class ChangeLink:
    state: str
    change: EmailChange | None = None


def reserved_by(session: Session, address: str, now: datetime) -> int | None:
    """The login that left ``address`` by a change its old address may still undo, if any.

    A deleted login reserves nothing: its undo only says so, and the address's owner may sign up again.
    """
    return session.scalar(
        select(EmailChange.login_id)
        .join(Login, Login.id == EmailChange.login_id)
        .where(
            EmailChange.old_email == address,
            EmailChange.status == CONFIRMED,
            EmailChange.revert_until > now,
            Login.status.in_(LIVE_STATUSES),
        )
        .limit(1)
    )


def _address_taken(session: Session, address: str, login_id: int, now: datetime) -> bool:
    """Does another live login use ``address``, or hold it reserved for an undo?"""
    used = (
        session.scalars(
            select(Login.id).where(Login.email == address, Login.status.in_(LIVE_STATUSES), Login.id != login_id)
        ).first()
        is not None
    )
    return used or reserved_by(session, address, now) not in (None, login_id)


def _queue(session: Session, kind: str, to: str, change: EmailChange, login: Login, now: datetime) -> int:
    notification = Notification(
        kind=kind,
        channel="email",
        registration_id=change.registration_id,
        to_address=to,
        status=dispatch.QUEUED,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
        language=member_language.of(session) or login.language,
    )
    session.add(notification)
    session.flush()
    return notification.id


def request_change(
    session: Session,
    settings: Settings,
    login: Login,
    new_email: str,
    now: clock.Now = None,
    channel: str = "web",
    approval: bool = False,
) -> list[int]:
    """Mail a confirmation link to ``new_email`` (already normalised, not the login's own address).

    With ``approval`` the link goes first to the login's current address, to approve the
    move (:func:`approve`); the new address hears nothing until then. An earlier
    unconfirmed request of the login stops working, except that a request awaiting approval
    never stops one that needs none (the owner's own, from the account page or a phone-proven
    conversation, or one already approved): otherwise anyone holding the bill could void the
    owner's change every ``LINK_MAIL_GUARD``. Returns the ids of the notifications to deliver
    after commit: one mail, whether or not the address is free.
    """
    now = clock.read(now)
    anchor = (login.active_registrations() or login.live_registrations())[0]
    session.execute(
        update(EmailChange)
        .where(EmailChange.login_id == login.id, EmailChange.status.in_((UNAPPROVED,) if approval else OPEN))
        .values(status=SUPERSEDED)
        .execution_options(synchronize_session=False)
    )
    change = EmailChange(
        login_id=login.id,
        registration_id=anchor.id,
        old_email=login.email,
        new_email=new_email,
        status=UNAPPROVED if approval else PENDING,
        created_at=now,
        expires_at=now + timedelta(hours=settings.activation_ttl_hours),
    )
    session.add(change)
    session.flush()
    notices.event(session, anchor.member_id, "email_change_asked", now, channel)
    if approval:  # whether the new address is free is checked once approved: the same answer here
        return [_queue(session, dispatch.EMAIL_APPROVE, login.email, change, login, now)]
    return [_to_new_address(session, change, login, now)]


def _to_new_address(session: Session, change: EmailChange, login: Login, now: datetime) -> int:
    """Queue the confirmation link to the new address, or, when another login uses or reserves
    it, the notice saying so (the change is then kept as a record that can never be confirmed)."""
    taken = _address_taken(session, change.new_email, login.id, now)
    if taken:
        change.status = SUPERSEDED
        session.flush()
    kind = dispatch.EMAIL_IN_USE if taken else dispatch.EMAIL_CONFIRM
    return _queue(session, kind, change.new_email, change, login, now)


# The links mailed to the login's own address, and the mails that carry them (minted when sent).
# The mails a request sends (one or the other), counted by the conversation's guard.
REQUEST_MAILS = (dispatch.EMAIL_CONFIRM, dispatch.EMAIL_IN_USE, dispatch.EMAIL_APPROVE)


def _of_login(login: Login):
    """A notification of one of ``login``'s e-mail change requests (they hang on its accounts)."""
    return Notification.registration_id.in_(select(EmailChange.registration_id).where(EmailChange.login_id == login.id))


def _request_mailed(session: Session, now: datetime, *where) -> bool:
    """Did a request's mail (``REQUEST_MAILS``) matching ``where`` go out within ``LINK_MAIL_GUARD``?"""
    return (
        session.scalar(
            select(Notification.id)
            .where(
                Notification.kind.in_(REQUEST_MAILS),
                Notification.status != dispatch.CANCELLED,
                Notification.created_at >= now - link_mails.LINK_MAIL_GUARD,
                *where,
            )
            .limit(1)
        )
        is not None
    )


def _recently_mailed(session: Session, login: Login, address: str, now: datetime, on_bill: bool) -> str | None:
    """Did a request mail this login, or this new address, within ``LINK_MAIL_GUARD``
    (``link_mails.GUARDED``), or has the login had the day's link mails of the caller's budget
    (``on_bill``: bill data alone; ``link_mails.DAILY_LIMIT``)? None: neither.

    Read under the link mails' lock (``link_mails.lock``), so that requests arriving at once are
    counted one after the other.
    """
    link_mails.lock(session)
    if _request_mailed(session, now, or_(Notification.to_address == address, _of_login(login))):
        return link_mails.GUARDED
    return link_mails.DAILY_LIMIT if link_mails.over_daily_cap(session, login.id, now, on_bill) else None


def _held_for_the_asker(
    session: Session, settings: Settings, login: Login, new_email: str, now: datetime, on_bill: bool = False
) -> str | None:
    """Why a request that needs no approval (the login's own: the account page, a phone-proven
    conversation, the conversation that made a pending login) mails nothing, or None: it mails.

    A repeat of the login's latest request within ``LINK_MAIL_GUARD`` (``GUARDED``: the link mailed
    then stands, so a double submit does not void it); over the login's link mails of the day of the
    caller's budget, or the new address's day (``DAILY_LIMIT``). Another address is mailed: guarded
    per login, a member who saw a typo and asked again minutes later was told of a link never sent.
    Read under the link mails' lock.
    """
    link_mails.lock(session)
    if _latest_asks(session, login, new_email) and _request_mailed(
        session, now, Notification.to_address == new_email, _of_login(login)
    ):
        return link_mails.GUARDED
    if link_mails.over_daily_cap(session, login.id, now, on_bill) or link_mails.address_spent(
        session, settings, new_email, now
    ):
        return link_mails.DAILY_LIMIT
    return None


def _latest_asks(session: Session, login: Login, new_email: str) -> bool:
    """Is the login's latest request for ``new_email``? Only then does its link stand: a later request
    for another address voided it (``request_change``), and holding the repeat back would leave the
    member a link that no longer works. Alike whether or not the address has a login (its request is
    kept as a record), so a repeat tells nothing of that address. A request still awaiting the login's
    approval (a stranger's, on bill data) voids none of the login's own and is passed over."""
    latest = session.scalar(
        select(EmailChange.new_email)
        .where(EmailChange.login_id == login.id, EmailChange.status != UNAPPROVED)
        .order_by(EmailChange.id.desc())
        .limit(1)
    )
    return latest == new_email


def request_signed_in(
    session: Session, settings: Settings, login: Login, new_email: str, now: clock.Now = None
) -> tuple[str | None, list[int]]:
    """The account page's way in (the password typed again): :func:`request_change`, within bounds.

    The password proves the login, not the new address, which anyone signed in to a login of their
    own may type again and again: bounded as every request the login asks itself
    (:func:`_held_for_the_asker`). Returns why nothing went out (None: it went) and the
    notifications to deliver after commit.
    """
    now = clock.read(now)
    held = _held_for_the_asker(session, settings, login, new_email, now)
    if held is not None:
        return held, []
    ids = request_change(session, settings, login, new_email, now)
    return None, link_mails.count_for_address(session, settings, ids, now)


# Results of ``request_from_conversation`` (EmailChangeResult in backend/api/openapi.yaml): the
# words shared with the registration (backend.accounts.outcomes), and this one of its own.
SAME_ADDRESS = "same_address"
# The current address of an active login was asked to approve the move (bill data alone).
APPROVAL_SENT = "approval_sent"


def request_from_conversation(
    session: Session, settings: Settings, conversation_id: str, new_email: str, now: clock.Now = None
) -> Outcome:
    """The conversation's way in: the proven account's login asks to move to ``new_email``.

    The conversation must have proven the account exactly as for a registration: the
    account number, name and the co-op's proof (``verified_member``) and, under
    ``COOPBOT_VERIFY_POLICY=phone``, the phone on file (``possession``); otherwise
        ``StepOutOfOrder``. Then ``request_change`` does what the account page does: one
    mail to the new address (the confirmation link, or the notice that it already
    belongs to a login: the answer is the same), nothing changes until the link is
    used, and the old address is told with an undo link once it is. A request to be
    approved within ``LINK_MAIL_GUARD`` of a request's mail to this login or to this
    address, or a repeat of the login's latest request within it, gets the same answer
    and nothing is sent or changed (``_recently_mailed``, ``_held_for_the_asker``).

    Bill data alone (no phone proven: an account with no phone on file, or the bill
    policy) moves no login: the bill is printed and mailed, and the new address is the
    asker's own, so its confirmation proves nothing. The current address must approve
    the move first (``needs_approval``; ``APPROVAL_SENT``). Commits.
    """
    address = normalise_address(new_email)
    if not mail.can_deliver(settings, address):
        return Outcome(EMAIL_NOT_SUPPORTED)
    now = clock.read(now)
    draft, member = verified_member(session, conversation_id, now)
    if not possession.is_settled(settings, draft):
        raise StepOutOfOrder(POSSESSION_REQUIRED, "prove possession of the phone on file first")
    registration = live_registration(session, settings, member.id, now)
    if registration is None or registration.login.status not in LIVE_STATUSES or pending.is_addition(registration):
        # A pending addition waits for another login's address to take the account: that login is
        # not the account's, and proving the account moves nothing of it.
        return Outcome(NOT_REGISTERED)
    login = registration.login
    if address == login.email:
        return Outcome(SAME_ADDRESS, mask_email(address))
    approval = needs_approval(draft, login, registration)
    on_bill = draft.possession not in possession.PHONE_PROOFS
    if approval:
        held = _recently_mailed(session, login, address, now, on_bill)
    else:
        held = _held_for_the_asker(session, settings, login, address, now, on_bill)
        if held is None and _request_mailed(session, now, Notification.to_address == address, ~_of_login(login)):
            held = link_mails.GUARDED  # another login's request mailed this address minutes ago
    if held is not None:
        session.commit()
        # The day's link mails spent: nothing went out, and the answer says so (``link``).
        stopped = link_mails.DAILY_LIMIT if held == link_mails.DAILY_LIMIT else None
        if approval:
            return Outcome(APPROVAL_SENT, mask_email(login.email), [], link=stopped)
        return Outcome(CONFIRMATION_SENT, mask_email(address), [], link=stopped)
    ids = request_change(
        session,
        settings,
        login,
        address,
        now,
        channel=origin_of(session, conversation_id).channel or "web",
        approval=approval,
    )
    link_mails.count_on_bill(session, ids, on_bill)
    if not approval:  # the mail went to the new address (an approval goes to the login's own)
        link_mails.count_for_address(session, settings, ids, now)
    session.commit()
    if approval:
        return Outcome(APPROVAL_SENT, mask_email(login.email), ids)
    return Outcome(CONFIRMATION_SENT, mask_email(address), ids)


def needs_approval(draft, login: Login, registration: Registration) -> bool:
    """Must the login's current address approve a move the conversation asked for?

    Yes unless every account that holds the login (``pending.holders``: those active on it, and
    the account it was made with while it waits for its activation) is one the conversation
    proved, and it proved them with the phone on file (an SMS from it, or its one-time code), or
    the login was never activated and this very conversation made its registration (the member
    correcting the address they just gave). An account counts as proven when it is the
    conversation's own, or when its phone on file is the very phone the conversation proved
    (``_proven_by_the_phone``: one member's several accounts).

    A login not yet activated needs the approval too: otherwise a stranger with the bill moves the
    member's new registration to their own address, activates it there and deletes it, and the undo
    then has no login to move back. And one account never moves a login that holds another's: else a
    stranger signs up their own account with the member's address, the member's account joins that
    login (or the member adds the stranger's account, misled), and the stranger's own phone moves the
    login, the member's account on it, to the stranger's address. The phone of an account only waiting
    to join the login (a pending addition, perhaps a stranger's own) proves nothing of the login.
    """
    holders = pending.holders(login)
    if registration not in holders:
        return True
    phone_proof = draft.possession in possession.PHONE_PROOFS
    if not all(
        holder.member_id == registration.member_id or (phone_proof and _proven_by_the_phone(holder, registration))
        for holder in holders
    ):
        return True
    if phone_proof:
        return False
    return login.status == ACTIVE or registration.conversation_id != draft.conversation_id


def _proven_by_the_phone(holder: Registration, proven: Registration) -> bool:
    """Is ``holder``'s phone on file the phone the conversation proved (that of ``proven``'s account)?"""
    phone = proven.member.phone
    return bool(phone) and holder.member.phone == phone


def _live_login(session: Session, change: EmailChange) -> Login | None:
    login = session.get(Login, change.login_id)
    return login if login is not None and login.status in LIVE_STATUSES else None


def _change_by(session: Session, token_column, token: str) -> EmailChange | None:
    """The change a link's token belongs to (``token_column``: which of its links), if any."""
    return session.scalars(select(EmailChange).where(token_column == token_hash(token))).first()


def _still_open(session: Session, change: EmailChange, status: str, now: datetime) -> bool:
    """Is the change still ``status`` and within its deadline, its login live and still at the
    address the change leaves? Else its confirmation or approval link has expired."""
    login = _live_login(session, change)
    return change.status == status and change.expires_at > now and login is not None and login.email == change.old_email


def confirm_state(session: Session, token: str, now: clock.Now = None) -> ChangeLink:
    """What a confirmation link is worth now; reads only (mail scanners open links)."""
    now = clock.read(now)
    change = _change_by(session, EmailChange.confirm_hash, token)
    if change is None:
        return ChangeLink(UNKNOWN)
    if change.status == CONFIRMED or change.status == REVERTED:
        return ChangeLink(USED, change)
    return ChangeLink(VALID if _still_open(session, change, PENDING, now) else EXPIRED, change)


def _advance(session: Session, change: EmailChange, conditions: list, **values) -> bool:
    """Move ``change`` on (``values``) if it still meets ``conditions``, in one conditional UPDATE:
    of two clicks or two workers racing on one link, exactly one wins; ``change`` is re-read."""
    won = session.execute(
        update(EmailChange)
        .where(EmailChange.id == change.id, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(change)
    return won == 1


def confirm(session: Session, token: str, now: clock.Now = None) -> tuple[ChangeLink, list[int]]:
    """POST behind the confirmation link: move the login to the new address, once.

    The old address is told, with a link that undoes the change within ``REVERT_WINDOW``,
    when it proved itself (the login was activated there). The address of a login never
    activated proved nothing: it is neither told nor kept for an undo, or anyone could sign
    up an account of theirs with someone else's address, move the login away and so keep
    that address from signing up for the undo's 7 days. Returns the link's state (``VALID``
    when this request changed the address) and the notifications to deliver after commit.
    """
    now = clock.read(now)
    link = confirm_state(session, token, now)
    if link.state != VALID:
        return link, []
    change = link.change
    if _address_taken(session, change.new_email, change.login_id, now):
        change.status = SUPERSEDED  # another login took (or reserved) the address meanwhile
        session.flush()
        return ChangeLink(EXPIRED, change), []
    login = session.get(Login, change.login_id)
    proven = login.status == ACTIVE
    if not _advance(
        session,
        change,
        [EmailChange.status == PENDING, EmailChange.expires_at > now],
        status=CONFIRMED,
        confirmed_at=now,
        revert_until=now + REVERT_WINDOW if proven else None,
    ):
        return confirm_state(session, token, now), []
    login.email = change.new_email
    _void_links(session, login.id, now)
    session.flush()
    for registration in login.live_registrations():
        notices.event(session, registration.member_id, "email_changed", now, "email")
    if not proven:
        return ChangeLink(VALID, change), []
    return ChangeLink(VALID, change), [_queue(session, dispatch.EMAIL_CHANGED, change.old_email, change, login, now)]


def approve_state(session: Session, token: str, now: clock.Now = None) -> ChangeLink:
    """What an approval link (mailed to the current address) is worth now; reads only."""
    now = clock.read(now)
    change = _change_by(session, EmailChange.approve_hash, token)
    if change is None:
        return ChangeLink(UNKNOWN)
    if change.approved_at is not None:
        return ChangeLink(USED, change)
    return ChangeLink(VALID if _still_open(session, change, UNAPPROVED, now) else EXPIRED, change)


def approve(session: Session, settings: Settings, token: str, now: clock.Now = None) -> tuple[ChangeLink, list[int]]:
    """POST behind the approval link: the current address agrees; the new address gets its link, once.

    Nothing moves yet: the new address still confirms (:func:`confirm`), within a fresh
    ``activation_ttl_hours``. Returns the link's state and the notifications to deliver after commit.
    """
    now = clock.read(now)
    link = approve_state(session, token, now)
    if link.state != VALID:
        return link, []
    change = link.change
    if not _advance(
        session,
        change,
        [EmailChange.status == UNAPPROVED, EmailChange.expires_at > now],
        status=PENDING,
        approved_at=now,
        expires_at=now + timedelta(hours=settings.activation_ttl_hours),
    ):
        return approve_state(session, token, now), []
    login = session.get(Login, change.login_id)
    for registration in login.live_registrations():
        notices.event(session, registration.member_id, "email_change_approved", now, "email")
    # Counted in the new address's day (the owner approved it: sent even when that day is spent).
    return ChangeLink(VALID, change), link_mails.count_for_address(
        session, settings, [_to_new_address(session, change, login, now)], now
    )


def revert_state(session: Session, token: str, now: clock.Now = None) -> ChangeLink:
    """What an undo link (mailed to the old address) is worth now; reads only.

    It works for its whole window whatever happened to the login since (later changes of
    address, a new password): otherwise whoever took the login could void it by changing
    the address once more. ``VOIDED_LINK`` when an undo of an earlier change cancelled this
    one, ``DELETED`` when the login was deleted since (nothing is left to move back).
    """
    now = clock.read(now)
    change = _change_by(session, EmailChange.revert_hash, token)
    if change is None:
        return ChangeLink(UNKNOWN)
    if change.status == REVERTED:
        return ChangeLink(USED, change)
    if change.status == VOIDED:
        return ChangeLink(VOIDED_LINK, change)
    if change.status != CONFIRMED or change.revert_until is None or change.revert_until <= now:
        return ChangeLink(EXPIRED, change)
    if _live_login(session, change) is None:
        return ChangeLink(DELETED, change)
    return ChangeLink(VALID, change)


def revert(session: Session, token: str, now: clock.Now = None) -> tuple[ChangeLink, list[int]]:
    """POST behind the undo link: the login goes back to the address this change replaced, once.

    Whoever moved the login may have used it since, so everything they could hold stops:
    every later change of the login and its undo link (:data:`VOIDED`; their addresses are
    no longer reserved), every unconfirmed request, every outstanding link of the login's
    accounts and every mail with one not yet sent to another address, every signed-in
    session, and the password (a password-reset link goes to the restored address).
    ``BLOCKED`` when another login took the old address in the meantime: the password and
    sessions are cleared all the same, but no reset link goes anywhere and staff see an
    ``email_change_undo_blocked`` event on each account.
    """
    now = clock.read(now)
    link = revert_state(session, token, now)
    if link.state != VALID:
        return link, []
    change = link.change
    if not _advance(
        session,
        change,
        [EmailChange.status == CONFIRMED, EmailChange.revert_until > now],
        status=REVERTED,
        reverted_at=now,
    ):
        return revert_state(session, token, now), []
    login = session.get(Login, change.login_id)
    _void_since(session, change)
    restored = not _address_taken(session, change.old_email, login.id, now)
    if restored:
        login.email = change.old_email
    # Whoever changed the address may have had a reset link mailed there: void it, blocked or not
    # (before the reset link below is queued).
    _void_links(session, login.id, now)
    login.password_hash = None
    login.failed_logins = 0
    login.login_locked_until = None
    live = login.live_registrations()
    websessions.end_all(session, websessions.MEMBER, login.id)
    session.flush()
    queued = []
    for registration in live:
        notices.event(
            session,
            registration.member_id,
            "email_change_undone" if restored else "email_change_undo_blocked",
            now,
            "email",
        )
    if restored and live:  # the reset link hangs on one of the login's accounts, as every link does
        queued.append(dispatch.queue(session, dispatch.PASSWORD_RESET, live[0], now=now).id)
    return ChangeLink(VALID if restored else BLOCKED, change), queued


# Mails that carry a link of the login (``tokens.LOGIN_PURPOSES``), minted when they are sent.
_LINK_MAILS = (dispatch.ACTIVATION, dispatch.PASSWORD_RESET, dispatch.DELETE_CONFIRM, dispatch.ADD_ACCOUNT)


def _void_links(session: Session, login_id: int, now: datetime) -> None:
    """Every link of the login's accounts stops working, and such a mail still queued is not
    sent (it would mint a fresh link for whatever address it was queued to). Run when the
    login's address changes or a change is undone: whoever read the address it leaves keeps
    nothing. The undo link of a change (on ``EmailChange``) and "not you?" cancel links (to an
    earlier contact) are not login links and stay."""
    accounts = list(session.scalars(select(Registration.id).where(Registration.login_id == login_id)))
    tokens.void(session, accounts, tokens.LOGIN_PURPOSES, now)
    if accounts:
        session.execute(
            update(Notification)
            .where(
                Notification.registration_id.in_(accounts),
                Notification.kind.in_(_LINK_MAILS),
                Notification.status == dispatch.QUEUED,
            )
            .values(status=dispatch.CANCELLED)
            .execution_options(synchronize_session=False)
        )


def _void_since(session: Session, change: EmailChange) -> None:
    """An undo cancels what followed the change: later confirmed changes (and so their undo
    links and reserved addresses) and every request still waiting for a link."""
    session.execute(
        update(EmailChange)
        .where(EmailChange.login_id == change.login_id, EmailChange.id > change.id, EmailChange.status == CONFIRMED)
        .values(status=VOIDED)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(EmailChange)
        .where(EmailChange.login_id == change.login_id, EmailChange.status.in_(OPEN))
        .values(status=SUPERSEDED)
        .execution_options(synchronize_session=False)
    )
