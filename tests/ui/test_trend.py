"""The trend chart tells the truth at a glance: its rate axis follows the limit (the limit line in the
upper part, a 100% first day never squashing a 10% zone), dates carry the year when the data spans
years, and hovering a day gives its figures."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seller_gui.ui.gauge_math import (
    clipped,
    date_format,
    nice_ceiling,
    overall_status,
    rate_axis_top,
    worse_status,
)
from seller_gui.ui.trend import TrendChart, TrendSeries, TrendWords


@given(st.sampled_from([0.025, 0.04, 0.05, 0.1, 0.15]),
       st.lists(st.floats(0, 1), max_size=60))
def test_the_limit_sits_in_the_upper_part_whatever_the_rates(limit, rates):
    top = rate_axis_top(limit, rates)
    assert 0.5 <= limit / top <= 0.8 + 1e-9


def test_a_single_early_100_percent_day_does_not_set_the_axis():
    assert rate_axis_top(0.1, [1.0, 0.08, 0.07]) == pytest.approx(0.2)
    assert clipped(1.0, 0.2) and not clipped(0.2, 0.2)
    assert rate_axis_top(0.1, [0.08]) == pytest.approx(0.15)


def test_counts_round_up_and_statuses_combine():
    assert [nice_ceiling(v) for v in (0, 3, 7, 26, 101)] == [1, 5, 10, 50, 200]
    assert worse_status("ok", "danger") == "danger" and worse_status("no_data", "warn") == "warn"
    assert overall_status({"status": "warn", "late_status": "danger"}) == "danger"
    assert overall_status({"status": "warn", "late_status": "danger", "overall_status": "warn"}) == "warn"


def test_dates_carry_the_year_only_when_the_data_spans_years():
    assert date_format(2026, 2026, "en") == "%d %b" and date_format(2026, 2026, "ja") == "%m/%d"
    assert date_format(2025, 2026, "zh") == "%Y/%m/%d" and "%Y" in date_format(2025, 2026, "en")


def _series(first: date, days: int) -> TrendSeries:
    dates = [first + timedelta(days=i) for i in range(days)]
    return TrendSeries(dates, [10] * days, [1] * days, [2] * days, [0.05] * days, [0.07] * days, 0.1)


def test_the_chart_labels_dates_and_tells_a_day_on_hover(qtbot):
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(600, 220)
    words = TrendWords("Orders", "Seller", "Rate", "Orders per day", "Rate", "{date}: {orders} orders, "
                       "{seller} seller, {unknown} unknown; {rate}", "en")
    chart.set_data(_series(date(2025, 12, 20), 30), words)
    labels = [text for _, text in chart.date_labels()]
    assert labels == ["20 Dec 2025", "04 Jan 2026", "18 Jan 2026"]
    plot = chart.plot_rect()
    last = chart.day_at(plot.right() - 1)
    assert last == 29 and chart.day_at(plot.left() - 5) is None
    assert chart.day_text(last) == "18 Jan 2026: 10 orders, 1 seller, 2 unknown; 5.0%–7.0%"
    chart.set_data(_series(date(2026, 9, 1), 30), words)
    assert [text for _, text in chart.date_labels()] == ["01 Sep", "16 Sep", "30 Sep"]
    chart.grab()  # paints without error, with the band and the limit


def test_a_narrow_chart_puts_its_legend_and_axis_titles_on_more_rows_rather_than_cut_them(qtbot):
    from PySide6.QtGui import QFontMetricsF

    chart = TrendChart()
    qtbot.addWidget(chart)
    words = TrendWords("Orders per day", "Seller cancellations", "Rolling rate", "Orders per day",
                       "Cancellation rate (rolling)", "{date}", "en")
    chart.set_data(_series(date(2026, 9, 1), 30), words)
    metrics = QFontMetricsF(chart.small_font())
    chart.resize(900, 220)
    wide_top = chart.top()
    assert len({y for _, y, _, _ in chart.legend_places()}) == 1
    chart.resize(220, 220)
    places = chart.legend_places()
    assert len({y for _, y, _, _ in places}) > 1
    for x, _, _, label in places:
        assert x + 16 + metrics.horizontalAdvance(label) <= chart.width()
    assert chart.axis_titles_on_two_rows() and chart.top() > wide_top
