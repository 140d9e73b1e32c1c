"""Open one order export, whatever it is, and return its normalised order lines.

bytes (read once) -> sniff (type, encoding, delimiter, header row) -> layout (profile detected from
the header, or the user's saved mapping) -> only the needed columns, as text -> normalise -> lines.
Every way a file can be wrong ends as an OrderFileError with a stable ``kind``.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import re
import stat
import threading
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from seller_gui.core.errors import OrderFileError
from seller_gui.core.i18n import Message
from seller_gui.core.reading import ahead, delimited, sniff
from seller_gui.core.reading.normalize import (
    EXCEL_SERIALS,
    RawColumns,
    blank,
    build_lines,
    conform,
    drop_identical,
    empty_lines,
    fold_identical,
    text_codes,
    without_rows,
)
from seller_gui.core.reading.profiles import (
    HEADER_SCAN_ROWS,
    MULTI_COLUMN_FIELDS,
    Layout,
    Match,
    Profile,
    all_layouts,
    closest_partial,
    load_profiles,
    pick_header,
)
from seller_gui.core.reading.sniff import SniffError
from seller_gui.core.reading.workbook import WorkbookLimits, read_workbook
from seller_gui.core.storage.mappings import MappingStore

log = logging.getLogger(__name__)
# The app's records go to the log file setup_logging adds; with no handler at all (the command line)
# Python would print warnings to stderr, and `report` promises one stderr line per bad file.
logging.getLogger("seller_gui").addHandler(logging.NullHandler())

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 2 * 2**30
    max_rows: int = 5_000_000
    max_inflated_bytes: int = 2**30
    workbook: WorkbookLimits = field(default_factory=WorkbookLimits)


@dataclass
class RawTable:
    """A table as found in a file: the data rows as text under the raw header, and how it was read."""

    path: Path
    kind: str  # "text", "html", "xlsx", "xls", ...
    encoding: str | None
    sheet: str | None
    delimiter: str | None
    header_index: int  # 0-based row of the header in the file or sheet
    header: list[str]
    frame: pd.DataFrame  # columns: the header cells (made unique), all text


@dataclass
class LoadedFile:
    path: Path
    marketplace: str
    encoding: str | None
    sheet: str | None
    rows: int
    orders: int
    lines: pd.DataFrame
    header: list[str]
    warnings: list[Message]
    layout: str = ""  # e.g. "aupay/wowma_order_csv", "user:<fingerprint>"
    companions: list[Path] = field(default_factory=list)  # files joined into this one (Yahoo items)


@dataclass
class _Table:
    """Internal: the needed columns of one table, by header position, before normalising."""

    kind: str
    encoding: str | None
    sheet: str | None
    delimiter: str | None
    header_index: int
    header: list[str]
    match: Match | None
    columns: dict[int, pd.Series]
    rows: int
    notes: list[Message] = field(default_factory=list)  # what reading noticed: warnings of the file


def _fail(path: Path, kind: str, code: str | Message, **params: object) -> OrderFileError:
    return OrderFileError(path, kind, code, **params)


def _read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes, at most the size limit: only a regular file is opened (a FIFO would block
    the open and a device never ends), and one that grows while read is cut at limit + 1 bytes."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _not_regular(path)
        # non-blocking, so a file swapped for a FIFO after the check still cannot hang the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb", closefd=True) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _not_regular(path)
            if info.st_size > limits.max_file_bytes:
                raise _too_large(path, info.st_size, limits)
            data = ahead.taken(info)  # the command line reads its first file while it imports pandas
            if data is None:
                data = _read_at_most(handle, info.st_size, limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            raise _too_large(path, len(data), limits)
        return data
    except OrderFileError:
        raise
    except IsADirectoryError as exc:
        raise _fail(path, "unreadable", "is_folder") from exc
    except PermissionError as exc:
        raise _fail(path, "unreadable", "no_permission") from exc
    except FileNotFoundError as exc:
        raise _fail(path, "unreadable", "not_found") from exc
    except OSError as exc:
        raise _fail(path, "unreadable", "os_error", error=type(exc).__name__) from exc


def _read_at_most(handle: io.BufferedReader, size: int, most: int) -> bytes:
    """Up to ``most`` bytes: the stated size (and one more) at once, then a file that grew in steps,
    so no buffer is ever sized by the limit alone."""
    data = handle.read(min(size + 1, most))
    if len(data) <= size or len(data) >= most:
        return data
    chunks = [data]
    total = len(data)
    while total < most:
        chunk = handle.read(min(_GROWTH_STEP, most - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


_GROWTH_STEP = 16 * 2**20


def _not_regular(path: Path) -> OrderFileError:
    if path.is_dir():
        return _fail(path, "unreadable", "is_folder")
    return _fail(path, "unreadable", "not_a_regular_file")


def _too_large(path: Path, size: int, limits: Limits) -> OrderFileError:
    return _fail(path, "too_large", "file_too_large", size_mb=round(size / 2**20),
                 limit_mb=round(limits.max_file_bytes / 2**20))


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise SniffError("cancelled", "cancelled")


def _read_any(path: Path, data: bytes, layouts: list[Layout], mapped: dict[str, Layout], *,
              want: str, limits: Limits, cancel: threading.Event | None,
              progress: Progress | None) -> _Table:
    kind = sniff.sniff_kind(data)
    if kind == sniff.EMPTY:
        raise SniffError("empty", "empty_file")
    if kind == sniff.ENCRYPTED:
        raise SniffError("encrypted", "encrypted_workbook")
    if kind == sniff.UNSUPPORTED:
        raise SniffError("unsupported", "not_an_export")
    if kind in sniff.WORKBOOK_KINDS:
        if kind != sniff.XLS:
            sniff.check_zip(data, sniff.ZipLimits(limits.max_inflated_bytes))
        got = read_workbook(data, layouts, mapped, want=want, limits=limits.workbook, cancel=cancel,
                            progress=progress)
        if got.rows > limits.max_rows:
            raise SniffError("too_large", "too_many_rows", rows=got.rows, limit=limits.max_rows)
        columns = {p: pd.Series(got.column(p), dtype=object) for p in got.columns}
        return _Table(kind, None, got.sheet, None, got.header_index, got.header, got.match, columns,
                      got.rows)
    if kind == sniff.HTML:
        return _read_html(data, layouts, mapped, want)
    return _read_text(data, layouts, mapped, want=want, limits=limits, cancel=cancel, progress=progress)


def _read_html(data: bytes, layouts: list[Layout], mapped: dict[str, Layout], want: str) -> _Table:
    for encoding in sniff.html_encoding(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        rows = sniff.html_rows(text)
        _, index, header, match, _ = pick_header(rows, layouts, mapped)
        body = rows[index + 1:]
        columns = {p: pd.Series([r[p] if p < len(r) else "" for r in body], dtype=object)
                   for p in _positions(header, match, want)}
        return _Table(sniff.HTML, encoding, None, None, index, header, match, columns, len(body))
    raise SniffError("encoding", "html_encoding_unknown")


def _positions(header: list[str], match: Match | None, want: str) -> list[int]:
    if want == "all" or match is None:
        return list(range(len(header)))
    found = {p for hits in match.columns.values() for hit in hits for p in hit}
    return sorted(found | set(match.flag_columns.values()))


def _read_text(data: bytes, layouts: list[Layout], mapped: dict[str, Layout], *, want: str,
               limits: Limits, cancel: threading.Event | None, progress: Progress | None) -> _Table:
    failed: list[str] = []
    # strict candidates first; then, for a file no encoding decodes whole, the one it mostly is in
    lenient = (e for e in [sniff.mostly(data)] if e is not None)
    tries = itertools.chain(((e, False) for e in sniff.encoding_ladder(data)), ((e, True) for e in lenient))
    for encoding, tolerant in tries:
        try:
            sample = sniff.decode_sample(data, encoding, errors="replace" if tolerant else "strict")
        except UnicodeDecodeError:
            failed.append(encoding)
            continue
        if len(data) <= sniff.SAMPLE_BYTES and not sample.endswith(("\n", "\r")):
            sample += "\n"  # the sample is the whole file: its last line is complete without a break
        rows, delimiter = sniff.preview_text(sample, HEADER_SCAN_ROWS + 5)
        if not rows and len(data) > sniff.SAMPLE_BYTES:  # the sample is cut and no line ends inside it
            raise SniffError("unknown_layout", "no_line_end", kb=sniff.SAMPLE_BYTES // 1024)
        if not rows:
            raise SniffError("empty", "no_rows")
        _, index, header, match, _ = pick_header(rows, layouts, mapped)
        if match is None and want != "all":
            return _Table(sniff.TEXT, encoding, None, delimiter, index, header, None, {}, 0)
        positions = _positions(header, match, want)
        cut = _last_row_cut(data, delimiter, len(header))
        try:
            parsed = delimited.parse_columns(
                data, encoding, delimiter, index, len(header), positions, max_rows=limits.max_rows,
                cancel=cancel, progress=None if progress is None else (lambda f: progress(0.1 + 0.6 * f)),
                tolerant=tolerant)
        except UnicodeDecodeError:
            log.info("encoding %s failed beyond the sample; trying the next", encoding)
            failed.append(encoding)
            continue
        count, bad = parsed.count, parsed.bad_rows
        columns = {p: pd.Series(cells, dtype=object, copy=False) for p, cells in parsed.columns.items()}
        notes: list[Message] = []
        if cut and count:
            count -= 1
            columns = {p: column.iloc[:count] for p, column in columns.items()}
            bad = {p: rows[rows < count] for p, rows in bad.items()}
            notes.append(Message("last_row_cut", {"row": index + 2 + count}))
        notes += _undecodable_notes(bad, header, index, match)
        return _Table(sniff.TEXT, encoding, None, delimiter, index, header, match, columns, count, notes)
    tried = ", ".join(failed) if failed else "UTF-8, CP932"
    raise SniffError("encoding", "encoding_unknown", tried=tried)


def _last_row_cut(data: bytes, delimiter: str, width: int) -> bool:
    """Whether the file stops inside its last row, as one still downloading does: no line break at
    the end, and an unquoted last line with fewer fields than the header and than the line before."""
    if data.endswith((b"\n", b"\r")):
        return False
    start = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
    if start == 0:  # one line: the header itself
        return False
    last = data[start:]
    sep = delimiter.encode("ascii")
    if b'"' in last or not last.strip(b" \t\x00"):
        return False  # a quoted record may span lines; the parser reports one cut inside quotes
    fields = last.count(sep) + 1
    end = start
    while end and data[end - 1] in b"\r\n":
        end -= 1
    before = data[max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1:end]
    before_fields = before.count(sep) + 1 if before.strip() and b'"' not in before else width
    return fields < width and fields < before_fields


_LISTED_ROWS = 5


def _undecodable_notes(bad: dict[int, np.ndarray], header: list[str], header_index: int,
                       match: Match | None) -> list[Message]:
    """A warning per column with undecodable cells, naming its rows (never the text). Order numbers
    stay strict: two garbled ones would read alike and merge two orders."""
    keys = {p for hit in (match.columns.get("order_id", ()) if match else ()) for p in hit}
    notes = []
    for p, rows in sorted(bad.items()):
        if not len(rows):
            continue
        listed = ", ".join(str(int(r) + header_index + 2) for r in rows[:_LISTED_ROWS])
        if len(rows) > _LISTED_ROWS:
            listed += ", …"
        params = {"column": str(header[p]) if p < len(header) else f"column {p + 1}", "rows": listed}
        if p in keys:
            raise SniffError("encoding", "order_number_undecodable", **params)
        notes.append(Message("cells_undecodable", {"count": len(rows), **params}))
    return notes


# ---------------------------------------------------------------- public API


def read_table(path: str | Path, *, limits: Limits | None = None, cancel: threading.Event | None = None,
               progress: Progress | None = None) -> RawTable:
    """Any table file (CSV/TSV/xlsx/xls/HTML) as raw text under its header row; raises OrderFileError.

    The header row is the one that matches a marketplace layout, else the widest of the first rows.
    """
    path = Path(path)
    limits = limits or Limits()
    data = _read_bytes(path, limits)
    try:
        table = _read_any(path, data, all_layouts(load_profiles()), {}, want="all", limits=limits,
                          cancel=cancel, progress=progress)
    except SniffError as exc:
        raise _fail(path, exc.kind, exc.message) from None
    except OrderFileError:
        raise
    except Exception as exc:
        raise _unexpected(path, exc) from None
    names = _unique_names(table.header, len(table.columns))
    frame = pd.DataFrame({names[i]: col.fillna("") for i, col in enumerate(table.columns.values())})
    return RawTable(path, table.kind, table.encoding, table.sheet, table.delimiter, table.header_index,
                    table.header, frame)


def _unique_names(header: list[str], width: int) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        base = str(header[i]).strip() if i < len(header) and str(header[i]).strip() else f"column {i + 1}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        names.append(base if n == 0 else f"{base}.{n}")
    return names


def load_order_file(path: str | Path, *, mappings: MappingStore | None = None, shop: str | None = None,
                    cancel: threading.Event | None = None, progress: Progress | None = None,
                    limits: Limits | None = None, profiles_dir: Path | None = None) -> LoadedFile:
    """One order export -> its normalised lines. Raises OrderFileError (and only that) for a bad file."""
    path = Path(path)
    limits = limits or Limits()
    if progress is not None:
        progress(0.0)
    # no local name for the bytes, so they can be freed once parsed
    return load_order_bytes(_read_bytes(path, limits), path, mappings=mappings, shop=shop, cancel=cancel,
                            progress=progress, limits=limits, profiles_dir=profiles_dir)


def load_order_bytes(data: bytes, path: str | Path, *, mappings: MappingStore | None = None,
                     shop: str | None = None, cancel: threading.Event | None = None,
                     progress: Progress | None = None, limits: Limits | None = None,
                     profiles_dir: Path | None = None) -> LoadedFile:
    """The same as ``load_order_file`` for a file already in memory; ``path`` only names it."""
    path = Path(path)
    limits = limits or Limits()
    if len(data) > limits.max_file_bytes:
        raise _too_large(path, len(data), limits)
    with _file_errors(path):
        _check(cancel)
        profiles = load_profiles(profiles_dir)
        mapped = mappings.layouts() if mappings is not None else {}
        table = _read_any(path, data, all_layouts(profiles), mapped, want="match", limits=limits,
                          cancel=cancel, progress=progress)
        del data
        _check(cancel)
        loaded = _normalise(path, table, profiles, shop)
    if progress is not None:
        progress(1.0)
    _log_loaded(loaded)
    return loaded


def _log_loaded(loaded: LoadedFile) -> None:
    log.info("loaded %s: %s/%s, %d rows, %d orders", loaded.path.name, loaded.marketplace, loaded.layout,
             loaded.rows, loaded.orders)


@contextmanager
def _file_errors(path: Path) -> Iterator[None]:
    """Every way reading or normalising ``path`` can fail, as an OrderFileError."""
    try:
        yield
    except SniffError as exc:
        raise _fail(path, exc.kind, exc.message) from None
    except OrderFileError:
        raise
    except MemoryError:
        raise _fail(path, "too_large", "out_of_memory") from None
    except pd.errors.ParserError as exc:
        raise _fail(path, "damaged", _parser_detail(exc)) from None
    except pd.errors.EmptyDataError:
        raise _fail(path, "empty", "no_rows") from None
    except Exception as exc:
        raise _unexpected(path, exc) from None


def _parser_detail(exc: Exception) -> Message:
    text = str(exc)
    line = re.search(r"line (\d+)", text)
    quote = "EOF inside string" in text
    if line:
        return Message("unclosed_quote_at" if quote else "bad_row_at", {"line": int(line.group(1))})
    return Message("unclosed_quote" if quote else "bad_row")


def _unexpected(path: Path, exc: Exception) -> OrderFileError:
    # the message of a library error may quote a cell, so only its type and location are logged
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    log.error("unexpected %s while reading %s at %s", type(exc).__name__, path.name,
              "; ".join(f"{Path(f.filename).name}:{f.lineno}" for f in frames))
    return _fail(path, "damaged", "unexpected_error", error=type(exc).__name__)


def _layout_error(path: Path, table: _Table, profiles: dict[str, Profile]) -> OrderFileError:
    partial = closest_partial(table.header, all_layouts(profiles))
    if partial is not None:
        layout = partial.layout
        needed = ", ".join(layout.fields.get(f, (f,))[0] for f in partial.missing)
        return _fail(path, "missing_columns", "layout_lacks_columns", layout=layout.title, columns=needed,
                     marketplace=Message(f"marketplace_{layout.marketplace}"))
    return _fail(path, "unknown_layout", "no_known_layout", rows=HEADER_SCAN_ROWS)


def _normalise(path: Path, table: _Table, profiles: dict[str, Profile], shop: str | None) -> LoadedFile:
    match = table.match
    if match is None:
        raise _layout_error(path, table, profiles)
    layout = match.layout
    profile = profiles.get(layout.marketplace) or profiles["generic"]
    if layout.role == "items":
        raise _fail(path, "missing_columns", "item_file_alone",
                    marketplace=Message(f"marketplace_{profile.key}"))
    raw = _raw_columns(table, match)
    first_row = table.header_index + 2  # 1-based, header row counted
    source_rows = np.arange(first_row, first_row + table.rows, dtype="int64")
    used = [s for series in raw.fields.values() for s in series]
    rows = table.rows - len(_blank_rows(used, table.rows))
    if layout.row_type:
        raw, source_rows = _merge_row_types(raw, layout, source_rows)
    order_ids = raw.first("order_id")
    keep = ~blank(order_ids).to_numpy() if order_ids is not None else np.zeros(len(source_rows), bool)
    if not keep.all():
        raw = RawColumns({k: [s[keep].reset_index(drop=True) for s in v] for k, v in raw.fields.items()},
                         {k: s[keep].reset_index(drop=True) for k, s in raw.flags.items()}, raw.names)
        source_rows = source_rows[keep]
    if len(source_rows) == 0:
        raise _fail(path, "not_orders", "header_without_orders",
                    marketplace=Message(f"marketplace_{profile.key}"))
    lines, warnings = build_lines(raw, layout, profile, source_file=path.name, source_rows=source_rows,
                                  shop=shop)
    warnings = [*table.notes, *warnings]
    before = len(lines)
    lines = drop_identical(lines)
    if before != len(lines):
        warnings.append(Message("duplicates_counted_once", {"count": before - len(lines)}))
    if "ordered_at" not in match.columns:
        warnings.append(Message("no_order_date_column"))
    return LoadedFile(
        path=path, marketplace=profile.key, encoding=table.encoding, sheet=table.sheet, rows=rows,
        orders=len(text_codes(lines["order_id"].to_numpy(dtype=object))[1]), lines=lines, header=[str(c) for c in table.header],
        warnings=warnings, layout=f"{profile.key}/{layout.name}",
    )


def _blank_rows(columns: list[pd.Series], rows: int) -> np.ndarray:
    """The rows blank in every column (each column is checked on the rows still blank)."""
    if not columns:
        return np.arange(rows)
    still = np.flatnonzero(blank(columns[0]).to_numpy())
    for column in columns[1:]:
        if not len(still):
            break
        still = still[blank(column.iloc[still]).to_numpy()]
    return still


def _raw_columns(table: _Table, match: Match) -> RawColumns:
    def column(hit: tuple[int, ...]) -> pd.Series:
        parts = [_filled(table.columns[p]) for p in hit]
        if len(parts) == 1:
            return parts[0]
        joined = parts[0]
        for part in parts[1:]:
            joined = joined + " " + part
        return joined.str.strip()

    fields: dict[str, list[pd.Series]] = {}
    for name, hits in match.columns.items():
        found = [column(hit) for hit in hits]
        if name not in MULTI_COLUMN_FIELDS:
            found = [_first_filled(found)]
        fields[name] = found
    names = {name: " + ".join(str(table.header[p]) for p in hits[0]) for name, hits in match.columns.items()}
    flags = {flag: _filled(table.columns[p]) for flag, p in match.flag_columns.items()}
    return RawColumns(fields, flags, names)


def _first_filled(candidates: list[pd.Series]) -> pd.Series:
    """Per row, the first non-empty of the candidate columns (the first column itself when it has
    no empty cell)."""
    column = candidates[0]
    first = column.to_numpy(dtype=object)
    empty = np.flatnonzero(first == "") if len(candidates) > 1 else np.empty(0, dtype=np.int64)
    if not len(empty) and column.dtype == object:
        return column
    merged = first.copy()
    for extra in candidates[1:]:
        merged[empty] = extra.to_numpy(dtype=object)[empty]
        empty = empty[merged[empty] == ""]
    return pd.Series(merged, index=candidates[0].index, dtype=object, copy=False)


def _filled(series: pd.Series) -> pd.Series:
    # workbook and HTML columns arrive as object text without gaps; parsed CSV columns may have NaN
    return series if series.dtype == object else series.fillna("").astype(object)


def _merge_row_types(raw: RawColumns, layout: Layout, source_rows: np.ndarray
                     ) -> tuple[RawColumns, np.ndarray]:
    """Mercari Shops: fold each order row into its product rows (same order_id, or the rows after it)."""
    kinds = raw.first("row_type").map(lambda v: str(v).strip().casefold())
    is_order = (kinds == layout.row_type.get("order", "order")).to_numpy()
    is_line = (kinds == layout.row_type.get("line", "product")).to_numpy()
    order_id = raw.first("order_id")
    key = order_id.where(~blank(order_id)).ffill()
    # rows before the first order number have no group (NaN): they have no order to belong to
    has_lines = pd.Series(is_line).groupby(key.to_numpy()).transform("any").eq(True).to_numpy()
    keep = is_line | (is_order & ~has_lines)
    fields: dict[str, list[pd.Series]] = {}
    for name, series_list in raw.fields.items():
        merged = []
        for series in series_list:
            from_order = series.where(pd.Series(is_order) & ~blank(series))
            per_order = from_order.groupby(key.to_numpy()).transform("first")
            filled = series.where(~blank(series), per_order).fillna("")
            merged.append(filled[keep].reset_index(drop=True))
        fields[name] = merged
    fields["order_id"] = [key.fillna("")[keep].reset_index(drop=True)]
    flags = {k: s[keep].reset_index(drop=True) for k, s in raw.flags.items()}
    return RawColumns(fields, flags, raw.names), source_rows[keep]


def load_order_files(paths: list[str | Path], *, mappings: MappingStore | None = None,
                     cancel: threading.Event | None = None, limits: Limits | None = None,
                     progress: Progress | None = None,
                     ) -> tuple[list[LoadedFile], list[OrderFileError]]:
    """Several files; Yahoo! item files are joined to the order files they belong to (on OrderId).

    A file that cannot be read is kept with its reason and the others still load; a cancel raises
    OrderFileError(kind="cancelled"). ``progress`` gets the fraction of all the files done. Small
    files that share a layout are normalised together, which gives exactly what one by one gives.
    """
    paths = [Path(p) for p in paths]
    limits = limits or Limits()
    profiles = load_profiles()
    layouts = all_layouts(profiles)
    mapped = mappings.layouts() if mappings is not None else {}
    results: list[LoadedFile | OrderFileError | pd.DataFrame | None] = [None] * len(paths)
    batches: dict[tuple, list[_Pending]] = {}
    batch_rows: dict[tuple, int] = {}

    def flush(key: tuple) -> None:
        _check(cancel)
        batch = batches.pop(key)
        del batch_rows[key]
        for pending, result in zip(batch, _normalise_batch(batch, profiles), strict=True):
            results[pending.index] = result

    for index, path in enumerate(paths):
        def file_progress(fraction: float, index: int = index) -> None:
            if progress is not None:
                progress((index + max(0.0, min(1.0, fraction))) / len(paths))

        try:
            file_progress(0.0)
            data = _read_bytes(path, limits)
            with _file_errors(path):
                _check(cancel)
                table = _read_any(path, data, layouts, mapped, want="match", limits=limits, cancel=cancel,
                                  progress=file_progress)
                del data
                _check(cancel)
                key = _batch_key(table)
                if key is None:
                    loaded = _normalise(path, table, profiles, None)
                    _log_loaded(loaded)
                    results[index] = loaded
                else:
                    batches.setdefault(key, []).append(_Pending(index, path, table))
                    batch_rows[key] = batch_rows.get(key, 0) + table.rows
                    if batch_rows[key] >= _BATCH_ROWS:
                        flush(key)
        except OrderFileError as exc:
            if exc.kind == "cancelled":
                raise
            items = _yahoo_items(path, limits) if exc.kind == "missing_columns" else None
            results[index] = exc if items is None else items
        except OSError as exc:  # e.g. a folder, or a file deleted since it was chosen
            results[index] = _fail(path, "unreadable", "os_error", error=type(exc).__name__)
        file_progress(1.0)
    for key in list(batches):
        with _file_errors(batches[key][-1].path):  # a cancel names the last file read, as above
            flush(key)
    loaded = [r for r in results if isinstance(r, LoadedFile)]
    errors = [r for r in results if isinstance(r, OrderFileError)]
    for path, items in zip(paths, results, strict=True):
        if not isinstance(items, pd.DataFrame):
            continue
        owners = [f for f in loaded if f.marketplace == "yahoo" and
                  f.lines["order_id"].isin(items["order_id"]).any()]
        if not owners:
            errors.append(_fail(path, "missing_columns", "item_file_without_orders",
                                marketplace=Message("marketplace_yahoo")))
            continue
        for owner in owners:
            _join_items(owner, items, path)
    return loaded, errors


# Files up to this many rows wait to be normalised with others of their layout; a batch is
# normalised once it holds this many rows, so waiting tables never hold much memory.
_BATCH_FILE_ROWS = 20_000
_BATCH_ROWS = 200_000


@dataclass
class _Pending:
    """A table read and matched, waiting to be normalised with the others of its layout."""

    index: int
    path: Path
    table: _Table


def _batch_key(table: _Table) -> tuple | None:
    """Tables with the same key give the same raw columns, names and rules; None: normalise alone."""
    match = table.match
    if match is None or match.layout.role != "orders" or match.layout.row_type or \
            table.rows > _BATCH_FILE_ROWS:
        return None  # errors, item files and Mercari's row folding (it groups across rows) stay per file
    names = tuple(str(table.header[p]) for hits in match.columns.values() for hit in hits for p in hit)
    # the layout object itself: profiles are cached and user layouts come from one mappings read
    return (id(match.layout), tuple(match.columns.items()), tuple(match.flag_columns.items()), names)


def _normalise_batch(batch: list[_Pending], profiles: dict[str, Profile]
                     ) -> list[LoadedFile | OrderFileError]:
    """``_normalise`` for each table of one batch, with one ``build_lines`` for all their rows."""
    if len(batch) == 1:
        return [_normalise_one(batch[0], profiles)]
    try:
        done = _build_batch(batch, profiles)
    except Exception:  # only one file by one can say which file it was
        log.info("a batch of %d files failed; reading them one by one", len(batch))
        done = None
    if done is not None:
        return done
    half = len(batch) // 2  # some file has a warning: halves until each warning is a file's own
    return _normalise_batch(batch[:half], profiles) + _normalise_batch(batch[half:], profiles)


def _normalise_one(pending: _Pending, profiles: dict[str, Profile]) -> LoadedFile | OrderFileError:
    try:
        with _file_errors(pending.path):
            loaded = _normalise(pending.path, pending.table, profiles, None)
    except OrderFileError as exc:
        return exc
    _log_loaded(loaded)
    return loaded


def _build_batch(batch: list[_Pending], profiles: dict[str, Profile]
                 ) -> list[LoadedFile | OrderFileError] | None:
    """The batch's files, or None when build_lines had something to say (whose, it cannot tell)."""
    tables = [p.table for p in batch]
    first = tables[0]
    match = first.match
    assert match is not None
    layout = match.layout
    profile = profiles.get(layout.marketplace) or profiles["generic"]
    sizes = np.array([t.rows for t in tables], dtype="int64")
    file_of_row = np.repeat(np.arange(len(batch)), sizes)
    columns = {p: pd.Series(np.concatenate([_filled(t.columns[p]).to_numpy(dtype=object) for t in tables]),
                            dtype=object) for p in _positions(first.header, match, "match")}
    raw = _raw_columns(replace(first, columns=columns, rows=int(sizes.sum())), match)
    source_rows = np.concatenate([np.arange(t.header_index + 2, t.header_index + 2 + t.rows, dtype="int64")
                                  for t in tables])
    used = [s for series in raw.fields.values() for s in series]
    blank_rows = np.bincount(file_of_row[_blank_rows(used, len(file_of_row))], minlength=len(batch))
    order_ids = raw.first("order_id")
    assert order_ids is not None  # a complete match has every required field, order_id among them
    keep = ~blank(order_ids).to_numpy()
    if not keep.all():
        raw = RawColumns({k: [s[keep].reset_index(drop=True) for s in v] for k, v in raw.fields.items()},
                         {k: s[keep].reset_index(drop=True) for k, s in raw.flags.items()}, raw.names)
        source_rows, file_of_row = source_rows[keep], file_of_row[keep]
    if not len(source_rows) or _may_hold_serial_dates(raw):
        return None  # nothing to share, or dates whose reading depends on the other files' values
    names = np.array([p.path.name for p in batch], dtype=object)
    lines, notes = build_lines(raw, layout, profile, source_file=names[file_of_row], source_rows=source_rows,
                               shop=None)
    if notes:
        return None
    lines, file_of_row, dropped = _drop_identical_per_file(lines, file_of_row, len(batch))
    counts = np.bincount(file_of_row, minlength=len(batch))
    ends = np.cumsum(counts)
    orders = _orders_per_file(lines["order_id"].to_numpy(dtype=object), file_of_row, len(batch))
    done: list[LoadedFile | OrderFileError] = []
    for i, pending in enumerate(batch):
        table = pending.table
        if not counts[i]:
            done.append(_fail(pending.path, "not_orders", "header_without_orders",
                              marketplace=Message(f"marketplace_{profile.key}")))
            continue
        warnings: list[Message] = list(table.notes)
        if dropped[i]:
            warnings.append(Message("duplicates_counted_once", {"count": int(dropped[i])}))
        if "ordered_at" not in match.columns:
            warnings.append(Message("no_order_date_column"))
        loaded = LoadedFile(
            path=pending.path, marketplace=profile.key, encoding=table.encoding, sheet=table.sheet,
            rows=int(table.rows - blank_rows[i]), orders=int(orders[i]),
            lines=lines.iloc[ends[i] - counts[i]:ends[i]].reset_index(drop=True),
            header=[str(c) for c in table.header], warnings=warnings, layout=f"{profile.key}/{layout.name}",
        )
        _log_loaded(loaded)
        done.append(loaded)
    return done


def _may_hold_serial_dates(raw: RawColumns) -> bool:
    """Whether a deadline column may hold Excel day numbers: whether those are read as whole days
    depends on every value of the column, so such files are normalised one by one."""
    for name in ("ship_by", "shipped_at"):
        column = raw.first(name)
        if column is None:
            continue
        distinct = pd.unique(column.to_numpy(dtype=object))
        text = [v if v.isascii() else unicodedata.normalize("NFKC", v) for v in distinct if isinstance(v, str)]
        numbers = pd.to_numeric(pd.Series(text, dtype=object).str.strip(), errors="coerce")
        if numbers.between(*EXCEL_SERIALS).any():
            return True
    return False


def _drop_identical_per_file(lines: pd.DataFrame, file_of_row: np.ndarray, files: int
                             ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """``drop_identical`` on each file's lines: (lines kept, their file, lines dropped per file)."""
    keys = pd.DataFrame({"file": file_of_row, "order_id": lines["order_id"], "line_id": lines["line_id"]})
    maybe = keys.duplicated(keep=False).to_numpy()
    if not maybe.any():
        return lines, file_of_row, np.zeros(files, dtype="int64")
    lines, gone = fold_identical(lines, maybe, within=file_of_row)
    dropped = np.bincount(file_of_row[gone], minlength=files)
    kept = np.ones(len(lines), bool)
    kept[gone] = False
    return without_rows(lines, gone), file_of_row[kept], dropped


def _orders_per_file(order_id: np.ndarray, file_of_row: np.ndarray, files: int) -> np.ndarray:
    codes, uniques = pd.factorize(order_id)
    pairs = np.unique(file_of_row.astype("int64") * (len(uniques) + 1) + codes)
    return np.bincount(pairs // (len(uniques) + 1), minlength=files)


def _yahoo_items(path: Path, limits: Limits | None) -> pd.DataFrame | None:
    """The lines of a Yahoo! item file (or None when the file is something else)."""
    limits = limits or Limits()
    profiles = load_profiles()
    yahoo = profiles.get("yahoo")
    if yahoo is None:
        return None
    items_layouts = [lay for lay in yahoo.layouts if lay.role == "items"]
    try:
        data = _read_bytes(path, limits)
        table = _read_any(path, data, items_layouts, {}, want="match", limits=limits, cancel=None,
                          progress=None)
    except (SniffError, OrderFileError):
        return None
    if table.match is None:
        return None
    raw = _raw_columns(table, table.match)
    first_row = table.header_index + 2
    source_rows = np.arange(first_row, first_row + table.rows, dtype="int64")
    as_orders = replace(table.match.layout, role="orders")
    lines, _ = build_lines(raw, as_orders, yahoo, source_file=path.name, source_rows=source_rows, shop=None)
    return lines[lines["order_id"] != ""]


def _join_items(owner: LoadedFile, items: pd.DataFrame, item_path: Path) -> None:
    order_level = ["marketplace", "shop", "order_id", "ordered_at", "status", "cancel_cause",
                   "cancel_reason", "ship_by", "shipped_at", "buyer_name", "payment_method", "fulfilment",
                   "flags", "source_file", "source_row"]
    orders = owner.lines.drop_duplicates("order_id")[order_level]
    item_cols = ["order_id", "line_id", "sku", "item_name", "quantity", "unit_price", "amount"]
    joined = orders.merge(items[item_cols], on="order_id", how="inner")
    without = owner.lines[~owner.lines["order_id"].isin(items["order_id"])]
    owner.lines = conform(pd.concat([joined, without], ignore_index=True)
                          .sort_values(["source_row", "line_id"], kind="stable").reset_index(drop=True))
    owner.companions.append(item_path)
    owner.warnings.append(Message("items_joined", {"file": item_path.name}))


def combine(files: list[LoadedFile]) -> pd.DataFrame:
    """All lines of several files; a line found in several files counts once.

    The copy kept comes from the file whose newest order is latest (the freshest download), and on a
    tie from the later file in the list.
    """
    frames = [f.lines for f in files if len(f.lines)]
    if not frames:
        return empty_lines()
    if len(frames) == 1:  # one file has no line in another to drop; its frame is conformed already
        return frames[0].copy(deep=False)
    newest = [f.lines["ordered_at"].max() if len(f.lines) else pd.NaT for f in files if len(f.lines)]
    order = sorted(range(len(frames)), key=lambda i: (pd.Timestamp.min.tz_localize("UTC")
                                                       if pd.isna(newest[i]) else newest[i], i))
    ranked = [frames[i] for i in order]
    every = pd.concat(ranked, ignore_index=True)
    key = ["marketplace", "shop", "order_id", "line_id", "sku"]
    # only lines whose key is found more than once can be dropped: rank and count just those
    shared = every.duplicated(key, keep=False).to_numpy()
    if shared.any():
        rank = np.repeat(np.arange(len(ranked)), [len(f) for f in ranked])[shared]
        some = every.loc[shared, key].assign(_rank=rank)
        some["_nth"] = some.groupby(["_rank", *key], sort=False).cumcount()
        dropped = some.duplicated([*key, "_nth"], keep="last")
        every = every.drop(index=dropped[dropped].index)
    return conform(every.reset_index(drop=True))


__all__ = ["LoadedFile", "Limits", "RawTable", "combine", "load_order_bytes", "load_order_file",
           "load_order_files", "read_table"]
