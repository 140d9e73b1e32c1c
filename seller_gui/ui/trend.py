"""The trend chart: daily orders and seller cancellations as bars, the rolling rate as a line (with the
band for unknown causes hatched as on the gauge), the limit dashed; both axes labelled.

Drawn with QPainter rather than QtCharts: QtCharts lives in PySide6-Addons and would add its libraries to
every download for one small chart, while this is a short file we can test and theme. Scales and
labels come from gauge_math (pure functions); hovering a day shows its figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from seller_gui.ui.gauge_math import (
    BAND_COLOURS,
    DANGER,
    clipped,
    date_format,
    nice_ceiling,
    rate_axis_top,
)

ORDERS_COLOUR = "#9db4d0"
CANCEL_COLOUR = BAND_COLOURS[DANGER]
UNKNOWN_COLOUR = "#e8b4b4"
RATE_COLOUR = "#1f3a5f"


@dataclass
class TrendWords:
    """The chart's words in the interface language (the chart itself knows no language)."""

    orders: str = ""  # legend: orders per day
    seller: str = ""  # legend: seller cancellations
    rate: str = ""  # legend: rolling rate
    orders_axis: str = ""  # left axis title
    rate_axis: str = ""  # right axis title
    day_tip: str = "{date}"  # tooltip template: date, orders, seller, unknown, rate
    language: str = "en"
    limit: str = "{limit}"


@dataclass
class TrendSeries:
    days: list[date] = field(default_factory=list)
    orders: list[int] = field(default_factory=list)
    seller: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    lower: list[float | None] = field(default_factory=list)  # rolling rate, unknown causes as buyer's
    upper: list[float | None] = field(default_factory=list)  # rolling rate, unknown causes as seller's
    limit: float = 0.1


def _rate(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value * 100:.1f}%"


class TrendChart(QWidget):
    LEFT, RIGHT, BOTTOM = 40.0, 44.0, 22.0  # room for the ticks and dates; the top follows the legend
    ROW = 16.0  # one line of the legend or of the axes' titles

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.series = TrendSeries()
        self.words = TrendWords()

    def set_data(self, series: TrendSeries, words: TrendWords) -> None:
        self.series, self.words = series, words
        self.setAccessibleName(words.rate)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 130)

    # ----- geometry -----
    def small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        return small

    def legend_places(self) -> list[tuple[float, float, str, str]]:
        """(x, y, colour, label) of the legend's entries, on as many rows as the width needs (never cut)."""
        metrics = QFontMetricsF(self.small_font())
        places, x, y = [], 4.0, 2.0
        for colour, label in zip((ORDERS_COLOUR, CANCEL_COLOUR, RATE_COLOUR),
                                 (self.words.orders, self.words.seller, self.words.rate), strict=True):
            width = 16 + metrics.horizontalAdvance(label) + 8
            if x > 4 and x + width > self.width() - 4:
                x, y = 4.0, y + self.ROW
            places.append((x, y, colour, label))
            x += width
        return places

    def axis_titles_on_two_rows(self) -> bool:
        metrics = QFontMetricsF(self.small_font())
        need = metrics.horizontalAdvance(self.words.orders_axis) + metrics.horizontalAdvance(self.words.rate_axis)
        return need + 24 > self.width()

    def top(self) -> float:
        """The plot's top: below the legend's rows and the axes' titles."""
        legend_rows = 1 + int(max((y for _, y, _, _ in self.legend_places()), default=2.0) // self.ROW)
        title_rows = 2 if self.axis_titles_on_two_rows() else 1
        return 4 + (legend_rows + title_rows) * self.ROW + 8

    def plot_rect(self) -> QRectF:
        top = self.top()
        return QRectF(self.LEFT, top, max(10.0, self.width() - self.LEFT - self.RIGHT),
                      max(10.0, self.height() - top - self.BOTTOM))

    def rate_top(self) -> float:
        return rate_axis_top(self.series.limit, self.series.upper + self.series.lower)

    def day_at(self, x: float) -> int | None:
        """The day under a horizontal position, or None outside the plot."""
        plot, n = self.plot_rect(), len(self.series.days)
        if n == 0 or not plot.left() <= x <= plot.right():
            return None
        return min(n - 1, int((x - plot.left()) / (plot.width() / n)))

    def day_text(self, i: int) -> str:
        """The tooltip of one day: its date (with the year), orders, cancellations and rolling rate."""
        s, w = self.series, self.words
        low, high = _rate(s.lower[i]), _rate(s.upper[i])
        return w.day_tip.format(date=s.days[i].strftime(date_format(0, 1, w.language)), orders=s.orders[i],
                                seller=s.seller[i], unknown=s.unknown[i] if s.unknown else 0,
                                rate=low if low == high else f"{low}–{high}")

    def date_labels(self) -> list[tuple[int, str]]:
        """(day index, label) under the axis: first, middle and last day, with the year when the data
        spans more than one."""
        days = self.series.days
        if not days:
            return []
        fmt = date_format(days[0].year, days[-1].year, self.words.language)
        return [(i, days[i].strftime(fmt)) for i in sorted({0, len(days) // 2, len(days) - 1})]

    # ----- events -----
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(event.position().x() if hasattr(event, "position") else event.pos().x())
            if day is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.day_text(day), self)
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        p.setFont(self.small_font())
        metrics = p.fontMetrics()
        plot = self.plot_rect()
        p.setPen(QPen(text, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        s = self.series
        n = len(s.days)
        if n == 0:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "—")
            p.end()
            return
        most = nice_ceiling(max(s.orders, default=0))
        top_rate = self.rate_top()
        step = plot.width() / n
        bar = max(1.0, step * 0.7)
        for i in range(n):
            x = plot.left() + i * step + (step - bar) / 2
            h_orders = plot.height() * s.orders[i] / most
            h_seller = plot.height() * s.seller[i] / most
            h_unknown = plot.height() * (s.unknown[i] if s.unknown else 0) / most
            p.fillRect(QRectF(x, plot.bottom() - h_orders, bar, h_orders), QColor(ORDERS_COLOUR))
            p.fillRect(QRectF(x, plot.bottom() - h_seller - h_unknown, bar, h_unknown), QColor(UNKNOWN_COLOUR))
            p.fillRect(QRectF(x, plot.bottom() - h_seller, bar, h_seller), QColor(CANCEL_COLOUR))

        def y_of(rate: float) -> float:
            return plot.bottom() - plot.height() * min(rate, top_rate) / top_rate

        p.setPen(QPen(QColor(CANCEL_COLOUR), 1.5, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(plot.left(), y_of(s.limit)), QPointF(plot.right(), y_of(s.limit)))

        line_colour = QColor(RATE_COLOUR) if text.lightness() < 128 else text.lighter(110)
        # the band between the two bounds: unknown causes, hatched as on the gauge
        band = QPolygonF()
        back: list[QPointF] = []
        for i in range(n):
            lo, hi = s.lower[i], s.upper[i]
            if lo is None or hi is None or math.isnan(lo) or math.isnan(hi):
                continue
            x = plot.left() + (i + 0.5) * step
            band.append(QPointF(x, y_of(hi)))
            back.append(QPointF(x, y_of(lo)))
        for point in reversed(back):
            band.append(point)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(line_colour, Qt.BrushStyle.BDiagPattern))
        p.drawPolygon(band)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for values, width in ((s.upper, 1.0), (s.lower, 2.2)):
            line = QPolygonF()
            for i, rate in enumerate(values):
                if rate is not None and not math.isnan(rate):
                    line.append(QPointF(plot.left() + (i + 0.5) * step, y_of(rate)))
            p.setPen(QPen(line_colour, width))
            p.drawPolyline(line)
        p.setPen(QPen(QColor(CANCEL_COLOUR), 1))
        for i, rate in enumerate(s.upper):  # off the scale: a mark at the top edge
            if rate is not None and not math.isnan(rate) and clipped(rate, top_rate):
                x = plot.left() + (i + 0.5) * step
                p.drawLine(QPointF(x - 3, plot.top() + 4), QPointF(x, plot.top()))
                p.drawLine(QPointF(x + 3, plot.top() + 4), QPointF(x, plot.top()))

        # left axis: orders per day; right axis: the rate, its limit and top
        p.setPen(text)
        for value in (0, most // 2, most):
            y = plot.bottom() - plot.height() * value / most
            p.drawText(QRectF(0, y - 8, plot.left() - 4, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))
        for rate in (0.0, s.limit, top_rate):
            p.drawText(QRectF(plot.right() + 4, y_of(rate) - 8, self.RIGHT - 6, 16),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{rate * 100:g}%")
        # the axes' titles above their ticks: orders per day on the left, the rate on the right (a row
        # each when they do not fit side by side)
        right_row = plot.top() - 8 - self.ROW
        left_row = right_row - (self.ROW if self.axis_titles_on_two_rows() else 0)
        width = self.width() - 8
        p.drawText(QRectF(4, left_row - 4, width, self.ROW), Qt.AlignmentFlag.AlignLeft
                   | Qt.AlignmentFlag.AlignVCenter, self.words.orders_axis)
        p.drawText(QRectF(4, right_row - 4, width, self.ROW), Qt.AlignmentFlag.AlignRight
                   | Qt.AlignmentFlag.AlignVCenter, self.words.rate_axis)
        for i, label in self.date_labels():
            width = metrics.horizontalAdvance(label) + 6
            x = plot.left() + i * step + step / 2 - width / 2
            x = max(plot.left() - 10, min(x, plot.right() + 10 - width))
            p.drawText(QRectF(x, plot.bottom() + 2, width, 16), Qt.AlignmentFlag.AlignCenter, label)
        for x, y, colour, label in self.legend_places():
            p.fillRect(QRectF(x, y + 3, 12, 10), QColor(colour))
            p.drawText(QRectF(x + 16, y, metrics.horizontalAdvance(label) + 4, self.ROW),
                       Qt.AlignmentFlag.AlignVCenter, label)
        p.end()
