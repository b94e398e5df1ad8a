"""Review round 7: the reset through the account lock tells a right ZIP from a wrong one.

Through the lock a proof is compared but neither counted nor told, and a right one queues the reset
mail. The 10-minute guard (``LINK_MAIL_GUARD``) of that mail is read before the proof decides
(``registration._queue_link_mail``: ``held_back`` first, ``send`` after), so the next reset asked
through the lock within 10 minutes, with any proof, is answered ``link: none`` ("A link went to the
e-mail address ... a few minutes ago") after a right candidate and ``password_reset`` (the hedged
reply) after a wrong one. Two uncounted requests per candidate: unlimited guesses at the ZIP or the
SSN/TIN last 4 of an account with no phone on file, for as long as it stays locked.

Fixed: through the lock the reset's answer is one constant outcome; the guard and the day's budget
only decide whether a right proof's link is queued (``registration._link_through_the_lock``)."""

from __future__ import annotations

from datetime import timedelta

from tests.support.attacker_steps import locked_by_strangers, through_the_lock
from tests.support.backend_helpers import OBRIEN


def test_the_reset_after_a_candidate_through_the_lock_is_answered_alike_whether_the_candidate_was_right(
        session_factory, settings):
    db = session_factory
    later = locked_by_strangers(db, settings)
    # A wrong candidate, then a probe (any wrong value) a minute later.
    through_the_lock(db, settings, "chat-a", "22222", later)
    _checked, after_wrong = through_the_lock(db, settings, "chat-b", "33333", later + timedelta(minutes=1))
    # The right candidate, then the same probe a minute later.
    through_the_lock(db, settings, "chat-c", OBRIEN["zip"], later + timedelta(minutes=2))
    _checked, after_right = through_the_lock(db, settings, "chat-d", "33333", later + timedelta(minutes=3))
    assert after_wrong.as_json() == after_right.as_json()
