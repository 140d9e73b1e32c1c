"""A half-circle gauge: the seller-cancel rate against the marketplace's limit.

The arc is coloured ok / warn / danger; a pointer inside it marks the lower bound, and when some causes
are unknown a hatched wedge runs from it to the upper bound; the rate (or range) is written inside. The limit is marked with a tick. All geometry
comes from gauge_math; this class only paints and reports clicks.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from seller_gui.ui.gauge_math import BAND_COLOURS, NO_DATA, bands, polar, scale_max, value_to_angle


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if value is None or math.isnan(value) else f"{value * 100:.{digits}f}%"


def rate_range(lower: float | None, upper: float | None) -> str:
    """A rate, or its range when some causes are unknown: "6.7%–8.0%"."""
    if lower is None or upper is None or upper == lower:
        return percent(lower if lower is not None else upper)
    return f"{percent(lower)}–{percent(upper)}"


class Gauge(QWidget):
    """Reached with Tab; Enter, Return or Space (like a click) shows the orders behind the figure."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
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
        self.update()

    def shown_text(self) -> str:
        return rate_range(self.lower, self.upper)

    def sizeHint(self) -> QSize:
        return QSize(240, 160)

    def minimumSizeHint(self) -> QSize:
        return QSize(170, 96)

    TOP_MARGIN = 28.0  # room for the limit label above the arc
    BOTTOM_MARGIN = 18.0  # room for the scale's ends under the arc; the rate is inside the arc

    def geometry(self) -> tuple[float, float, float, float]:
        """(centre x, centre y, radius, thickness) of the arc for the widget's current size."""
        w, h = float(self.width()), float(self.height())
        radius = max(10.0, min(w / 2 - 34, (h - self.TOP_MARGIN - self.BOTTOM_MARGIN) / 1.1))
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
        label_at = polar(cx, cy, radius + thickness * 0.8 + 6, limit_angle)
        p.drawText(QRectF(label_at[0] - 40, label_at[1] - 14, 80, 16), Qt.AlignmentFlag.AlignCenter,
                   percent(self.limit, 1 if self.limit * 100 % 1 else 0))
        p.drawText(QRectF(cx - radius - thickness, cy + 2, 2 * thickness, 16),
                   Qt.AlignmentFlag.AlignCenter, "0%")
        p.drawText(QRectF(cx + radius - thickness, cy + 2, 2 * thickness, 16),
                   Qt.AlignmentFlag.AlignCenter, percent(self.top, 0 if self.top * 100 >= 10 else 1))

        if self.lower is not None:  # a pointer just inside the arc, leaving its middle to the rate
            angle = value_to_angle(self.lower, self.top)
            base = polar(cx, cy, radius * 0.62, angle)
            tip = polar(cx, cy, radius - thickness * 0.2, angle)
            p.setPen(QPen(text_colour, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(*base), QPointF(*tip))

        shown = self.shown_text()
        inner = max(20.0, 2 * (radius * 0.62) * 0.95)
        p.setFont(self.value_font(shown, inner))
        p.setPen(QColor(BAND_COLOURS[self.status]).darker(115))
        p.drawText(QRectF(cx - inner / 2, cy - radius * 0.6, inner, radius * 0.6),
                   Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, shown)
        if self.hasFocus():
            p.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        p.end()

    def value_font(self, shown: str, width: float | None = None) -> QFont:
        """The rate in big bold type, smaller when a range would not fit ``width`` (never cut)."""
        width = float(self.width() - 8) if width is None else width
        big = QFont(self.font())
        big.setBold(True)
        size = self.font().pointSizeF() * 1.5
        big.setPointSizeF(size)
        while size > 6 and QFontMetricsF(big).horizontalAdvance(shown) > width:
            size -= 0.5
            big.setPointSizeF(size)
        return big

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)
