"""Read .xlsx/.xlsm/.xlsb/.ods/.xls with python-calamine in a child process.

calamine is several times faster than openpyxl, but a small legal workbook (cells at A1 and
XFD1048576) makes it allocate hundreds of GiB and abort the whole process (research: reliability.md,
finding 1). So the read runs in a child (spawned; forked where that is safe) with an address-space cap
and a time limit; a crash
or a cap there becomes an OrderFileError-like result here, never a dead app. The child picks the
sheet and header row itself and sends back only the columns asked for, as text, one by one.

What to look for (layouts, mappings) reaches the child apart from the bytes, so the command line can
start a read ahead (``start_ahead``) before it has imported pandas and the analysis: calamine parses
on one core while the imports run on the other, and ``read_workbook`` takes the read over.

The app calls multiprocessing.freeze_support() in main, so this also works frozen.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import io
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from seller_gui.core.i18n import Message
from seller_gui.core.job import Cancelled, Child, ChildFailed, Job, TimedOut, can_fork
from seller_gui.core.reading import sheet_halves, sniff
from seller_gui.core.reading.cells import cell_text, packed_text, unpack_column
from seller_gui.core.reading.profiles import HEADER_SCAN_ROWS, Layout, Match, pick_header
from seller_gui.core.reading.sheet_halves import Extent
from seller_gui.core.reading.sniff import SniffError

if TYPE_CHECKING:
    from python_calamine import CalamineSheet, CalamineWorkbook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkbookLimits:
    max_cells: int = 60_000_000  # rows x columns of the sheet range calamine would allocate
    max_rows: int = 2_000_000
    timeout_s: float = 300.0
    memory_bytes: int = 6 * 2**30  # address-space cap of the child (Unix)
    split_bytes: int = 48 * 2**20  # a sheet's XML from which two processes parse it (sheet_halves)


@dataclass
class SheetRead:
    """What the child sends back: the chosen sheet, its header row and the asked-for columns."""

    sheet: str
    header_index: int  # 0-based row of the header in the sheet
    header: list[str]
    match: Match | None
    columns: dict[int, list[str]]  # position -> cells of the data rows as text (they cross apart)
    rows: int  # data rows after the header
    mapping_fingerprint: str | None = None

    def column(self, position: int) -> list[str]:
        return self.columns[position]


def _set_memory_cap(limit: int) -> None:
    """At most ``limit`` bytes more address space than the child has now (a forked child starts with
    all that its parent had mapped, pandas included; a spawned one with a bare interpreter)."""
    try:
        import resource

        limit += _mapped_now()
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # Windows has no RLIMIT_AS; the time limit still holds
        pass


def _mapped_now() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux
        return 0


def _quiet_stderr() -> None:
    # a native abort prints a backtrace; the CLI promises one line per bad file on stderr (a forked
    # child also inherits its parent's fault handler, which writes to a stream of its own)
    faulthandler.disable()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


@dataclass(frozen=True)
class _Request:
    """What the child looks for: sent apart from the bytes, as a read started ahead does not know it yet."""

    layouts: list[Layout]
    mappings: dict[str, Layout]
    want: str


# What the child read, kept until it exits: freeing millions of cells one by one would delay the result.
_FREED_AT_EXIT: list[object] = []


def _guarded_read(data: bytes, limits: WorkbookLimits, *, job: Job) -> SheetRead:
    """The read as it runs in its child: stderr silenced, memory capped, every failure a SniffError."""
    _quiet_stderr()
    _set_memory_cap(limits.memory_bytes)
    # millions of cells become Python objects, none in a cycle, all freed when the child ends: the
    # cyclic collector would only walk them again and again (a third of the time rows become columns)
    gc.disable()
    job.report(0.1)
    try:
        return _read(data, limits, job, _FREED_AT_EXIT)
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


def _read(data: bytes, limits: WorkbookLimits, job: Job, keep: list[object]) -> SheetRead:
    """The sheet that best matches the request (sent by the parent when it knows it) and its header;
    the asked-for columns are handed over one by one before, each packed (see pack_column), so the
    parent unpacks one while the next is worded. What was read goes to ``keep``, to be freed at exit.

    A big .xlsx sheet is parsed by two processes, each taking half of its rows (sheet_halves);
    whenever that could read otherwise than one pass, it is read again in one pass."""
    asked: list[_Request] = []  # the request, once received: a read again in one pass reuses it
    halves = sheet_halves.start(data, limits.split_bytes)
    if halves is not None:
        keep.append(halves)
        try:
            return _read_sheets(halves.first, halves, limits, job, keep, asked)
        except sheet_halves.Doubt as doubt:
            log.info("sheet read again in one process: %s", doubt)
        except SniffError:
            raise
        except Exception as exc:  # calamine refused a half: one pass says what is wrong, if anything
            log.info("sheet read again in one process (%s)", type(exc).__name__)
        finally:
            halves.stop()
    return _read_sheets(data, None, limits, job, keep, asked)


def _read_sheets(data: bytes | str, halves: sheet_halves.Halves | None, limits: WorkbookLimits, job: Job,
                 keep: list[object], asked: list[_Request]) -> SheetRead:
    from python_calamine import CalamineWorkbook

    def request() -> _Request:
        if not asked:
            asked.append(job.from_parent.recv())
        return asked[0]

    workbook = CalamineWorkbook.from_path(data) if isinstance(data, str) else \
        CalamineWorkbook.from_filelike(io.BytesIO(data))
    visible = [m.name for m in workbook.sheets_metadata if str(m.visible).lower().endswith("visible")]
    names = visible or list(workbook.sheet_names)
    best: tuple[tuple[float, int, list[str], Match | None, str | None], str, CalamineSheet, Extent] | None = None
    held: list[tuple[str, CalamineSheet, list[list[str]], Extent]] = []  # parsed before the request came
    for name in names:
        _parse_sheet(workbook, name, limits, held, halves if halves is not None and halves.name == name else None)
        if held and (asked or job.from_parent.poll()):
            best = _best_sheet(best, held, request())
    if held:  # started ahead, and the request had not come when the last sheet was parsed
        best = _best_sheet(best, held, request())
    if best is None or not asked:
        raise SniffError("not_orders", "workbook_blank")
    (_, header_index, header, match, fingerprint), name, sheet, whole = best
    if asked[0].want == "all":
        positions = list(range(len(header)))
    else:
        positions = sorted({p for hits in (match.columns.values() if match else ()) for hit in hits
                            for p in hit} | set(match.flag_columns.values() if match else ()))
    rows = max(whole.height - header_index - 1, 0)
    if halves is not None and halves.name == name:
        texts = halves.columns(sheet, header_index + 1, positions, whole)
    else:
        cells = sheet_halves.columns_at(sheet_halves.rows_after(sheet, header_index + 1), positions,
                                        sheet.width, rows)
        texts = list(cells)
    keep.append((workbook, sheet, texts))
    for position, column in zip(positions, texts, strict=True):
        job.hand_over((position, packed_text(column)))
    return SheetRead(name, header_index, header, match, {}, rows, fingerprint)


def _parse_sheet(workbook: CalamineWorkbook, name: str, limits: WorkbookLimits,
                 held: list[tuple[str, CalamineSheet, list[list[str]], Extent]],
                 halves: sheet_halves.Halves | None) -> None:
    """Parse a sheet; unless it is blank, add it to ``held`` with its first rows as text and its extent
    (no local name outlives the call, so only the best sheet stays in memory while the next one parses).
    ``halves``: this is the first half of the sheet, the whole is what both halves make."""
    sheet = workbook.get_sheet_by_name(name)
    whole = Extent.of(sheet) if halves is None else halves.join(sheet, HEADER_SCAN_ROWS)
    height, width = (sheet.height, sheet.width) if halves is None else (whole.height, whole.width)
    if height * max(width, 1) > limits.max_cells or height > limits.max_rows:
        raise SniffError("too_large", "sheet_too_large", sheet=name, rows=height, columns=width)
    head = [[cell_text(v) for v in row] for row in sheet.to_python(nrows=HEADER_SCAN_ROWS)]
    if halves is not None:
        head = halves.head(head, whole)
    if any(any(c.strip() for c in row) for row in head):
        held.append((name, sheet, head, whole))


def _best_sheet(best: tuple | None, held: list[tuple[str, CalamineSheet, list[list[str]], Extent]],
                request: _Request) -> tuple | None:
    """The best of ``best`` and the sheets held, by their header; the sheets held are let go."""
    for name, sheet, head, whole in held:
        candidate = pick_header(head, request.layouts, request.mappings)
        if best is None or candidate[0] > best[0][0]:
            best = (candidate, name, sheet, whole)
    held.clear()
    return best


def read_workbook(data: bytes, layouts: list[Layout], mappings: dict[str, Layout], *, want: str = "match",
                  limits: WorkbookLimits | None = None, cancel: threading.Event | None = None,
                  progress: Callable[[float], None] | None = None) -> SheetRead:
    """Read a workbook in a child process; raise SniffError(kind, code) for every failure."""
    limits = limits or WorkbookLimits()
    job = Job(progress, cancel if cancel is not None else threading.Event())
    child = _taken_ahead(data, limits) or _start(data, limits)
    with contextlib.suppress(OSError):  # a child that stopped already: result() says how
        child.send(_Request(layouts, mappings, want))
    columns: dict[int, list[str]] = {}

    def unpack(piece: tuple[int, list[str] | str]) -> None:
        columns[piece[0]] = unpack_column(piece[1])

    try:
        got: SheetRead = child.result(job, limits.timeout_s, on_piece=unpack)
    except Cancelled:
        raise SniffError("cancelled", "cancelled") from None
    except TimedOut:
        raise SniffError("too_large", "workbook_timeout", seconds=round(limits.timeout_s)) from None
    except ChildFailed as failure:
        raise _crashed(failure.exitcode) from None
    got.columns = columns
    return got


def _start(data: bytes, limits: WorkbookLimits) -> Child:
    # a fork starts at once with what this process has imported; a spawn boots an interpreter first
    return Child(_guarded_read, data, limits, name="seller-gui-workbook", fast_exit=True,
                 method="fork" if can_fork() else "spawn")


@dataclass
class _Ahead:
    data: bytes
    limits: WorkbookLimits
    child: Child


_AHEAD: list[_Ahead] = []


def start_ahead(data: bytes, limits: WorkbookLimits | None = None) -> bool:
    """Start reading ``data`` in its child now when it is a workbook (True), so the caller can do other
    work while it parses (the command line imports pandas; see ahead.py); ``read_workbook`` of the
    same bytes and limits takes the read over. ``stop_reading_ahead`` ends the reads nobody took."""
    try:
        if sniff.sniff_kind(data) not in sniff.WORKBOOK_KINDS:
            return False
    except Exception:  # only a head start: the loader reads the file again and says what is wrong
        return False
    limits = limits or WorkbookLimits()
    _AHEAD.append(_Ahead(data, limits, _start(data, limits)))
    return True


def stop_reading_ahead() -> None:
    """End the reads started ahead that ``read_workbook`` did not take over."""
    while _AHEAD:
        _AHEAD.pop().child.stop()


def _taken_ahead(data: bytes, limits: WorkbookLimits) -> Child | None:
    for ahead in _AHEAD:
        if ahead.limits == limits and ahead.data == data:
            _AHEAD.remove(ahead)
            return ahead.child
    return None


def _crashed(exitcode: int | None) -> SniffError:
    log.warning("workbook reader stopped with exit code %s", exitcode)
    if exitcode is not None and exitcode < 0:  # killed by a signal: an abort on a huge allocation
        return SniffError("too_large", "workbook_memory_cap")
    return SniffError("damaged", "workbook_reader_stopped")
