"""The trend chart: daily orders and seller cancellations as bars, the rolling rate as a line, the limit dashed.

Drawn with QPainter rather than QtCharts: QtCharts lives in PySide6-Addons and would add its libraries to
every download for one small chart, while this is a hundred lines we can test and theme.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from seller_gui.ui.gauge_math import BAND_COLOURS, DANGER, scale_max

ORDERS_COLOUR = "#9db4d0"
CANCEL_COLOUR = BAND_COLOURS[DANGER]
RATE_COLOUR = "#1f3a5f"


class TrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.days: list[date] = []
        self.orders: list[int] = []
        self.seller: list[int] = []
        self.rolling: list[float | None] = []
        self.limit = 0.1
        self.labels = ("", "", "")  # orders, seller cancellations, rolling rate

    def set_series(self, days: list[date], orders: list[int], seller: list[int],
                   rolling: list[float | None], limit: float, labels: tuple[str, str, str]) -> None:
        self.days, self.orders, self.seller, self.rolling = days, orders, seller, rolling
        self.limit, self.labels = limit, labels
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(280, 140)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        p.setFont(small)
        plot = QRectF(44, 26, max(10, self.width() - 96), max(10, self.height() - 50))
        p.setPen(QPen(text, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        n = len(self.days)
        if n == 0:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "–")
            p.end()
            return
        most = max(max(self.orders, default=0), 1)
        rates = [r for r in self.rolling if r is not None and not math.isnan(r)]
        top_rate = scale_max(self.limit, max(rates, default=0.0))
        step = plot.width() / n
        bar = max(1.0, step * 0.7)
        for i in range(n):
            x = plot.left() + i * step + (step - bar) / 2
            h_orders = plot.height() * self.orders[i] / most
            h_seller = plot.height() * self.seller[i] / most
            p.fillRect(QRectF(x, plot.bottom() - h_orders, bar, h_orders), QColor(ORDERS_COLOUR))
            p.fillRect(QRectF(x, plot.bottom() - h_seller, bar, h_seller), QColor(CANCEL_COLOUR))

        def y_of(rate: float) -> float:
            return plot.bottom() - plot.height() * min(rate, top_rate) / top_rate

        limit_pen = QPen(QColor(CANCEL_COLOUR), 1.5, Qt.PenStyle.DashLine)
        p.setPen(limit_pen)
        p.drawLine(QPointF(plot.left(), y_of(self.limit)), QPointF(plot.right(), y_of(self.limit)))
        line = QPolygonF()
        for i, rate in enumerate(self.rolling):
            if rate is not None and not math.isnan(rate):
                line.append(QPointF(plot.left() + (i + 0.5) * step, y_of(rate)))
        p.setPen(QPen(QColor(RATE_COLOUR) if text.lightness() < 128 else text.lighter(110), 2.2))
        p.drawPolyline(line)

        p.setPen(text)
        p.drawText(QRectF(0, plot.top() - 8, plot.left() - 4, 16),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(most))
        p.drawText(QRectF(plot.right() + 4, y_of(self.limit) - 8, 60, 16),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{self.limit * 100:g}%")
        p.drawText(QRectF(plot.right() + 4, plot.top() - 8, 60, 16),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{top_rate * 100:g}%")
        for i in sorted({0, n // 2, n - 1}):
            p.drawText(QRectF(plot.left() + i * step - 30 + step / 2, plot.bottom() + 2, 60, 16),
                       Qt.AlignmentFlag.AlignCenter, self.days[i].strftime("%m/%d"))
        x = plot.left()
        for colour, label in zip((ORDERS_COLOUR, CANCEL_COLOUR, RATE_COLOUR), self.labels, strict=True):
            p.fillRect(QRectF(x, 6, 12, 10), QColor(colour))
            p.drawText(QRectF(x + 16, 2, 220, 18), Qt.AlignmentFlag.AlignVCenter, label)
            x += 24 + p.fontMetrics().horizontalAdvance(label)
        p.end()
