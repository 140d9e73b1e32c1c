"""An unquoted export cut inside its last row (read while still downloading) gives no phantom order:
the row is left out and the file says which row it was (issue 15, item 10)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from seller_gui.core.reading.loader import load_order_file, load_order_files
from tests.conftest import DEMO_FILE


def _unquoted(delimiter: str, line_end: str = "\r\n") -> bytes:
    """The demo export (a real au PAY Market CSV, CP932) written again without quotes."""
    rows = list(csv.reader(io.StringIO(DEMO_FILE.read_bytes().decode("cp932"), newline="")))
    assert not any(delimiter in c or "\n" in c or '"' in c for row in rows for c in row)
    return line_end.join(delimiter.join(row) for row in rows).encode("cp932") + line_end.encode()


def _codes(loaded) -> list[str]:
    return [w.code for w in loaded.warnings]


@pytest.mark.parametrize("delimiter", ["\t", ","])
def test_a_last_row_cut_short_is_left_out_and_named(tmp_path, delimiter):
    whole = _unquoted(delimiter)
    lines = whole.rstrip(b"\r\n").split(b"\r\n")
    last = lines[-1]
    cut = b"\r\n".join(lines[:-1]) + b"\r\n" + last[: last.index(delimiter.encode()) + 3]  # id and a bit
    without_last = b"\r\n".join(lines[:-1]) + b"\r\n"
    (tmp_path / "cut.tsv").write_bytes(cut)
    (tmp_path / "short.tsv").write_bytes(without_last)
    loaded = load_order_file(tmp_path / "cut.tsv")
    reference = load_order_file(tmp_path / "short.tsv")
    assert loaded.rows == reference.rows == len(lines) - 2
    assert loaded.orders == reference.orders
    pd.testing.assert_frame_equal(loaded.lines.drop(columns="source_file"),
                                  reference.lines.drop(columns="source_file"))
    notes = [w for w in loaded.warnings if w.code == "last_row_cut"]
    assert [n.params for n in notes] == [{"row": len(lines)}]  # the header is row 1
    assert f"row {len(lines)}" in notes[0].explain("en")
    # the same through the several-files path the window and the command line use
    files, failures = load_order_files([tmp_path / "cut.tsv", tmp_path / "short.tsv"])
    assert not failures and ["last_row_cut" in _codes(f) for f in files] == [True, False]


def test_a_complete_last_row_without_a_line_break_is_kept(tmp_path):
    whole = _unquoted("\t")
    (tmp_path / "a.tsv").write_bytes(whole)
    (tmp_path / "b.tsv").write_bytes(whole.rstrip(b"\r\n"))
    with_break, without = load_order_file(tmp_path / "a.tsv"), load_order_file(tmp_path / "b.tsv")
    assert without.rows == with_break.rows and without.orders == with_break.orders
    assert "last_row_cut" not in _codes(without) + _codes(with_break)


def test_rows_short_throughout_are_not_taken_for_a_cut(tmp_path):
    # some tools leave off trailing empty fields on every row: the last row is like the others
    path = tmp_path / "short-rows.csv"
    path.write_text("orderId,orderDate,orderStatus,memo,extra\n1,2024/05/01 10:00,完了,a,b\n"
                    "2,2024/05/02 10:00,完了\n3,2024/05/03 10:00,完了", encoding="utf-8")
    loaded = load_order_file(path)
    assert loaded.orders == 3 and "last_row_cut" not in _codes(loaded)
