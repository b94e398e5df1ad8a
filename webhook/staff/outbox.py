"""/staff/outbox: mail and texts waiting to be sent (for example while the mail server is down).

Staff see how many are waiting, since when, and each waiting or failed one
with its address masked, its attempts, its next attempt and its last error
(already redacted when stored). Nothing here sends or changes anything: the
notification sender retries on its own; ``coopbot notifications retry`` sends
what is due at once.
"""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from common.masking import mask_email
from backend.storage.models import Notification
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.auth import login_required

WAITING = ("pending", "sending")
SHOWN = 200


@bp.route("/outbox")
@login_required
def outbox():
    db = get_session()
    counts = dict(db.execute(
        select(Notification.status, func.count())
        .where(Notification.status.in_((*WAITING, "failed"))).group_by(Notification.status)).all())
    oldest = db.scalar(select(func.min(Notification.created_at)).where(Notification.status.in_(WAITING)))
    rows = list(db.scalars(
        select(Notification).where(Notification.status.in_((*WAITING, "failed")))
        .order_by(Notification.id).limit(SHOWN)))
    return render_template(
        "staff/outbox.html",
        waiting=sum(counts.get(status, 0) for status in WAITING),
        failed=counts.get("failed", 0),
        oldest=oldest,
        rows=[(row, mask_email(row.to_address) if row.channel == "email" else "***") for row in rows],
        shown=SHOWN,
    )
