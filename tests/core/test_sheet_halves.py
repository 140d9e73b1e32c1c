"""A big .xlsx sheet parsed by two processes reads exactly as one pass reads it, and anything that could
make the halves differ from the whole (text that can hide a tag, an unnumbered row at the cut, a half
that fails) means one pass. The split is forced on small sheets by a low ``split_bytes``."""

from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from seller_gui.core.job import Job
from seller_gui.core.reading import sheet_halves, workbook
from seller_gui.core.reading.cells import unpack_column
from seller_gui.core.reading.profiles import all_layouts, load_profiles
from seller_gui.core.reading.sniff import SniffError
from seller_gui.core.reading.workbook import SheetRead, WorkbookLimits
from tests.core import exports
from tests.hardening import hostile

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the sheet is split on Linux only")

SPLIT = 1_000  # bytes of sheet XML: every sheet here is split
WHOLE = 10**12


class _Parent:
    """What the reading child hears from the load: the request, at once."""

    def __init__(self, request: workbook._Request) -> None:
        self.request = request

    def poll(self) -> bool:
        return True

    def recv(self) -> workbook._Request:
        return self.request


@pytest.fixture
def halves(monkeypatch) -> list[str]:
    """This test process may fork (it has loaded Qt, but runs no Qt thread); records how each read went:
    "split" when both halves were read, "whole" when the sheet was read in one pass."""
    monkeypatch.setattr(sheet_halves, "can_fork", lambda: True)
    seen: list[str] = []
    real_start, real_columns = sheet_halves.start, sheet_halves.Halves.columns

    def start(*args, **options):
        got = real_start(*args, **options)
        if got is None:
            seen.append("whole")
        return got

    def columns(self, *args, **options):
        got = real_columns(self, *args, **options)
        seen.append("split")
        return got

    monkeypatch.setattr(sheet_halves, "start", start)
    monkeypatch.setattr(sheet_halves.Halves, "columns", columns)
    return seen


def _read(data: bytes, split_bytes: int, *, want: str = "match", **limits) -> SheetRead:
    """The reading child's work, done here: the sheet, with its columns as the load receives them."""
    request = workbook._Request(all_layouts(load_profiles()), {}, want)
    pieces: list[tuple[int, object]] = []
    job = Job(from_parent=_Parent(request), hand_over=pieces.append)
    got = workbook._read(data, WorkbookLimits(split_bytes=split_bytes, **limits), job, [])
    got.columns = {position: unpack_column(packed) for position, packed in pieces}
    return got


def _orders(count: int) -> tuple[list[str], list[list[object]]]:
    header, rows = exports.qoo10_table()
    lines = []
    for i in range(count):
        line = list(rows[i % len(rows)])
        line[1] = 700_000_000 + i  # order numbers as numbers, as Excel keeps them
        line[header.index("数量")] = (i % 7) + 1
        lines.append(line)
    return header, lines


def _xlsx(tmp_path: Path, rows: list[list[object]], *, header: list[str], at: dict[tuple[int, int], object] | None = None,
          first_column: int = 1) -> bytes:
    """A workbook with a notes sheet and the orders sheet: the header on row 1 from ``first_column``,
    the rows below (None: a row left out), then the cells ``at`` (row, column) anywhere."""
    book = Workbook()
    book.active.title = "説明"
    book.active["A1"] = "このファイルはテスト用です"
    sheet = book.create_sheet("配送管理")
    for column, name in enumerate(header, start=first_column):
        sheet.cell(1, column, name)
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(row or (), start=first_column):
            if value not in ("", None):
                sheet.cell(r, column, value)
    for (r, column), value in (at or {}).items():
        sheet.cell(r, column, value)
    path = tmp_path / "orders.xlsx"
    book.save(path)
    return path.read_bytes()


def _with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook with its biggest sheet's XML changed by ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    part = max((i for i in source.infolist() if i.filename.startswith("xl/worksheets/")), key=lambda i: i.file_size)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            content = source.read(info)
            copy.writestr(info.filename, change(content) if info.filename == part.filename else content)
    return out.getvalue()


def test_two_halves_read_as_one_pass(tmp_path, halves):
    header, rows = _orders(400)
    data = _xlsx(tmp_path, rows, header=header)
    whole = _read(data, WHOLE)
    assert halves == ["whole"]
    split = _read(data, SPLIT)
    assert halves == ["whole", "split"]
    assert split == whole
    assert split.rows == 400
    assert split.column(1)[::100] == ["700000000", "700000100", "700000200", "700000300"]


def test_halves_that_start_and_end_in_other_columns_than_the_whole(tmp_path, halves):
    # the header from column B; only the second half has a cell in column A, and one far right
    header, rows = _orders(300)
    data = _xlsx(tmp_path, rows, header=header, first_column=2, at={(290, 1): "メモ", (295, 60): "x"})
    for want in ("match", "all"):
        whole = _read(data, WHOLE, want=want)
        split = _read(data, SPLIT, want=want)
        assert split == whole
        assert len(split.header) == 60
    assert halves == ["whole", "split", "whole", "split"]


def _rows_around_the_cut(data: bytes) -> tuple[int, int]:
    """The numbers of the last row before the cut and of the first after it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    part = max((i for i in source.infolist() if i.filename.startswith("xl/worksheets/")), key=lambda i: i.file_size)
    xml = source.read(part)
    cut = sheet_halves._cut_at(xml, int(part.file_size * sheet_halves._OWN_SHARE))
    numbers = [int(n) for n in re.findall(rb'<row r="(\d+)"', xml[:cut])[-1:] + re.findall(rb'<row r="(\d+)"', xml[cut:])[:1]]
    return numbers[0], numbers[1]


def test_empty_rows_at_the_cut_are_kept(tmp_path, halves):
    header, rows = _orders(400)
    for start in range(150, 260):  # empty rows laid where the cut then falls
        blank = [None if start <= i < start + 50 else row for i, row in enumerate(rows)]
        data = _xlsx(tmp_path, blank, header=header)
        before, after = _rows_around_the_cut(data)
        if after - before > 1:
            break
    else:
        pytest.fail("no layout put the empty rows at the cut")
    whole = _read(data, WHOLE)
    split = _read(data, SPLIT)
    assert halves == ["whole", "split"]
    assert split == whole
    assert split.rows == 400 and split.column(1)[start] == ""


def test_too_many_rows_is_the_one_pass_error(tmp_path, halves):
    header, rows = _orders(300)
    data = _xlsx(tmp_path, rows, header=header)
    errors = []
    for split_bytes in (WHOLE, SPLIT):
        with pytest.raises(SniffError) as caught:
            _read(data, split_bytes, max_rows=250)
        errors.append((caught.value.kind, caught.value.args))
    assert errors[0] == errors[1]
    assert errors[0][0] == "too_large"


@pytest.mark.parametrize("change", [
    pytest.param(lambda xml: xml.replace(b"<sheetData>", b"<sheetData><!-- <row r=\"1\"> -->"), id="comment"),
    pytest.param(lambda xml: xml.replace(b"<sheetData>", b"<!-- an old <sheetData> --><sheetData>")
                 .replace(b"</sheetData>", b"</sheetData><!-- end -->"), id="sheetData-in-a-comment-before"),
    pytest.param(lambda xml: xml.replace(b"</sheetData>", b"<?note <row ?></sheetData>"), id="processing-instruction"),
    pytest.param(lambda xml: re.sub(rb'<row r="\d+"', b"<row ", xml), id="rows-unnumbered"),
    pytest.param(lambda xml: xml.replace(b"<sheetData>", b"<sheetData >"), id="sheetData-unlike"),
    pytest.param(lambda xml: xml.replace(b"</sheetData>", b'<row r="3"><c r="Z3" t="inlineStr"><is><t>late</t></is></c>'
                                         b"</row></sheetData>"), id="rows-out-of-order"),
])
def test_what_could_read_otherwise_is_read_in_one_pass(tmp_path, halves, change):
    header, rows = _orders(300)
    data = _with_sheet_xml(_xlsx(tmp_path, rows, header=header), change)
    whole = _read(data, WHOLE)
    split = _read(data, SPLIT)
    assert "split" not in halves  # seen before the cut, or by the copy after it
    assert split == whole and split.rows == 300


def test_a_cut_among_the_header_rows_is_read_in_one_pass(tmp_path, halves):
    header, rows = _orders(12)  # the first half has fewer rows than the header scan reads
    data = _xlsx(tmp_path, rows, header=header)
    assert _read(data, SPLIT) == _read(data, WHOLE)
    assert "split" not in halves


def _dies(*args, job):
    os._exit(3)


def test_a_second_half_that_dies_means_one_pass(tmp_path, halves, monkeypatch):
    monkeypatch.setattr(sheet_halves, "_read_second", _dies)
    header, rows = _orders(300)
    data = _xlsx(tmp_path, rows, header=header)
    assert _read(data, SPLIT) == _read(data, WHOLE)
    assert "split" not in halves


def test_a_load_through_the_reading_child_gives_the_same_lines_with_the_split_allowed(tmp_path):
    # the real path: the load's child (no Qt there, so it may fork) splits what it may
    from seller_gui.core.reading.loader import Limits, load_order_file

    header, rows = _orders(300)
    path = tmp_path / "big.xlsx"
    path.write_bytes(_xlsx(tmp_path, rows, header=header))
    split = load_order_file(path, limits=Limits(workbook=WorkbookLimits(split_bytes=SPLIT))).lines
    whole = load_order_file(path, limits=Limits(workbook=WorkbookLimits(split_bytes=WHOLE))).lines
    assert split.equals(whole)
    assert len(split) == 300


@pytest.mark.parametrize("entry", [e for e in hostile.CATALOGUE if ".xls" in e.name or e.name.endswith(".zip")],
                         ids=lambda e: e.name)
def test_every_hostile_workbook_reads_the_same_with_the_split_allowed(tmp_path, entry):
    # through the real reading child, which may fork: the sheet, or the error, of one pass
    data = hostile.write(entry, tmp_path).read_bytes()
    layouts = all_layouts(load_profiles())
    outcomes = []
    for split_bytes in (WHOLE, SPLIT):
        limits = WorkbookLimits(timeout_s=60.0, memory_bytes=2 * 2**30, split_bytes=split_bytes)
        try:
            outcomes.append(workbook.read_workbook(data, layouts, {}, limits=limits))
        except SniffError as error:
            outcomes.append((error.kind, error.args))
    assert outcomes[0] == outcomes[1]
