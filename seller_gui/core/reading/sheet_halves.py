"""A big .xlsx sheet read by two processes at once, each parsing half of its rows.

calamine parses a sheet on one core (3 s for 100k lines of 44 columns), and that parse is nearly all
of a workbook's load. Inside the .xlsx the sheet is one XML part: its rows are ``<row r="N">``
elements one after another in ``<sheetData>``. So the reading child cuts that list of rows at a row
tag about halfway and makes two workbooks: this one with the rows before the cut, and one for a forked
copy of itself with the rows from the cut on. Each asks calamine for the sheet of its workbook; the
two used ranges, put back together with the empty rows between them, are the sheet (``Extent`` says
where each half lies, as a half can begin or end in other columns than the whole).

Whenever the halves could read differently from the whole, the whole is read in one pass instead
(``Doubt``): text that can hide a tag (comments, CDATA, processing instructions), a prefixed or
missing ``sheetData``, a cut row without its number, a part the header rows may fall outside, a half
calamine refuses, a copy that dies. So a result, and every error, is the one-pass one. Linux only:
elsewhere a fork is not to be had, and a spawned copy would cost more than it saves.
"""

from __future__ import annotations

import io
import logging
import os
import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from seller_gui.core.job import Child, Job, can_fork
from seller_gui.core.reading.cells import packed_text, text_column, unpack_column

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

log = logging.getLogger(__name__)

_OPEN = b"<sheetData>"
_CLOSE = b"</sheetData>"
_ROW = b"<row "
# text that may hold "<row " without it being a row: comments and CDATA (<!), processing instructions
# (<?). Found by their rare second byte (a fast scan; never part of a multi-byte UTF-8 character).
_HIDING = (b"!", b"?")
_MAX_HIDING_LOOKS = 10_000  # that many "!" or "?" in the cells: taken as a doubt rather than looked at
_NUMBERED = re.compile(rb"\sr\s*=\s*[\"']\d")
_ROOT = re.compile(rb"<worksheet[\s>]")  # unprefixed, as the closing tag this half is given
_READ_CHUNK = 4 * 2**20
_MAX_SPLIT_BYTES = 2**30  # each half is written as one zip entry, below zip64's 2 GiB
_MAX_MAP_BYTES = 4 * 2**20  # workbook.xml and its relationships: small in any real export
# this process inflates the part only up to the cut, its copy the whole part: it takes a little more
# than half of the rows (measured: then neither waits for the other)
_OWN_SHARE = 0.53


class Doubt(Exception):
    """The two halves might not read as the whole sheet does: read it in one pass."""


@dataclass(frozen=True)
class Extent:
    """Where a half's used range lies in the sheet: its first row and column, and its size."""

    top: int
    left: int
    height: int
    width: int

    @classmethod
    def of(cls, sheet: CalamineSheet) -> Extent:
        if not sheet.start or not sheet.height:
            return cls(0, 0, 0, 0)
        return cls(sheet.start[0], sheet.start[1], sheet.height, sheet.width)


@dataclass
class Halves:
    """The sheet ``name`` split: ``first`` is this process's workbook (the rows before the cut); a
    forked copy reads the rest. ``mine`` and ``theirs``: where each half lies, once both are parsed."""

    name: str
    first: str  # the path of a file in memory
    child: Child
    mine: Extent | None = None
    theirs: Extent | None = None

    def stop(self) -> None:
        self.child.stop()

    def join(self, sheet: CalamineSheet, head_rows: int) -> Extent:
        """The whole sheet's extent, from this half (``sheet``) and the other's (waited for)."""
        mine = Extent.of(sheet)
        try:
            theirs = self.child.piece(Job())
        except Exception as exc:
            raise Doubt(f"the second half could not be read ({type(exc).__name__})") from None
        if not mine.height:
            raise Doubt("no rows before the cut")
        if theirs.height and mine.height < head_rows:  # the header scan would reach into the other half
            raise Doubt("the cut is among the header rows")
        if theirs.height and theirs.top < mine.top + mine.height:  # rows written out of order
            raise Doubt("the halves overlap")
        self.mine, self.theirs = mine, theirs
        if not theirs.height:
            return mine
        left = min(mine.left, theirs.left)
        right = max(mine.left + mine.width, theirs.left + theirs.width)
        return Extent(mine.top, left, theirs.top + theirs.height - mine.top, right - left)

    def head(self, rows: list[list[Any]], whole: Extent) -> list[list[Any]]:
        """This half's first rows widened to the whole sheet's columns, as one pass gives them."""
        assert self.mine is not None
        before = self.mine.left - whole.left
        after = whole.width - before - self.mine.width
        return [[""] * before + row + [""] * after for row in rows]

    def columns(self, sheet: CalamineSheet, skip: int, positions: Sequence[int], whole: Extent
                ) -> list[list[str]]:
        """The cells at ``positions`` (of the whole sheet's columns) of every row after the first
        ``skip``, as text: this half's, the empty rows between, the other's."""
        assert self.mine is not None and self.theirs is not None
        self.child.send([whole.left + p for p in positions])
        mine = [text_column(column) for column in
                columns_at(rows_after(sheet, skip), [whole.left + p - self.mine.left for p in positions],
                           self.mine.width, max(self.mine.height - skip, 0))]
        try:
            theirs = self.child.result(Job())
        except Exception as exc:
            raise Doubt(f"the second half could not be read ({type(exc).__name__})") from None
        gap = [""] * (self.theirs.top - self.mine.top - self.mine.height) if self.theirs.height else []
        return [column + gap + unpack_column(theirs[whole.left + p]) for column, p in zip(mine, positions, strict=True)]


def rows_after(sheet: CalamineSheet, skip: int) -> Iterator[list[Any]]:
    """The rows of the sheet's used range after its first ``skip``."""
    top = sheet.start[0] if sheet.start else 0  # iter_rows also yields the empty rows above the data
    if top <= sheet.height:
        return islice(sheet.iter_rows(), top + skip, None)
    return iter(sheet.to_python()[skip:])  # mostly empty rows above: skipping them costs more than the data


def columns_at(rows: Iterator[list[Any]], indexes: Sequence[int], width: int, count: int) -> list[Sequence[Any]]:
    """The cells at ``indexes`` of every row, column by column; an index outside ``0..width`` is a
    column of ``count`` empty cells. Rows are taken one at a time and dropped."""
    inside = [i for i in indexes if 0 <= i < width]
    if not inside:
        cells: list[Sequence[Any]] = []
    elif len(inside) == 1:
        cells = [[row[inside[0]] for row in rows]]
    else:
        cells = list(zip(*map(itemgetter(*inside), rows), strict=True)) or [()] * len(inside)
    found = dict(zip(inside, cells, strict=True))
    return [found[i] if i in found else [""] * count for i in indexes]


def start(data: bytes, split_bytes: int) -> Halves | None:
    """The biggest sheet of an .xlsx/.xlsm split in two, its second half's reading started in a forked
    copy; None when it is small, cannot be split as one pass would read it, or no fork is possible."""
    if not can_fork():
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        part, name = _biggest_sheet(archive, split_bytes)
        if part is None or archive.getinfo(part).file_size > _MAX_SPLIT_BYTES:
            return None
    except Exception as exc:  # anything odd in the archive: calamine reads it whole and says what
        log.info("sheet read in one process (%s)", type(exc).__name__)
        return None
    try:  # the copy starts at once: it inflates the whole part while this process inflates its half
        child = Child(_read_second, data, part, name, name="seller-gui-sheet-half", fast_exit=True,
                      method="fork")
    except Exception as exc:  # no process to spare
        log.info("sheet read in one process: no child (%s)", type(exc).__name__)
        return None
    try:
        first = _first_half(archive, part)
    except Exception as exc:
        child.stop()
        log.info("sheet read in one process (%s)", exc if isinstance(exc, Doubt) else type(exc).__name__)
        return None
    return Halves(name, first, child)


def _biggest_sheet(archive: zipfile.ZipFile, split_bytes: int) -> tuple[str | None, str]:
    """The XML part of the biggest worksheet and the sheet's name, or None when none is big enough."""
    parts = _sheet_parts(archive)
    present = set(archive.namelist())
    sizes = {p: archive.getinfo(p).file_size for p in parts if p.endswith(".xml") and p in present}
    if not sizes:
        return None, ""
    part = max(sizes, key=sizes.__getitem__)
    return (part, parts[part]) if sizes[part] >= split_bytes else (None, "")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from xl/workbook.xml and its relationships (where calamine reads them)."""
    def tree(path: str) -> ElementTree.Element:
        if archive.getinfo(path).file_size > _MAX_MAP_BYTES:
            raise Doubt(f"{path} is too big to be a workbook's map")
        return ElementTree.fromstring(archive.read(path))

    targets = {}
    for element in tree("xl/_rels/workbook.xml.rels").iter():
        if element.tag.rpartition("}")[2] == "Relationship" and "Id" in element.attrib:
            target = element.attrib.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            targets[element.attrib["Id"]] = path
    parts = {}
    for element in tree("xl/workbook.xml").iter():
        if element.tag.rpartition("}")[2] != "sheet":
            continue
        ids = [v for k, v in element.attrib.items() if k.rpartition("}")[2] == "id" and k.startswith("{")]
        if ids and ids[0] in targets and "name" in element.attrib:
            parts[targets[ids[0]]] = element.attrib["name"]
    return parts


def _first_half(archive: zipfile.ZipFile, part: str) -> str:
    """This process's workbook, with the rows before the cut, inflating the part only up to it."""
    at = _cut_search_start(archive, part)
    with archive.open(part) as stream:
        xml = stream.read(at)
        while (cut := _cut_at(xml, at)) is None:
            more = stream.read(_READ_CHUNK)
            if not more:
                raise Doubt("no row tag after the middle")
            xml += more
    opened = xml.find(_OPEN)
    if not 0 <= opened < cut or not _ROOT.search(xml, 0, opened) or _hides_tags(xml, _prolog_end(xml), cut):
        raise Doubt("sheetData missing or prefixed, or text that can hide tags before the cut")
    return _workbook_with(archive, part, [memoryview(xml)[:cut], _CLOSE, b"</worksheet>"])


def _cut_search_start(archive: zipfile.ZipFile, part: str) -> int:
    """Where both processes look for the cut: the first row tag from here on."""
    return int(archive.getinfo(part).file_size * _OWN_SHARE)


def _cut_at(xml: bytes, at: int) -> int | None:
    """The first numbered row tag from ``at`` on, once the tag is whole in ``xml``."""
    cut = xml.find(_ROW, at)
    if cut < 0:
        return None
    end = xml.find(b">", cut)
    if end < 0:
        return None
    if not _NUMBERED.search(xml, cut, end):
        raise Doubt("the row at the cut has no number")  # calamine would number it by counting
    return cut


def _prolog_end(xml: bytes) -> int:
    """Where the XML declaration ends (0 without one): from there on, a comment could hold a
    ``<sheetData>`` that is not the sheet's."""
    return xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0


def _hides_tags(xml: bytes, begin: int, end: int) -> bool:
    for marker in _HIDING:
        at = xml.find(marker, begin, end)
        for _ in range(_MAX_HIDING_LOOKS):
            if at < 0:
                break
            if xml[at - 1:at] == b"<":
                return True
            at = xml.find(marker, at + 1, end)
        else:
            return True
    return False


def _workbook_with(archive: zipfile.ZipFile, part: str, pieces: list[Any]) -> str:
    """The archive again, uncompressed, with ``part`` made of ``pieces``, as a file in memory; its
    path. (calamine opens a path at once, but takes a third of a second to take 100 MB from Python.)"""
    fd = os.memfd_create("seller-gui-sheet-half", os.MFD_CLOEXEC)
    with open(fd, "wb", closefd=False) as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            if info.filename != part:
                copy.writestr(info.filename, archive.read(info))
                continue
            with copy.open(info.filename, "w") as stream:
                for piece in pieces:
                    stream.write(piece)
    return f"/proc/self/fd/{fd}"


def _read_second(data: bytes, part: str, name: str, *, job: Job) -> dict[int, list[str] | str]:
    """The forked copy: the sheet with the rows from the cut on. It hands its extent over, waits for
    the columns wanted (of the whole sheet), and returns them as text, packed to cross the pipe fast."""
    from python_calamine import CalamineWorkbook

    archive = zipfile.ZipFile(io.BytesIO(data))
    xml = archive.read(part)  # whole, so its checksum is checked
    cut = _cut_at(xml, _cut_search_start(archive, part))
    opened, closed = xml.find(_OPEN), xml.rfind(_CLOSE)
    if cut is None or not 0 <= opened < cut < closed or _hides_tags(xml, _prolog_end(xml), opened) \
            or _hides_tags(xml, cut, closed):
        raise Doubt("no cut, or text that can hide tags after it")
    view = memoryview(xml)
    book = _workbook_with(archive, part, [view[:opened + len(_OPEN)], view[cut:]])
    del view, xml
    sheet = CalamineWorkbook.from_path(book).get_sheet_by_name(name)
    mine = Extent.of(sheet)
    job.hand_over(mine)
    wanted: list[int] = job.from_parent.recv()
    cells = columns_at(rows_after(sheet, 0), [c - mine.left for c in wanted], mine.width, mine.height)
    return {c: packed_text(column) for c, column in zip(wanted, cells, strict=True)}
