"""Shared test setup. Qt runs offscreen; this must be set before any QApplication exists."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO_FILE = ROOT / "resources" / "demo" / "aupay-demo-orders.csv"


@pytest.fixture
def demo_file() -> Path:
    return DEMO_FILE


@pytest.fixture(autouse=True)
def seller_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps the seller's store, settings and mappings in a folder of its own, never in
    the real user's folders (the command line reads them by default, as the window does)."""
    home = tmp_path_factory.mktemp("seller-home")
    monkeypatch.setenv("SELLER_GUI_HOME", str(home))
    return home


def killed_save_leftover(beside: Path, content: str) -> Path:
    """What a save killed over an hour ago leaves: one of this app's temporaries, never renamed."""
    from seller_gui.core.storage.atomic import STALE_AFTER_SECONDS, temporary_beside

    stray = temporary_beside(beside)
    stray.write_text(content, encoding="utf-8")
    old = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(stray, (old, old))
    return stray


def cancel_past(fraction: float) -> tuple[threading.Event, Callable[[float], None]]:
    """A cancel flag and a progress callback that sets it once the progress passes ``fraction``: the
    seller pressing Cancel during a load."""
    cancel = threading.Event()

    def progress(done: float) -> None:
        if done > fraction:
            cancel.set()

    return cancel, progress
