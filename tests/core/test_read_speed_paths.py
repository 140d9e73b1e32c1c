"""The fast paths of reading give the same lines as the plain ones: CP932 split on raw bytes, distinct
values parsed once, repeated keys found among neighbours, one file passed through combine."""

from __future__ import annotations

import pandas as pd
import pytest

from seller_gui.core.i18n import Message
from seller_gui.core.reading import loader
from seller_gui.core.reading.loader import combine, load_order_file
from seller_gui.core.reading.normalize import drop_identical
from tests.core import exports


def _aupay_lines(names: list[str], statuses: list[str]) -> exports.Table:
    header, rows = exports.aupay_table()
    template = rows[0]
    out = []
    for i, (name, status) in enumerate(zip(names, statuses, strict=True)):
        row = list(template)
        row[header.index("orderId")] = f"9{i:05d}"
        row[header.index("orderDetailId")] = f"9{i:05d}01"
        row[header.index("itemName")] = name
        row[header.index("orderStatus")] = status
        row[header.index("shipDate")] = ""  # a ship date would make the line shipped whatever its status
        out.append(row)
    return header, out


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_multibyte_text_with_ascii_lookalike_bytes_reads_exactly(tmp_path, encoding):
    # ソ and 表 end in 0x5C in Shift_JIS; many repeats take the decode-each-value-once path
    names = ["ソフト表示", "ﾊﾝｶｸ", "A,B \"quoted\"", "改行\nあり"] * 30
    statuses = ["完了", "キャンセル", "発送待ち"] * 40
    path = exports.write_text(tmp_path / "a.csv", _aupay_lines(names, statuses), encoding=encoding)
    lines = load_order_file(path).lines
    assert list(lines["item_name"]) == names
    assert list(lines["status"][:3]) == ["shipped", "cancelled", "open"]


def test_bad_bytes_in_a_read_column_beyond_the_sample_are_found(tmp_path, monkeypatch):
    # one cell is no longer a reason to refuse the file (issue 15): it shows U+FFFD and is named
    monkeypatch.setattr(loader.sniff, "SAMPLE_BYTES", 2048)
    table = _aupay_lines(["品"] * 60, ["完了"] * 60)
    data = exports.text_bytes(table)
    head, tail = data[:4096], data[4096:].replace("品".encode("cp932"), b"\x85\x40", 1)
    path = tmp_path / "broken.csv"
    path.write_bytes(head + tail)
    loaded = load_order_file(path)
    assert loaded.encoding == "cp932" and loaded.orders == 60
    bad = loaded.lines[loaded.lines["item_name"] != "品"]
    assert len(bad) == 1 and "\ufffd" in bad["item_name"].iloc[0]
    notes = [w.params for w in loaded.warnings if w.code == "cells_undecodable"]
    assert notes == [{"count": 1, "column": "itemName", "rows": str(bad["source_row"].iloc[0])}]


def test_separator_character_inside_a_cell_still_decodes(tmp_path):
    names = ["区切り\x1fあり", "普通"]
    path = exports.write_text(tmp_path / "a.csv", _aupay_lines(names, ["完了", "完了"]))
    assert list(load_order_file(path).lines["item_name"]) == names


def test_repeated_dates_and_prices_parse_like_distinct_ones(tmp_path):
    header, rows = _aupay_lines(["品"] * 50, ["完了"] * 50)
    for i, row in enumerate(rows):
        row[header.index("orderDate")] = "2024/05/01 10:00" if i % 2 else "2024-05-02T09:30:00+09:00"
        row[header.index("itemPrice")] = "￥1,000" if i % 3 else "bad"
    loaded = load_order_file(exports.write_text(tmp_path / "a.csv", (header, rows)))
    assert loaded.lines["ordered_at"].notna().all()
    assert Message("unreadable_numbers", {"count": 17, "column": "itemPrice"}) in loaded.warnings


def test_repeated_lines_are_found_sorted_or_not(tmp_path):
    lines = load_order_file(exports.write_text(tmp_path / "a.csv", exports.aupay_table())).lines
    changed = lines.iloc[[2]].assign(sku="other")  # same key, another line: kept
    doubled = pd.concat([lines, lines.iloc[[0, 2]], changed], ignore_index=True)
    in_order = doubled.sort_values(["order_id", "line_id"], kind="stable").reset_index(drop=True)
    shuffled = doubled.iloc[::-1].reset_index(drop=True)
    assert len(drop_identical(in_order)) == len(drop_identical(shuffled)) == len(lines) + 1


def test_combine_of_one_file_is_its_lines(tmp_path):
    loaded = load_order_file(exports.write_text(tmp_path / "a.csv", exports.aupay_table()))
    pd.testing.assert_frame_equal(combine([loaded]), loaded.lines)
