"""Draw the app icon (a gauge needle in the safe band) and save it as .png, .ico and .icns.

Run `QT_QPA_PLATFORM=offscreen python scripts/make_icons.py`; the outputs are committed in resources/icons.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setBrush(QColor("#1f3a5f"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    arc = QRectF(40 * s, 56 * s, 176 * s, 176 * s)
    for start, span, colour in ((180, -110, "#2e9e5b"), (70, -35, "#e0a526"), (35, -35, "#d64545")):
        pen = QPen(QColor(colour), 26 * s)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.drawArc(arc, start * 16, span * 16)
    centre = QPointF(128 * s, 144 * s)
    needle = QPen(QColor("white"), 12 * s)
    needle.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(needle)
    p.drawLine(centre, QPointF(82 * s, 92 * s))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    p.drawEllipse(centre, 16 * s, 16 * s)
    p.end()
    return image


def main() -> None:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "seller-gui.png"))
    for suffix in ("ico", "icns"):
        if not draw(256).save(str(OUT / f"seller-gui.{suffix}")):
            print(f"this Qt cannot write .{suffix}; skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
