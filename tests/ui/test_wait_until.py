"""The self-test (and the benchmarks) wait for the window through ``wait_until``: thousands of turns of
the event loop must not wear away Python's references to None, which PySide6 6.12's static
``processEvents()`` does (one per call, until Python aborts)."""

import sys

from seller_gui.ui.selftest import wait_until


def test_thousands_of_waits_keep_nones_references(qapp):
    turns = []
    before = sys.getrefcount(None)
    assert wait_until(lambda: len(turns) >= 5000 or bool(turns.append(1)), 60, step=0)
    assert len(turns) == 5000
    assert before - sys.getrefcount(None) < 50


def test_waiting_gives_up_after_its_time(qapp):
    assert not wait_until(lambda: False, 0.05)
