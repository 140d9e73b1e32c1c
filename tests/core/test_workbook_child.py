"""The workbook reader's child: forked when this process may fork (the command line, before pandas),
spawned otherwise; either way the same sheet comes back, and the memory cap still stops calamine."""

from __future__ import annotations

import pytest

from seller_gui.core.errors import OrderFileError
from seller_gui.core.reading import workbook
from seller_gui.core.reading.loader import Limits, load_order_file
from seller_gui.core.reading.profiles import all_layouts, load_profiles
from seller_gui.core.reading.workbook import WorkbookLimits, read_workbook
from tests.core import exports

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork on this system")


@pytest.fixture
def methods(monkeypatch):
    """Force a fork or a spawn, and record which the reader used."""
    used: list[str] = []
    real = workbook.Child

    def child(*args, **options):
        used.append(options.get("method", "spawn"))
        return real(*args, **options)

    monkeypatch.setattr(workbook, "Child", child)

    def force(fork: bool) -> list[str]:
        monkeypatch.setattr(workbook, "can_fork", lambda: fork)
        used.clear()
        return used

    return force


def test_a_forked_reader_reads_what_a_spawned_one_reads(tmp_path, methods):
    path = exports.write_xlsx(tmp_path / "orders.xlsx", exports.qoo10_table(), numbers=True)
    layouts = all_layouts(load_profiles())
    used = methods(False)
    spawned = read_workbook(path.read_bytes(), layouts, {})
    assert used == ["spawn"]
    used = methods(True)
    forked = read_workbook(path.read_bytes(), layouts, {})
    assert used == ["fork"]
    assert forked == spawned
    assert forked.column(1) == ["700000001", "700000002", "700000003"]


def test_a_forked_reader_is_still_capped_and_this_process_lives_on(tmp_path, methods):
    # calamine aborts on A1 + XFD1048576; the cap counts from what the fork already had mapped (this
    # process, with Qt and pandas, maps more than the cap: counted from zero, no read would succeed)
    methods(True)
    guarded = Limits(workbook=WorkbookLimits(timeout_s=60.0, memory_bytes=256 * 2**20))
    with pytest.raises(OrderFileError) as caught:
        load_order_file(exports.xlsx_a1_xfd(tmp_path / "huge.xlsx"), limits=guarded)
    assert caught.value.kind == "too_large"
    good = exports.write_xlsx(tmp_path / "good.xlsx", exports.aupay_table())
    assert load_order_file(good, limits=guarded).orders == 5
