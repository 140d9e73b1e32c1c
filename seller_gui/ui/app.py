"""The composition root: logging, the crash path, settings, the window."""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from seller_gui import __version__
from seller_gui.core.i18n import LANGUAGES, Catalog, language_from_locale
from seller_gui.core.logs import setup_logging
from seller_gui.core.storage.mappings import default_path as default_mappings_path
from seller_gui.core.storage.settings import SettingsFile, default_settings_path
from seller_gui.core.storage.store import default_store_path
from seller_gui.resources_path import resource
from seller_gui.ui.crash import CrashReporter
from seller_gui.ui.main_window import MainWindow

log = logging.getLogger(__name__)
ORGANISATION = "SellerGUI"
APP_NAME = "seller-gui"


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = resource("icons", "seller-gui.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def load_catalog(language: str | None = None) -> Catalog:
    return Catalog.load(resource("i18n", "strings.toml"), language or language_from_locale())


def user_settings(path: Path | None = None) -> QSettings:
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APP_NAME)


def run_gui(paths: list[str], *, language: str | None = None, log_dir: Path | None = None) -> int:
    log_path = setup_logging(log_dir)
    fault_log = log_path.open("a", encoding="utf-8")  # windowed builds have no stderr for faulthandler
    faulthandler.enable(file=fault_log)
    log.info("Seller GUI %s starting (platform %s)", __version__, os.environ.get("QT_QPA_PLATFORM", "default"))
    app = application()
    settings = user_settings()
    saved = settings.value("ui/language")
    catalog = load_catalog(language or (saved if saved in LANGUAGES else None))
    window = MainWindow(catalog, settings, store_path=default_store_path(),
                        settings_file=SettingsFile(default_settings_path()),
                        mappings_path=default_mappings_path())
    chosen = window.tools.settings.language  # the settings file wins over the window state
    if language is None and chosen is not None and chosen != catalog.language:
        window.set_language(chosen)
    reporter = CrashReporter(catalog, log_path, parent_widget=lambda: window)
    reporter.install()
    window.show()
    window.tools.show_settings_problem()
    if os.environ.get("SELLER_GUI_EXIT_AFTER_PAINT") == "1":  # benchmarks/bench_bundle.py times start-up
        from seller_gui.ui.selftest import exit_after_first_paint

        exit_after_first_paint(window)
    if paths:
        window.open_paths(paths)
    else:
        window.open_demo()
    return app.exec()
