"""Checklist rows 23 and 24: an exception in a slot, a model's data() or a worker thread gives one
dialog per fault (deduplicated), a log entry each time, and the app keeps working; the windowed
build (no stdout, no stderr) still logs and still runs the command line.

tests/ui/test_crash.py pins the reporter itself (dedup, the GUI-thread hand-over for a Python
thread, the copy button); here the exceptions come out of real Qt machinery.
Row 22's store half is tests/core/test_store.py (damaged file kept aside, crash mid-write).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton, QTableView

from seller_gui.core.i18n import Catalog
from seller_gui.core.logs import setup_logging
from seller_gui.resources_path import resource
from seller_gui.ui.crash import CrashDialog, CrashReporter
from seller_gui.ui.frame_model import Column, FrameModel
from tests.conftest import DEMO_FILE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.qt_no_exception_capture  # these tests are about what happens without pytest-qt


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.load(resource("i18n", "strings.toml"), "en")


@pytest.fixture
def reporter(catalog, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(CrashDialog, "present", classmethod(
        lambda cls, report, log_path, catalog, parent=None: shown.append(report)))
    log_path = setup_logging(tmp_path / "logs")
    crash = CrashReporter(catalog, log_path)
    monkeypatch.setattr(sys, "excepthook", crash.handle)
    crash.shown = shown  # type: ignore[attr-defined]
    yield crash
    logging.getLogger().handlers[-1].flush()


def _logged(reporter: CrashReporter) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return reporter.log_path.read_text(encoding="utf-8")


def test_a_failing_slot_shows_one_dialog_and_the_window_still_works(qtbot, reporter):
    broken, working = QPushButton("broken"), QPushButton("working")
    qtbot.addWidget(broken)
    qtbot.addWidget(working)

    def on_broken() -> None:
        raise ZeroDivisionError("export total for buyer 090-1111-2222")

    clicks: list[bool] = []
    broken.clicked.connect(on_broken)
    working.clicked.connect(lambda: clicks.append(True))
    for _ in range(3):
        broken.click()
    working.click()
    qtbot.waitUntil(lambda: len(reporter.shown) == 1)
    QApplication.processEvents()
    assert len(reporter.shown) == 1 and "ZeroDivisionError" in reporter.shown[0]
    assert clicks == [True]
    log = _logged(reporter)
    assert log.count("Unexpected error") == 3 and "090-1111-2222" not in log + reporter.shown[0]


def test_a_failing_table_cell_shows_one_dialog_and_the_table_keeps_painting(qtbot, reporter):
    def display(value: object) -> str:
        if value == "bad":
            raise ValueError(f"cannot show {value!r}")
        return str(value)

    model = FrameModel([Column("order_id", lambda: "Order", display=display)])
    model.set_frame(pd.DataFrame({"order_id": ["1", "bad", "bad", "4"]}))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(300, 200)
    view.show()
    qtbot.waitExposed(view)
    for _ in range(3):  # every repaint asks again for every visible cell
        view.viewport().repaint()
    qtbot.waitUntil(lambda: len(reporter.shown) == 1)
    QApplication.processEvents()
    assert len(reporter.shown) == 1 and "ValueError" in reporter.shown[0]
    assert model.data(model.index(3, 0)) == "4"
    assert view.grab().width() > 0


class _FailingThread(QThread):
    def run(self) -> None:
        raise LookupError("worker lost order 42")


def test_a_failing_qthread_reaches_the_dialog_on_the_gui_thread(qtbot, reporter):
    threads = []
    reporter.report_ready.connect(lambda _r: threads.append(QThread.currentThread()))
    for _ in range(2):
        worker = _FailingThread()
        worker.start()
        assert worker.wait(60_000)  # hang guard
    qtbot.waitUntil(lambda: len(reporter.shown) == 1)
    assert threads == [QApplication.instance().thread()]
    assert "LookupError" in reporter.shown[0]
    assert _logged(reporter).count("Unexpected error") == 2


def test_the_crash_path_works_with_no_console(qtbot, reporter, monkeypatch):
    # row 24: the windowed build has sys.stdout and sys.stderr set to None
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    try:
        raise RuntimeError("no console here")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: len(reporter.shown) == 1)
    assert "no console here" in _logged(reporter)


_WINDOWED = '''
import faulthandler, sys
from pathlib import Path
sys.stdout = sys.stderr = None  # what PyInstaller's windowed build gives the app
if __name__ == "__main__":
    from seller_gui import cli
    from seller_gui.core.logs import setup_logging
    log = setup_logging(Path(sys.argv[1]))
    fault_log = log.open("a", encoding="utf-8")
    faulthandler.enable(file=fault_log)  # as ui/app.py does
    codes = [cli.main(["report", sys.argv[2], sys.argv[3]]), cli.main(["--self-test"])]
    faulthandler.dump_traceback(file=fault_log, all_threads=False)
    fault_log.flush()
    Path(sys.argv[4]).write_text(repr(codes), encoding="utf-8")
'''


def test_the_windowed_build_without_stdout_or_stderr_reports_and_logs(tmp_path):
    script = tmp_path / "windowed.py"
    script.write_text(textwrap.dedent(_WINDOWED), encoding="utf-8")
    bad = tmp_path / "locked.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    done = tmp_path / "codes.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state")}
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "logs"), str(DEMO_FILE), str(bad),
                             str(done)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    # (Qt's own C++ messages go to file descriptor 2, where a windowed build has nothing)
    assert result.returncode == 0 and result.stdout == "" and "Traceback" not in result.stderr
    assert done.read_text(encoding="utf-8") == "[2, 0]"
    log = (tmp_path / "logs" / "seller-gui.log").read_text(encoding="utf-8")
    assert "loaded aupay-demo-orders.csv" in log and "Stack (most recent call first)" in log
