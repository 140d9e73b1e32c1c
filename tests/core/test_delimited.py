"""A big export parsed in two processes reads exactly as one pass does: the same cells, the same rows
named for undecodable bytes, the same errors with their line numbers, the same row limit; a cancel
stops both processes. The size at which the split starts is lowered here so small files take it."""

from __future__ import annotations

import multiprocessing

import numpy as np
import pandas as pd
import pytest

from seller_gui.core.reading import delimited
from seller_gui.core.reading.loader import load_order_file
from seller_gui.core.reading.sniff import SniffError
from tests.conftest import cancel_past
from tests.core import exports

WIDTH = len(exports.AUPAY_HEADER)
POSITIONS = [exports.AUPAY_HEADER.index(n) for n in ("orderId", "orderDetailId", "itemName", "orderStatus")]


def _rows(count: int, *, name: str = "マグカップ①") -> list[list[str]]:
    header, rows = exports.aupay_table()
    template = rows[0]
    out = []
    for i in range(count):
        row = list(template)
        row[header.index("orderId")] = f"{i:07d}"
        row[header.index("orderDetailId")] = f"{i:07d}01"
        # many distinct names and a few repeated statuses: both ways of decoding are used
        row[header.index("itemName")] = f"{name}{i % 7 if i % 3 else i}"
        row[header.index("orderStatus")] = ("完了", "キャンセル", "発送待ち")[i % 3]
        out.append(row)
    return out


def _data(rows: list[list[str]]) -> bytes:
    return exports.text_bytes((exports.AUPAY_HEADER, rows))


def _parse(data: bytes, **options) -> delimited.Parsed:
    return delimited.parse_columns(data, "cp932", ",", 0, WIDTH, POSITIONS, max_rows=options.pop("max_rows", 10**6),
                                   **options)


@pytest.fixture
def split(monkeypatch):
    """Split every file of 4 KB or more, in chunks of 50 rows; records whether the split was used."""
    monkeypatch.setattr(delimited, "SPLIT_BYTES", 4096)
    monkeypatch.setattr(delimited, "CHUNK_ROWS", 50)
    monkeypatch.setattr(delimited, "can_fork", lambda: True)  # pytest-qt has loaded Qt here
    used: list[bool] = []
    real = delimited._parse_split

    def watched(part, progress):
        result = real(part, progress)
        used.append(result is not None)
        return result

    monkeypatch.setattr(delimited, "_parse_split", watched)
    return used


def _one_pass(data: bytes, monkeypatch) -> delimited.Parsed:
    with monkeypatch.context() as m:
        m.setattr(delimited, "SPLIT_BYTES", 10**12)
        return _parse(data)


def _same(a: delimited.Parsed, b: delimited.Parsed) -> None:
    assert a.count == b.count
    assert a.columns.keys() == b.columns.keys()
    for p in a.columns:
        assert list(a.columns[p]) == list(b.columns[p])
    assert a.bad_rows.keys() == b.bad_rows.keys()
    for p in a.bad_rows:
        assert list(a.bad_rows[p]) == list(b.bad_rows[p])


def test_two_processes_read_what_one_pass_reads(split, monkeypatch):
    data = _data(_rows(600))
    parsed = _parse(data)
    assert split == [True]
    assert parsed.count == 600
    assert parsed.columns[POSITIONS[0]][599] == "0000599"
    assert parsed.columns[POSITIONS[2]][3] == "マグカップ①3"
    _same(parsed, _one_pass(data, monkeypatch))
    assert not multiprocessing.active_children()


def test_undecodable_cells_are_named_by_their_row_in_the_whole_file(split, monkeypatch):
    rows = _rows(600)
    data = _data(rows)
    cut = len(data) * 3 // 4  # well inside the second part
    at = data.index("マグカップ".encode("cp932"), cut)
    data = data[:at] + b"\x85\x40" + data[at + 2:]
    parsed = _parse(data)
    assert split == [True]
    rows_bad = parsed.bad_rows[POSITIONS[2]]
    assert len(rows_bad) == 1 and rows_bad[0] > 300
    assert "\ufffd" in parsed.columns[POSITIONS[2]][rows_bad[0]]
    _same(parsed, _one_pass(data, monkeypatch))


def test_a_quoted_line_break_at_the_middle_reads_as_one_cell(split, monkeypatch):
    rows = _rows(600)
    for i in range(250, 350):  # every line around the middle holds a quoted line break
        rows[i][exports.AUPAY_HEADER.index("itemName")] = f"改行\n{i}"
    data = _data(rows)
    parsed = _parse(data)
    assert parsed.count == 600
    assert parsed.columns[POSITIONS[2]][300] == "改行\n300"
    _same(parsed, _one_pass(data, monkeypatch))


def test_a_malformed_second_part_gives_the_one_pass_error(split, monkeypatch):
    data = _data(_rows(600))
    data += b'"a quote never closed,x\r\n'  # in the second part
    with pytest.raises(Exception) as split_error:
        _parse(data)
    assert split == [False]
    with pytest.raises(Exception) as one_pass_error:
        _one_pass(data, monkeypatch)
    assert type(split_error.value) is type(one_pass_error.value)
    assert str(split_error.value) == str(one_pass_error.value)
    assert "row 601" in str(split_error.value)
    assert not multiprocessing.active_children()


def test_the_row_limit_counts_both_parts(split):
    data = _data(_rows(600))
    with pytest.raises(SniffError) as caught:
        _parse(data, max_rows=500)  # each part alone is under the limit
    assert caught.value.kind == "too_large"
    assert not multiprocessing.active_children()


def test_a_cancel_stops_both_processes(split):
    data = _data(_rows(3000))
    cancel, progress = cancel_past(0.1)

    with pytest.raises(SniffError) as caught:
        _parse(data, cancel=cancel, progress=progress)
    assert caught.value.kind == "cancelled"
    assert not multiprocessing.active_children()


def test_a_big_export_loads_the_same_lines_split_or_not(split, tmp_path, monkeypatch):
    path = exports.write_text(tmp_path / "big.csv", (exports.AUPAY_HEADER, _rows(900)))
    lines = load_order_file(path).lines
    assert split == [True]
    with monkeypatch.context() as m:
        m.setattr(delimited, "SPLIT_BYTES", 10**12)
        alone = load_order_file(path).lines
    pd.testing.assert_frame_equal(lines, alone)
    assert np.array_equal(lines["order_id"].to_numpy(), alone["order_id"].to_numpy())
