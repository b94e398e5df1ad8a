"""/staff/stuck: where members get stuck, the messages after which the same question came again.

The misunderstood-messages view lists what the model was unsure of; a confident
misreading slips past it, yet the member is asked the same thing again. This page
counts those turns per step (worst first) and lists the messages, as the transcript
shows them (redacted as stored), each linked to its place in the conversation.
"""

from __future__ import annotations

from flask import render_template, request

from backend import staff as staff_data
from backend.staff import stuck as stuck_data
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.auth import login_required


@bp.route("/stuck")
@login_required
def stuck():
    step = request.args.get("step") or None
    steps = stuck_data.stuck_steps(get_session())
    if step not in {s.step for s in steps}:
        step = None
    before = request.args.get("before", type=int)
    messages, older = stuck_data.list_stuck(get_session(), step=step, before_id=before)
    return render_template(
        "staff/stuck.html",
        steps=steps,
        step=step,
        messages=messages,
        older=older,
        threshold=staff_data.LOW_CONFIDENCE,
    )
