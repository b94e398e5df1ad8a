"""The language a member's mails are written in, carried with the work that queues them.

The API (and the member pages) know the member's language; the services that
queue mail (``backend.accounts.registration``, ``backend.accounts``) do not need to:
the caller puts it on the database session (:func:`use`), and
``backend.notify.dispatch.queue`` stores it on each mail it queues for the
member (:func:`of`). Notices to a contact on file are written in that
contact's own language instead (``backend.notify.dispatch``).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

_KEY = "coopbot.member_language"


def use(session: Session, language: str | None) -> None:
    """Mail queued in ``session`` from now on is for a member speaking ``language`` (None: unknown)."""
    session.info[_KEY] = language


def of(session: Session) -> str | None:
    return session.info.get(_KEY)
