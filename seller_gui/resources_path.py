"""Where the bundled resources/ folder is, however the app runs.

Three ways: frozen by PyInstaller (next to the bundle's modules, under sys._MEIPASS), installed from
a wheel (inside the package, as seller_gui/resources), or from a checkout (the top-level resources/).
"""

from __future__ import annotations

import sys
from pathlib import Path

MARKER = "profiles"  # a folder every real resources/ has


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return _checked(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "resources"
    if (installed / MARKER).is_dir():
        return installed
    return _checked(package_dir.parent / "resources")


def _checked(path: Path) -> Path:
    if not (path / MARKER).is_dir():
        raise FileNotFoundError(f"The app's resources folder is missing or incomplete: {path}")
    return path


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
