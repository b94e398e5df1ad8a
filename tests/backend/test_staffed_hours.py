"""COOPBOT_STAFFED_HOURS: the format, wall-clock times across daylight saving time, and bad values."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from backend.core.config import load_settings
from backend.core.staffed_hours import StaffedHoursError, parse

CHICAGO = ZoneInfo("America/Chicago")
WEEKDAYS = parse("Mon-Fri 07:00-21:00 America/Chicago")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)


def test_open_inside_the_window_and_closed_outside():
    assert WEEKDAYS.is_open(at(2026, 12, 4, 7, 0))  # Friday
    assert WEEKDAYS.is_open(at(2026, 12, 4, 20, 59))
    assert not WEEKDAYS.is_open(at(2026, 12, 4, 21, 0))
    assert not WEEKDAYS.is_open(at(2026, 12, 4, 6, 59))
    assert not WEEKDAYS.is_open(at(2026, 12, 5, 12, 0))  # Saturday


def test_utc_moments_are_read_in_the_co_ops_zone():
    # 13:30 UTC on a winter Friday is 07:30 in Chicago (UTC-6); 12:30 UTC is 06:30.
    assert WEEKDAYS.is_open(datetime(2026, 12, 4, 13, 30, tzinfo=timezone.utc))
    assert not WEEKDAYS.is_open(datetime(2026, 12, 4, 12, 30, tzinfo=timezone.utc))


def test_the_window_follows_daylight_saving_time():
    # Summer: Chicago is UTC-5, so 07:00 local is 12:00 UTC; in winter it is 13:00 UTC.
    assert WEEKDAYS.is_open(datetime(2026, 7, 8, 12, 0, tzinfo=timezone.utc))
    assert not WEEKDAYS.is_open(datetime(2026, 12, 9, 12, 0, tzinfo=timezone.utc))


def test_next_opening_after_the_weekend_and_across_a_clock_change():
    assert WEEKDAYS.next_opening(at(2026, 12, 4, 22, 0)) == at(2026, 12, 7, 7, 0)
    # Saturday 2027-03-13 evening: clocks spring forward on Sunday; Monday 07:00 is CDT (12:00 UTC).
    opening = WEEKDAYS.next_opening(at(2027, 3, 13, 20, 0))
    assert opening.astimezone(timezone.utc) == datetime(2027, 3, 15, 12, 0, tzinfo=timezone.utc)
    # Early the same morning it opens later that day.
    assert WEEKDAYS.next_opening(at(2026, 12, 4, 5, 0)) == at(2026, 12, 4, 7, 0)


def test_a_window_starting_in_the_skipped_hour_opens_just_after_the_change():
    nightly = parse("Sun 02:30-04:00 America/Chicago")
    opening = nightly.next_opening(at(2027, 3, 13, 12, 0))
    assert opening.astimezone(timezone.utc) == datetime(2027, 3, 14, 8, 30, tzinfo=timezone.utc)


def test_several_windows_ranges_that_wrap_and_the_end_of_the_day():
    hours = parse("mon-fri 07:00-21:00,  Sat 09:00-13:00 America/Chicago")
    assert hours.is_open(at(2026, 12, 5, 10, 0))
    assert not hours.is_open(at(2026, 12, 6, 10, 0))
    late = parse("Fri-Mon 18:00-24:00 UTC")
    assert late.is_open(datetime(2026, 12, 7, 23, 59, tzinfo=timezone.utc))  # Monday
    assert not late.is_open(datetime(2026, 12, 8, 23, 0, tzinfo=timezone.utc))  # Tuesday


@pytest.mark.parametrize("value", [
    "Mon-Fri 07:00-21:00",  # no zone
    "Mon-Fri 07:00-21:00 Mars/Olympus",
    "Mon-Fry 07:00-21:00 America/Chicago",
    "Mon-Fri 21:00-07:00 America/Chicago",
    "Mon-Fri 07:00-25:00 America/Chicago",
    "Mon-Fri 7-21 America/Chicago",
    "America/Chicago",
    "weekdays America/Chicago",
])
def test_bad_values_are_refused_naming_the_variable(value):
    with pytest.raises(StaffedHoursError, match="COOPBOT_STAFFED_HOURS"):
        parse(value)


def test_the_setting_is_parsed_at_start_and_unset_means_never():
    assert load_settings(staffed_hours=None).staffed is None
    assert load_settings(staffed_hours="Mon-Fri 07:00-21:00 America/Chicago").staffed == WEEKDAYS
    with pytest.raises(ValueError, match="COOPBOT_STAFFED_HOURS"):
        load_settings(staffed_hours="Mon-Fri 07:00-21:00 Nowhere/Town")
