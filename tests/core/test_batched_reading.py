"""Reading many files at once gives exactly what reading them one by one gives: the same lines, and for
each file the same rows, orders and warnings; combine keeps the copy of a shared line its rule names."""

from __future__ import annotations

import pandas as pd
import pytest

from seller_gui.core.errors import OrderFileError
from seller_gui.core.i18n import Message
from seller_gui.core.reading.loader import combine, load_order_file, load_order_files
from tests.conftest import cancel_past
from tests.core import exports


def _aupay(prefix: str, **changes: str) -> exports.Table:
    """The au PAY sample with its order numbers made unique to ``prefix``; ``changes`` set a column
    of every row."""
    header, rows = exports.aupay_table()
    out = []
    for row in rows:
        row = list(row)
        for column in ("orderId", "orderDetailId"):
            row[header.index(column)] = prefix + row[header.index(column)]
        for column, value in changes.items():
            row[header.index(column)] = value
        out.append(row)
    return header, out


def _one_by_one(paths) -> tuple[list, list[OrderFileError]]:
    loaded, errors = [], []
    for path in paths:
        try:
            loaded.append(load_order_file(path))
        except OrderFileError as exc:
            errors.append(exc)
    return loaded, errors


def _assert_same(batched, single) -> None:
    assert len(batched) == len(single)
    for got, want in zip(batched, single, strict=True):
        assert (got.path, got.rows, got.orders, got.warnings, got.header, got.layout, got.encoding) == \
            (want.path, want.rows, want.orders, want.warnings, want.header, want.layout, want.encoding)
        pd.testing.assert_frame_equal(got.lines, want.lines)


def _mixed_files(tmp_path) -> list:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    header, rows = _aupay("E")
    bad_header, bad_rows = _aupay("B", orderDate="5月のどこか")
    bad_rows[0][bad_header.index("orderDate")] = "2024/05/01 10:00"  # one readable: the file still loads
    return [
        exports.write_text(tmp_path / "first.csv", _aupay("A")),
        exports.write_text(tmp_path / "bad_dates.csv", (bad_header, bad_rows)),
        exports.write_text(tmp_path / "titled.csv", _aupay("C"), title_rows=2),
        exports.write_text(tmp_path / "a" / "orders.csv", _aupay("D")),
        exports.write_text(tmp_path / "b" / "orders.csv", _aupay("D")),
        exports.write_text(tmp_path / "no_orders.csv", (header, [[""] * len(header)])),
        exports.write_text(tmp_path / "qoo10.csv", exports.qoo10_table()),
        exports.write_text(tmp_path / "notes.csv", (["memo"], [["hello"]])),
        exports.write_text(tmp_path / "tab.tsv", _aupay("F"), delimiter="\t"),
    ]


def test_many_files_read_together_as_one_by_one(tmp_path):
    paths = _mixed_files(tmp_path)
    loaded, errors = load_order_files(paths)
    single, single_errors = _one_by_one(paths)
    _assert_same(loaded, single)
    assert [(e.path, e.kind, e.message) for e in errors] == \
        [(e.path, e.kind, e.message) for e in single_errors]
    assert [e.path.name for e in errors] == ["no_orders.csv", "notes.csv"]


def test_unreadable_dates_warn_only_for_their_file(tmp_path):
    loaded, _ = load_order_files(_mixed_files(tmp_path))
    unreadable = {f.path.name: [m for m in f.warnings if m.code == "unreadable_dates"] for f in loaded}
    assert unreadable["bad_dates.csv"] == [Message("unreadable_dates", {"count": 5, "column": "orderDate"})]
    assert not any(found for name, found in unreadable.items() if name != "bad_dates.csv")


def test_same_name_in_two_folders_keeps_each_files_lines(tmp_path):
    loaded, _ = load_order_files(_mixed_files(tmp_path))
    twins = [f for f in loaded if f.path.name == "orders.csv"]
    assert [f.path.parent.name for f in twins] == ["a", "b"]
    for twin in twins:  # the sample repeats one line verbatim: counted once per file, never across files
        assert len(twin.lines) == 5
        assert Message("duplicates_counted_once", {"count": 1}) in twin.warnings


def test_excel_day_numbers_read_as_one_by_one(tmp_path):
    # whether a day number means a whole day depends on the column's values: never across files
    paths = [exports.write_text(tmp_path / "whole.csv", _aupay("A", shippingTimelimitDate="45414")),
             exports.write_text(tmp_path / "part.csv", _aupay("B", shippingTimelimitDate="45414.5"))]
    loaded, _ = load_order_files(paths)
    _assert_same(loaded, _one_by_one(paths)[0])


def test_a_cancel_stops_the_load(tmp_path):
    paths = _mixed_files(tmp_path)
    cancel, progress = cancel_past(0.3)

    with pytest.raises(OrderFileError) as caught:
        load_order_files(paths, cancel=cancel, progress=progress)
    assert caught.value.kind == "cancelled"


def test_progress_rises_to_the_end(tmp_path):
    seen: list[float] = []
    load_order_files(_mixed_files(tmp_path), progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def _shared(tmp_path, name: str, order_ids: list[str], ordered_at: str, prices: list[str] | None = None
            ) -> object:
    header, rows = exports.aupay_table()
    template = rows[0]
    out = []
    for order_id, price in zip(order_ids, prices or ["1000"] * len(order_ids), strict=True):
        row = list(template)
        row[header.index("orderId")] = order_id
        row[header.index("orderDetailId")] = order_id + "01"
        row[header.index("orderDate")] = ordered_at
        row[header.index("itemPrice")] = price
        out.append(row)
    return exports.write_text(tmp_path / name, (header, out))


def test_a_shared_line_is_kept_from_the_latest_download(tmp_path):
    paths = [_shared(tmp_path, "new.csv", ["Y", "Z"], "2024/06/02 10:00", ["2000", "2000"]),
             _shared(tmp_path, "old.csv", ["X", "Y"], "2024/06/01 10:00")]
    loaded, _ = load_order_files(paths)
    lines = combine(loaded)
    # the older download comes first; its copy of Y gives way to the newer one's
    assert list(zip(lines["order_id"], lines["source_file"], lines["unit_price"], strict=True)) == \
        [("X", "old.csv", 1000.0), ("Y", "new.csv", 2000.0), ("Z", "new.csv", 2000.0)]


def test_on_a_tie_the_later_file_wins_copy_for_copy(tmp_path):
    # first.csv has two different lines under K: the later file's one K replaces only the first of them
    paths = [_shared(tmp_path, "first.csv", ["K", "K", "L"], "2024/06/01 10:00", ["1000", "1500", "1000"]),
             _shared(tmp_path, "second.csv", ["K"], "2024/06/01 10:00", ["3000"])]
    loaded, _ = load_order_files(paths)
    lines = combine(loaded)
    assert list(zip(lines["order_id"], lines["source_file"], lines["unit_price"], strict=True)) == \
        [("K", "first.csv", 1500.0), ("L", "first.csv", 1000.0), ("K", "second.csv", 3000.0)]
