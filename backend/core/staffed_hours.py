"""When a person can take over a conversation: ``COOPBOT_STAFFED_HOURS`` (docs/contract.md section 2).

The format is one or more windows separated by commas, then one IANA time zone::

    Mon-Fri 07:00-21:00 America/Chicago
    Mon-Fri 07:00-21:00, Sat 09:00-13:00 America/Chicago

Each window is a day or a range of days (``Mon`` ... ``Sun``; a range may wrap,
``Fri-Mon``) and a start and end time on the 24-hour clock (end after start; ``24:00``
is the end of the day). Times are the co-op's wall-clock times: across a change to or
from daylight saving time "07:00" stays 07:00 in the zone, so the UTC moment moves.
The parser refuses anything else with a message that names the variable, so a typo
stops the process at start instead of silently leaving nobody staffed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
VARIABLE = "COOPBOT_STAFFED_HOURS"
_WINDOW = re.compile(r"(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+"
                     r"(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})")


class StaffedHoursError(ValueError):
    """``COOPBOT_STAFFED_HOURS`` cannot be read; the message says how it should look."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"{VARIABLE}: {problem} (e.g. 'Mon-Fri 07:00-21:00 America/Chicago')")


@dataclass(frozen=True)
class Window:
    """One staffed window: the weekdays it applies to (0 = Monday) and its start and end in minutes."""

    days: frozenset[int]
    start: int  # minutes after midnight
    end: int  # minutes after midnight, after start (1440 = midnight at the end of the day)


@dataclass(frozen=True)
class StaffedHours:
    """Parsed staffed hours: windows of wall-clock time in one zone."""

    windows: tuple[Window, ...]
    zone: ZoneInfo

    def local(self, moment: datetime) -> datetime:
        """``moment`` (aware; naive is taken as UTC) in the co-op's zone."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(self.zone)

    def is_open(self, moment: datetime) -> bool:
        """Whether a person is on duty at ``moment``."""
        local = self.local(moment)
        minute = local.hour * 60 + local.minute
        return any(local.weekday() in w.days and w.start <= minute < w.end for w in self.windows)

    def next_opening(self, moment: datetime) -> datetime:
        """The next moment (in the co-op's zone) staff come on duty after ``moment``; ``moment`` itself if open."""
        if self.is_open(moment):
            return self.local(moment)
        local = self.local(moment)
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            starts = sorted(w.start for w in self.windows if day.weekday() in w.days)
            for start in starts:
                opening = datetime.combine(day, _clock(start), tzinfo=self.zone)
                # Round-trip through UTC: a wall time skipped by a spring-forward change
                # becomes the real moment just after it.
                opening = opening.astimezone(timezone.utc).astimezone(self.zone)
                if opening > local:
                    return opening
        raise AssertionError("a parsed schedule has at least one window per week")  # pragma: no cover


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60) if minutes < 1440 else time(23, 59)


def _minutes(text: str, *, end: bool) -> int:
    hours, minutes = (int(part) for part in text.split(":"))
    if (hours, minutes) == (24, 0) and end:
        return 1440
    if hours > 23 or minutes > 59:
        raise StaffedHoursError(f"{text!r} is not a time of day")
    return hours * 60 + minutes


def _days(first: str, last: str | None) -> frozenset[int]:
    for name in (first, last):
        if name is not None and name not in DAYS:
            raise StaffedHoursError(f"{name!r} is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)")
    start = DAYS.index(first)
    stop = DAYS.index(last) if last else start
    return frozenset((start + i) % 7 for i in range((stop - start) % 7 + 1))


def parse(value: str) -> StaffedHours:
    """``"Mon-Fri 07:00-21:00 America/Chicago"`` -> :class:`StaffedHours`; :class:`StaffedHoursError` otherwise."""
    text = " ".join(value.split())
    head, _, zone_name = text.rpartition(" ")
    if not head:
        raise StaffedHoursError("days, hours and a time zone are needed")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise StaffedHoursError(f"{zone_name!r} is not a time zone") from None
    windows = []
    for part in head.split(","):
        match = _WINDOW.fullmatch(part.strip().lower())
        if match is None:
            raise StaffedHoursError(f"{part.strip()!r} is not 'Day-Day HH:MM-HH:MM'")
        start = _minutes(match["start"], end=False)
        end = _minutes(match["end"], end=True)
        if end <= start:
            raise StaffedHoursError(f"{part.strip()!r} ends before it starts")
        windows.append(Window(_days(match["first"], match["last"]), start, end))
    return StaffedHours(tuple(windows), zone)
