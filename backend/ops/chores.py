"""The housekeeping chores the background sender runs on each pass, after ``retention.prune``.

One list, so that every process that runs the sender runs them all: the web workers' retry
thread (``webhook/gunicorn_conf.py``) and the sender process of its own (``coopbot notify
run``). A chore left off one of them would silently never run in that deployment profile.

- ``registration.close_lapsed``: pending registrations whose link expired are closed;
- ``answer_mentions.forget_expired``: the security answer's keyed hash is cleared once its
  registration's link has expired;
- ``held_proof.drop_stale``: a ZIP / last 4 held for a corrected account number and never taken is
  cleared once its minutes are over.
"""

from __future__ import annotations

from backend.accounts.registration import close_lapsed
from backend.identity.held_proof import drop_stale
from backend.notify.dispatch import Chore
from backend.privacy.answer_mentions import forget_expired

HOUSEKEEPING_CHORES: tuple[Chore, ...] = (close_lapsed, forget_expired, drop_stale)
