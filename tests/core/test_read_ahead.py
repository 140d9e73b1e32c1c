"""The command line reads its first file while it imports pandas: the load takes those bytes only
when the file is unchanged, a FIFO or a folder never hangs it, and no reading thread outlives it."""

from __future__ import annotations

import os
import threading
import time

import pytest

from seller_gui.core.reading import ahead, loader
from seller_gui.core.reading.loader import load_order_file
from tests.core import exports


@pytest.fixture(autouse=True)
def _nothing_left_ahead():
    yield
    ahead.stop_reading_ahead()


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "seller-gui-read-ahead"]


def test_the_load_takes_the_bytes_read_ahead_and_no_reader_thread_is_left(tmp_path, monkeypatch):
    path = exports.write_text(tmp_path / "orders.csv", exports.aupay_table())
    fresh = load_order_file(path).lines
    ahead.read_ahead(path)
    assert len(ahead._HELD) == 1
    def not_again(*args):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(loader, "_read_at_most", not_again)  # the bytes must come from the read ahead
    taken = load_order_file(path).lines
    assert ahead._HELD == [] and not _readers()
    assert taken.equals(fresh)


def test_a_file_changed_after_the_read_ahead_is_read_again(tmp_path):
    path = exports.write_text(tmp_path / "orders.csv", exports.aupay_table())
    old = load_order_file(path).lines
    ahead.read_ahead(path)
    header, rows = exports.aupay_table()
    time.sleep(0.01)
    exports.write_text(path, (header, rows[-1:]))
    changed = load_order_file(path).lines
    assert len(changed) == 1 < len(old)
    assert len(ahead._HELD) == 1  # the stale bytes wait for stop_reading_ahead, which drops them
    ahead.stop_reading_ahead()
    assert ahead._HELD == [] and not _readers()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_folder_is_not_read_ahead_and_nothing_hangs(tmp_path):
    fifo = tmp_path / "orders.csv"
    os.mkfifo(fifo)
    started = time.monotonic()
    ahead.read_ahead(fifo)  # nobody writes to it: a blocking open would never return
    ahead.read_ahead(tmp_path)
    ahead.read_ahead(tmp_path / "missing.csv")
    assert time.monotonic() - started < 5
    assert ahead._HELD == [] and not _readers()
