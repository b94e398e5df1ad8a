"""The account lock, played by a stranger who holds the member's bill, and by the member.

The stranger has the account number and name (both on the bill) but not the
phone on file. Five wrong ZIPs from other phones and web chats lock the account
for a day, five more the next day for 30 days: before, ten texts a month kept
the member out for good. Now the lock stops every conversation but an SMS from
the phone on file, which only its own wrong answers can stop (its conversation,
its source and its own share of the account's budget).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.accounts import registration as reg
from backend.identity import possession as p
from backend.identity import verification as v
from backend.notify import dispatch
from backend.notify.consent import phone_key
from backend.storage.models import Lockout, Member, VerificationAttempt, utcnow
from tests.support.backend_helpers import OBRIEN, load_members
from tests.support.one_time_code import GARZA_PHONE as PHONE, GARZA_WITH_PHONE as MEMBER, texts

WRONG_ZIP = "11111"
# The answer a conversation gets once the account is locked, field by field (as before this change).
TOLD_LOCKED = {"result", "attempts_left", "locked_until", "lock_scope", "unlock"}


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, MEMBER, OBRIEN)
    return session_factory


def origin(db, conversation: str, channel: str, source: str) -> str:
    with db() as session:
        v.remember_origin(session, conversation, channel, source)
        session.commit()
    return conversation


def member_phone(db, settings) -> str:
    """The member's own SMS conversation: its id and its source are the phone's pseudonym."""
    key = phone_key(settings.secret_key, PHONE)
    return origin(db, key, "sms", key)


def stranger(db, settings, index: int) -> str:
    """A stranger's conversation: another phone (even index) or a web chat from its own network."""
    if index % 2 == 0:
        key = phone_key(settings.secret_key, f"+1512555{index:04d}")
        return origin(db, key, "sms", key)
    return origin(db, f"chat{index}", "web", f"network{index}")


def check(db, settings, conversation, now, name=MEMBER["name"]):
    with db() as session:
        return v.check_account(session, conversation, MEMBER["account"], name, now=now, settings=settings)


def answer(db, settings, conversation, now, zip_code=WRONG_ZIP):
    """The ZIP step; the notices it queued (a lock-out) are delivered as the API does."""
    with db() as session:
        result = v.verify_secret(session, settings, conversation, zip_code=zip_code, now=now)
        queued = v.queued_notices(session)
    for notification_id in queued:
        dispatch.deliver(settings, db, notification_id)
    return result


def strangers_guess(db, settings, first: int, count: int, now) -> list:
    """``count`` strangers (from ``first`` on) each match the bill's number and name, then send a wrong ZIP."""
    results = []
    for index in range(first, first + count):
        conversation = stranger(db, settings, index)
        assert check(db, settings, conversation, now).result == v.MATCH
        results.append(answer(db, settings, conversation, now))
    return results


def verified(db, settings, conversation):
    """Number and name, the right ZIP, a security answer, each in its own transaction as the API runs
    them (with the settings, as the API passes them); the ZIP check's result."""
    assert check(db, settings, conversation, None).result == v.MATCH
    result = answer(db, settings, conversation, None, zip_code=MEMBER["zip"])
    with db() as session:
        assert reg.store_security_answer(session, conversation, 2, "Fluffy") == reg.STORED
    return result


def register(db, settings, conversation, email="maria@example.com"):
    with db() as session:
        return reg.register(session, settings, conversation, email, True)


def lock_level(db, now):
    with db() as session:
        member = session.scalars(select(Member).where(Member.account_number == MEMBER["account"])).one()
        return v.account_lock(session, member, now)


def assert_refused(result):
    """Told the account is paused and to call member services: no more than before."""
    assert (result.result, result.lock_scope, result.unlock) == (v.LOCKED, v.ACCOUNT_SCOPE, v.UNLOCK_MEMBER_SERVICES)
    assert set(result.as_json()) == TOLD_LOCKED


def test_strangers_lock_the_account_but_the_member_registers_by_texting_from_the_phone_on_file(db, settings):
    now = utcnow()
    early = stranger(db, settings, 9)
    assert check(db, settings, early, now).result == v.MATCH  # a stranger's chat matched before the lock
    results = strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT, now)
    assert [r.result for r in results] == [v.MISMATCH] * (v.ACCOUNT_DAILY_LIMIT - 1) + [v.LOCKED]
    assert_refused(results[-1])
    # The phone on file is told, and that it can still sign up from there.
    notice = texts(settings)[-1]
    assert notice["to"] == PHONE and "You can still sign up by texting us from this phone." in notice["body"]

    # The stranger's next conversations, from a phone or a chat, are refused as before: even the right ZIP.
    for index in (10, 11):
        assert_refused(check(db, settings, stranger(db, settings, index), now + timedelta(minutes=5)))
    assert_refused(answer(db, settings, early, now + timedelta(minutes=5), zip_code=MEMBER["zip"]))

    # The member texts from the phone on file: number and name, ZIP, registered. No code is needed.
    phone = member_phone(db, settings)
    assert verified(db, settings, phone).possession == p.SMS
    assert register(db, settings, phone).result == reg.CREATED

    # Everyone else stays locked; the member's success did not lift the lock.
    assert_refused(check(db, settings, stranger(db, settings, 12), utcnow()))
    assert lock_level(db, utcnow())[1] == v.DAILY


def test_the_phone_on_file_keeps_its_own_limits_and_its_wrong_answers_count(db, settings):
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT, now)
    phone = member_phone(db, settings)
    assert check(db, settings, phone, now).result == v.MATCH
    first, second, third = (answer(db, settings, phone, now, zip_code=z) for z in ("11112", "11113", "11114"))
    # Wrong answers from the phone are told as wrong answers, never as the strangers' account lock ...
    assert [(r.result, r.attempts_left) for r in (first, second)] == [(v.MISMATCH, 2), (v.MISMATCH, 1)]
    # ... and the third locks the phone's conversation for the hour, as any conversation's.
    assert (third.result, third.lock_scope) == (v.LOCKED, v.CONVERSATION_SCOPE)
    assert third.locked_until == now + v.LOCKOUT_DURATION
    locked = check(db, settings, phone, now + timedelta(minutes=30))
    assert (locked.result, locked.lock_scope) == (v.LOCKED, v.CONVERSATION_SCOPE)
    # After the hour its source has failed this account three times today: paused for the day.
    paused = check(db, settings, phone, now + v.LOCKOUT_DURATION + timedelta(minutes=1))
    assert (paused.result, paused.lock_scope) == (v.LOCKED, v.SOURCE_SCOPE)
    with db() as session:
        counted = session.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.source_key == phone, VerificationAttempt.step == v.SECRET_STEP,
            VerificationAttempt.succeeded.is_(False)))
        # One account lock-out (the strangers'), none more for the phone's guesses.
        lockouts = session.scalar(select(func.count()).select_from(Lockout).where(Lockout.member_id.is_not(None)))
    assert (counted, lockouts) == (3, 1)
    # The next day the phone signs up.
    next_day = now + v.DAY + timedelta(minutes=1)
    assert check(db, settings, phone, next_day).result == v.MATCH
    assert answer(db, settings, phone, next_day, zip_code=MEMBER["zip"]).possession == p.SMS


def test_the_phone_s_wrong_answers_count_for_everyone_else(db, settings):
    """Four strangers' wrong ZIPs and one from the phone on file lock the account for the others;
    the phone itself is answered "wrong ZIP", and the member is told once."""
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - 1, now)
    phone = member_phone(db, settings)
    assert check(db, settings, phone, now).result == v.MATCH
    assert answer(db, settings, phone, now).as_json() == {"result": v.MISMATCH, "attempts_left": 2}
    assert lock_level(db, now)[1] == v.DAILY
    assert_refused(check(db, settings, stranger(db, settings, 20), now))
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Lockout).where(Lockout.member_id.is_not(None))) == 1
    assert answer(db, settings, phone, now, zip_code=MEMBER["zip"]).result == v.VERIFIED


def test_after_the_monthly_lock_the_member_still_registers_from_the_phone_on_file(db, settings):
    now = utcnow()
    day_one = now - v.DAY - timedelta(hours=1)
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT, day_one)
    # The day's lock has run out: five more strangers spend the month's budget.
    results = strangers_guess(db, settings, v.ACCOUNT_DAILY_LIMIT, v.ACCOUNT_DAILY_LIMIT, now - timedelta(minutes=30))
    assert_refused(results[-1])
    until, level = lock_level(db, now)
    assert (level, until) == (v.MONTHLY, day_one + v.MONTH)
    assert "You can still sign up by texting us from this phone." in texts(settings)[-1]["body"]
    # A stranger is refused, even two weeks later ...
    assert_refused(check(db, settings, stranger(db, settings, 30), now + timedelta(days=14)))
    # ... while the member, texting from the phone on file, registers now.
    phone = member_phone(db, settings)
    assert verified(db, settings, phone).possession == p.SMS
    assert register(db, settings, phone).result == reg.CREATED


def test_the_phone_on_file_cannot_guess_past_its_own_share_of_the_budget(db, settings):
    """Whoever holds the phone gets no more wrong answers than the account had before: the
    phone's own wrong ZIPs, over the days, spend the monthly budget and stop the phone too."""
    start = utcnow() - timedelta(days=5)
    phone = member_phone(db, settings)
    guesses = iter(f"{78000 + n}" for n in range(100))
    told = []
    for day in range(5):
        # A day and an hour apart: the source's and the conversation's limits have run out.
        now = start + day * (v.DAY + timedelta(hours=1))
        for _ in range(3):
            first = check(db, settings, phone, now)
            if first.result != v.MATCH:
                told.append(first)
                break
            told.append(answer(db, settings, phone, now, zip_code=next(guesses)))
            now += v.LOCKOUT_DURATION + timedelta(minutes=1)
    with db() as session:
        counted = session.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.source_key == phone, VerificationAttempt.step == v.SECRET_STEP,
            VerificationAttempt.succeeded.is_(False)))
    assert counted == v.ACCOUNT_MONTHLY_LIMIT
    assert_refused(told[-1])
    assert_refused(check(db, settings, phone, utcnow()))


@pytest.mark.parametrize("channel, source", [
    ("web", "phone"),       # a web chat whose network pseudonym equals the phone's: still a web chat
    ("sms", "other"),       # another phone
])
def test_only_an_sms_whose_sender_is_the_phone_on_file_passes_the_lock(db, settings, channel, source):
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT, now)
    key = phone_key(settings.secret_key, PHONE if source == "phone" else "+15125559999")
    conversation = origin(db, "claimed", channel, key)
    assert_refused(check(db, settings, conversation, now))
    # Without the settings (no key to compare the phone with) nothing passes either.
    with db() as session:
        assert_refused(v.check_account(session, member_phone(db, settings), MEMBER["account"], MEMBER["name"],
                                       now=now))


def test_under_the_bill_policy_the_phone_on_file_passes_the_lock_too(db, settings_for, settings):
    bill = settings_for(settings.database_url, verify_policy="bill")
    now = utcnow()
    strangers_guess(db, bill, 0, v.ACCOUNT_DAILY_LIMIT, now)
    assert_refused(check(db, bill, stranger(db, bill, 40), now))
    phone = member_phone(db, bill)
    assert verified(db, bill, phone).possession == p.NOT_REQUIRED
    assert register(db, bill, phone).result == reg.CREATED


# ---------------------------------------------------------------- "N tries left"
# "N tries left" is never more than the account's own budget allows.
## A conversation may send three wrong answers; the account takes five wrong secrets a
# day from everyone but its phone on file. A stranger with the bill who already spent
# three from one phone, or the member who typed two wrong ZIPs in another chat, leaves
# the account fewer than a fresh conversation's three: the count said "2 tries left" and
# the next wrong answer paused the account. The count now says what is really left.
# It is lowered only after the name matched (the secret steps), so a wrong name tells
# nothing of other people's guesses, nor of whether the account exists.


def test_after_three_strangers_guesses_the_next_conversation_hears_two_tries_then_is_paused(db, settings):
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - 2, now)
    late = stranger(db, settings, 20)
    assert check(db, settings, late, now).result == v.MATCH
    first = answer(db, settings, late, now)
    assert (first.result, first.attempts_left) == (v.MISMATCH, 1)
    again = answer(db, settings, late, now)  # the same wrong ZIP again: not counted, the same count
    assert (again.result, again.attempts_left) == (v.MISMATCH, 1)
    assert answer(db, settings, late, now, zip_code="22222").result == v.LOCKED


def test_a_fresh_account_still_gives_a_conversation_its_three_tries(db, settings):
    now = utcnow()
    conversation = stranger(db, settings, 30)
    assert check(db, settings, conversation, now).result == v.MATCH
    assert answer(db, settings, conversation, now).attempts_left == 2
    assert answer(db, settings, conversation, now, zip_code="22222").attempts_left == 1


def test_a_wrong_name_tells_nothing_of_the_accounts_spent_budget(db, settings):
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - 1, now)
    conversation = stranger(db, settings, 40)
    wrong = check(db, settings, conversation, now, name="Nobody")
    assert (wrong.result, wrong.attempts_left) == (v.NO_MATCH, 2)


def test_the_phone_on_file_counts_only_its_own_wrong_answers(db, settings):
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - 1, now)
    phone = member_phone(db, settings)
    assert check(db, settings, phone, now).result == v.MATCH
    assert answer(db, settings, phone, now, zip_code=WRONG_ZIP).attempts_left == 2


@pytest.mark.parametrize("spent", [1, 2])
def test_the_count_follows_the_accounts_day(db, settings, spent):
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - spent - 1, now)
    conversation = stranger(db, settings, 50)
    assert check(db, settings, conversation, now).result == v.MATCH
    assert answer(db, settings, conversation, now).attempts_left == min(2, spent)
