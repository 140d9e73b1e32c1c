"""Exports: nothing a buyer typed can run as a formula, and a failed export never costs the old file."""

import csv
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from seller_gui.core.storage.export import (
    EXCEL_CELL_LIMIT,
    ExportError,
    clean_text,
    export_frame,
)

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-1+1", "@SUM(1)", "\t=1", "\r=1", "a\x00b\x1bc",
           "x" * 40_000, "plain 山田", "line1\nline2", "bare\rcr"]


def hostile_frame() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame({
        "order_id": [f"00{i}" for i in range(n)],
        "note": HOSTILE,
        "amount": [float(i) - 1.5 for i in range(n)],
        "quantity": list(range(-1, n - 1)),
        "ordered_at": pd.date_range("2024-05-09 16:00", periods=n, freq="h", tz="Asia/Tokyo"),
    })


def expected_note(text: str) -> str:
    return clean_text(text)


def test_clean_text_neutralises_triggers_and_strips_controls():
    assert clean_text('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert clean_text("+1") == "'+1" and clean_text("-1+1") == "'-1+1" and clean_text("@SUM(1)") == "'@SUM(1)"
    assert clean_text("\t=1") == "'\t=1"
    assert clean_text("\r=1") == "'\n=1"
    assert clean_text("a\x00b\x1bc") == "abc"
    assert clean_text("ＡＢ＝1") == "ＡＢ＝1"  # a full-width ＝ is no trigger
    long = clean_text("x" * 40_000)
    assert len(long) == EXCEL_CELL_LIMIT and long.endswith("[truncated]")


def test_xlsx_has_no_formula_no_control_char_and_numbers_stay_numbers(tmp_path):
    target = export_frame(hostile_frame(), tmp_path / "at-risk.xlsx", headers={"note": "メモ"})
    book = openpyxl.load_workbook(target)
    sheet = book.active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == ["order_id", "メモ", "amount", "quantity", "ordered_at"]
    assert all(c.data_type != "f" for row in rows for c in row)
    notes = [row[1].value for row in rows[1:]]
    for note in notes:
        assert not note.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
        assert "\x00" not in note and "\x1b" not in note and "\r" not in note
    assert notes[0] == '\'=HYPERLINK("http://x","y")'
    assert notes[6] == "abc"
    assert len(notes[7]) == EXCEL_CELL_LIMIT and notes[7].endswith("[truncated]")
    assert [row[0].value for row in rows[1:3]] == ["000", "001"]  # leading zeros kept as text
    assert rows[1][2].value == -1.5 and rows[1][2].data_type == "n"
    assert rows[1][3].value == -1 and rows[1][3].data_type == "n"
    assert rows[1][4].value.isoformat() == "2024-05-09T16:00:00"  # Japan wall-clock time
    book.close()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_csv_is_neutralised_and_reads_back_row_for_row(tmp_path, encoding):
    frame = hostile_frame()
    target = export_frame(frame, tmp_path / "all.csv", encoding=encoding)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    with target.open(encoding=encoding, newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == len(frame) + 1  # a bare CR did not split a row
    notes = [r[1] for r in rows[1:]]
    assert notes == [expected_note(t) for t in HOSTILE]
    assert all(not n.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for n in notes)
    assert rows[1][2] == "-1.5" and rows[1][3] == "-1"  # numbers written as numbers, no apostrophe
    assert rows[1][4] == "2024/05/09 16:00"


def test_cp932_refuses_text_it_cannot_hold_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        export_frame(pd.DataFrame({"note": ["emoji 😀"]}), target, encoding="cp932")
    assert caught.value.kind == "encoding"
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


@pytest.mark.parametrize("name", ["locked.xlsx", "locked.csv"])
def test_a_locked_target_gives_a_clear_error_keeps_the_old_file_and_no_temp_file(tmp_path, monkeypatch, name):
    target = tmp_path / name
    target.write_bytes(b"the seller's earlier export")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as caught:
        export_frame(hostile_frame(), target)
    assert caught.value.kind == "locked"
    assert "open in Excel" in str(caught.value)
    assert target.read_bytes() == b"the seller's earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_an_input_file_is_never_an_export_target(tmp_path, demo_file):
    copy = tmp_path / "orders.csv"
    copy.write_bytes(demo_file.read_bytes())
    link = tmp_path / "same.csv"
    os.link(copy, link)  # another name for the same file
    for target in (copy, link, tmp_path / "." / "orders.csv"):
        with pytest.raises(ExportError) as caught:
            export_frame(pd.DataFrame({"a": [1]}), target, inputs=[copy])
        assert caught.value.kind == "input_file"
    assert copy.read_bytes() == demo_file.read_bytes()
    export_frame(pd.DataFrame({"a": [1]}), tmp_path / "other.csv", inputs=[copy])


def test_all_order_lines_carry_the_sellers_own_tags(tmp_path, demo_file):
    from seller_gui.core.pipeline import Seller, analyse, read
    from seller_gui.core.storage.store import Store

    def order_lines_for_export(paths, seller):
        return analyse(read(paths, seller), seller).lines_with_causes()

    lines = order_lines_for_export([demo_file], Seller())
    unknown = lines[(lines["status"] == "cancelled") & (lines["cancel_cause"] == "unknown")]
    order_id = unknown["order_id"].iloc[0]
    with Store(tmp_path / "store.sqlite3") as store:
        store.set_cause_tag("aupay", order_id, "seller")
    tagged = order_lines_for_export([demo_file], Seller(store_path=tmp_path / "store.sqlite3"))
    assert set(tagged.loc[tagged["order_id"] == order_id, "cancel_cause"]) == {"seller"}
    assert len(tagged) == len(lines)
    target = export_frame(tagged, tmp_path / "all.xlsx", inputs=[demo_file])
    assert Path(target).stat().st_size > 0
