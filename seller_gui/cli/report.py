"""``seller-gui report``: the figures of the window, headless, from the same seller data by default."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

# pandas and the analysis are imported when a report runs: reading_ahead starts first (and `say`,
# imported by the other commands, needs neither)
if TYPE_CHECKING:
    import pandas as pd

    from seller_gui.core.pipeline import Seller

# File warnings repeated on stderr, after the failures: order dates the figures could not use.
STDERR_WARNINGS = frozenset({"unreadable_dates"})


def printable(text: str) -> str:
    """``text`` with no lone surrogates: a path's non-UTF-8 bytes (kept as surrogates by Python)
    become U+FFFD, so the output is valid UTF-8 whatever the stream's error handler."""
    try:
        text.encode("utf-8")
        return text  # no surrogate at all: half the work of the round trip below (a 15 MB report)
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def say(stream: TextIO | None, text: str) -> None:
    """Write to a stream that may be None (the windowed build has no console)."""
    if stream is None:
        return
    if not text.isascii():
        text = printable(text)
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a legacy console code page
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, errors="replace").decode(encoding))
    stream.flush()


@contextmanager
def reading_ahead(paths: Sequence[str | Path]) -> Iterator[None]:
    """The first file is read (a workbook: parsed in its child) at once, while the command imports
    pandas and the analysis (on another core); a read the report did not take is stopped."""
    from seller_gui.core.reading.ahead import read_ahead, stop_reading_ahead

    if paths:
        read_ahead(Path(paths[0]))
    try:
        yield
    finally:
        stop_reading_ahead()


def run_report(paths: Sequence[str | Path], *, seller: Seller | None = None, as_of: str | None = None,
               window_days: int | None = None, stock_path: str | Path | None = None,
               as_json: bool = False, stdout: TextIO | None = None, stderr: TextIO | None = None,
               now: datetime | pd.Timestamp | None = None) -> int:
    """Read and analyse as the window does; print the report of the files read and one stderr line per
    file that failed. Returns 2 when any file (or the stock file) failed or none was read, else 0.

    ``seller`` defaults to a clean reading (no tags, settings or mappings): the command line passes
    ``Seller.from_disk()`` unless ``--no-store`` is given.
    """
    from seller_gui.core.analysis.orders import parse_as_of
    from seller_gui.core.i18n import full_catalog
    from seller_gui.core.pipeline import Seller, analyse, read
    from seller_gui.core.report import format_text, report_json, report_of

    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    if as_of is not None:
        try:
            parse_as_of(as_of)
        except ValueError as error:
            say(err, f"seller-gui report: --as-of: {error}\n")
            return 2
    if window_days is not None and int(window_days) < 1:
        say(err, "seller-gui report: --window must be at least 1 day\n")
        return 2
    seller = seller or Seller()
    if stock_path is not None:
        seller.stock_paths = (*seller.stock_paths, Path(stock_path))
    full_catalog()  # the report's words: read while a workbook read ahead still parses, not after
    orders = read(paths, seller)
    given = {Path(p): str(p) for p in [*paths, *seller.stock_paths]}
    for error in orders.failures:
        say(err, f"{given.get(error.path, error.path)}: {error.detail}\n")
    for info in orders.order_files:  # what a reader must know even when the figures are printed
        for warning in info.warnings:
            if warning.code in STDERR_WARNINGS:
                say(err, f"{given.get(info.path, info.path)}: warning: {warning.explain('en')}\n")
    if orders.cancelled:
        return 2
    analysis = analyse(orders, seller, as_of, window_days=window_days, now=now)
    if as_json:
        # one line: json's C encoder writes it (with indent the pure-Python one is 4x slower)
        say(out, report_json(analysis) + "\n")
    else:
        say(out, format_text(report_of(analysis)))
    return 2 if orders.failures or not orders.order_files else 0
