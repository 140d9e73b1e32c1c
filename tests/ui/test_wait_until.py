"""The self-test (and the benchmarks) wait for the window through ``wait_until``: thousands of turns of
the event loop must not wear away Python's references to None, which PySide6 6.12's static
``processEvents()`` does (one per call, until Python aborts: "deallocating None")."""

import os
import subprocess
import sys
from pathlib import Path

from seller_gui.ui.selftest import wait_until

ROOT = Path(__file__).resolve().parents[2]
TURNS = """
import sys
from PySide6.QtWidgets import QApplication
from seller_gui.ui.selftest import wait_until
app = QApplication([])
turns = []
before = sys.getrefcount(None)
wait_until(lambda: len(turns) >= 20000 or bool(turns.append(1)), 120, step=0)
print(len(turns), before - sys.getrefcount(None))
"""


def test_twenty_thousand_waits_keep_nones_references_and_python_alive():
    # a process of its own: the suite's other threads and collections move None's count too
    done = subprocess.run([sys.executable, "-c", TURNS], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    turns, lost = map(int, done.stdout.split())
    assert turns == 20000
    assert lost < 100


def test_waiting_gives_up_after_its_time(qapp):
    assert not wait_until(lambda: False, 0.05)
