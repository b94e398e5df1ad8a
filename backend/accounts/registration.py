"""Online-access registration for a verified conversation (the API's write steps).

A conversation first proves who it is (``backend.identity.verification``), then stores
its security answer (hashed at once), then registers with an e-mail address
and the accepted terms. Each function commits its own unit of work, and any
mail it announces is a ``Notification`` row in that same transaction; the
returned ``notification_ids`` are handed to ``dispatch.deliver_after_commit``
by the caller after the commit, so a mail never announces a change that was
rolled back, and a mail that fails is retried rather than lost.

Rules from the co-op's guide and the issue:
- one live (pending or active) registration per member and per address; the
  partial unique indexes of ``models.Registration`` enforce it even when two
  conversations register the same account at the same instant: the loser's
  IntegrityError is answered like any other "already registered";
- an already-registered account never gets a second registration: the
  address on file receives a password-reset link (or its activation or addition
  link again while the registration is still pending; the answer's ``link`` says
  which, or "none" inside ``LINK_MAIL_GUARD``);
- a pending registration holds the account only until its link expires, and a
  conversation that proved the phone on file replaces it at once
  (``backend.storage.pending``, ``_clear_the_way``): the old one is closed, its
  links void, and its address is told (``notices.replaced``);
- registering again from the same conversation (a retried request) answers
  the same and sends nothing twice; a pending registration may correct its
  address, which voids the links sent to the wrong one;
- the activation mail can be re-sent once per conversation;
- an address another login already uses is answered exactly like a new one
  ("I sent the link to ..."), so a verified conversation cannot learn who has
  a login (only a conversation that itself registered an account on that login,
  and so knows it, is told ``link`` "add_account"): the account becomes a *pending addition* to that login, and the
  login's own address is mailed an offer to add it (``add_account``, a link
  that GET shows and POST confirms, ``online_access.confirm_addition``), at
  most once per ``LINK_MAIL_GUARD``. The account was proven exactly as for a
  new login (name, the co-op's proof, the phone on file), and the phone on
  file is told as for any new registration; nothing already there is replaced.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common import security_questions
from backend.notify import notices, support_hours
from backend.identity import possession
from backend.core.config import Settings
from backend.core.errors import BadInput, StepOutOfOrder
from backend.privacy import answer_mentions
from backend.privacy.hashing import hash_answer, normalise_answer
from common.masking import mask_email
from backend.storage.models import (
    ACTIVE,
    LIVE_STATUSES,
    PENDING,
    UNSUBSCRIBED as GONE,
    LinkToken,
    Login,
    Registration,
    utcnow,
)
from backend.notify import dispatch, mail
from backend.accounts import email_change, link_mails
from backend.accounts.addresses import normalise_address
from backend.accounts.outcomes import (
    CONFIRMATION_SENT, EMAIL_NOT_SUPPORTED, IF_REGISTERED, NOT_REGISTERED, POSSESSION_REQUIRED, Outcome,
)
from backend.storage import pending
from backend.identity.verification import (
    draft_for, get_draft, links_through_the_lock, live_registration, origin_of, verified_member,
)

MIN_ANSWER_LENGTH = 2
MAX_ANSWER_LENGTH = 100
MAX_RESENDS = 1
# A second link to the same registration within this time is not mailed again
# (two conversations racing, a member asking twice in a row); the rule is ``link_mails``'.
LINK_MAIL_GUARD = link_mails.LINK_MAIL_GUARD

# Results (see RegistrationResult in backend/api/openapi.yaml): those shared with the e-mail change
# (not_registered, confirmation_sent, email_not_supported) are in backend.accounts.outcomes.
CREATED = "created"
ALREADY_REGISTERED = "already_registered"
EMAIL_IN_USE = "email_in_use"  # no longer answered (see _tell_address_owner); kept in the API schema
SENT = "sent"
ALREADY_RESENT = "already_resent"
ALREADY_ACTIVE = "already_active"
UNSUBSCRIBED = "unsubscribed"
STORED = "stored"
TOO_SHORT = "too_short"


def public_config(settings: Settings) -> dict:
    """What the conversation may tell anyone: co-op facts, URLs and the security questions."""
    return {
        "coop_name": settings.coop_name,
        "support_phone": settings.support_phone,
        "support_hours": settings.support_hours,
        "support_hours_by_language": support_hours.by_language(settings),
        "terms_url": f"{settings.public_url}/terms",
        "login_url": f"{settings.public_url}/login",
        "mail_from": settings.mail_from,
        "sms_number": settings.twilio_from_number or "",
        "terms_version": settings.terms_version,
        "security_questions": list(security_questions.texts()),
        "min_answer_length": MIN_ANSWER_LENGTH,
        "proofs": list(settings.proofs),
        "activation_ttl_hours": settings.activation_ttl_hours,
    }


def store_security_answer(session: Session, conversation_id: str, question: int, answer: str,
                          now: datetime | None = None, *, settings: Settings | None = None) -> str:
    """Keep the chosen question and the argon2 hash of the normalised answer in the draft.

    With ``settings`` (the API's), the keyed hash of the answer's words too, so later messages
    holding it are found (``backend.privacy.answer_mentions``).
    """
    count = len(security_questions.QUESTIONS)
    if not isinstance(question, int) or isinstance(question, bool) or not 1 <= question <= count:
        raise BadInput("invalid_question", f"question is 1 to {count}")
    if not isinstance(answer, str) or len(answer) > MAX_ANSWER_LENGTH:
        raise BadInput("invalid_answer", f"an answer of at most {MAX_ANSWER_LENGTH} characters")
    if len(normalise_answer(answer)) < MIN_ANSWER_LENGTH:
        return TOO_SHORT
    now = now or utcnow()
    draft = draft_for(session, conversation_id, now)
    draft.security_question = question
    draft.security_answer_hash = hash_answer(answer)
    draft.security_answer_words = answer_mentions.fingerprint(settings.secret_key, answer) if settings else None
    draft.updated_at = now
    session.commit()
    return STORED


def _link_kind(registration: Registration) -> str:
    """The mail that moves a live account on: its activation, the offer to add it to a login, or a reset."""
    if registration.status != PENDING:
        return dispatch.PASSWORD_RESET
    return dispatch.ACTIVATION if pending.made_its_login(registration) else dispatch.ADD_ACCOUNT


# The ``link`` of an answer about an account already registered: what was mailed to its address.
NO_LINK = "none"  # the same link went out minutes ago (``LINK_MAIL_GUARD``)
LINKS_STOPPED = link_mails.DAILY_LIMIT  # the day's link mails are spent: nothing went out, none will today


def _on_bill(draft, registration: Registration | None = None) -> bool:
    """Do the conversation's link mails for ``registration`` (the proven account's) count against the
    bill-data budget (``link_mails``) rather than the member's own?

    Yes when it proved bill data alone (no phone on file proven), and also when the account is only a
    pending addition to a login (``pending.is_addition``): the phone proven is the account's, perhaps a
    stranger's own, and the mail goes to another login's address, whose budget it must not spend.
    """
    return draft.possession not in possession.PHONE_PROOFS or (
        registration is not None and pending.is_addition(registration))


def _queue_link_mail(session: Session, registration: Registration, now: datetime,
                     on_bill: bool) -> tuple[str, list[int]]:
    """Queue a fresh link for a live registration (activation or addition while pending, else reset).

    Returns the kind mailed and the notification ids; ``NO_LINK`` and nothing when the
    same kind was queued for it within ``LINK_MAIL_GUARD``, ``LINKS_STOPPED`` and nothing when
    the caller's budget of the day is spent (``link_mails``: the reply must not claim a mail).
    """
    kind = _link_kind(registration)
    held = link_mails.held_back(session, registration, kind, now, on_bill)
    if held is not None:
        return (NO_LINK if held == link_mails.GUARDED else LINKS_STOPPED), []
    ids = [dispatch.queue(session, kind, registration, now=now).id]
    link_mails.count_on_bill(session, ids, on_bill)
    return kind, ids


def _already_registered(session: Session, registration: Registration, now: datetime, on_bill: bool,
                        send: bool = True) -> Outcome:
    """The answer for an account that has a live registration: its link mailed again (or, without
    ``send``, nothing and no ``link``: the account is already on the asking login). Commits."""
    link, ids = _queue_link_mail(session, registration, now, on_bill) if send else (None, [])
    session.commit()
    return Outcome(ALREADY_REGISTERED, mask_email(registration.email), ids, link=link)


def _clear_the_way(session: Session, settings: Settings, draft, member, now: datetime
                   ) -> tuple[Registration | None, list[int]]:
    """Before a new registration of ``member``: close what no longer holds the account.

    Lapsed pending registrations are closed (their links void). A live pending one
    is replaced when this conversation proved the phone on file (its address is told);
    otherwise it is returned: it still holds the account. Returns it (or None) and
    the ids of the notices queued.
    """
    for lapsed in pending.lapsed_registrations(session, settings, now, member_id=member.id):
        _close_lapsed(session, lapsed, now)
    existing = live_registration(session, settings, member.id, now)
    if existing is None or not pending.may_replace(existing, draft.possession):
        return existing, []
    told = link_mails.count_for_address(session, settings, notices.replaced(
        session, existing, origin_of(session, draft.conversation_id).channel, now), now)
    _withdraw(session, existing, now)
    return None, told


def _close_lapsed(session: Session, registration: Registration, now: datetime) -> None:
    _withdraw(session, registration, now)
    notices.event(session, registration.member_id, notices.PENDING_LAPSED, now, None, mask_email(registration.email))


# Lapsed pending registrations closed per housekeeping pass (the next pass takes the rest).
LAPSED_BATCH = 100


def close_lapsed(session: Session, settings: Settings, now: datetime) -> int:
    """Close pending registrations whose link expired (``pending.is_lapsed``); the caller commits.

    Housekeeping (the retry thread): a new sign-up of the account closes its lapsed one
    anyway (``_clear_the_way``); this also frees a never-activated login's address and
    takes a stranger's lapsed addition off the stranger's login. Idempotent.
    """
    rows = pending.lapsed_registrations(session, settings, now, limit=LAPSED_BATCH)
    for registration in rows:
        _close_lapsed(session, registration, now)
    return len(rows)


def _address_login(session: Session, address: str) -> Login | None:
    """The live login that signs in with ``address``, if any."""
    return session.scalar(select(Login).where(Login.email == address, Login.status.in_(LIVE_STATUSES)).limit(1))


def _new_account(settings: Settings, draft, member, login: Login, conversation_id: str,
                 now: datetime) -> Registration:
    return Registration(
        member_id=member.id,
        login=login,
        terms_version=settings.terms_version,
        terms_accepted_at=now,
        status=PENDING,
        paperless_billing=False,
        conversation_id=conversation_id,
        possession=draft.possession,
        # This sign-up's own answer, kept with the account: the login may be another sign-up's (an
        # addition its address accepts), and the staff check reads the account's (``security_answer_of``).
        security_question=draft.security_question if draft.security_answer_hash else None,
        security_answer_hash=draft.security_answer_hash,
        created_at=now,
    )


def _offer_addition(session: Session, settings: Settings, draft, member, login: Login, conversation_id: str,
                    now: datetime, signed_in: bool = False) -> Outcome:
    """Make the proven account a pending addition to ``login`` and mail the login's address the offer.

    Answered exactly like a new registration (no oracle for who has a login), unless the day's link
    mails held the offer back: then nothing went out, and the answer says so (``daily_limit``)
    rather than claim a mail (docs/security.md, "Who has a login: no oracle"). ``signed_in``: the
    login's own signed-in member asked (``add_to_login``).
    """
    # Read before ``_file`` commits: a read after it would hold SQLite's lock while the mail is delivered.
    link = dispatch.ADD_ACCOUNT if _made_here(login, conversation_id) else None
    address = mask_email(login.email)
    # The offer goes to a login the caller proved nothing of (unless this conversation made it): it
    # counts against the bill-data budget of the day (``link_mails``). The signed-in member's offer to
    # their own login is the member's own mail: a stranger's resets must not stop it.
    on_bill = not signed_in and (_on_bill(draft) or link is None)
    if link_mails.day_spent(session, login.id, now, on_bill):
        # Nothing is made or mailed, and the account stays free. The answer says plainly that no link
        # went out, to any conversation: "open the link I sent" would claim a mail never sent.
        draft.registration_id = None
        draft.claimed_email_masked = address
        draft.updated_at = now
        session.commit()
        return Outcome(CREATED, address, link=LINKS_STOPPED)
    registration = _new_account(settings, draft, member, login, conversation_id, now)
    return Outcome(CREATED, address, _file(session, settings, draft, registration, dispatch.ADD_ACCOUNT,
                                           conversation_id, now, on_bill), link=link)


def _file(session: Session, settings: Settings, draft, registration: Registration, kind: str,
          conversation_id: str, now: datetime, on_bill: bool) -> list[int]:
    """Add the conversation's new registration (a new login's, or a pending addition to a login),
    queue its link mail (``kind``, counted in ``on_bill``'s budget; the caller checked it, ``link_mails``)
    and the notice to the contact on file, and tie the draft to it; commits. Returns the
    notifications to deliver after the commit."""
    session.add(registration)
    # The unique and live-member indexes decide here (PostgreSQL waits for a racing insert).
    session.flush()
    notification = dispatch.queue(session, kind, registration, now=now)
    link_mails.count_on_bill(session, [notification.id], on_bill)
    if kind == dispatch.ACTIVATION:  # a brand-new login's: its address's day counts it (checked before)
        link_mails.count_for_address(session, settings, [notification.id], now)
    # The contact on file hears of it (text to the phone, mail to a previous address, within its day).
    told = link_mails.count_for_address(session, settings, notices.link_mailed(
        session, settings, registration, origin_of(session, conversation_id).channel, now), now)
    draft.registration_id = registration.id
    draft.claimed_email_masked = None
    # ``security_answer_words`` stays: the conversation goes on, and a later message may hold the answer
    # (compared until the link expires, ``answer_mentions.later_mention``; then cleared, ``forget_expired``).
    draft.resends = 0
    draft.updated_at = now
    session.commit()
    return [notification.id, *told]


def _made_here(login: Login, conversation_id: str) -> bool:
    """Did this conversation make ``login`` (its first account registered here, still live), as a
    member adding a second account right after signing up? Then it knows the login exists: the answer
    may say the addition link was mailed (``link``), and the mail is the member's own. A login it only
    offered an account to, or made and left (a withdrawn or lapsed registration), is answered as a new
    address is: else correcting away from an address and back would tell whether it has a login."""
    first = login.registrations[0] if login.registrations else None
    return first is not None and first.conversation_id == conversation_id and first.status in LIVE_STATUSES


def _joins_a_login_made_here(session: Session, address: str, conversation_id: str) -> bool:
    """Does ``address`` sign in a live login this conversation already registered an account on (a
    second account right after the first, docs/contract.md section 6)? Then the new account joins
    that login, whose security question and answer stand: none is asked for it, and none is needed.
    Only a live login this conversation made counts (``_made_here``), so the answer tells no one who
    has a login."""
    owner = _address_login(session, address)
    return owner is not None and _made_here(owner, conversation_id)


def _withdraw(session: Session, registration: Registration, now: datetime) -> None:
    """Drop the conversation's own pending account (the member gave another address); its links stop.

    A login made with it, left without accounts, goes too.
    """
    registration.status = GONE
    registration.unsubscribed_at = now
    registration.security_answer_hash = None
    _void_links(session, registration.id, now)
    login = registration.login
    if login.status == PENDING and not login.live_registrations():
        login.status = GONE
        login.unsubscribed_at = now
        login.security_answer_hash = None
    session.flush()


def _void_links(session: Session, registration_id: int, now: datetime) -> None:
    session.execute(
        update(LinkToken)
        .where(LinkToken.registration_id == registration_id, LinkToken.used_at.is_(None),
               LinkToken.expires_at > now)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )


def _register_once(session: Session, settings: Settings, conversation_id: str, address: str,
                   now: datetime) -> Outcome:
    draft, member = verified_member(session, conversation_id, now)
    if ((draft.security_question is None or draft.security_answer_hash is None)
            and not _joins_a_login_made_here(session, address, conversation_id)):
        raise StepOutOfOrder("security_answer_required", "store a security question and answer first")
    if not possession.is_settled(settings, draft):
        raise StepOutOfOrder(POSSESSION_REQUIRED, "prove possession of the phone on file first")

    own = session.get(Registration, draft.registration_id) if draft.registration_id else None
    if own is not None and pending.is_lapsed(settings, own, now):
        own = None  # its link expired: it is closed and the account registered anew, as from any conversation
    if own is not None and own.member_id == member.id and own.status in LIVE_STATUSES:
        if own.email == address:
            return Outcome(CREATED, mask_email(own.email))  # a retried request: same answer, no mail
    if link_mails.address_spent(session, settings, address, now):
        # The address had the day's mails whatever the login (``link_mails.DAILY_ADDRESS_MAILS``):
        # nothing changes, nothing is mailed, and the answer says so. Read before anything of the
        # address's login, so that it tells no one whether the address has one.
        session.commit()
        return Outcome(CREATED, mask_email(address), link=LINKS_STOPPED)
    if link_mails.new_logins_spent(session, member.id, now, draft.possession in possession.PHONE_PROOFS):
        # The account made the day's brand-new logins (``link_mails.DAILY_NEW_LOGINS``) of this proof,
        # whatever their addresses (a catch-all domain is one mailbox under endless names): the same
        # plain answer, read before anything of the address's login, whatever this sign-up would make.
        session.commit()
        return Outcome(CREATED, mask_email(address), link=LINKS_STOPPED)
    if own is not None and own.member_id == member.id and own.status == PENDING:
        correcting = pending.made_its_login(own) and own.login.status == PENDING
        if correcting and link_mails.day_spent(session, own.login_id, now, _on_bill(draft)):
            # The day's link mails are spent: the address is not changed (its link still works) and
            # the conversation, which made this registration, is told that no link went out. Checked
            # before anything is read of the corrected address, so that the answer is the same
            # whether or not that address has a login (no oracle).
            session.commit()
            return Outcome(CREATED, mask_email(address), link=LINKS_STOPPED)
        owner = _address_login(session, address)
        reserved = email_change.reserved_by(session, address, now) is not None
        if owner is not None or reserved or not correcting:
            # The corrected address has a login, or this was an addition to another login: start over.
            _withdraw(session, own, now)
            return _register_anew(session, settings, draft, member, conversation_id, address, now)
        own.login.email = address  # the member corrected a mistyped address (its login is its own: pending)
        draft.claimed_email_masked = None
        _void_links(session, own.id, now)
        notification = dispatch.queue(session, dispatch.ACTIVATION, own, now=now)
        link_mails.count_on_bill(session, [notification.id], _on_bill(draft))
        link_mails.count_for_address(session, settings, [notification.id], now)
        told = link_mails.count_for_address(session, settings, notices.link_mailed(
            session, settings, own, origin_of(session, conversation_id).channel, now), now)
        # ``draft.resends`` stays: correcting the address again and again is no way round the resends' bound.
        session.commit()
        return Outcome(CREATED, mask_email(address), [notification.id, *told])

    return _register_anew(session, settings, draft, member, conversation_id, address, now)


def _register_anew(session: Session, settings: Settings, draft, member, conversation_id: str, address: str,
                   now: datetime) -> Outcome:
    existing, told = _clear_the_way(session, settings, draft, member, now)
    if existing is not None:
        return _already_registered(session, existing, now, _on_bill(draft, existing))
    outcome = _create(session, settings, draft, member, conversation_id, address, now)
    return replace(outcome, notification_ids=[*told, *outcome.notification_ids])


def _create(session: Session, settings: Settings, draft, member, conversation_id: str, address: str,
            now: datetime) -> Outcome:
    """The new registration (or pending addition) for ``address``, once nothing else holds the account."""
    owner = _address_login(session, address)
    if owner is not None and _takes_over(draft, member, owner, conversation_id):
        _give_way(session, owner, now)
        owner = None
    if owner is not None:
        return _offer_addition(session, settings, draft, member, owner, conversation_id, now)
    if email_change.reserved_by(session, address, now) is not None:
        # A login left this address by a change the address may still undo (7 days): it stays
        # free for that undo. Answered as a registration is, with nothing made or mailed.
        draft.registration_id = None
        draft.claimed_email_masked = mask_email(address)
        draft.resends = 0
        draft.updated_at = now
        session.commit()
        return Outcome(CREATED, mask_email(address))

    login = Login(
        email=address,
        security_question=draft.security_question,
        security_answer_hash=draft.security_answer_hash,
        status=PENDING,
        created_at=now,
        language=draft.language,
    )
    registration = _new_account(settings, draft, member, login, conversation_id, now)
    # A new login has had no mail: its first activation is bound by its address's day alone (checked in
    # ``_register_once``), since the login is remade whenever a pending sign-up is withdrawn.
    return Outcome(CREATED, mask_email(address), _file(session, settings, draft, registration, dispatch.ACTIVATION,
                                                       conversation_id, now, _on_bill(draft)))


def _takes_over(draft, member, login: Login, conversation_id: str) -> bool:
    """Does this sign-up replace ``login`` (the live login of the address it gave) instead of joining it?

    Yes when the login was never activated (its address proved nothing), another person's account
    made it on bill data alone, and this conversation proved the phone on file (an SMS from it, or
    its code). Else a stranger with the member's bill signs up with the member's address first, and
    the member's own sign-up becomes a pending addition to the stranger's login (docs/security.md,
    "Pending registrations"). A login this conversation made (a second account, "same e-mail as before"),
    or one made by an account with the same phone on file (one member's several accounts), is
    joined as before; so is one with an account its address already added (active on it), and any
    login on bill data alone, whose proof is printed on every bill.

    Never a login made by a phone-proven sign-up: from here a member's own sign-up and a stranger's
    (their own account, their own phone) with the member's address look the same, so withdrawing it
    would let the stranger withdraw the member's pending sign-up, silently and again each day. The
    later sign-up becomes a pending addition instead, and the address's reader decides: each mail
    names its account's last digits. Only a login made on bill data alone gives way, and the login
    that replaces it is phone-proven, so an address's login is displaced at most once.
    """
    if login.status != PENDING or draft.possession not in possession.PHONE_PROOFS or _made_here(login, conversation_id):
        return False
    holders = pending.holders(login)
    # An account its address already added (active) stays: that address took it, and decides.
    return all(holder.status == PENDING and holder.member_id != member.id
               and holder.possession not in possession.PHONE_PROOFS
               and not (member.phone and holder.member.phone == member.phone) for holder in holders)


def _give_way(session: Session, login: Login, now: datetime) -> None:
    """Withdraw a never-activated login made on bill data (and every account on it) for a phone-proven
    sign-up at its address (``_takes_over``).

    Its links stop working. Nobody is mailed or texted: the address is the new sign-up's own (its
    activation mail is on its way there), and the accounts withdrawn proved nothing of it; telling
    their phones would tell whoever made the login that the address's owner just signed up. Staff
    see a ``pending_displaced`` event on each account.
    """
    for registration in login.live_registrations():
        _withdraw(session, registration, now)
        notices.event(session, registration.member_id, notices.PENDING_DISPLACED, now, None,
                      mask_email(registration.email))
    session.flush()


def register(session: Session, settings: Settings, conversation_id: str, email: str,
             terms_accepted: bool, now: datetime | None = None) -> Outcome:
    """Create the conversation's registration and queue its activation mail (idempotent)."""
    if terms_accepted is not True:
        raise BadInput("terms_not_accepted", "the Terms and Conditions must be accepted")
    address = normalise_address(email)
    if not mail.can_deliver(settings, address):
        # A non-ASCII name before the @ needs SMTPUTF8, which the mail server lacks:
        # the bot asks for another address instead of sending an undeliverable mail.
        return Outcome(EMAIL_NOT_SUPPORTED)
    now = now or utcnow()
    try:
        return _register_once(session, settings, conversation_id, address, now)
    except IntegrityError:
        # Another conversation registered this account or address at the same
        # moment; look again: the answer is now "already registered" or "in use".
        session.rollback()
        return _register_once(session, settings, conversation_id, address, now)


def add_to_login(session: Session, settings: Settings, conversation_id: str, login_id: int,
                 now: datetime | None = None) -> Outcome:
    """Offer the account a page flow has proven to the signed-in member's login ("add another account").

    The proof is a registration's (``verification`` and ``possession`` on the same
    draft and budgets); the account joins only through the link mailed to the
    login's own address, as in the conversation. An account already on a live
    login gets that login's reset link instead (it is never moved).
    """
    now = now or utcnow()
    draft, member = verified_member(session, conversation_id, now)
    if not possession.is_settled(settings, draft):
        raise StepOutOfOrder(POSSESSION_REQUIRED, "prove possession of the phone on file first")
    existing = live_registration(session, settings, member.id, now)
    if existing is not None and existing.login_id == login_id:
        return _already_registered(session, existing, now, _on_bill(draft, existing), send=False)
    login = session.get(Login, login_id)
    if login is None or login.status not in LIVE_STATUSES:
        raise StepOutOfOrder("no_login", "the login is gone")
    try:
        existing, told = _clear_the_way(session, settings, draft, member, now)
        if existing is not None:
            return _already_registered(session, existing, now, _on_bill(draft, existing))
        outcome = _offer_addition(session, settings, draft, member, login, conversation_id, now, signed_in=True)
        return replace(outcome, notification_ids=[*told, *outcome.notification_ids])
    except IntegrityError:
        session.rollback()  # another flow registered the account at this moment
        existing = live_registration(session, settings, member.id, now)
        return Outcome(ALREADY_REGISTERED, mask_email(existing.email) if existing else None)


def resend(session: Session, settings: Settings, conversation_id: str, now: datetime | None = None) -> Outcome:
    """Send the activation mail of this conversation's pending registration again, once.

    A registration whose link expired (``pending.is_lapsed``) is no longer registered.
    """
    now = now or utcnow()
    draft = get_draft(session, conversation_id)
    registration = session.get(Registration, draft.registration_id) if draft and draft.registration_id else None
    if registration is None and draft is not None and draft.claimed_email_masked:
        # The address belonged to another login (_tell_address_owner): answered like a pending
        # registration's resend, with nothing mailed.
        if (draft.resends or 0) >= MAX_RESENDS:
            return Outcome(ALREADY_RESENT, draft.claimed_email_masked)
        draft.resends = (draft.resends or 0) + 1
        session.commit()
        return Outcome(SENT, draft.claimed_email_masked)
    if (registration is None or registration.status not in LIVE_STATUSES
            or pending.is_lapsed(settings, registration, now)):
        return Outcome(NOT_REGISTERED)
    if registration.status == ACTIVE:
        return Outcome(ALREADY_ACTIVE, mask_email(registration.email))
    if (draft.resends or 0) >= MAX_RESENDS:
        return Outcome(ALREADY_RESENT, mask_email(registration.email))
    draft.resends = (draft.resends or 0) + 1
    link_mails.lock(session)
    if link_mails.over_daily_cap(session, registration.login_id, now, _on_bill(draft, registration)):
        session.commit()
        return Outcome(SENT, mask_email(registration.email), link=LINKS_STOPPED)
    ids = [dispatch.queue(session, _link_kind(registration), registration, now=now).id]
    link_mails.count_on_bill(session, ids, _on_bill(draft, registration))
    session.commit()
    return Outcome(SENT, mask_email(registration.email), ids)


def password_reset(session: Session, settings: Settings, conversation_id: str,
                   now: datetime | None = None) -> Outcome:
    """Mail a reset link (the activation or addition link while pending) to the address on file.

    The answer's ``link`` says which, or ``NO_LINK`` inside ``LINK_MAIL_GUARD``.
    """
    now = now or utcnow()
    draft, member, through = _for_links(session, settings, conversation_id, now)
    registration = live_registration(session, settings, member.id, now)
    if registration is None:
        return _alike_until_the_phone_is_proven(settings, draft, Outcome(NOT_REGISTERED))
    kind = _link_kind(registration)
    if through is not None:
        _link_through_the_lock(session, draft, registration, kind, now, through)
        return _alike_until_the_phone_is_proven(settings, draft, Outcome(SENT, mask_email(registration.email),
                                                                          link=kind))
    link, ids = _queue_link_mail(session, registration, now, _on_bill(draft, registration))
    session.commit()
    return _alike_until_the_phone_is_proven(settings, draft, Outcome(SENT, mask_email(registration.email), ids,
                                                                      link=link))


def _for_links(session: Session, settings: Settings, conversation_id: str, now: datetime) -> tuple:
    """The draft and member of a conversation asking a link mailed only to the address on file (a reset,
    "confirm deleting"), and, through the account lock, whether its proof matched (else None).

    A verified conversation may have the link mailed. So, through the account lock, may one whose bill
    data matched while locked (``verification.links_through_the_lock``): the lock is there against
    sign-ups and address changes, and a link to the owner's own mailbox gives a stranger nothing.
    Anything else: ``StepOutOfOrder``.
    """
    try:
        draft, member = verified_member(session, conversation_id, now)
    except StepOutOfOrder:
        through = links_through_the_lock(session, settings, conversation_id, now)
        if through is None:
            raise
        return through
    return draft, member, None


def _link_through_the_lock(session: Session, draft, registration: Registration, kind: str, now: datetime,
                           proven: bool) -> None:
    """Queue the ``kind`` link asked through the account lock, if the proof matched and the link is not
    held back (``link_mails.held_back``: the 10-minute guard, the day's budget). Commits.

    The caller answers one constant outcome whatever happened here (the lock gives no guess: neither
    the proof, nor a guard a right proof started, nor a spent budget may show), and the reply claims
    no mail. Nothing is delivered before the answer either (no notification ids: the retry thread
    sends it), so the time taken does not tell a right proof from a wrong one.
    """
    on_bill = _on_bill(draft, registration)
    held = link_mails.held_back(session, registration, kind, now, on_bill)  # read whatever the proof
    if proven and held is None:
        ids = [dispatch.queue(session, kind, registration, now=now).id]
        link_mails.count_on_bill(session, ids, on_bill)
    session.commit()


def _alike_until_the_phone_is_proven(settings: Settings, draft, outcome: Outcome) -> Outcome:
    """A reset or delete link asked on bill data alone for an account whose phone on file is still to
    be proven (policy ``phone``): the mail goes out as asked, but the answer is ``IF_REGISTERED``
    whether the account has no login, a pending one or an active one, and names no address.
    The sign-up asks for the code before it tells any of that; these links need no code, since they
    go only to the address on file, so they tell nothing instead (docs/security.md, "Who has a login: no oracle")."""
    if possession.is_settled(settings, draft):
        return outcome
    return Outcome(IF_REGISTERED, notification_ids=outcome.notification_ids)


def unsubscribe(session: Session, settings: Settings, conversation_id: str, now: datetime | None = None) -> Outcome:
    """Ask the address on file to confirm deleting the verified account's online registration.

    Bill data alone never deletes a registration: a link is mailed to the
    address on file (GET shows, POST deletes, see ``accounts.delete_by_link``),
    so only whoever reads that mailbox can delete. At most one such mail per
    ``LINK_MAIL_GUARD``, within the login's daily link mails (``link_mails``).
    """
    now = now or utcnow()
    draft, member, through = _for_links(session, settings, conversation_id, now)
    registration = live_registration(session, settings, member.id, now)
    if registration is None:
        return _alike_until_the_phone_is_proven(settings, draft, Outcome(NOT_REGISTERED))
    if through is not None:
        _link_through_the_lock(session, draft, registration, dispatch.DELETE_CONFIRM, now, through)
        return _alike_until_the_phone_is_proven(settings, draft, Outcome(CONFIRMATION_SENT,
                                                                          mask_email(registration.email)))
    on_bill = _on_bill(draft, registration)
    held = link_mails.held_back(session, registration, dispatch.DELETE_CONFIRM, now, on_bill)
    ids = [] if held else [dispatch.queue(session, dispatch.DELETE_CONFIRM, registration, now=now).id]
    link_mails.count_on_bill(session, ids, on_bill)
    session.commit()
    # Held back: nothing went out, and the answer says why (``link``): the day's budget, or a link
    # to confirm went minutes ago and still works (one made dead since is replaced: ``link_mails``).
    return _alike_until_the_phone_is_proven(settings, draft, Outcome(
        CONFIRMATION_SENT, mask_email(registration.email), ids,
        link={link_mails.DAILY_LIMIT: LINKS_STOPPED, link_mails.GUARDED: NO_LINK}.get(held)))
