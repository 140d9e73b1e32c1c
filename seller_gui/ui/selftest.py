"""`seller-gui --self-test`: the packaged app proves it can read, analyse and paint, then exits.

CI runs it on the frozen build, where a missing hidden import or resource would otherwise only show up
on a seller's PC.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor

from seller_gui.resources_path import resources_dir


class SelfTestFailure(Exception):
    pass


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise SelfTestFailure(what)


def run_self_test(settings_dir: Path) -> str:
    """Build the window on the demo data, paint it once, check what it shows; return a one-line summary."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from seller_gui.ui.app import application, load_catalog
    from seller_gui.ui.main_window import MainWindow

    app = application()
    catalog = load_catalog("en")
    settings = QSettings(str(settings_dir / "self-test.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalog, settings)
    window.resize(1200, 780)
    window.show()
    done: list[object] = []
    window.dashboard_ready.connect(done.append)
    window.open_demo()
    deadline = time.monotonic() + 60
    while not done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    _check(bool(done), "the demo data did not load within 60 s")
    batch = window.summary
    _check(batch is not None and len(batch.files) == 1 and not batch.failures,
           "the demo export was not read")
    loaded = batch.files[0]
    _check(loaded.marketplace == "aupay", f"demo detected as {loaded.marketplace!r}, not au PAY")
    _check(loaded.encoding == "cp932", f"demo decoded as {loaded.encoding!r}, not CP932")
    _check(window.files_panel.item(0, 0).text() == loaded.path.name, "the files panel does not list it")
    _check(window.banner.isVisible(), "the demo banner is not shown")
    figures = window.summary.figures.get("aupay")
    _check(figures is not None and figures["orders"] > 0, "no figures were computed for the demo shop")
    _check("aupay" in window.cards and window.cards["aupay"].gauge.lower == figures["seller_cancel_rate"],
           "the gauge does not show the computed rate")
    _check(window.risk_panel.model.rowCount() == len(window.summary.at_risk) > 0,
           "the orders at risk are not listed")
    image = window.grab().toImage()
    _check(image.width() > 600 and image.height() > 400, "the window did not paint")
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 37)
               for y in range(0, image.height(), 29)}
    _check(len(colours) > 3 and QColor("#fff4ce").name() in colours,
           "the painted window is blank or lacks the demo banner")
    window.close()
    elapsed = time.perf_counter() - started
    return (f"self-test ok: {loaded.path.name} read as {loaded.marketplace}/{loaded.encoding}, "
            f"{loaded.rows} rows, {loaded.orders} orders; seller-cancel rate "
            f"{figures['seller_cancel_rate']:.1%}-{figures['seller_cancel_rate_upper']:.1%} ({figures['status']}), "
            f"{len(window.summary.at_risk)} at risk; window painted {image.width()}x{image.height()}; "
            f"resources at {resources_dir()}; {elapsed:.2f} s")
