"""A big file's date columns are parsed by a forked copy while the loader reads the rest: the lines
and the warnings (unreadable dates and numbers, in their order) are those of one process, and a copy
that dies only means parsing here. The fork is forced on a small file."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

import pytest

from seller_gui.core.reading import normalize
from seller_gui.core.reading.loader import load_order_file
from tests.core import exports

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the dates are parsed beside on Linux only")


def _export(tmp_path):
    header, rows = exports.aupay_table()
    bad = list(rows[-1])
    bad[header.index("orderId")], bad[header.index("orderDetailId")] = "999", "99901"
    bad[header.index("orderDate")] = "いつか"  # no date
    bad[header.index("shippingTimelimitDate")] = "2024/13/45"
    bad[header.index("itemPrice")] = "時価"  # no number
    return exports.write_text(tmp_path / "orders.csv", (header, [*rows, bad]))


@pytest.fixture
def beside(monkeypatch):
    """Fork for any number of rows (this test process has loaded Qt but runs no Qt thread); records
    whether a copy was started."""
    started = []
    monkeypatch.setattr(normalize, "can_fork", lambda: True)
    monkeypatch.setattr(normalize, "_DATES_BESIDE_ROWS", 1)
    real = normalize.Child

    def child(*args, **options):
        started.append(options.get("name"))
        return real(*args, **options)

    monkeypatch.setattr(normalize, "Child", child)
    return started


def _loaded(path):
    loaded = load_order_file(path)
    return loaded.lines, loaded.warnings


def test_dates_parsed_beside_give_the_lines_and_warnings_of_one_process(tmp_path, beside, monkeypatch):
    path = _export(tmp_path)
    lines, warnings = _loaded(path)
    assert beside == ["seller-gui-dates"]
    with monkeypatch.context() as m:
        m.setattr(normalize, "_DATES_BESIDE_ROWS", 10**9)
        alone_lines, alone_warnings = _loaded(path)
    assert beside == ["seller-gui-dates"]  # no copy the second time
    assert lines.equals(alone_lines)
    assert warnings == alone_warnings
    assert [(w.code, w.params.get("column")) for w in warnings][:3] == [
        ("unreadable_dates", "orderDate"), ("unreadable_dates", "shippingTimelimitDate"),
        ("unreadable_numbers", "itemPrice")]  # the numbers are read first beside, but noted in order


def _dies(*args, job):
    os._exit(3)


def _hangs(*args, job):
    time.sleep(60)


@pytest.mark.parametrize("copy", [_dies, _hangs], ids=["dies", "hangs"])
def test_a_copy_that_dies_or_hangs_means_the_dates_are_parsed_here(tmp_path, beside, monkeypatch, copy):
    path = _export(tmp_path)
    with monkeypatch.context() as m:
        m.setattr(normalize, "_DATES_BESIDE_ROWS", 10**9)
        expected = _loaded(path)
    monkeypatch.setattr(normalize, "_dates_of", copy)
    monkeypatch.setattr(normalize, "_DATES_BESIDE_SECONDS", 0.5)  # a hung copy is stopped after it
    lines, warnings = _loaded(path)
    assert beside == ["seller-gui-dates"]
    assert lines.equals(expected[0]) and warnings == expected[1]
    assert not multiprocessing.active_children()
