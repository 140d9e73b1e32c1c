"""The composition root: logging, the crash path, settings, the window.

Start-up paints the window first and loads after: nothing imported before the first paint needs
pandas, Jinja or the readers (tests/ui/test_startup.py pins that), and the demo or the files given are
opened from the first paint, so the seller sees the window while they are read.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from seller_gui import __version__
from seller_gui.core.i18n import LANGUAGES, Catalog, language_from_locale
from seller_gui.core.logs import setup_logging
from seller_gui.core.storage.atomic import remove_stale_temporaries
from seller_gui.core.storage.paths import DataPaths
from seller_gui.core.storage.settings import SettingsFile
from seller_gui.resources_path import resource
from seller_gui.ui.collector import collect_on_gui_thread
from seller_gui.ui.crash import CrashReporter
from seller_gui.ui.main_window import MainWindow

log = logging.getLogger(__name__)
ORGANISATION = "SellerGUI"
APP_NAME = "seller-gui"
EXIT_AFTER_PAINT = "SELLER_GUI_EXIT_AFTER_PAINT"  # set to 1: quit once the loaded figures are painted


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    collect_on_gui_thread(app)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = resource("icons", "seller-gui.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def load_catalog(language: str | None = None) -> Catalog:
    return Catalog.load(resource("i18n"), language or language_from_locale())  # every *.toml there


def user_settings(path: Path | None = None) -> QSettings:
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APP_NAME)


class AfterPaint(QObject):
    """Calls ``then`` once, right after the next paint of ``window`` (or of any widget in it)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.then = then
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.window() is self.window):
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after this paint, and the rest of its frame, finish
            self.deleteLater()
        return False


def _say(line: str, stream_name: str = "stdout") -> None:
    stream = getattr(sys, stream_name)
    if stream is not None:  # the windowed Windows build has none
        try:
            stream.write(line + "\n")
        except UnicodeEncodeError:  # a file name the console's code page cannot show (Windows)
            encoding = stream.encoding or "ascii"
            stream.write((line + "\n").encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()


def quit_after_figures(window: MainWindow) -> None:
    """For timing start-up from outside (benchmarks/bench_startup.py, bench_bundle.py): once the first
    loaded figures are painted, say on stdout which files they came from, and quit."""

    def figures_shown(_summary: object) -> None:
        window.dashboard_ready.disconnect(figures_shown)

        def quit_app() -> None:
            names = ", ".join(f.path.name for f in window.summary.files) if window.summary else ""
            failed = len(window.summary.failures) if window.summary else 0
            _say(f"first paint: {names} ({failed} failed)")
            QApplication.instance().quit()

        AfterPaint(window, quit_app)
        window.update()

    window.dashboard_ready.connect(figures_shown)


def enable_fault_log(log_path: Path | None) -> None:
    """Have a hard crash (a fault inside Qt) write its stack to the log file, else to stderr if there is
    one: the windowed build has no stderr, and with no log file it then goes without."""
    try:
        if log_path is not None:
            faulthandler.enable(file=log_path.open("a", encoding="utf-8"))  # faulthandler keeps it open
        elif sys.stderr is not None:
            faulthandler.enable()
    except (OSError, ValueError, RuntimeError) as exc:  # no fileno on this stderr, the file went away
        log.warning("No fault handler: %s", type(exc).__name__)


def remove_stale_export_temporaries(settings: QSettings) -> None:
    """An export killed half-way leaves a temporary file with buyer data beside its target; the last
    export folder is the likeliest place, and the next export to any folder cleans that folder too."""
    folder = settings.value("files/export_dir")
    if folder:
        remove_stale_temporaries(Path(str(folder)))


def run_gui(paths: list[str], *, language: str | None = None, log_dir: Path | None = None) -> int:
    log_path = setup_logging(log_dir)
    enable_fault_log(log_path)
    log.info("Seller GUI %s starting (platform %s)", __version__, os.environ.get("QT_QPA_PLATFORM", "default"))
    app = application()
    settings = user_settings()
    saved = settings.value("ui/language")
    catalog = load_catalog(language or (saved if saved in LANGUAGES else None))
    data = DataPaths.default()
    window = MainWindow(catalog, settings, store_path=data.store, settings_file=SettingsFile(data.settings),
                        mappings_path=data.mappings, dashboard_later=True)
    window.log_path = log_path
    chosen = window.tools.settings.language  # the settings file wins over the window state
    if language is None and chosen is not None and chosen != catalog.language:
        window.set_language(chosen)
    reporter = CrashReporter(catalog, log_path, parent_widget=lambda: window)
    reporter.install()
    timing = os.environ.get(EXIT_AFTER_PAINT) == "1"
    if timing:
        quit_after_figures(window)

    def after_first_paint() -> None:
        if timing:
            _say("window painted", "stderr")
        window.tools.show_settings_problem()
        if paths:
            window.open_paths(paths)
        else:
            window.open_demo()
        remove_stale_export_temporaries(settings)

    AfterPaint(window, after_first_paint)
    window.show()
    return app.exec()
