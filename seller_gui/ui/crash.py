"""The crash path: any unexpected exception is logged and shown once, and the app keeps running.

PySide6 prints an exception raised in a slot and carries on, so without this hook a seller would see
an action silently do nothing (and the windowed build has no console at all). The hook may fire on a
worker thread and many times for one fault (a failing data() fires per cell), so it deduplicates and
hands the report to the GUI thread through a signal.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_gui import __version__
from seller_gui.core.i18n import Catalog
from seller_gui.core.logs import scrub

log = logging.getLogger(__name__)


def format_report(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None) -> str:
    lines = traceback.format_exception(exc_type, exc, tb)
    header = f"Seller GUI {__version__} on Python {sys.version.split()[0]} ({sys.platform})\n"
    return scrub(header + "".join(lines))


def fault_key(exc_type: type[BaseException], tb: TracebackType | None) -> tuple[str, str]:
    """Two reports with the same exception type raised at the same line are the same fault."""
    frames = traceback.extract_tb(tb)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return exc_type.__name__, where


class CrashDialog(QDialog):
    def __init__(self, report: str, log_path: Path | None, catalog: Catalog,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(catalog.text("crash_title"))
        self.report = report
        intro = QLabel(catalog.text("crash_intro"))
        intro.setWordWrap(True)
        details = QPlainTextEdit(report)
        details.setReadOnly(True)
        details.setMinimumSize(560, 220)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(catalog.text("crash_copy"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(details)
        self.log_location = QLabel(catalog.text("crash_log_file", path=str(log_path)) if log_path
                                   else catalog.text("crash_no_log_file"))
        self.log_location.setWordWrap(True)
        self.log_location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_location)
        layout.addWidget(buttons)

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report)

    @classmethod
    def present(cls, report: str, log_path: Path | None, catalog: Catalog,
                parent: QWidget | None = None) -> None:
        """Show the dialog modally. Tests replace this seam."""
        cls(report, log_path, catalog, parent).exec()


class CrashReporter(QObject):
    """Receives exceptions from any thread; logs each, shows each distinct fault once."""

    report_ready = Signal(str)

    def __init__(self, catalog: Catalog, log_path: Path | None = None,
                 parent_widget: Callable[[], QWidget | None] = lambda: None) -> None:
        super().__init__()
        self.catalog = catalog
        self.log_path = log_path
        self._parent_widget = parent_widget
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._showing = False
        self.report_ready.connect(self._show)

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("Unexpected error", exc_info=(exc_type, exc, tb))
        key = fault_key(exc_type, tb)
        with self._lock:
            if key in self._seen:
                return
            self._seen.add(key)
        self.report_ready.emit(format_report(exc_type, exc, tb))

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self.handle_thread

    @Slot(str)
    def _show(self, report: str) -> None:
        if self._showing:  # one dialog at a time; the rest are in the log
            return
        self._showing = True
        try:
            CrashDialog.present(report, self.log_path, self.catalog, self._parent_widget())
        finally:
            self._showing = False
