"""Geometry of the dashboard's two SVG charts, computed here so the templates only draw.

Server-rendered SVG needs no script and no chart library; every number drawn
as a bar is also written as text (in the chart and in a table beside it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backend.staff import FunnelStep


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    text: str  # the value as written beside or above the bar


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    axis_labels: list[tuple[float, float, str, str]]  # (x, y, text, text-anchor)


FUNNEL_LABEL_WIDTH = 190
FUNNEL_BAR_WIDTH = 330
FUNNEL_ROW = 32


def funnel_chart(steps: list[FunnelStep]) -> Chart:
    """One horizontal bar per step, as long as the number of members that reached it
    (a member's several conversations count once, at their furthest step)."""
    top = max((step.members_reached for step in steps), default=0) or 1
    bars = []
    for row, step in enumerate(steps):
        width = FUNNEL_BAR_WIDTH * step.members_reached / top
        text = f"{step.members_reached}" + (f" ({step.members_stopped} stopped)" if step.members_stopped else "")
        bars.append(Bar(step.label, step.members_reached, FUNNEL_LABEL_WIDTH, row * FUNNEL_ROW + 6, width, 20,
                        text))
    return Chart(FUNNEL_LABEL_WIDTH + FUNNEL_BAR_WIDTH + 130, len(steps) * FUNNEL_ROW + 8, bars, [])


DAILY_WIDTH = 640
DAILY_HEIGHT = 200
_LEFT, _RIGHT, _TOP, _BOTTOM = 36, 8, 16, 28


def daily_chart(days: list[tuple[date, int]]) -> Chart:
    """A column per day; the y axis is labelled with 0 and the busiest day's count."""
    top = max((count for _, count in days), default=0)
    plot_width = DAILY_WIDTH - _LEFT - _RIGHT
    plot_height = DAILY_HEIGHT - _TOP - _BOTTOM
    slot = plot_width / max(len(days), 1)
    bars = []
    for index, (day, count) in enumerate(days):
        height = plot_height * count / top if top else 0
        x = _LEFT + index * slot + slot * 0.1
        y = _TOP + plot_height - height
        bars.append(Bar(day.isoformat(), count, x, y, slot * 0.8, height, str(count)))
    baseline = _TOP + plot_height
    labels = [(_LEFT - 6, baseline, "0", "end"), (_LEFT - 6, _TOP + 4, str(top), "end")]
    if days:
        labels.append((_LEFT, DAILY_HEIGHT - 8, days[0][0].isoformat(), "start"))
        labels.append((DAILY_WIDTH - _RIGHT, DAILY_HEIGHT - 8, days[-1][0].isoformat(), "end"))
    return Chart(DAILY_WIDTH, DAILY_HEIGHT, bars, labels)
