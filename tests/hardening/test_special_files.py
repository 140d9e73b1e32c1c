"""Only regular files are read (issue 15, item 8): a FIFO, a device or a folder is refused at once with
its own message on every way in, and a file that grows while read never costs more than the limit."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seller_gui.core.errors import OrderFileError
from seller_gui.core.pipeline import Seller, read
from seller_gui.core.reading import loader
from seller_gui.core.reading.loader import Limits, load_order_file, load_order_files, read_table
from seller_gui.core.reading.stock import StockFileError, read_stock
from tests.conftest import DEMO_FILE

ROOT = Path(__file__).resolve().parents[2]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
DEV_ZERO = Path("/dev/zero")


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "orders.csv"  # a name like an export's: only what it is counts
    os.mkfifo(path)
    return path


@needs_fifo
def test_report_refuses_a_fifo_and_dev_zero_at_once_and_reads_the_rest(tmp_path, fifo):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    bad = [str(fifo), str(DEV_ZERO)]
    result = subprocess.run([sys.executable, "-m", "seller_gui", "report", bad[0], str(DEMO_FILE), bad[1],
                             "--json", "--no-store"], cwd=ROOT, env=env, capture_output=True,
                            timeout=120)  # a hang (the old FIFO open) or 8 GB of zeros fails here
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").splitlines()
    assert len(lines) == 2, lines
    for path, line in zip(bad, lines, strict=True):
        assert line.startswith(f"{path}: ") and "not an ordinary file" in line
    report = json.loads(result.stdout.decode("utf-8"))
    assert [f["path"] for f in report["files"]] == [str(DEMO_FILE)]
    assert report["files"][0]["orders"] == 314
    assert {f["path"]: f["code"] for f in report["failures"]} == dict.fromkeys(bad, "not_a_regular_file")


@needs_fifo
def test_pipeline_read_refuses_them_as_order_files_and_as_stock_lists(tmp_path, fifo):
    stock_fifo = tmp_path / "stock.csv"
    os.mkfifo(stock_fifo)
    orders = read([fifo, DEV_ZERO, DEMO_FILE, tmp_path], Seller(stock_paths=(stock_fifo,)))
    assert [f.path for f in orders.order_files] == [DEMO_FILE]
    codes = [(f.path, f.kind, f.message.code) for f in orders.failures]
    assert codes == [(fifo, "unreadable", "not_a_regular_file"),
                     (DEV_ZERO, "unreadable", "not_a_regular_file"),
                     (tmp_path, "unreadable", "is_folder"),
                     (stock_fifo, "unreadable", "not_a_regular_file")]


@needs_fifo
def test_every_reader_refuses_a_fifo(fifo):
    for call in (load_order_file, read_table):
        with pytest.raises(OrderFileError) as caught:
            call(fifo)
        assert caught.value.message.code == "not_a_regular_file"
    loaded, failures = load_order_files([fifo, DEV_ZERO])
    assert not loaded and [f.message.code for f in failures] == ["not_a_regular_file"] * 2
    with pytest.raises(StockFileError) as caught:
        read_stock(DEV_ZERO)
    assert caught.value.message.code == "not_a_regular_file"


@needs_fifo
def test_the_window_passes_special_paths_on_to_be_refused_and_skips_missing_ones(tmp_path, fifo):
    from seller_gui.ui.files import loadable_paths

    lock = tmp_path / "~$orders.xlsx"
    lock.write_bytes(b"x")
    got = loadable_paths([str(tmp_path / "gone.csv"), fifo, lock, "", DEMO_FILE, DEMO_FILE, tmp_path])
    assert got == [fifo, DEMO_FILE, tmp_path]


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_a_file_larger_than_its_stated_size_is_cut_at_the_limit():
    # /proc files say they are 0 bytes long and are not: like a file that grows while it is read
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(OrderFileError) as caught:
        load_order_file("/proc/self/maps", limits=Limits(max_file_bytes=100))
    assert caught.value.message.code == "file_too_large"


def test_a_growing_file_is_read_in_steps_up_to_one_byte_past_the_limit():
    handle = io.BufferedReader(io.BytesIO(b"x" * 5000))
    assert len(loader._read_at_most(handle, 10, 1001)) == 1001
    handle = io.BufferedReader(io.BytesIO(b"x" * 50))
    assert len(loader._read_at_most(handle, 50, 1001)) == 50
