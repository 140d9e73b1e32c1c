"""Read .xlsx/.xlsm/.xlsb/.ods/.xls with python-calamine in a child process.

calamine is several times faster than openpyxl, but a small legal workbook (cells at A1 and
XFD1048576) makes it allocate hundreds of GiB and abort the whole process (research: reliability.md,
finding 1). So the read runs in a 'spawn' child with an address-space cap and a time limit; a crash
or a cap there becomes an OrderFileError-like result here, never a dead app. The child picks the
sheet and header row itself and sends back only the columns asked for, as text.

The app calls multiprocessing.freeze_support() in main, so this also works frozen.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from seller_gui.core.i18n import Message
from seller_gui.core.job import Cancelled, ChildFailed, Job, TimedOut, run_in_child
from seller_gui.core.reading.profiles import HEADER_SCAN_ROWS, Layout, Match, pick_header
from seller_gui.core.reading.sniff import SniffError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkbookLimits:
    max_cells: int = 60_000_000  # rows x columns of the sheet range calamine would allocate
    max_rows: int = 2_000_000
    timeout_s: float = 300.0
    memory_bytes: int = 6 * 2**30  # address-space cap of the child (Unix)


@dataclass
class SheetRead:
    """What the child sends back: the chosen sheet, its header row and the asked-for columns."""

    sheet: str
    header_index: int  # 0-based row of the header in the sheet
    header: list[str]
    match: Match | None
    columns: dict[int, list[str] | str]  # position -> cells of the data rows as text (see pack_column)
    rows: int  # data rows after the header
    mapping_fingerprint: str | None = None

    def column(self, position: int) -> list[str]:
        return unpack_column(self.columns[position], self.rows)


_SEPARATOR = "\x1e"  # one pickled string per column crosses the pipe ~10x faster than a list of cells


def pack_column(cells: list[str]) -> list[str] | str:
    joined = _SEPARATOR.join(cells)
    return cells if joined.count(_SEPARATOR) != max(len(cells) - 1, 0) else joined


def unpack_column(packed: list[str] | str, rows: int) -> list[str]:
    if isinstance(packed, list):
        return packed
    return packed.split(_SEPARATOR) if rows else []


def cell_text(value: object) -> str:
    """A calamine cell as the text a person sees in Excel (integers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _set_memory_cap(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # Windows has no RLIMIT_AS; the time limit still holds
        pass


def _quiet_stderr() -> None:
    # a native abort prints a backtrace; the CLI promises one line per bad file on stderr
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _guarded_read(data: bytes, layouts: list[Layout], mappings: dict[str, Layout], want: str,
                  limits: WorkbookLimits, *, job: Job) -> SheetRead:
    """The read as it runs in its child: stderr silenced, memory capped, every failure a SniffError."""
    _quiet_stderr()
    _set_memory_cap(limits.memory_bytes)
    job.report(0.1)
    try:
        return _read(data, layouts, mappings, want, limits)
    except SniffError:
        raise
    except MemoryError:
        raise SniffError("too_large", "workbook_out_of_memory") from None
    except Exception as exc:  # calamine's own errors: damaged, encrypted, unsupported
        raise SniffError(*_classify(exc)) from None


def _classify(exc: Exception) -> tuple[str, Message]:
    name = type(exc).__name__
    if name == "PasswordError":
        return "encrypted", Message("encrypted_workbook")
    return "damaged", Message("workbook_damaged", {"error": name})


def _read(data: bytes, layouts: list[Layout], mappings: dict[str, Layout], want: str,
          limits: WorkbookLimits) -> SheetRead:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    visible = [m.name for m in workbook.sheets_metadata if str(m.visible).lower().endswith("visible")]
    names = visible or list(workbook.sheet_names)
    best: tuple[float, str, int, list[str], Match | None, str | None] | None = None
    best_sheet = None
    for name in names:
        sheet = workbook.get_sheet_by_name(name)
        if sheet.height * max(sheet.width, 1) > limits.max_cells or sheet.height > limits.max_rows:
            raise SniffError("too_large", "sheet_too_large", sheet=name, rows=sheet.height,
                                 columns=sheet.width)
        head = [[cell_text(v) for v in row] for row in sheet.to_python(nrows=HEADER_SCAN_ROWS)]
        if not any(any(c.strip() for c in row) for row in head):
            continue
        candidate = pick_header(head, layouts, mappings)
        if best is None or candidate[0] > best[0]:
            best, best_sheet = (candidate[0], name, *candidate[1:]), sheet
        del sheet
    if best is None:
        raise SniffError("not_orders", "workbook_blank")
    _, name, header_index, header, match, fingerprint = best
    rows = best_sheet.to_python()[header_index + 1:]
    del best_sheet
    if want == "all":
        positions = list(range(len(header)))
    else:
        positions = sorted({p for hits in (match.columns.values() if match else ()) for hit in hits
                            for p in hit} | set(match.flag_columns.values() if match else ()))
    columns = {p: pack_column(_text_column(rows, p)) for p in positions}
    return SheetRead(name, header_index, header, match, columns, len(rows), fingerprint)


def _text_column(rows: list[list[object]], position: int) -> list[str]:
    try:
        cells = list(map(itemgetter(position), rows))  # calamine rows are rectangular: C speed
    except IndexError:
        cells = [row[position] if position < len(row) else "" for row in rows]
    kinds = set(map(type, cells))
    if kinds <= {str}:
        return cells
    if bool in kinds and kinds & {int, float}:  # True == 1: one table would word both alike
        return list(map(cell_text, cells))
    if kinds == {float} and 2 * len(set(cells[:1000])) > min(len(cells), 1000) and \
            all(map(float.is_integer, cells)) and max(map(abs, cells)) < 1e16:
        return list(map(str, map(int, cells)))  # order numbers: mostly distinct whole numbers, at C speed
    # prices, quantities and dates repeat: each distinct value is worded once
    table = {value: cell_text(value) for value in dict.fromkeys(cells)}
    try:
        return list(map(table.__getitem__, cells))
    except KeyError:  # NaN is never equal to itself
        return list(map(cell_text, cells))


def read_workbook(data: bytes, layouts: list[Layout], mappings: dict[str, Layout], *, want: str = "match",
                  limits: WorkbookLimits | None = None, cancel: threading.Event | None = None,
                  progress: Callable[[float], None] | None = None) -> SheetRead:
    """Read a workbook in a child process; raise SniffError(kind, code) for every failure."""
    limits = limits or WorkbookLimits()
    job = Job(progress, cancel if cancel is not None else threading.Event())
    try:
        return run_in_child(_guarded_read, data, layouts, mappings, want, limits, job=job,
                            timeout=limits.timeout_s, name="seller-gui-workbook", fast_exit=True)
    except Cancelled:
        raise SniffError("cancelled", "cancelled") from None
    except TimedOut:
        raise SniffError("too_large", "workbook_timeout", seconds=round(limits.timeout_s)) from None
    except ChildFailed as failure:
        raise _crashed(failure.exitcode) from None


def _crashed(exitcode: int | None) -> SniffError:
    log.warning("workbook reader stopped with exit code %s", exitcode)
    if exitcode is not None and exitcode < 0:  # killed by a signal: an abort on a huge allocation
        return SniffError("too_large", "workbook_memory_cap")
    return SniffError("damaged", "workbook_reader_stopped")
