"""A stranger guessing the ZIP through the account lock hears one answer whatever the guess.

Through the lock a right proof lets a reset or "confirm deleting" link go to the address on file. What
a right proof starts (the link's 10-minute guard, a share of the day's link mails) must not show in
the next answer, nor may a spent day tell a right guess from a wrong one; and the wrong guesses are
counted against the guesser's conversation and network, so their limits and slowdown apply."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backend.accounts import registration as reg
from backend.identity import verification as v
from backend.notify import dispatch
from backend.storage.models import Notification
from tests.support.attacker_steps import locked_by_strangers, origin, through_the_lock
from tests.support.backend_helpers import OBRIEN


def _delete_through_the_lock(db, settings, conversation, zip_code, now):
    origin(db, conversation, f"network-{conversation}")
    with db() as session:
        v.check_account(session, conversation, OBRIEN["account"], OBRIEN["name"], now=now, settings=settings)
    with db() as session:
        v.verify_secret(session, settings, conversation, zip_code=zip_code, now=now)
    with db() as session:
        return reg.unsubscribe(session, settings, conversation, now=now)


def _mails(db, kind):
    with db() as session:
        return session.scalar(select(func.count(Notification.id)).where(Notification.kind == kind))


def test_a_right_then_a_wrong_zip_within_ten_minutes_are_answered_alike(session_factory, settings):
    db = session_factory
    later = locked_by_strangers(db, settings)
    _checked, right = through_the_lock(db, settings, "chat-right", OBRIEN["zip"], later)
    _checked, wrong = through_the_lock(db, settings, "chat-wrong", "22222", later + timedelta(minutes=1))
    assert right.as_json() == wrong.as_json()
    assert right.as_json()["link"] == "password_reset"
    right_delete = _delete_through_the_lock(db, settings, "chat-right-d", OBRIEN["zip"], later + timedelta(minutes=2))
    wrong_delete = _delete_through_the_lock(db, settings, "chat-wrong-d", "33333", later + timedelta(minutes=3))
    assert right_delete.as_json() == wrong_delete.as_json()
    assert _mails(db, dispatch.PASSWORD_RESET) == _mails(db, dispatch.DELETE_CONFIRM) == 1  # the right ones only


def test_once_the_day_s_links_are_spent_a_right_and_a_wrong_zip_are_answered_alike(session_factory, settings):
    db = session_factory
    later = locked_by_strangers(db, settings)
    for index in range(5):  # the day's link mails asked on bill data, each past the 10-minute guard
        through_the_lock(db, settings, f"chat-spend-{index}", OBRIEN["zip"], later + timedelta(minutes=11 * index))
    assert _mails(db, dispatch.PASSWORD_RESET) == 5
    spent = later + timedelta(hours=1)
    right_delete = _delete_through_the_lock(db, settings, "chat-right-d", OBRIEN["zip"], spent)
    wrong_delete = _delete_through_the_lock(db, settings, "chat-wrong-d", "22222", spent)
    assert right_delete.as_json() == wrong_delete.as_json()
    assert right_delete.as_json().get("link") is None and right_delete.result == reg.CONFIRMATION_SENT
    _checked, right = through_the_lock(db, settings, "chat-right", OBRIEN["zip"], spent + timedelta(minutes=20))
    _checked, wrong = through_the_lock(db, settings, "chat-wrong", "33333", spent + timedelta(minutes=20))
    assert right.as_json() == wrong.as_json()
    assert _mails(db, dispatch.DELETE_CONFIRM) == 0 and _mails(db, dispatch.PASSWORD_RESET) == 5


def test_wrong_zips_through_the_lock_are_held_to_the_network_s_limit(session_factory, settings):
    db = session_factory
    later = locked_by_strangers(db, settings)
    checks = []
    for index in range(4):  # one network, a new chat for each candidate
        conversation = f"chat-guess-{index}"
        origin(db, conversation, "network-guesser")
        with db() as session:
            checks.append(v.check_account(session, conversation, OBRIEN["account"], OBRIEN["name"],
                                          now=later, settings=settings))
        if checks[-1].result == v.LOCKED and checks[-1].lock_scope == v.SOURCE_SCOPE:
            break
        with db() as session:
            assert v.verify_secret(session, settings, conversation, zip_code=f"2222{index}",
                                   now=later).lock_scope == v.ACCOUNT_SCOPE  # the lock's answer, as before
    # Three wrong ZIPs of this account from this network: the fourth candidate is not even checked.
    assert len(checks) == 4 and checks[-1].result == v.LOCKED and checks[-1].lock_scope == v.SOURCE_SCOPE
    # One chat sending candidates after one another is stopped by its own limit as well.
    origin(db, "chat-one", "network-other")
    with db() as session:
        v.check_account(session, "chat-one", OBRIEN["account"], OBRIEN["name"], now=later, settings=settings)
    answers = []
    for index in range(4):
        with db() as session:
            answers.append(v.verify_secret(session, settings, "chat-one", zip_code=f"3333{index}", now=later))
    assert answers[-1].result == v.LOCKED and answers[-1].lock_scope != v.ACCOUNT_SCOPE
