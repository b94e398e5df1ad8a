""""N tries left" is never more than the account's own budget allows.

A conversation may send three wrong answers; the account takes five wrong secrets a
day from everyone but its phone on file. A stranger with the bill who already spent
three from one phone, or the member who typed two wrong ZIPs in another chat, leaves
the account fewer than a fresh conversation's three: the count said "2 tries left" and
the next wrong answer paused the account. The count now says what is really left.
It is lowered only after the name matched (the secret steps), so a wrong name tells
nothing of other people's guesses, nor of whether the account exists.
"""

from __future__ import annotations

import pytest

from backend.identity import verification as v
from backend.storage.models import utcnow
from tests.backend.test_lock_and_phone_on_file import (
    WRONG_ZIP,
    answer,
    check,
    db,  # noqa: F401 - the fixture
    member_phone,
    stranger,
    strangers_guess,
)


def test_after_three_strangers_guesses_the_next_conversation_hears_two_tries_then_is_paused(db, settings):  # noqa: F811
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - 2, now)
    late = stranger(db, settings, 20)
    assert check(db, settings, late, now).result == v.MATCH
    first = answer(db, settings, late, now)
    assert (first.result, first.attempts_left) == (v.MISMATCH, 1)
    again = answer(db, settings, late, now)  # the same wrong ZIP again: not counted, the same count
    assert (again.result, again.attempts_left) == (v.MISMATCH, 1)
    assert answer(db, settings, late, now, zip_code="22222").result == v.LOCKED


def test_a_fresh_account_still_gives_a_conversation_its_three_tries(db, settings):  # noqa: F811
    now = utcnow()
    conversation = stranger(db, settings, 30)
    assert check(db, settings, conversation, now).result == v.MATCH
    assert answer(db, settings, conversation, now).attempts_left == 2
    assert answer(db, settings, conversation, now, zip_code="22222").attempts_left == 1


def test_a_wrong_name_tells_nothing_of_the_accounts_spent_budget(db, settings):  # noqa: F811
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - 1, now)
    conversation = stranger(db, settings, 40)
    wrong = check(db, settings, conversation, now, name="Nobody")
    assert (wrong.result, wrong.attempts_left) == (v.NO_MATCH, 2)


def test_the_phone_on_file_counts_only_its_own_wrong_answers(db, settings):  # noqa: F811
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - 1, now)
    phone = member_phone(db, settings)
    assert check(db, settings, phone, now).result == v.MATCH
    assert answer(db, settings, phone, now, zip_code=WRONG_ZIP).attempts_left == 2


@pytest.mark.parametrize("spent", [1, 2])
def test_the_count_follows_the_accounts_day(db, settings, spent):  # noqa: F811
    now = utcnow()
    strangers_guess(db, settings, 0, v.ACCOUNT_DAILY_LIMIT - spent - 1, now)
    conversation = stranger(db, settings, 50)
    assert check(db, settings, conversation, now).result == v.MATCH
    assert answer(db, settings, conversation, now).attempts_left == min(2, spent)
