"""The time a budget is counted at, read only once its row lock is held.

A guess, a code text or a staff check is counted against a budget in a window
that ends "now". Were "now" read before the lock, a request that waited for
the lock would count the attempts committed meanwhile as later than itself and
miss them (concurrent guesses once recorded 10 wrong answers against a limit
of 5). So the functions that count take ``now`` as a fixed time (tests that
move the clock), a clock to call (tests that race), or None (the wall clock),
and read it with :func:`read` after acquiring their locks.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable, Union

Clock = Callable[[], datetime]
Now = Union[datetime, Clock, None]


def utcnow() -> datetime:
    """The wall clock, in UTC (every stored time is UTC)."""
    return datetime.now(timezone.utc)


def read(now: Now) -> datetime:
    """The current time: ``now`` itself, what the clock ``now`` says, or the wall clock."""
    if now is None:
        return utcnow()
    if callable(now):
        return now()
    return now
