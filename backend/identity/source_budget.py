"""Per-source limits on identity checks that slow a guesser without shutting out a network.

A source is where a conversation's messages come from: a phone number's
pseudonym, or a web client's network (its IPv4 address, or the /64 of an IPv6
address, see ``webhook.client_ip``). Many members share one network (a
carrier-grade NAT, a library's Wi-Fi), so a source is never refused as a
whole. Two limits, both counted from ``VerificationAttempt`` rows under the
source's lock (``backend.storage.row_locks``), so they are exact under concurrency:

- per source *and* account number: ``PAIR_LIMIT`` failed checks of one account
  number from one source in ``WINDOW`` pause that account number for that
  source until the oldest of them leaves the window. Members of other
  accounts behind the same network are not affected;
- per source: the first ``FREE_FAILURES`` failures in ``WINDOW`` cost nothing;
  after that every further check waits for a delay after the source's last
  failure, ``FIRST_DELAY`` doubling with each failure up to ``MAX_DELAY``. A
  check that comes too early is neither evaluated nor counted; the member is
  told how long to wait. A guesser is held to one check per ``MAX_DELAY``
  (96 a day); a member behind the same address waits at most that long.

Successes never reset a count: a guesser who knows one valid account could
otherwise clear the way for the next guesses. The trade-off is written up in
docs/security.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.storage.models import VerificationAttempt

WINDOW = timedelta(hours=24)
PAIR_LIMIT = 3
FREE_FAILURES = 5
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)


def delay_after(failures: int) -> timedelta:
    """The wait after the source's last failure, once it has ``failures`` in the window."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    steps = failures - FREE_FAILURES
    return MAX_DELAY if steps >= 16 else min(FIRST_DELAY * 2 ** steps, MAX_DELAY)


def wait_until(session: Session, now: datetime, source_key: str | None, account: str | None) -> datetime | None:
    """When this source may next check ``account``, if not yet; None when it may now.

    The caller holds the source's lock. The same two queries run whatever the
    account number is (known or not), so the time taken tells nothing.
    """
    if not source_key:
        return None
    failed = (VerificationAttempt.source_key == source_key, VerificationAttempt.succeeded.is_(False),
              VerificationAttempt.created_at > now - WINDOW)
    count, last = session.execute(
        select(func.count(), func.max(VerificationAttempt.created_at)).where(*failed)).one()
    until = None
    if last is not None and count >= FREE_FAILURES and last + delay_after(count) > now:
        until = last + delay_after(count)
    pair = list(session.scalars(
        select(VerificationAttempt.created_at).where(*failed, VerificationAttempt.account_tried == account)
        .order_by(VerificationAttempt.created_at.desc()).limit(PAIR_LIMIT)))
    if len(pair) >= PAIR_LIMIT and pair[-1] + WINDOW > now:
        until = max(until or now, pair[-1] + WINDOW)
    return until
