"""Where the seller's own files live: one place that names them all.

By default the platform's folders for this user (platformdirs: data, config and log folders);
``SELLER_GUI_HOME`` puts every file under one folder instead, for a portable copy on a USB stick or a
test. The window and the command line both ask here, so they read the same tags, settings and mappings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "seller-gui"
HOME_VARIABLE = "SELLER_GUI_HOME"
STORE_FILE = "store.sqlite3"
SETTINGS_FILE = "settings.json"
MAPPINGS_FILE = "column_mappings.json"


@dataclass(frozen=True)
class DataPaths:
    store: Path  # cause tags, confirmed reasons, SKU alternatives (SQLite)
    settings: Path  # shop profile, language, the seller's limits (JSON)
    mappings: Path  # column mappings for layouts the app does not know (JSON)
    logs: Path  # folder of the rotating log file

    @classmethod
    def under(cls, folder: str | Path) -> DataPaths:
        folder = Path(folder)
        return cls(folder / STORE_FILE, folder / SETTINGS_FILE, folder / MAPPINGS_FILE, folder / "logs")

    @classmethod
    def default(cls) -> DataPaths:
        home = os.environ.get(HOME_VARIABLE)
        if home:
            return cls.under(home)
        import platformdirs

        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        logs = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
        return cls(data / STORE_FILE, config / SETTINGS_FILE, data / MAPPINGS_FILE, logs)
