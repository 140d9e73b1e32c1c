"""Geometry for the gauge and the trend chart: pure functions, no Qt. Status comes from core.analysis.figures.

The gauge is a half circle from 180° (rate 0) to 0° (the scale's top). Its scale always shows the
limit with room beyond it, so a seller sees both how close they are and how far past it they went.
"""

from __future__ import annotations

import math

from seller_gui.core.analysis.orders import WARN_SHARE

OK, WARN, DANGER, NO_DATA = "ok", "warn", "danger", "no_data"  # analysis.figures.status_for's values
WARN_FRACTION = float(WARN_SHARE)

BAND_COLOURS = {OK: "#2e9e5b", WARN: "#e0a526", DANGER: "#d64545", NO_DATA: "#9aa0a6"}


_NICE_STEPS = (1, 2, 2.5, 5, 10)


def scale_max(limit: float, *rates: float | None) -> float:
    """Top of the scale: a round figure at least 1.5x the limit and above every rate shown."""
    highest = max([limit * 1.5] + [r * 1.1 for r in rates if r is not None and not math.isnan(r)])
    return _round_up(min(max(highest, 0.001), 1.0), _NICE_STEPS)


def _round_up(value: float, steps: tuple[float, ...] | list[float]) -> float:
    """The first of ``steps`` times a power of ten at or above ``value``; at most 100%."""
    exponent = math.floor(math.log10(value))
    for step in steps:
        candidate = step * 10 ** exponent
        if candidate >= value - 1e-12:
            return min(round(candidate, 10), 1.0)
    return 1.0


def value_to_angle(value: float, top: float, start: float = 180.0, span: float = -180.0) -> float:
    """Angle in degrees (Qt's convention: counter-clockwise from 3 o'clock) for ``value`` on [0, top]."""
    fraction = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    return start + span * fraction


def bands(limit: float, top: float) -> list[tuple[str, float, float]]:
    """(band, start_angle, span_angle) for the coloured arcs: ok, warn, danger."""
    edges = [(OK, 0.0, WARN_FRACTION * limit), (WARN, WARN_FRACTION * limit, limit), (DANGER, limit, top)]
    arcs = []
    for name, low, high in edges:
        low, high = min(low, top), min(high, top)
        if high > low:
            a0 = value_to_angle(low, top)
            arcs.append((name, a0, value_to_angle(high, top) - a0))
    return arcs


def polar(cx: float, cy: float, radius: float, angle_deg: float) -> tuple[float, float]:
    """Point on a circle for a Qt angle (y grows downwards on screen)."""
    rad = math.radians(angle_deg)
    return cx + radius * math.cos(rad), cy - radius * math.sin(rad)


SEVERITY = {NO_DATA: 0, OK: 1, WARN: 2, DANGER: 3}


def worse_status(*statuses: str | None) -> str:
    """The more serious of the statuses given (danger > warn > ok > no_data)."""
    known = [s for s in statuses if s in SEVERITY]
    return max(known, key=SEVERITY.__getitem__, default=NO_DATA)


def overall_status(block: dict) -> str:
    """The one status a seller sees for an account: core's ``overall_status`` when it gives one, else
    the worse of the cancellation and late-shipment statuses (DESIGN: both shown as equals)."""
    given = block.get("overall_status")
    return given if given in SEVERITY else worse_status(block.get("status"), block.get("late_status"))


_AXIS_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def rate_axis_top(limit: float, rates: list[float | None]) -> float:
    """Top of the trend's rate axis. It follows the limit, not the rates: the limit sits in the upper
    part of the chart (between half and four fifths of the height), so a 10% zone is never squashed
    by a 100% day early in a window; higher rates are drawn clipped at the top (``clipped``)."""
    highest = max([r for r in rates if r is not None and not math.isnan(r)], default=0.0)
    if limit <= 0:
        return scale_max(0.01, highest)
    return _round_up(max(limit * 1.25, min(highest * 1.05, limit * 2)), _AXIS_STEPS)


def clipped(rate: float, top: float) -> bool:
    """A rate above the chart's top: drawn at the top edge with a mark, its value in the tooltip."""
    return rate > top + 1e-12


def nice_ceiling(value: float) -> int:
    """A round count at or above ``value`` for a count axis (1, 2, 5, 10, 20, 50, ...)."""
    value = max(1.0, float(value))
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * exponent >= value:
            return int(step * exponent)
    return int(10 * exponent)


def date_format(first_year: int, last_year: int, language: str) -> str:
    """strftime format of the chart's dates: with the year when the data spans more than one."""
    if first_year != last_year:
        return "%Y/%m/%d" if language in ("zh", "ja") else "%d %b %Y"
    return "%m/%d" if language in ("zh", "ja") else "%d %b"
