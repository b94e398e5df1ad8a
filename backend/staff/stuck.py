"""Where members get stuck: member messages after which the assistant asked the same question again.

The misunderstood-messages view lists what the model was unsure of; a confident
misreading (an answer dropped, read as something else) is missed there, yet the member
is asked the same thing again. The transcript shows it without any model score: a member
message keeps the step it answered (``TranscriptMessage.step``) and the assistant's
replies of that turn the step asked next, so a turn whose replies ask the message's own
step again left the member at that step.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from backend.storage.models import TranscriptMessage
from backend.staff.conversations import PAGE_SIZE
from backend.staff.outcomes import STEP_LABELS, step_label
from backend.staff.paging import page_before


def _asked_again():
    """The condition on a member message ``TranscriptMessage``: its turn's replies ask its step again."""
    m = TranscriptMessage
    reply, later = aliased(TranscriptMessage), aliased(TranscriptMessage)
    # The turn's replies are the assistant's lines after the message and before the member's next one.
    next_member_line = (
        select(func.min(later.id))
        .where(later.conversation_id == m.conversation_id, later.direction == "in", later.id > m.id)
        .correlate(m).scalar_subquery()
    )
    return and_(
        m.direction == "in",
        m.step.is_not(None),
        exists().where(
            reply.conversation_id == m.conversation_id,
            reply.direction == "out",
            reply.id > m.id,
            or_(next_member_line.is_(None), reply.id < next_member_line),
            reply.step == m.step,
        ),
    )


def list_stuck(session: Session, *, step: str | None = None, before_id: int | None = None,
               limit: int = PAGE_SIZE) -> tuple[list[TranscriptMessage], int | None]:
    """Member messages the same question followed, newest first (optionally at one step)."""
    m = TranscriptMessage
    query = select(m).where(_asked_again()).options(joinedload(m.conversation)).order_by(m.id.desc())
    if step:
        query = query.where(m.step == step)
    return page_before(session, query, m.id, before_id, limit)


@dataclass(frozen=True)
class StuckStep:
    step: str
    label: str
    messages: int  # member messages after which this step was asked again
    conversations: int  # ... in this many conversations


def stuck_steps(session: Session) -> list[StuckStep]:
    """Per step, how often the same question came again: the steps where members get stuck, worst first."""
    m = TranscriptMessage
    rows = session.execute(
        select(m.step, func.count(), func.count(func.distinct(m.conversation_id)))
        .where(_asked_again()).group_by(m.step)
    ).all()
    steps = [StuckStep(step, step_label(step), int(count), int(conversations)) for step, count, conversations in rows]
    order = list(STEP_LABELS)
    return sorted(steps, key=lambda s: (-s.messages, order.index(s.step) if s.step in order else len(order)))
