"""An unexpected exception is logged without personal data and shown once; the app keeps running."""

import logging
import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication

from seller_gui.ui.crash import CrashDialog, CrashReporter


@pytest.fixture
def shown(monkeypatch):
    reports = []
    monkeypatch.setattr(CrashDialog, "present",
                        classmethod(lambda cls, report, log_path, catalog, parent=None: reports.append(report)))
    return reports


def _raise_here(message: str) -> None:
    raise RuntimeError(message)


def _exc_info(message: str):
    try:
        _raise_here(message)
    except RuntimeError:
        return sys.exc_info()


def test_the_same_fault_is_shown_once_and_logged_each_time(qtbot, catalog, shown, caplog):
    reporter = CrashReporter(catalog)
    with caplog.at_level(logging.CRITICAL):
        for _ in range(4):  # a failing data() fires once per cell
            reporter.handle(*_exc_info("boom for buyer sato@example.jp"))
    qtbot.waitUntil(lambda: len(shown) == 1)
    QApplication.processEvents()
    assert len(shown) == 1
    assert "RuntimeError" in shown[0] and "_raise_here" in shown[0]
    assert "sato@example.jp" not in shown[0]
    assert sum("Unexpected error" in r.getMessage() for r in caplog.records) == 4


def test_an_exception_on_a_worker_thread_reaches_the_dialog_on_the_gui_thread(qtbot, catalog, shown):
    reporter = CrashReporter(catalog)
    seen_thread = []
    reporter.report_ready.connect(lambda _r: seen_thread.append(threading.current_thread()))
    previous = threading.excepthook
    threading.excepthook = reporter.handle_thread
    try:
        thread = threading.Thread(target=_raise_here, args=("in a worker",))
        thread.start()
        thread.join()
    finally:
        threading.excepthook = previous
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert seen_thread == [threading.main_thread()]
    assert "in a worker" in shown[0]


def test_copy_button_puts_the_report_on_the_clipboard(qtbot, catalog):
    dialog = CrashDialog("Traceback: RuntimeError: x", None, catalog)
    qtbot.addWidget(dialog)
    QApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == "Traceback: RuntimeError: x"
    assert dialog.windowTitle() == "Something went wrong"


def test_the_dialog_says_where_the_log_is_or_that_there_is_none(qtbot, catalog, tmp_path):
    with_log = CrashDialog("RuntimeError: x", tmp_path / "seller-gui.log", catalog)
    without = CrashDialog("RuntimeError: x", None, catalog)
    qtbot.addWidget(with_log)
    qtbot.addWidget(without)
    assert str(tmp_path / "seller-gui.log") in with_log.log_location.text()
    assert without.log_location.text() == catalog.text("crash_no_log_file")
    assert "No log file" in without.log_location.text()
