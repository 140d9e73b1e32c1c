"""Shared test setup. Qt runs offscreen; this must be set before any QApplication exists."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO_FILE = ROOT / "resources" / "demo" / "aupay-demo-orders.csv"


@pytest.fixture
def demo_file() -> Path:
    return DEMO_FILE
