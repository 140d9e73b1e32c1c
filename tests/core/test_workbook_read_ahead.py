"""A workbook read started ahead (the command line starts it before importing pandas) is taken over
by the load of the same bytes, and gives what a fresh read gives; a read nobody takes is stopped."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from seller_gui import cli
from seller_gui.cli.report import run_report
from seller_gui.core.reading import workbook
from seller_gui.core.reading.ahead import read_ahead, stop_reading_ahead
from seller_gui.core.reading.profiles import all_layouts, load_profiles
from seller_gui.core.reading.sniff import SniffError
from seller_gui.core.reading.workbook import WorkbookLimits, read_workbook
from tests.core import exports


@pytest.fixture(autouse=True)
def _no_read_left_ahead():
    yield
    stop_reading_ahead()


def _read(path: Path, **options):
    return read_workbook(path.read_bytes(), all_layouts(load_profiles()), {}, **options)


def test_the_load_takes_the_read_ahead_over_and_gets_what_a_fresh_read_gets(tmp_path):
    path = exports.write_xlsx(tmp_path / "orders.xlsx", exports.qoo10_table(), numbers=True)
    fresh = _read(path)
    read_ahead(path)
    assert len(workbook._AHEAD) == 1
    taken = _read(path)
    assert workbook._AHEAD == []
    assert taken == fresh
    assert taken.column(1) == ["700000001", "700000002", "700000003"]  # order numbers as Excel shows them


def test_a_file_changed_after_the_read_ahead_is_read_again(tmp_path):
    path = exports.write_xlsx(tmp_path / "orders.xlsx", exports.qoo10_table())
    read_ahead(path)
    header, rows = exports.qoo10_table()
    exports.write_xlsx(path, (header, rows[:1]))
    got = _read(path)
    assert got.rows == 1
    assert got.column(1) == ["700000001"]
    assert len(workbook._AHEAD) == 1  # the stale read is left for stop_reading_ahead


def test_other_limits_do_not_take_the_read_ahead(tmp_path):
    path = exports.write_xlsx(tmp_path / "orders.xlsx", exports.qoo10_table())
    read_ahead(path)
    with pytest.raises(SniffError) as caught:
        _read(path, limits=WorkbookLimits(max_rows=2))
    assert caught.value.kind == "too_large"
    assert len(workbook._AHEAD) == 1


def test_only_workbooks_are_read_ahead(tmp_path):
    text = exports.write_text(tmp_path / "orders.csv", exports.qoo10_table())
    read_ahead(text)
    read_ahead(tmp_path / "missing.xlsx")
    read_ahead(tmp_path)  # a folder
    assert workbook._AHEAD == []


def test_a_read_nobody_took_is_stopped(tmp_path):
    path = exports.write_xlsx(tmp_path / "orders.xlsx", exports.qoo10_table())
    read_ahead(path)
    child = workbook._AHEAD[0].child
    stop_reading_ahead()
    assert workbook._AHEAD == []
    assert not child._process.is_alive()


def test_a_read_taken_over_can_still_be_cancelled(tmp_path):
    path = exports.write_xlsx(tmp_path / "orders.xlsx", exports.qoo10_table())
    read_ahead(path)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(SniffError) as caught:
        _read(path, cancel=cancel)
    assert caught.value.kind == "cancelled"
    assert workbook._AHEAD == []


@pytest.mark.parametrize("rows", [0, 1, 2])
def test_short_sheets_come_back_whole_and_worded(tmp_path, rows):
    header, lines = exports.qoo10_table()
    path = exports.write_xlsx(tmp_path / "orders.xlsx", (header, lines[:rows]), numbers=True)
    got = _read(path, want="all")
    assert got.rows == rows
    assert got.column(1) == [line[1] for line in lines[:rows]]
    assert all(len(got.column(p)) == rows for p in got.columns)


def test_the_report_command_reads_a_workbook_ahead_and_reports_what_a_plain_read_reports(capsys, tmp_path):
    path = exports.write_xlsx(tmp_path / "orders.xlsx", exports.qoo10_table(), numbers=True)
    as_of = ["--as-of", "2024-05-10T12:00"]
    assert cli.main(["report", "--json", "--no-store", *as_of, str(path)]) == 0
    ahead = capsys.readouterr().out
    assert workbook._AHEAD == []
    assert run_report([path], as_of="2024-05-10T12:00", as_json=True) == 0
    assert capsys.readouterr().out == ahead
    assert json.loads(ahead)["files"][0]["orders"] == 3


@pytest.mark.parametrize("top", [3, 30])  # few empty rows above the table, and more than it has
def test_a_table_below_empty_rows_and_right_of_empty_columns_is_read_from_its_header(tmp_path, top):
    from openpyxl import Workbook

    header, lines = exports.qoo10_table()
    book = Workbook()
    sheet = book.active
    for r, row in enumerate([header, *lines]):
        for c, value in enumerate(row):
            if value:
                sheet.cell(top + 1 + r, 3 + c, int(value) if value.isdigit() else value)
    book.save(tmp_path / "orders.xlsx")
    got = _read(tmp_path / "orders.xlsx", want="all")
    assert (got.header_index, got.rows) == (0, 3)
    assert got.column(1) == ["700000001", "700000002", "700000003"]
    assert got.column(0) == ["配送要請", "配送中", "配送完了"]
