from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from seller_gui.core.i18n import Catalog
from seller_gui.resources_path import resource


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.load(resource("i18n"), "en")  # strings.toml and messages.toml


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
