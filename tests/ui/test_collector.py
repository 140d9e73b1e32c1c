"""Garbage is collected on the GUI thread: automatic collection is off once the app runs, and the
timer collects what grows past Python's threshold (a cycle left behind is freed)."""

from __future__ import annotations

import gc
import weakref

from seller_gui.ui.collector import collect_on_gui_thread


class _Node:
    pass


def test_a_cycle_is_freed_by_the_gui_thread_timer(qapp, qtbot):
    collector = collect_on_gui_thread(qapp)
    assert collect_on_gui_thread(qapp) is collector
    assert not gc.isenabled()
    node = _Node()
    node.me = node  # a cycle: only the cyclic collector frees it
    gone = weakref.ref(node)
    del node
    for _ in range(collector.thresholds[0] + 1):  # grow generation 0 past its threshold
        cycle = _Node()
        cycle.me = cycle
    del cycle
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)
