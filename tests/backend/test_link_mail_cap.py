"""A stranger holding the bill of an account with no phone on file has link mails sent to its
login's address: resets, "confirm deleting", "approve this e-mail change". Each kind waits 10
minutes (``LINK_MAIL_GUARD``); all of them together stop at ``DAILY_BILL_LINK_MAILS`` per login in
any 24 hours, and then the answer says plainly that no link went out (``link``: ``daily_limit``).
The member's own requests (the phone on file proven) have a budget of their own, which the
stranger's never spend (``backend.accounts.link_mails``)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backend.accounts import email_change, link_mails, online_access as accounts, registration
from backend.notify import dispatch
from backend.storage.models import ACTIVE, Member, Notification, utcnow
from tests.support.backend_helpers import GARZA, GARZA_RANCH, OBRIEN, all_at_once, load_members
from tests.support.one_time_code import GARZA_WITH_PHONE, prove_phone
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import add_registration, mint

OWNER = "obrien@example.com"
PASSWORD = "a long enough password 7"
STRANGER = "web-stranger"


def _owner_with_an_active_login(db, settings) -> None:
    load_members(db, settings, OBRIEN)
    with db() as session:
        member_id = session.scalars(select(Member.id).where(Member.account_number == OBRIEN["account"])).one()
    registration_id = add_registration(db, member_id, email=OWNER)
    with db() as session, session.begin():
        assert accounts.activate(session, mint(db, registration_id), PASSWORD, settings).state == accounts.ACTIVATED


def _reset(db, settings, conversation, now):
    with db() as session:
        outcome = registration.password_reset(session, settings, conversation, now=now)
    return outcome.as_json(), outcome.notification_ids


def _delete(db, settings, conversation, now):
    with db() as session:
        outcome = registration.unsubscribe(session, settings, conversation, now=now)
    return outcome.as_json(), outcome.notification_ids


def _move(db, settings, conversation, now):
    with db() as session:
        outcome = email_change.request_from_conversation(session, settings, conversation, "thief@example.net",
                                                         now=now)
    return outcome.as_json(), outcome.notification_ids


ASKS = (_reset, _delete, _move)


def _link_mails_to_the_owner(db) -> int:
    with db() as session:
        return session.scalar(select(func.count(Notification.id)).where(
            Notification.kind.in_((dispatch.PASSWORD_RESET, dispatch.DELETE_CONFIRM, dispatch.EMAIL_APPROVE)),
            Notification.to_address == OWNER))


def test_a_stranger_with_the_bill_gets_five_link_mails_a_day_sent_then_says_plainly_none_went(
        session_factory, settings):
    db = session_factory
    _owner_with_an_active_login(db, settings)
    verified_steps(db, settings, STRANGER, OBRIEN)
    start = utcnow() - timedelta(hours=26)
    answers = {}
    for turn in range(15):  # each kind every 33 minutes: the 10-minute guard never holds one back
        ask = ASKS[turn % 3]
        answer, ids = ask(db, settings, STRANGER, start + timedelta(minutes=11 * turn))
        answers.setdefault(ask, []).append(answer)
        assert bool(ids) == (turn < link_mails.DAILY_BILL_LINK_MAILS), turn
    # The answers say what was done: a link mailed, then none, never "a few minutes ago" ...
    for seen in answers.values():
        assert seen[0].get("link") != link_mails.DAILY_LIMIT
        assert all(answer.get("link") == link_mails.DAILY_LIMIT for answer in seen[2:]), seen
    # ... and the owner got five mails, not fifteen.
    assert _link_mails_to_the_owner(db) == link_mails.DAILY_BILL_LINK_MAILS
    # A day after those five, the next one goes out again.
    assert _reset(db, settings, STRANGER, start + timedelta(hours=24, minutes=100))[1]
    assert _link_mails_to_the_owner(db) == link_mails.DAILY_BILL_LINK_MAILS + 1


def test_requests_at_once_at_the_cap_send_one_mail(session_factory, settings):
    db = session_factory
    _owner_with_an_active_login(db, settings)
    conversations = [f"web-stranger-{index}" for index in range(6)]
    for conversation in conversations:
        verified_steps(db, settings, conversation, OBRIEN)
    start = utcnow() - timedelta(hours=3)
    for turn in range(link_mails.DAILY_BILL_LINK_MAILS - 1):
        assert ASKS[turn % 3](db, settings, conversations[0],
                              start + timedelta(minutes=11 * turn))[1]
    now = start + timedelta(minutes=11 * link_mails.DAILY_BILL_LINK_MAILS)
    sent = all_at_once(6, lambda index: ASKS[index % 3](db, settings, conversations[index], now)[1])
    assert sum(1 for ids in sent if ids) == 1
    assert _link_mails_to_the_owner(db) == link_mails.DAILY_BILL_LINK_MAILS


def _the_member_s_own_resets_go_through(db, settings, start) -> None:
    """The member proves the phone on file of GARZA_WITH_PHONE (an SMS conversation), then asks for
    ``DAILY_LINK_MAILS`` resets, one every 11 minutes from ``start``: each one is mailed."""
    verified_steps(db, settings, "sms-member", GARZA_WITH_PHONE)
    prove_phone(db, settings, "sms-member")
    for turn in range(link_mails.DAILY_LINK_MAILS):
        answer, ids = _reset(db, settings, "sms-member", start + timedelta(minutes=11 * turn))
        assert answer == {"result": registration.SENT, "email_masked": "o***@e***.com", "link": "password_reset"}
        assert ids


def test_the_strangers_requests_leave_the_members_own_budget_and_it_says_plainly_when_spent(
        session_factory, settings):
    """A stranger with the bill of an account with a phone on file spends the bill-data budget; the
    member who proves the phone still gets resets, up to ``DAILY_LINK_MAILS`` of its own, then an
    answer that says no link went out (``daily_limit``), never the guard's "none"."""
    db = session_factory
    load_members(db, settings, GARZA_WITH_PHONE)
    with db() as session:
        member_id = session.scalars(select(Member.id)).one()
    add_registration(db, member_id, email=OWNER, status=ACTIVE)
    start = utcnow() - timedelta(hours=20)
    for turn in range(12):
        conversation = f"web-stranger-{turn}"
        verified_steps(db, settings, conversation, GARZA_WITH_PHONE)
        ask = (_reset, _delete)[turn % 2]
        assert ask(db, settings, conversation, start + timedelta(minutes=11 * turn))[0] == {
            "result": registration.IF_REGISTERED}
    assert _link_mails_to_the_owner(db) == link_mails.DAILY_BILL_LINK_MAILS
    later = start + timedelta(hours=3)
    _the_member_s_own_resets_go_through(db, settings, later)
    answer, ids = _reset(db, settings, "sms-member", later + timedelta(minutes=11 * link_mails.DAILY_LINK_MAILS))
    assert answer == {"result": registration.SENT, "email_masked": "o***@e***.com", "link": link_mails.DAILY_LIMIT}
    assert not ids


def _register(db, settings, conversation, address, now):
    with db() as session:
        outcome = registration.register(session, settings, conversation, address, True, now=now)
    return outcome.as_json(), outcome.notification_ids


def _mail_kinds_to(db, address) -> list[str]:
    with db() as session:
        return list(session.scalars(select(Notification.kind).where(
            Notification.to_address == address, Notification.kind.in_(link_mails.CONVERSATION_LINK_MAILS))
            .order_by(Notification.id)))


def test_an_offer_to_add_an_account_stays_within_the_strangers_budget_of_the_login(session_factory, settings):
    """A stranger spends the login's bill-data mails with resets, then signs up another account (one
    with no phone on file) with the login's address: the addition offer would be one mail more. It is
    neither mailed nor made, and the answer says no link went out (``daily_limit``), never the "open
    the link I sent" of a new address."""
    db = session_factory
    _owner_with_an_active_login(db, settings)
    load_members(db, settings, GARZA)
    verified_steps(db, settings, STRANGER, OBRIEN)
    start = utcnow() - timedelta(hours=3)
    for turn in range(link_mails.DAILY_BILL_LINK_MAILS):
        assert _reset(db, settings, STRANGER, start + timedelta(minutes=11 * turn))[1]
    verified_steps(db, settings, "web-stranger-garza", GARZA)
    answer, ids = _register(db, settings, "web-stranger-garza", OWNER, start + timedelta(hours=2))
    assert answer == {"result": registration.CREATED, "email_masked": "o***@e***.com", "link": link_mails.DAILY_LIMIT}
    assert not ids
    assert _mail_kinds_to(db, OWNER) == [dispatch.PASSWORD_RESET] * link_mails.DAILY_BILL_LINK_MAILS
    with db() as session:
        assert not session.scalars(select(registration.Registration).join(Member)
                                   .where(Member.account_number == GARZA["account"])).all()


def test_correcting_a_pending_sign_up_s_address_stays_within_the_day_s_link_mails(session_factory, settings):
    """On bill data alone (no phone on file) a conversation signs up and "corrects" its address again
    and again: each correction mailed an activation link, outside every bound, and reset the
    conversation's resends. Now the corrections stop at the day's bill-data mails, the answer says so,
    and the address is left as it was."""
    db = session_factory
    load_members(db, settings, OBRIEN)
    verified_steps(db, settings, STRANGER, OBRIEN)
    now = utcnow() - timedelta(hours=1)
    addresses = [f"victim{index}@example.com" for index in range(link_mails.DAILY_BILL_LINK_MAILS + 2)]
    answers = [_register(db, settings, STRANGER, address, now + timedelta(minutes=index))
               for index, address in enumerate(addresses)]
    mailed = [bool(ids) for _answer, ids in answers]
    assert mailed == [True] * link_mails.DAILY_BILL_LINK_MAILS + [False, False]
    assert [answer for answer, _ids in answers[-2:]] == [
        {"result": registration.CREATED, "email_masked": "v***@e***.com", "link": link_mails.DAILY_LIMIT}] * 2
    with db() as session:
        assert session.scalars(select(registration.Login.email).where(
            registration.Login.status == registration.PENDING)).one() == addresses[link_mails.DAILY_BILL_LINK_MAILS - 1]


def test_a_correction_does_not_give_the_resend_back(session_factory, settings):
    db = session_factory
    load_members(db, settings, OBRIEN)
    verified_steps(db, settings, STRANGER, OBRIEN)
    now = utcnow() - timedelta(hours=1)
    _register(db, settings, STRANGER, "first@example.com", now)
    with db() as session:
        assert registration.resend(session, settings, STRANGER, now=now + timedelta(minutes=1)).result == "sent"
    _register(db, settings, STRANGER, "second@example.com", now + timedelta(minutes=2))
    with db() as session:
        again = registration.resend(session, settings, STRANGER, now=now + timedelta(minutes=3))
    assert (again.result, again.notification_ids) == ("already_resent", [])


# A stranger's own account, with the stranger's own phone on file.
OWN_PHONE_STRANGER = dict(OBRIEN, phone="+15125550188")


def test_a_stranger_s_pending_addition_does_not_spend_the_member_s_own_budget(session_factory, settings):
    """The stranger proves their own account (their own phone) and signs it up with the member's login
    address: a pending addition. Then, every 11 minutes, "forgot password" (the addition link), "delete
    my registration" and a new sign-up with that address, all mailed to the member's address: they
    counted as the member's own mails (a phone was proven), and the member's own reset later got "no
    more links today". They are a stranger's: the stranger's five, and the member's ten stay whole."""
    db = session_factory
    load_members(db, settings, GARZA_WITH_PHONE, OWN_PHONE_STRANGER)
    with db() as session:
        member_id = session.scalars(select(Member.id).where(Member.account_number == GARZA["account"])).one()
    add_registration(db, member_id, email=OWNER, status=ACTIVE)
    verified_steps(db, settings, STRANGER, OWN_PHONE_STRANGER)
    prove_phone(db, settings, STRANGER)
    start = utcnow() - timedelta(hours=20)
    assert _register(db, settings, STRANGER, OWNER, start)[0] == {
        "result": registration.CREATED, "email_masked": "o***@e***.com"}
    for turn in range(1, 25):
        ask = (_reset, _delete, lambda *a: _register(a[0], a[1], a[2], OWNER, a[3]))[turn % 3]
        ask(db, settings, STRANGER, start + timedelta(minutes=11 * turn))
    assert len(_mail_kinds_to(db, OWNER)) == link_mails.DAILY_BILL_LINK_MAILS
    _the_member_s_own_resets_go_through(db, settings, start + timedelta(hours=5))


TARGET = "target@example.com"      # another member's login
UNUSED = "unused@example.com"      # no login


def _target_has_a_login(db, settings) -> None:
    load_members(db, settings, GARZA, OBRIEN, GARZA_RANCH)
    with db() as session:
        member_id = session.scalars(select(Member.id).where(Member.account_number == GARZA["account"])).one()
    add_registration(db, member_id, email=TARGET, status=ACTIVE)


def test_once_the_corrections_spent_the_day_s_mails_an_address_with_a_login_is_answered_alike(
        session_factory, settings):
    """The stranger signs up with an address of theirs and corrects it four times (the five mails of
    their own pending login), then corrects it to the address to test: one with no login was told "no
    more links today", one with a login the usual "open the link I sent". Both are now told "no more
    links today", and nothing is mailed to either."""
    db = session_factory
    _target_has_a_login(db, settings)
    verified_steps(db, settings, STRANGER, OBRIEN)
    now = utcnow() - timedelta(hours=1)
    for index in range(link_mails.DAILY_BILL_LINK_MAILS):
        assert _register(db, settings, STRANGER, f"mine{index}@example.net", now + timedelta(minutes=index))[1]
    answers = [_register(db, settings, STRANGER, address, now + timedelta(minutes=10 + index))
               for index, address in enumerate((UNUSED, TARGET))]
    assert [answer for answer, _ids in answers] == [
        {"result": registration.CREATED, "email_masked": "u***@e***.com", "link": link_mails.DAILY_LIMIT},
        {"result": registration.CREATED, "email_masked": "t***@e***.com", "link": link_mails.DAILY_LIMIT}]
    assert [ids for _answer, ids in answers] == [[], []]
    assert _mail_kinds_to(db, TARGET) == [] and _mail_kinds_to(db, UNUSED) == []


def test_correcting_away_from_an_address_and_back_does_not_tell_whether_it_has_a_login(session_factory, settings):
    """Sign up with the address to test, correct it to one's own, then back: the withdrawn offer to the
    login made the answer say "the addition link went" (``link`` add_account) only when the address had
    a login. It is now answered as an address with no login is."""
    db = session_factory
    _target_has_a_login(db, settings)
    now = utcnow() - timedelta(hours=1)
    answers = {}
    for conversation, member, address in (("web-target", OBRIEN, TARGET), ("web-unused", GARZA_RANCH, UNUSED)):
        verified_steps(db, settings, conversation, member)
        _register(db, settings, conversation, address, now)
        _register(db, settings, conversation, f"own-{conversation}@example.net", now + timedelta(minutes=1))
        answers[address] = _register(db, settings, conversation, address, now + timedelta(minutes=2))[0]
    assert answers == {TARGET: {"result": registration.CREATED, "email_masked": "t***@e***.com"},
                       UNUSED: {"result": registration.CREATED, "email_masked": "u***@e***.com"}}
