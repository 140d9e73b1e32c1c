"""Run in a child process on a given virtual screen (tests/ui/test_fits_the_screen.py): open the real
window with four marketplaces, a stock list and a file that cannot be read, restore a geometry saved on
a bigger screen, then in zh, ja and en list every text that is cut or overlaps another, and whether
the window lies outside the screen; the same on the drafts tab answering the seed notice and on the
notice tab. Prints one JSON object.

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python -m tests.ui.screen_fit FOLDER
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QTableWidget, QWidget

ROOT = Path(__file__).resolve().parents[2]


def sample_files(folder: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from scripts.sample_exports import amazon, qoo10, stock
    from scripts.window_samples import memo, rakuten

    rng = random.Random(20260930)
    return [ROOT / "resources" / "demo" / "aupay-demo-orders.csv", qoo10(folder, rng), amazon(folder, rng),
            rakuten(folder, random.Random(20260931)), stock(folder), memo(folder)]


def visible_rect(widget: QWidget) -> QRect:
    """The part of a widget on screen (clipped by its parents, e.g. a scroll area), in window
    coordinates."""
    region = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(widget.window(), region.topLeft()), region.size())


def cut_texts(window: QWidget) -> list[str]:
    """Texts narrower than they need (elided or clipped), by the widget's own font metrics."""
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text() or label.textFormat() == 1 or label.pixmap() is not None \
                and not label.pixmap().isNull():
            continue
        room = label.contentsRect()
        metrics = QFontMetrics(label.font())
        if label.wordWrap():
            if label.heightForWidth(room.width()) > room.height() + 2:
                found.append(f"label {label.objectName() or label.text()[:30]!r}: wrapped text taller "
                             f"({label.heightForWidth(room.width())}) than its height ({room.height()})")
        else:
            widest = max(metrics.horizontalAdvance(line) for line in label.text().split("\n"))
            if widest > room.width() + 1:
                found.append(f"label {label.text()[:40]!r}: needs {widest}px, has {room.width()}")
    for widget in window.findChildren(QWidget):  # a scroll area may hide below, never beside
        if isinstance(widget, QLabel | QAbstractButton) and widget.isVisible() and widget.text():
            shown = widget.visibleRegion().boundingRect()
            if not shown.isEmpty() and shown.width() < widget.width() - 1:
                found.append(f"{type(widget).__name__} {widget.text()[:30]!r}: only {shown.width()} of "
                             f"{widget.width()}px in sight")
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            need = QFontMetrics(button.font()).horizontalAdvance(button.text().replace("&", ""))
            if need > button.width() - 8:
                found.append(f"button {button.text()!r}: needs {need}px, has {button.width()}")
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            for i in range(bar.count()):
                need = QFontMetrics(bar.font()).horizontalAdvance(bar.tabText(i).replace("&", ""))
                if need > bar.tabRect(i).width() - 8:
                    found.append(f"tab {bar.tabText(i)!r}: needs {need}px, has {bar.tabRect(i).width()}")
    overview = window.findChild(QTableWidget, "overviewTable")
    for row in range(overview.rowCount() if overview is not None else 0):
        for column in range(overview.columnCount()):
            item = overview.item(row, column)
            need = QFontMetrics(item.font()).horizontalAdvance(item.text())
            if need > overview.columnWidth(column) - 6:
                found.append(f"overview cell {item.text()!r}: needs {need}px, has {overview.columnWidth(column)}")
        if overview.visualRect(overview.model().index(row, 0)).bottom() > overview.viewport().height():
            found.append(f"overview row {row} is below the visible part of the table")
    return found


def overlapping_texts(window: QWidget) -> list[str]:
    """Labels and buttons drawn over each other (neither inside the other)."""
    shown = [w for w in window.findChildren(QWidget)
             if isinstance(w, QLabel | QAbstractButton) and w.isVisible() and w.text()]
    rects = [(w, visible_rect(w)) for w in shown]
    found = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if ra.isEmpty() or rb.isEmpty() or a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            overlap = ra.intersected(rb)
            if overlap.width() > 2 and overlap.height() > 2:
                found.append(f"{a.text()[:30]!r} overlaps {b.text()[:30]!r}")
    return found


def main() -> int:
    from seller_gui.ui.app import application, load_catalog
    from seller_gui.ui.main_window import MainWindow

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp())
    app = application([sys.argv[0]])
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    bigger = MainWindow(load_catalog("en"), settings)  # saved on a bigger screen, as the issue saw
    bigger.setGeometry(40, 40, 1979, 1290)
    settings.setValue("window/geometry", bigger.saveGeometry())
    bigger.deleteLater()
    window = MainWindow(load_catalog("en"), settings)
    window.show()
    report: dict[str, object] = {"screen": [], "cut": {}, "overlap": {}}

    def check() -> None:
        room = window.screen().availableGeometry()
        frame = window.frameGeometry()
        report["screen"] = [room.width(), room.height(), frame.width(), frame.height()]
        report["outside"] = not room.contains(frame)
        for language in ("zh", "ja", "en"):
            window.set_language(language)
            for _ in range(3):
                app.processEvents()
            report["cut"][language] = cut_texts(window)
            report.setdefault("labels", {})[language] = sum(
                1 for label in window.findChildren(QLabel) if label.isVisible() and label.text())
            report["overlap"][language] = overlapping_texts(window)
        # the tabs with the most to show: the reply answering the seed notice, and the notice explained
        from seller_gui.core.notices import read_notice

        seed = ROOT / "tests" / "fixtures" / "notices" / "aupay-seed-cancellation-warning.txt"
        window.notice_panel.load_file(seed)
        window.drafts_panel.answer_notice(read_notice(seed.read_text(encoding="utf-8")).reply_ref())
        for tab in (window.drafts_panel, window.notice_panel):
            window.tabs.setCurrentWidget(tab)
            name = type(tab).__name__
            for language in ("zh", "ja", "en"):
                window.set_language(language)
                for _ in range(3):
                    app.processEvents()
                frame = window.frameGeometry()
                report.setdefault("tabs", {})[f"{name} {language}"] = {
                    "outside": not room.contains(frame), "cut": cut_texts(window),
                    "overlap": overlapping_texts(window)}
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        app.quit()

    window.dashboard_ready.connect(lambda _summary: QTimer.singleShot(300, check))
    window.open_paths(sample_files(folder))
    QTimer.singleShot(60_000, app.quit)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
