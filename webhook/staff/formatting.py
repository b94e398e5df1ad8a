"""How console pages show things: times, outcomes, redaction marks, page links.

Exposed to the console's templates through a blueprint context processor, so
templates stay free of logic and every page formats the same way.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from flask import current_app, g, request, url_for

from backend import staff as staff_data
from backend.storage.models import utcnow
from webhook.staff import bp

# "[redacted]" replaces a secret; "j***@e***.com" and "***-***-1234" are masked
# e-mail addresses and phone numbers (see the transcript writer).
# A masked word is tried only from its first character (linear time on long words).
_MARKS = re.compile(r"\[redacted\]|(?<!\S)\S*\*\*\*\S*+")


def segments(text: str) -> list[tuple[str, str]]:
    """Split a transcript line into ("text" | "redacted" | "masked", part) for the template."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _MARKS.finditer(text):
        if match.start() > position:
            parts.append(("text", text[position:match.start()]))
        kind = "redacted" if match.group() == "[redacted]" else "masked"
        parts.append((kind, match.group()))
        position = match.end()
    if position < len(text):
        parts.append(("text", text[position:]))
    return parts


def co_op_zone():
    """The co-op's own time zone, that of ``COOPBOT_STAFFED_HOURS`` (UTC when it is not set):
    staff read every time of the console in it."""
    hours = current_app.config["COOPBOT"].staffed
    return hours.zone if hours is not None else timezone.utc


def when(stamp: datetime | None) -> str:
    """A moment in the co-op's own zone, e.g. ``2026-12-04 07:05 CST`` (``... UTC`` without one)."""
    if stamp is None:
        return "-"
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(co_op_zone()).strftime("%Y-%m-%d %H:%M %Z")


def iso(stamp: datetime | None) -> str:
    return stamp.astimezone(timezone.utc).isoformat() if stamp else ""


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def url_with(**changes) -> str:
    """The current page's URL with some query arguments changed (None removes one)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@bp.context_processor
def console_helpers():
    now = utcnow()
    return {
        "staff": g.get("staff"),
        "coop_name": current_app.config["COOPBOT"].coop_name,
        "segments": segments,
        "when": when,
        "time_zone": str(co_op_zone()),
        "iso": iso,
        "percent": percent,
        "number": number,
        "url_with": url_with,
        "outcome_of": lambda conversation: staff_data.describe_outcome(conversation, now),
        "step_label": staff_data.step_label,
        "step_phrase": staff_data.step_phrase,
        "channel_label": lambda channel: staff_data.CHANNELS.get(channel, channel),
    }
