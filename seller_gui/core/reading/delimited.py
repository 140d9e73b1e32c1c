"""The asked-for columns of a delimited text export (CSV, TSV), as text exactly as written.

The pandas C parser splits the raw bytes; cells in a multi-byte encoding whose bytes never look like
a comma, quote or line break (CP932, EUC-JP) are decoded afterwards, only in the columns kept. A big
export is cut in two at a line break outside quotes and its second part parsed at the same time by a
forked copy of this process (Linux, no threads running); whenever the two parts could read differently
from one pass, the file is parsed again in one pass, so errors and their line numbers are always the
one-pass ones.
"""

from __future__ import annotations

import codecs
import io
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from seller_gui.core.job import Cancelled, Child, Job, can_fork
from seller_gui.core.reading.cells import pack_column, unpack_column
from seller_gui.core.reading.sniff import SniffError

log = logging.getLogger(__name__)

Progress = Callable[[float], None]
CHUNK_ROWS = 250_000

# Codecs whose multi-byte characters never use a byte below 0x40, so a comma, tab, quote or line
# break in the raw bytes is always one (Shift_JIS trail bytes start at 0x40; EUC-JP's at 0xA1).
_ASCII_SAFE_CODECS = frozenset({"cp932", "shift_jis", "euc_jp"})
# the C parser reads UTF-8 itself; a byte-order mark sits in the header row, which is skipped
_UTF8_CODECS = frozenset({"utf-8", "utf-8-sig"})
_CELL_SEP = "\x1f"
_SAMPLE_CELLS = 10_000
_NO_ROWS = np.empty(0, dtype="int64")

# A file at least this big is parsed in two processes; below it one pass is quick enough.
SPLIT_BYTES = 48 * 2**20
_SPLIT_SEARCH_BYTES = 4 * 2**20


@dataclass
class Parsed:
    """Per asked-for column its cells, the number of records, and per column the (0-based) records
    whose cell did not decode (it shows U+FFFD)."""

    columns: dict[int, np.ndarray]
    count: int
    bad_rows: dict[int, np.ndarray]


def parse_columns(data: bytes, encoding: str, delimiter: str, header_index: int, width: int,
                  positions: list[int], *, max_rows: int, cancel: threading.Event | None = None,
                  progress: Progress | None = None, tolerant: bool = False) -> Parsed:
    """The ``positions`` columns of every record after the header row ``header_index``.

    Raises SniffError for a cancel or too many rows, pandas' own errors for a malformed file, and
    UnicodeDecodeError when more than one non-empty cell in a hundred (and more than one) cannot be
    decoded: the file is not mostly in ``encoding``.
    """
    codec = codecs.lookup(encoding).name
    # Decoding the whole file in Python is most of the cost of a CP932 read: split the raw bytes
    # instead (the parser keeps non-UTF-8 bytes as surrogates) and decode only the columns kept.
    raw_bytes = codec in _ASCII_SAFE_CODECS or tolerant
    options = dict(
        encoding="utf-8" if raw_bytes else encoding,
        encoding_errors="surrogateescape" if raw_bytes else "strict", sep=delimiter, header=None,
        skiprows=header_index + 1, names=list(range(max(width, max(positions, default=0) + 1))),
        usecols=positions, dtype=object, keep_default_na=False, na_filter=False, index_col=False,
        skip_blank_lines=False, quotechar='"', engine="c", low_memory=True,
    )
    part = _Part(data, options, encoding if raw_bytes else None, codec in _UTF8_CODECS or raw_bytes,
                 max_rows, cancel)
    parsed = None
    if len(data) >= SPLIT_BYTES and positions and part.raw_handle and can_fork():
        parsed = _parse_split(part, progress)
    if parsed is None:
        parsed = part.parse(0, len(data), progress)
    undecodable = sum(len(b) for b in parsed.bad_rows.values())
    if undecodable:
        filled = sum(int((c != "").sum()) for c in parsed.columns.values())
        if undecodable > max(1, filled // 100):
            raise UnicodeDecodeError(encoding, b"", 0, 1, f"{undecodable} of {filled} cells")
    return parsed


@dataclass
class _Part:
    """How to parse a stretch of the file: the bytes, pandas' options, the codec to decode cells from
    (None: the parser's text is final), whether pandas may read the bytes as they are."""

    data: bytes
    options: dict
    decode: str | None
    raw_handle: bool
    max_rows: int
    cancel: threading.Event | None

    def parse(self, start: int, end: int, progress: Progress | None, *, header: bool = True) -> Parsed:
        """The records between byte ``start`` and ``end``; ``header`` False for a part that starts on
        a record (the header rows are in the part before)."""
        pieces, count, bad_rows = self.pieces(start, end, progress, header=header)
        return Parsed({p: _joined(parts) for p, parts in pieces.items()}, count, bad_rows)

    def pieces(self, start: int, end: int, progress: Progress | None, *, header: bool = True
               ) -> tuple[dict[int, list[np.ndarray]], int, dict[int, np.ndarray]]:
        """``parse`` with each column still in the pieces it was parsed in."""
        options = self.options if header else dict(self.options, skiprows=0)
        handle: _RawBytes | io.BytesIO = (_RawBytes(self.data, start, end) if self.raw_handle
                                          else io.BytesIO(self.data[start:end]))
        positions = options["usecols"]
        parts: dict[int, list[np.ndarray]] = {p: [] for p in positions}
        bad_parts: dict[int, list[np.ndarray]] = {p: [] for p in positions}
        count = 0
        total = max(end - start, 1)
        for chunk in _chunks(handle, options, whole=end - start < CHUNK_ROWS):
            if self.cancel is not None and self.cancel.is_set():
                raise SniffError("cancelled", "cancelled")
            count += len(chunk)
            if count > self.max_rows:
                raise SniffError("too_large", "more_rows_than", limit=self.max_rows)
            for p in positions:
                decoded, bad = decode_cells(chunk[p].to_numpy(dtype=object), self.decode)
                parts[p].append(decoded)
                if len(bad):
                    bad_parts[p].append(bad + (count - len(chunk)))
            if progress is not None:
                progress(min(handle.tell() / total, 1.0))
        return parts, count, {p: np.concatenate(b) for p, b in bad_parts.items() if b}


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.empty(0, dtype=object)


class _RawBytes:
    """Bytes ``start`` to ``end`` of the file behind a reader pandas does not take for a binary file,
    so its C parser splits them as they are instead of decoding the whole file through a text wrapper
    and encoding it back; cells that are not UTF-8 arrive with their bytes as surrogates."""

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self._view = memoryview(data)[start:end]
        self._at = 0

    def read(self, size: int = -1) -> bytes:
        stop = len(self._view) if size < 0 else min(self._at + size, len(self._view))
        piece = self._view[self._at:stop].tobytes()
        self._at = stop
        return piece

    def tell(self) -> int:
        return self._at

    def __iter__(self) -> Iterator[bytes]:  # pandas takes an object for a file by read() and __iter__
        return iter(self.read().splitlines(keepends=True))


def _chunks(handle: _RawBytes | io.BytesIO, options: dict, *, whole: bool) -> Iterator[pd.DataFrame]:
    if whole:  # fewer bytes than a chunk has rows: one read, without the chunked reader's set-up
        yield pd.read_csv(handle, **options)
        return
    with pd.read_csv(handle, chunksize=CHUNK_ROWS, **options) as reader:
        yield from reader


# ---------------------------------------------------------------- two processes


def _parse_split(part: _Part, progress: Progress | None) -> Parsed | None:
    """``part`` parsed whole, the bytes after a cut parsed by a forked child while this process parses
    those before. None when that cannot give what one pass gives (no cut outside quotes near the
    middle, the first part ends inside quotes, either part is malformed, the child could not run):
    the caller then parses in one pass. A cancel stops both; the row limit counts both."""
    split = _split_point(part.data, _OWN_SHARE)
    if split is None:
        return None
    try:
        child = Child(_parse_second, part, split, name="seller-gui-parse", fast_exit=True, method="fork")
    except Exception as exc:  # no process to spare (limits), or this one may not have children: one pass
        log.info("parsing in one process: no child (%s)", type(exc).__name__)
        return None
    share = split / len(part.data)
    try:
        pieces, count, bad_rows = part.pieces(0, split, None if progress is None else (lambda f: progress(share * f)))
        # while the child still works: this part's cells laid out in columns with room for the rest
        # (a record of the child's ends at a line break, or at the end of the file)
        room = count + part.data.count(b"\n", split) + 1
        columns = {p: _laid_out(parts, room) for p, parts in pieces.items()}
        del pieces
        packed, second_count, second_bad = child.result(Job(cancel_event=part.cancel or threading.Event()))
    except Cancelled:
        raise SniffError("cancelled", "cancelled") from None
    except SniffError:
        raise
    except Exception as exc:  # a malformed part, a child that died: one pass says how
        log.info("the split parse fell back to one pass (%s)", type(exc).__name__)
        return None
    finally:
        child.stop()
    total = count + second_count
    if total > part.max_rows:
        raise SniffError("too_large", "more_rows_than", limit=part.max_rows)
    rows = {p: np.concatenate([bad_rows.get(p, _NO_ROWS), second_bad.get(p, _NO_ROWS) + count])
            for p in sorted({*bad_rows, *second_bad})}
    for p, column in columns.items():
        _unpack_into(packed[p], column[count:total])
    return Parsed({p: column[:total] for p, column in columns.items()}, total, rows)


def _laid_out(parts: list[np.ndarray], size: int) -> np.ndarray:
    """``parts`` one after another at the start of a column of ``size`` cells."""
    column = np.empty(size, dtype=object)
    at = 0
    for piece in parts:
        column[at:at + len(piece)] = piece
        at += len(piece)
    return column


# the child also packs and sends its part, so this process takes more (measured: it then rarely waits)
_OWN_SHARE = 0.58


def _parse_second(part: _Part, split: int, *, job: Job) -> tuple:
    """The child: the records from ``split`` on, packed to cross the pipe quickly."""
    parsed = part.parse(split, len(part.data), None, header=False)
    return {p: _pack(c) for p, c in parsed.columns.items()}, parsed.count, parsed.bad_rows


def _split_point(data: bytes, share: float) -> int | None:
    """Just after a line feed about ``share`` into ``data`` with an even number of quote marks before
    it, so outside any quoted cell as exports quote (a cut inside one still shows: the first part
    then ends inside quotes and fails to parse). None when no such line feed is near."""
    target = int(len(data) * share)
    quotes = data.count(b'"', 0, target)
    at = target
    while at < min(len(data), target + _SPLIT_SEARCH_BYTES):
        feed = data.find(b"\n", at)
        if feed < 0:
            return None
        quotes += data.count(b'"', at, feed)
        at = feed + 1
        if quotes % 2 == 0:
            return at if at < len(data) else None
    return None


def _pack(values: np.ndarray) -> tuple:
    """Cells made quick to send between processes (a pickled object array pays per cell): a column
    of few distinct values as their codes and the distinct values, any other as ``pack_column`` sends
    a workbook's."""
    if _few_distinct(values):
        codes, distinct = pd.factorize(values)
        return ("codes", codes.astype("int32"), np.asarray(distinct, dtype=object))
    return ("column", pack_column(values))


def _unpack_into(packed: tuple, out: np.ndarray) -> None:
    """The cells ``_pack`` made, written into ``out``."""
    if packed[0] == "codes":
        np.take(packed[2], packed[1], out=out)
    elif len(out):
        out[:] = unpack_column(packed[1])


def _few_distinct(values: np.ndarray) -> bool:
    """Fewer than half the cells of the column's start are distinct (statuses, item names)."""
    sample = values[:_SAMPLE_CELLS]
    return 2 * len(set(sample)) < len(sample)


# ---------------------------------------------------------------- decoding cells


def decode_cells(values: np.ndarray, encoding: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Parsed cells as text without gaps; with ``encoding``, cells parsed from raw bytes (non-UTF-8
    bytes kept as surrogates) are decoded from it. A cell that does not decode gets U+FFFD for its
    bad bytes; the positions of those cells come second."""
    try:
        joined = _CELL_SEP.join(values)  # the cheapest whole-column look: most columns are ASCII
    except TypeError:  # a gap: the parser leaves none with na_filter off, but an empty cell is ""
        values = np.where(pd.isna(values), "", values).astype(object)
        joined = _CELL_SEP.join(values)
    if encoding is None or joined.isascii():
        return values, _NO_ROWS
    # statuses, item names: decode each distinct value once (a dict: pandas hashes surrogates slowly;
    # the parser gives equal cells of a chunk as one object, so the dict mostly compares identities)
    if _few_distinct(values):
        distinct = list(dict.fromkeys(values))
        cells, bad = _decode_text(_CELL_SEP.join(distinct), distinct, encoding)
        decoded = dict(zip(distinct, cells, strict=True))
        out = np.empty(len(values), dtype=object)
        out[:] = list(map(decoded.__getitem__, values))
        if not bad:
            return out, _NO_ROWS
        garbled = {distinct[i] for i in bad}
        return out, np.array([i for i, v in enumerate(values) if v in garbled], dtype="int64")
    out = np.empty(len(values), dtype=object)
    cells, bad = _decode_text(joined, values, encoding)
    out[:] = cells
    return out, np.array(bad, dtype="int64")


def _decode_text(joined: str, values: Sequence[str], encoding: str) -> tuple[list[str], list[int]]:
    """``values`` (joined by the separator) decoded from raw bytes in ``encoding``, and the indices of
    those that needed replacement marks."""
    try:
        cells = joined.encode("utf-8", "surrogateescape").decode(encoding).split(_CELL_SEP)
    except UnicodeDecodeError:
        cells = []
    if len(cells) == len(values):
        return cells, []
    cells, bad = [], []  # a cell holds the separator itself, or some cell does not decode: one by one
    for i, value in enumerate(values):
        raw = value.encode("utf-8", "surrogateescape")
        try:
            cells.append(raw.decode(encoding))
        except UnicodeDecodeError:
            cells.append(raw.decode(encoding, "replace"))
            bad.append(i)
    return cells, bad
