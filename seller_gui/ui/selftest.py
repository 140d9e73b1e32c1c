"""`seller-gui --self-test`: the packaged app proves it can read, analyse, draft and paint, then exits.

CI runs it on the frozen build, where a missing hidden import, resource or native library would
otherwise only show up on a seller's PC. It takes the real paths: the bundled CP932 demo export
through the window's loader, a workbook of the same lines through the .xlsx reader (which runs
calamine in a spawned child, so the frozen executable must start itself as a worker), the figures,
a reply draft from the templates, and the painted window.
"""

from __future__ import annotations

import csv
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtGui import QColor

from seller_gui.resources_path import resources_dir

# The demo's figures (tests/core pin them too): what a correct build must compute from either file.
DEMO_FIGURES = {"orders": 225, "seller_cancelled": 15, "unknown_cancelled": 3, "status": "warn"}
DEMO_ROWS, DEMO_ORDERS = 357, 314


class SelfTestFailure(Exception):
    pass


def wait_until(done: Callable[[], bool], seconds: float, step: float = 0.01) -> bool:
    """Run the event loop until ``done()`` or ``seconds`` pass; ``done()`` then. Through a QEventLoop
    of its own: PySide6 6.12's static ``QCoreApplication.processEvents()`` drops a reference to None on
    every call, and thousands of calls abort Python ("deallocating None")."""
    events = QEventLoop()
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        events.processEvents()
        time.sleep(step)
    return done()


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise SelfTestFailure(what)


def write_demo_workbook(demo_csv: Path, target: Path) -> Path:
    """The demo export's lines as an .xlsx, the way a seller's spreadsheet would hold them."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("orders")
    with demo_csv.open(encoding="cp932", newline="") as source:
        for row in csv.reader(source):
            sheet.append(row)
    workbook.save(target)
    return target


def _check_figures(figures: dict[str, Any] | None, source: str) -> None:
    _check(figures is not None, f"no figures were computed for the demo shop from {source}")
    got = {name: figures[name] for name in DEMO_FIGURES}
    _check(got == DEMO_FIGURES, f"the demo figures from {source} are {got}, not {DEMO_FIGURES}")


def _load_workbook_aside(demo_csv: Path, path: Path) -> tuple[threading.Thread, list[Any]]:
    """Write and read the workbook on a thread while the window loads the CSV (the reader itself is
    a child process)."""
    from seller_gui.core.pipeline import Seller, summarise

    outcome: list[Any] = []

    def read() -> None:
        try:
            outcome.append(summarise([write_demo_workbook(demo_csv, path)], Seller()))
        except Exception as exc:  # reported by the check below, with its type
            outcome.append(exc)

    thread = threading.Thread(target=read, name="self-test-xlsx", daemon=True)
    thread.start()
    return thread, outcome


def _check_workbook(thread: threading.Thread, outcome: list[Any], path: Path) -> Any:
    thread.join(120)
    _check(bool(outcome), "the .xlsx was not read within 120 s")
    summary = outcome[0]
    _check(not isinstance(summary, Exception), f"reading the .xlsx raised {summary!r}")
    _check(not summary.failures, "the .xlsx was not read: "
           + "; ".join(f"{f.kind}: {f.detail}" for f in summary.failures))
    loaded = summary.files[0]
    _check(loaded.path == path and loaded.marketplace == "aupay" and loaded.sheet == "orders",
           f"the .xlsx was read as {loaded.marketplace!r}, sheet {loaded.sheet!r}")
    _check((loaded.rows, loaded.orders) == (DEMO_ROWS, DEMO_ORDERS),
           f"the .xlsx gave {loaded.rows} rows and {loaded.orders} orders")
    _check_figures(summary.figures.get("aupay"), "the .xlsx")
    return loaded


def _check_draft(summary: Any) -> Any:
    from seller_gui.core.drafting.facts import DEMO_SHOP, ReplyChoices, reply_facts
    from seller_gui.core.drafting.render import format_count, format_rate, render
    from seller_gui.core.drafting.templates import KANA, Tick

    # a reply states only what the seller chose: choose as a seller would
    choices = ReplyChoices(causes=["timesale_stock"], measures=[Tick("safety_stock")],
                           unknown_investigating=True)
    facts = reply_facts(summary, "aupay", DEMO_SHOP, today=summary.as_of.at.date(), choices=choices)
    draft = render("reply", facts)
    figures = summary.figures["aupay"]
    _check(format_count(figures["orders"]) in draft.body
           and format_rate(figures["seller_cancel_rate"]) in draft.body,
           "the reply draft does not quote the demo's orders and rate")
    _check(KANA.search(draft.gloss("zh")) is None and draft.gloss("en").strip() != "",
           "the reply draft's gloss is missing or has kana in Chinese")
    return draft


def run_self_test(settings_dir: Path) -> str:
    """Read, analyse, draft and paint on the demo data; return a one-line summary or raise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from seller_gui.ui.app import application, load_catalog
    from seller_gui.ui.main_window import MainWindow, demo_path

    workbook = settings_dir / "aupay-demo-orders.xlsx"
    workbook_thread, workbook_outcome = _load_workbook_aside(demo_path(), workbook)

    _app = application()  # alive while the window loads
    catalog = load_catalog("en")
    settings = QSettings(str(settings_dir / "self-test.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalog, settings)
    window.resize(1200, 780)
    window.show()
    done: list[object] = []
    window.dashboard_ready.connect(done.append)
    window.open_demo()
    _check(wait_until(lambda: bool(done), 60), "the demo data did not load within 60 s")
    batch = window.summary
    _check(batch is not None and len(batch.files) == 1 and not batch.failures,
           "the demo export was not read")
    loaded = batch.files[0]
    _check(loaded.marketplace == "aupay", f"demo detected as {loaded.marketplace!r}, not au PAY")
    _check(loaded.encoding == "cp932", f"demo decoded as {loaded.encoding!r}, not CP932")
    _check(window.files_panel.item(0, 0).text() == loaded.path.name, "the files panel does not list it")
    _check(window.banner.isVisible(), "the demo banner is not shown")
    figures = batch.figures.get("aupay")
    _check_figures(figures, "the CSV")
    _check("aupay" in window.cards and window.cards["aupay"].gauge.lower == figures["seller_cancel_rate"],
           "the gauge does not show the computed rate")
    _check(window.risk_panel.model.rowCount() == len(batch.at_risk) > 0,
           "the orders at risk are not listed")
    image = window.grab().toImage()
    _check(image.width() > 600 and image.height() > 400, "the window did not paint")
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 37)
               for y in range(0, image.height(), 7)}  # 7: finer than the banner's height on any style
    _check(len(colours) > 3 and QColor("#fff4ce").name() in colours,
           "the painted window is blank or lacks the demo banner")
    window.close()
    draft = _check_draft(batch)
    book = _check_workbook(workbook_thread, workbook_outcome, workbook)
    elapsed = time.perf_counter() - started
    return (f"self-test ok: {loaded.path.name} read as {loaded.marketplace}/{loaded.encoding}, "
            f"{loaded.rows} rows, {loaded.orders} orders; {book.path.name} read in a child process, "
            f"same figures; {figures['orders']} orders in the window, seller-cancel rate "
            f"{figures['seller_cancel_rate']:.1%}-{figures['seller_cancel_rate_upper']:.1%} "
            f"({figures['status']}), {figures['seller_cancelled']} seller + "
            f"{figures['unknown_cancelled']} unknown cancelled, {len(batch.at_risk)} at risk; "
            f"reply draft of {len(draft.paragraphs)} paragraphs; window painted "
            f"{image.width()}x{image.height()}; resources at {resources_dir()}; {elapsed:.2f} s")
