"""/staff/: the registration funnel (members and conversations), registrations per day, median turns
and minutes, fallback rate, members who asked for a person and the handoffs.

All figures cover conversations started in a date range (UTC days, both
inclusive; the last 30 days unless staff choose another range).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import render_template, request

from backend import staff as staff_data
from backend.staff import asks, handoffs
from backend.storage.models import utcnow
from webhook.database import get_session
from webhook.staff import bp
from webhook.staff.auth import login_required
from webhook.staff.charts import daily_chart, funnel_chart

DEFAULT_DAYS = 30
MAX_DAYS = 731


def parse_day(value: str | None, name: str, errors: list[str]) -> date | None:
    """A YYYY-MM-DD query argument; a bad one is reported and ignored (the rest of the query still applies)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"“{value}” is not a date for {name}; use the form 2026-01-31.")
        return None


def _range(errors: list[str]) -> tuple[date, date]:
    today = utcnow().date()
    first = parse_day(request.args.get("from"), "From", errors)
    last = parse_day(request.args.get("to"), "To", errors) or today
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        errors.append("“From” is after “To”; showing the 30 days up to “To”.")
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    if (last - first).days >= MAX_DAYS:
        errors.append(f"The range is limited to {MAX_DAYS} days; showing the last {MAX_DAYS} days up to “To”.")
        first = last - timedelta(days=MAX_DAYS - 1)
    return first, last


@bp.route("/")
@login_required
def dashboard():
    errors: list[str] = []
    first, last = _range(errors)
    start = datetime.combine(first, time.min, tzinfo=timezone.utc)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=timezone.utc)
    db = get_session()
    steps = staff_data.funnel(db, start=start, end=end)
    days = staff_data.registrations_per_day(db, start=start, end=end)
    stats = staff_data.completion_stats(db, start=start, end=end)
    return render_template(
        "staff/dashboard.html",
        errors=errors,
        first=first,
        last=last,
        steps=steps,
        funnel=funnel_chart(steps),
        days=days,
        daily=daily_chart(days),
        registrations=sum(count for _, count in days),
        stats=stats,
        handoffs=handoffs.handoff_stats(db, start=start, end=end),
        asked=asks.ask_counts(db, start=start, end=end),
    )
