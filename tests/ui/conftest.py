from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from seller_gui.core.i18n import Catalog
from seller_gui.resources_path import resource


@pytest.fixture(autouse=True)
def gui_thread_collector(qapp):
    """As in the app: garbage is collected on the GUI thread only, never on a loading worker."""
    from seller_gui.ui.collector import collect_on_gui_thread

    return collect_on_gui_thread(qapp)


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.load(resource("i18n"), "en")  # strings.toml and messages.toml


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, catalog, settings):
    """The main window as a seller first sees it (modules that need another set-up define their own)."""
    from seller_gui.ui.main_window import MainWindow

    win = MainWindow(catalog, settings)
    qtbot.addWidget(win)
    win.show()
    return win
