"""Pages of rows newest first, continued by id (keyset): the audit log and the list of
misunderstood messages page the same way, so a page never skips or repeats a row that
was added while the staff member read the one before."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session


def page_before(session: Session, query: Select, id_column: Any, before_id: int | None,
                limit: int) -> tuple[list, int | None]:
    """The first ``limit`` rows of ``query`` (ordered by ``id_column`` descending) with an id
    below ``before_id``, and the id to continue before, or None on the last page."""
    if before_id is not None:
        query = query.where(id_column < before_id)
    rows = list(session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more else None)
