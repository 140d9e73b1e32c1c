"""A half-circle gauge: the seller-cancel rate against the marketplace's limit.

The arc is coloured ok / warn / danger; the needle points at the lower bound, and when some causes are
unknown a hatched wedge runs from it to the upper bound. The limit is marked with a tick. All geometry
comes from gauge_math; this class only paints and reports clicks.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from seller_gui.ui.gauge_math import BAND_COLOURS, NO_DATA, bands, polar, scale_max, value_to_angle


def percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None or math.isnan(value) else f"{value * 100:.{digits}f}%"


class Gauge(QWidget):
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.lower: float | None = None
        self.upper: float | None = None
        self.limit = 0.1
        self.status = NO_DATA
        self.top = scale_max(self.limit)

    def set_figures(self, lower: float | None, upper: float | None, limit: float,
                    status: str) -> None:
        """``status`` is core.analysis.figures' verdict (ok, warn, danger, no_data); the gauge only shows it."""
        self.lower, self.upper, self.limit = lower, upper, limit
        self.status = status
        self.top = scale_max(limit, lower, upper)
        self.setAccessibleName(f"{percent(lower)} – {percent(upper)} / {percent(limit)}")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(280, 190)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 150)

    TOP_MARGIN = 34.0  # room for the limit label above the arc
    BOTTOM_MARGIN = 40.0  # room for the rate under the hub

    def geometry(self) -> tuple[float, float, float, float]:
        """(centre x, centre y, radius, thickness) of the arc for the widget's current size."""
        w, h = float(self.width()), float(self.height())
        radius = max(10.0, min(w / 2 - 34, (h - self.TOP_MARGIN - self.BOTTOM_MARGIN) / 1.09))
        thickness = max(8.0, radius * 0.18)
        return w / 2, self.TOP_MARGIN + radius + thickness / 2, radius, thickness

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        cx, cy, radius, thickness = self.geometry()
        rect = QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)

        for name, start, span in bands(self.limit, self.top):
            pen = QPen(QColor(BAND_COLOURS[name]), thickness)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawArc(rect, int(start * 16), int(span * 16))

        if self.lower is not None and self.upper is not None and self.upper > self.lower:
            a0, a1 = value_to_angle(self.lower, self.top), value_to_angle(self.upper, self.top)
            pen = QPen(QBrush(text_colour, Qt.BrushStyle.BDiagPattern), thickness * 0.55)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawArc(rect, int(a0 * 16), int((a1 - a0) * 16))

        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        p.setFont(small)
        limit_angle = value_to_angle(self.limit, self.top)
        outer = polar(cx, cy, radius + thickness * 0.8, limit_angle)
        inner = polar(cx, cy, radius - thickness * 0.8, limit_angle)
        p.setPen(QPen(text_colour, 2.5))
        p.drawLine(QPointF(*inner), QPointF(*outer))
        label_at = polar(cx, cy, radius + thickness * 0.8 + 10, limit_angle)
        p.drawText(QRectF(label_at[0] - 40, label_at[1] - 14, 80, 16), Qt.AlignmentFlag.AlignCenter,
                   percent(self.limit, 1 if self.limit * 100 % 1 else 0))
        p.drawText(QRectF(cx - radius - thickness, cy + 2, 2 * thickness, 16),
                   Qt.AlignmentFlag.AlignCenter, "0%")
        p.drawText(QRectF(cx + radius - thickness, cy + 2, 2 * thickness, 16),
                   Qt.AlignmentFlag.AlignCenter, percent(self.top, 0 if self.top * 100 >= 10 else 1))

        if self.lower is not None:
            tip = polar(cx, cy, radius - thickness * 0.2, value_to_angle(self.lower, self.top))
            p.setPen(QPen(text_colour, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(cx, cy), QPointF(*tip))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(text_colour)
        p.drawEllipse(QPointF(cx, cy), 5, 5)

        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.5)
        big.setBold(True)
        p.setFont(big)
        p.setPen(QColor(BAND_COLOURS[self.status]).darker(115))
        shown = percent(self.lower) if self.upper in (None, self.lower) else \
            f"{percent(self.lower)}–{percent(self.upper)}"
        p.drawText(QRectF(0, cy + 6, self.width(), self.height() - cy - 6),
                   Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown)
        p.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)
