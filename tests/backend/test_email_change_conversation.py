"""A login's new e-mail address asked for in the conversation (``email_change.request_from_conversation``),
played by the member and by a stranger who holds the member's bill.

The conversation proves the account as for a registration (account number and name, the
co-op's proof and, under ``COOPBOT_VERIFY_POLICY=phone``, the phone on file); the change
itself is the account page's: a link to the new address, nothing changed until it is
confirmed, then the old address is told and can undo it.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.accounts import email_change, registration
from backend.accounts import online_access as accounts
from backend.core.errors import StepOutOfOrder
from backend.identity import possession as p
from backend.notify import dispatch, member_language
from backend.storage.models import (
    ACTIVE, PENDING, EmailChange, Login, Member, Notification, Registration, RegistrationDraft, utcnow,
)
from tests.support.backend_helpers import OBRIEN, all_at_once, load_members, outbox_mails, parts
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import add_registration, login as login_of, mint
from tests.support.one_time_code import GARZA_WITH_PHONE as MEMBER, guess_the_code_away, prove_phone
OLD = "maria.garza@example.com"
NEW = "maria.new@example.org"
ATTACKER = "thief@example.net"
PASSWORD = "a long enough password 7"


def _member_id(factory, account: str) -> int:
    with factory() as session:
        return session.scalars(select(Member.id).where(Member.account_number == account)).one()


def _active_login(factory, settings, account: str, email: str) -> int:
    registration_id = add_registration(factory, _member_id(factory, account), email=email)
    with factory() as session, session.begin():
        assert accounts.activate(session, mint(factory, registration_id), PASSWORD, settings).state == accounts.ACTIVATED
    return login_of(factory, registration_id).id


@pytest.fixture
def db(session_factory, settings):
    """Garza (a phone on file) has an active login at ``OLD``; O'Brien has no login."""
    load_members(session_factory, settings, MEMBER, OBRIEN)
    _active_login(session_factory, settings, MEMBER["account"], OLD)
    return session_factory


def ask(db, settings, conversation, new=NEW, language=None, now=None):
    with db() as session:
        member_language.use(session, language)
        outcome = email_change.request_from_conversation(session, settings, conversation, new, now=now)
    dispatch.deliver_after_commit(settings, db, outcome.notification_ids)
    return outcome


def mails_to(settings, address):
    return [m for m in outbox_mails(settings.outbox_dir) if m["To"] == address]


def link(mail, path):
    return re.search(rf"/{path}/([A-Za-z0-9_-]{{40,}})", parts(mail)[0]).group(1)


def login_email(db) -> str:
    with db() as session:
        return session.scalars(select(Login.email).where(Login.email.in_((OLD, NEW, ATTACKER)))).one()


def test_a_stranger_with_the_bill_but_not_the_phone_cannot_start_it(db, settings):
    assert verified_steps(db, settings, "web-stranger", MEMBER).possession == p.CODE_REQUIRED
    with pytest.raises(StepOutOfOrder) as refused:
        ask(db, settings, "web-stranger", ATTACKER)
    assert refused.value.code == email_change.POSSESSION_REQUIRED
    # Guessing the code spends its small budget; the right one is then worth nothing.
    guess_the_code_away(db, settings, "web-stranger")
    with pytest.raises(StepOutOfOrder):
        ask(db, settings, "web-stranger", ATTACKER)
    assert mails_to(settings, ATTACKER) == []
    with db() as session:
        assert session.scalars(select(EmailChange)).all() == []
    assert login_email(db) == OLD


def test_unproven_conversations_cannot_start_it(db, settings):
    with pytest.raises(StepOutOfOrder):
        ask(db, settings, "nobody", ATTACKER)
    assert mails_to(settings, ATTACKER) == []


def test_under_the_bill_policy_the_current_address_must_approve_first(db, settings_for, settings):
    """Changed on purpose: the bill policy proves no phone, so the bill data alone no longer
    sends the new address a link that moves an active login (it used to, and the old address
    could only undo it afterwards). The current address approves first; then the owner's own
    move goes through as before, and the old address is still told and can undo it."""
    bill = settings_for(settings.database_url, verify_policy="bill")
    verified_steps(db, bill, "web-member", MEMBER)
    outcome = ask(db, bill, "web-member", NEW)
    assert outcome.as_json() == {"result": "approval_sent", "email_masked": "m***@e***.com"}
    assert mails_to(settings, NEW) == []
    [approval] = mails_to(settings, OLD)
    assert "/email/approve/" in parts(approval)[0] and "bill" in parts(approval)[0]
    with db() as session:
        assert email_change.confirm_state(session, link(approval, "email/approve")).state == email_change.UNKNOWN
    with db() as session, session.begin():
        approved, queued = email_change.approve(session, bill, link(approval, "email/approve"))
    assert approved.state == email_change.VALID
    dispatch.deliver_after_commit(bill, db, queued)
    assert login_email(db) == OLD  # approving moves nothing: the new address still confirms
    with db() as session, session.begin():
        assert email_change.approve(session, bill, link(approval, "email/approve"))[0].state == email_change.USED
    [confirm_mail] = mails_to(settings, NEW)
    with db() as session, session.begin():
        done, queued = email_change.confirm(session, link(confirm_mail, "email"))
    assert done.state == email_change.VALID
    dispatch.deliver_after_commit(bill, db, queued)
    assert login_email(db) == NEW
    [notice] = mails_to(settings, OLD)[1:]
    assert "7 days" in parts(notice)[0] and "/email/undo/" in parts(notice)[0]


def test_a_stranger_with_the_bill_cannot_move_an_active_login_without_a_phone(db, settings):
    """The attack: O'Brien has no phone on file, so the bill data is the whole proof. The
    stranger's address gets nothing; the owner's gets an approval link it can ignore."""
    _active_login(db, settings, OBRIEN["account"], "obrien@example.com")
    assert verified_steps(db, settings, "web-stranger", OBRIEN).possession == p.NO_PHONE_ON_FILE
    outcome = ask(db, settings, "web-stranger", ATTACKER)
    assert outcome.as_json() == {"result": "approval_sent", "email_masked": "o***@e***.com"}
    assert mails_to(settings, ATTACKER) == []
    [approval] = mails_to(settings, "obrien@example.com")
    assert "/email/approve/" in parts(approval)[0]
    with db() as session:
        [change] = session.scalars(select(EmailChange)).all()
        assert change.status == email_change.UNAPPROVED and change.confirm_hash is None
        assert change.approve_hash and link(approval, "email/approve") not in change.approve_hash
        assert session.scalars(select(Login.email).where(Login.email == "obrien@example.com")).one()
    # Asking again within the mail guard's window changes nothing either: no second mail, and
    # the approval link already mailed stays the one that works.
    first = link(approval, "email/approve")
    assert ask(db, settings, "web-stranger", ATTACKER).notification_ids == []
    with db() as session:
        assert email_change.approve_state(session, first).state == email_change.VALID
    assert mails_to(settings, ATTACKER) == [] and len(mails_to(settings, "obrien@example.com")) == 1


def test_the_conversation_that_made_a_pending_login_corrects_its_address(db, settings):
    """The member who just signed up with a mistyped address puts it right in the same
    conversation: that login never proved an address, and this conversation gave it."""
    add_registration(db, _member_id(db, OBRIEN["account"]), email="obrien.old@example.net",
                     conversation_id="web-obrien")
    verified_steps(db, settings, "web-obrien", OBRIEN)
    outcome = ask(db, settings, "web-obrien", "obrien@example.com")
    assert outcome.result == email_change.CONFIRMATION_SENT
    assert mails_to(settings, "obrien@example.com") and mails_to(settings, "obrien.old@example.net") == []


def test_moving_a_login_never_activated_keeps_no_one_s_address(db, settings):
    """The attack: sign up an account of one's own (no phone on file) with a victim's address,
    then move the login to one's own address. The victim's address proved nothing: it is not
    told, and not kept for an undo, so the victim can still sign up with it."""
    victim = "victim@example.org"
    add_registration(db, _member_id(db, OBRIEN["account"]), email=victim, conversation_id="web-obrien")
    verified_steps(db, settings, "web-obrien", OBRIEN)
    assert ask(db, settings, "web-obrien", ATTACKER).result == email_change.CONFIRMATION_SENT
    [confirm_mail] = mails_to(settings, ATTACKER)
    with db() as session, session.begin():
        assert email_change.confirm(session, link(confirm_mail, "email"))[0].state == email_change.VALID
    with db() as session:
        assert email_change.reserved_by(session, victim, utcnow()) is None
    assert mails_to(settings, victim) == []


def test_a_stranger_with_the_bill_cannot_move_a_login_not_yet_activated(db, settings):
    """The attack: O'Brien (no phone on file) has just signed up; a stranger with his bill asks,
    in another conversation, to move the new login to their own address, to activate it there,
    delete it and sign up again. The pending address must approve, as for an active login: the
    stranger's address gets nothing and nothing moves."""
    registration_id = add_registration(db, _member_id(db, OBRIEN["account"]), email=OBRIEN_EMAIL,
                                       conversation_id="web-obrien")
    verified_steps(db, settings, "web-stranger", OBRIEN)
    outcome = ask(db, settings, "web-stranger", ATTACKER)
    assert outcome.as_json() == {"result": "approval_sent", "email_masked": "o***@e***.com"}
    assert mails_to(settings, ATTACKER) == []
    [approval] = mails_to(settings, OBRIEN_EMAIL)
    assert "/email/approve/" in parts(approval)[0]
    with db() as session:
        assert session.get(Login, login_of(db, registration_id).id).email == OBRIEN_EMAIL
        [change] = session.scalars(select(EmailChange)).all()
        assert change.status == email_change.UNAPPROVED and change.confirm_hash is None


def test_a_stranger_s_request_does_not_void_the_owner_s_own_change(db, settings):
    """The attack: the owner asked on the account page to move to a new address and has not yet
    confirmed it; a stranger with the bill asks for another move every ``LINK_MAIL_GUARD`` to
    void the owner's link. The stranger's request waits for approval and leaves the owner's be."""
    login_id = _active_login(db, settings, OBRIEN["account"], OBRIEN_EMAIL)
    earlier = utcnow() - dispatch.LINK_MAIL_GUARD - timedelta(minutes=1)  # mails go out by the wall clock
    with db() as session, session.begin():
        own = email_change.request_change(session, settings, session.get(Login, login_id),
                                          "obrien.new@example.org", now=earlier)
    dispatch.deliver_after_commit(settings, db, own)
    [confirm_mail] = mails_to(settings, "obrien.new@example.org")
    verified_steps(db, settings, "web-stranger", OBRIEN)
    assert ask(db, settings, "web-stranger", ATTACKER).result == email_change.APPROVAL_SENT
    with db() as session, session.begin():
        done, _ = email_change.confirm(session, link(confirm_mail, "email"))
    assert done.state == email_change.VALID
    with db() as session:
        assert session.get(Login, login_id).email == "obrien.new@example.org"
    # The stranger's request waited for the old address's approval; it is void now.
    [approval] = mails_to(settings, OBRIEN_EMAIL)
    with db() as session:
        assert email_change.approve_state(session, link(approval, "email/approve")).state == email_change.EXPIRED


def test_the_member_with_the_phone_moves_the_login_keeping_its_password(db, settings):
    verified_steps(db, settings, "sms-member", MEMBER)
    prove_phone(db, settings, "sms-member")
    outcome = ask(db, settings, "sms-member", NEW.upper(), language="es")
    assert outcome.as_json() == {"result": "confirmation_sent", "email_masked": "m***@e***.org"}
    [confirm_mail] = mails_to(settings, NEW)
    assert confirm_mail["Subject"].startswith("Confirme la nueva dirección de correo")  # the member's language
    with db() as session, session.begin():
        assert email_change.confirm(session, link(confirm_mail, "email"))[0].state == email_change.VALID
    assert login_email(db) == NEW
    with db() as session:
        assert accounts.authenticate(session, NEW, PASSWORD) is not None


def test_an_address_with_a_login_gets_the_same_answer_and_no_link(db, settings):
    _active_login(db, settings, OBRIEN["account"], "taken@example.com")
    verified_steps(db, settings, "sms-member", MEMBER)
    prove_phone(db, settings, "sms-member")
    outcome = ask(db, settings, "sms-member", "taken@example.com")
    assert outcome.as_json() == {"result": "confirmation_sent", "email_masked": "t***@e***.com"}
    [notice] = mails_to(settings, "taken@example.com")[-1:]
    assert "/email/" not in "".join(parts(notice))
    assert login_email(db) == OLD


def test_an_account_without_a_login_and_the_login_s_own_address(db, settings_for, settings):
    bill = settings_for(settings.database_url, verify_policy="bill")
    verified_steps(db, bill, "web-obrien", OBRIEN)
    assert ask(db, bill, "web-obrien", NEW).result == email_change.NOT_REGISTERED
    verified_steps(db, bill, "web-garza", MEMBER)
    assert ask(db, bill, "web-garza", OLD).result == email_change.SAME_ADDRESS
    assert mails_to(settings, NEW) == [] and mails_to(settings, OLD) == []


# ------------------------------------------------------------------ how many mails a stranger can send
TARGETS = ("one@example.net", "two@example.net", "three@example.net")


def _obrien_with_a_login(db, settings, conversations: int) -> list[str]:
    """O'Brien (no phone on file: the bill data alone prove the account) has an active login; a
    stranger with his bill has verified ``conversations`` conversations. Each request of theirs
    asks the login's current address to approve the move (``APPROVAL_SENT``)."""
    _active_login(db, settings, OBRIEN["account"], OBRIEN_EMAIL)
    names = [f"web-bill-{index}" for index in range(conversations)]
    for name in names:
        verified_steps(db, settings, name, OBRIEN)
    return names


OBRIEN_EMAIL = "obrien@example.com"


def _request_mails(db) -> int:
    with db() as session:
        return len(session.scalars(select(Notification.id).where(Notification.kind.in_(
            (dispatch.EMAIL_CONFIRM, dispatch.EMAIL_IN_USE, dispatch.EMAIL_APPROVE)))).all())


def test_parallel_requests_by_a_stranger_with_the_bill_send_one_mail(db, settings):
    """The attack: nine requests at once, three to each of three addresses (it was nine mails, to
    addresses of the stranger's choosing; now they are approvals, mailed to the owner)."""
    conversations = _obrien_with_a_login(db, settings, 9)
    outcomes = all_at_once(9, lambda index: ask(db, settings, conversations[index], TARGETS[index % 3]))
    # Everyone is answered alike ...
    assert [o.result for o in outcomes] == [email_change.APPROVAL_SENT] * 9
    assert {o.email_masked for o in outcomes} == {"o***@e***.com"}
    # ... one mail went out, to the owner, and none to the stranger's addresses.
    assert [m for target in TARGETS for m in mails_to(settings, target)] == []
    assert len(mails_to(settings, OBRIEN_EMAIL)) == 1 and _request_mails(db) == 1


def test_a_request_inside_the_window_sends_nothing_and_one_after_it_does(db, settings):
    conversation, again, later = _obrien_with_a_login(db, settings, 3)
    start = utcnow() - timedelta(minutes=11)  # the mails are sent now (their sender reads the wall clock)
    assert ask(db, settings, conversation, TARGETS[0], now=start).notification_ids
    # Another address, another conversation, nine minutes on: the same answer, no mail, no change.
    quiet = ask(db, settings, again, TARGETS[1], now=start + timedelta(minutes=9))
    assert quiet.result == email_change.APPROVAL_SENT and quiet.notification_ids == []
    assert len(mails_to(settings, OBRIEN_EMAIL)) == 1
    with db() as session:
        assert session.scalars(select(EmailChange.new_email)).all() == [TARGETS[0]]
    # Past the window a new request is mailed.
    assert ask(db, settings, later, TARGETS[1], now=start + timedelta(minutes=11)).notification_ids
    assert len(mails_to(settings, OBRIEN_EMAIL)) == 2


def test_one_mail_per_new_address_whichever_login_asks(db, settings):
    """Two logins moved to one address within the window: its owner gets one mail. (O'Brien's
    login is not activated yet and this conversation made it, so the new address's confirmation
    alone moves it.)"""
    add_registration(db, _member_id(db, OBRIEN["account"]), email=OBRIEN_EMAIL, conversation_id="web-obrien")
    verified_steps(db, settings, "web-obrien", OBRIEN)
    verified_steps(db, settings, "sms-garza", MEMBER)
    prove_phone(db, settings, "sms-garza")
    assert ask(db, settings, "web-obrien", TARGETS[0]).notification_ids
    assert ask(db, settings, "sms-garza", TARGETS[0]).notification_ids == []
    assert len(mails_to(settings, TARGETS[0])) == 1


# A stranger whose own account has their own phone on file, and no login yet.
STRANGER = dict(account="1009990001", name="Reyes", zip="78701", phone="+15125550188")


@pytest.fixture
def with_stranger(session_factory, settings):
    """Garza has an active login at ``OLD``; the stranger's own account (their own phone) has none."""
    load_members(session_factory, settings, MEMBER, STRANGER)
    _active_login(session_factory, settings, MEMBER["account"], OLD)
    return session_factory


def test_a_stranger_s_pending_addition_does_not_move_the_member_s_login(with_stranger, settings):
    """The attack: the stranger proves their own account (their own phone) and signs it up with the
    member's address, which makes it a pending addition to the member's login; then, in a new
    conversation, they prove the same account again and ask to move "their" login to their own
    address. The addition is not the login's: no link to the stranger, nothing to approve, no move."""
    db = with_stranger
    assert verified_steps(db, settings, "web-join", STRANGER).possession == p.CODE_REQUIRED
    prove_phone(db, settings, "web-join")
    with db() as session:
        joined = registration.register(session, settings, "web-join", OLD, True)
    assert joined.result == registration.CREATED
    with db() as session:
        [addition] = session.scalars(select(Registration).join(Registration.member)
                                     .where(Member.account_number == STRANGER["account"])).all()
        assert addition.status == PENDING and addition.login.email == OLD
    verified_steps(db, settings, "web-move", STRANGER)
    prove_phone(db, settings, "web-move")
    outcome = ask(db, settings, "web-move", ATTACKER)
    assert outcome.as_json() == {"result": "not_registered"}
    assert mails_to(settings, ATTACKER) == []
    with db() as session:
        assert session.scalars(select(EmailChange)).all() == []
    assert login_email(db) == OLD


def test_a_phone_proof_of_a_pending_addition_does_not_skip_the_approval(with_stranger, settings):
    """Whatever reaches it, the phone of an account only waiting to join a login proves nothing of
    that login: its current address must approve a move."""
    db = with_stranger
    verified_steps(db, settings, "web-join", STRANGER)
    prove_phone(db, settings, "web-join")
    with db() as session:
        registration.register(session, settings, "web-join", OLD, True)
    with db() as session:
        addition = session.scalars(select(Registration).join(Registration.member)
                                   .where(Member.account_number == STRANGER["account"])).one()
        draft = session.scalars(select(RegistrationDraft)
                                .where(RegistrationDraft.conversation_id == "web-join")).one()
        assert draft.possession in p.PHONE_PROOFS
        assert email_change.needs_approval(draft, addition.login, addition)
        member_s = session.scalars(select(Registration).where(Registration.login_id == addition.login_id,
                                                              Registration.status == ACTIVE)).one()
        assert not email_change.needs_approval(draft, member_s.login, member_s)
