"""Load several exports at once and sum them up for the window.

Every file that can be read is read; each failure is kept with its reason. ``summarise`` then turns
the lines into what the window shows: a compact ``Summary`` (figures, trend, orders at risk, the
orders behind each clickable figure) that is cheap to send from a child process, since a big load
runs in one (see ``isolate``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from seller_gui.core.errors import OrderFileError

log = logging.getLogger(__name__)

# Figures the window lets a seller click to see the orders behind them.
CLICKABLE_FIGURES = ("cancelled", "overdue_open")


@dataclass
class Batch:
    files: list = field(default_factory=list)  # LoadedFile, in the order given
    failures: list[OrderFileError] = field(default_factory=list)
    cancelled: bool = False


def load_all(paths: Iterable[Path], *, progress: Callable[[float], None] | None = None,
             cancel: threading.Event | None = None, **load_options: Any) -> Batch:
    """Every file that can be read, with each failure and its reason; Yahoo! item files joined."""
    from seller_gui.core.reading.loader import load_order_files

    paths = list(paths)
    try:
        files, failures = load_order_files(paths, cancel=cancel, progress=progress, **load_options)
    except OrderFileError as error:
        if error.kind != "cancelled":
            raise
        return Batch(cancelled=True)
    for failure in failures:
        log.info("Could not read %s: %s (%s)", failure.path.name, failure.kind, failure.detail)
    return Batch(files, failures)


@dataclass(frozen=True)
class FileInfo:
    """What the window lists for a file that was read (its lines stay where they were analysed)."""

    path: Path
    marketplace: str
    encoding: str | None
    sheet: str | None
    rows: int
    orders: int
    warnings: tuple[str, ...] = ()


@dataclass
class Summary:
    files: list[FileInfo]
    failures: list[OrderFileError]
    cancelled: bool = False
    as_of: Any = None  # metrics.AsOf
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    trend: dict[str, pd.DataFrame] = field(default_factory=dict)
    root_causes: dict[str, Any] = field(default_factory=dict)  # metrics.RootCauses per key
    at_risk: pd.DataFrame = field(default_factory=pd.DataFrame)
    behind: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    lines: pd.DataFrame = field(default_factory=pd.DataFrame)  # lines of the orders at risk, or all

    def orders_behind(self, key: str, figure: str) -> pd.DataFrame:
        return self.behind[(key, figure)]

    def lines_of(self, marketplace: str, order_id: str) -> pd.DataFrame:
        """The lines of one order: for the notices to its buyer."""
        for frame in (self.lines, *self.behind.values()):
            if len(frame):
                found = frame[(frame["marketplace"] == marketplace) & (frame["order_id"] == order_id)]
                if len(found):
                    return found
        return self.lines.iloc[0:0]


def summarise(paths: Iterable[Path], *, progress: Callable[[float], None] | None = None,
              cancel: threading.Event | None = None, as_of: object = None,
              window_days: int | None = None, stock: dict[str, int] | None = None,
              store_path: Path | None = None, keep_lines: bool = False,
              rules: Mapping[str, Any] | None = None, mappings_path: Path | None = None) -> Summary:
    """Read ``paths`` and compute everything the window shows; reading takes 90% of the progress.

    ``lines`` keeps the lines of the orders at risk (all lines with ``keep_lines``). ``rules``
    (marketplace -> rules.Rules) carry the seller's own limits and windows; ``mappings_path`` is the
    file of the seller's column mappings for layouts the app does not know."""
    from seller_gui.core.analysis.legacy_analysis import analyse
    from seller_gui.core.analysis.risk import orders_at_risk
    from seller_gui.core.reading.loader import combine
    from seller_gui.core.report import empty_lines

    def scaled(fraction: float) -> None:
        if progress is not None:
            progress(0.9 * fraction)

    options: dict[str, Any] = {}
    if mappings_path is not None:
        from seller_gui.core.storage.mappings import MappingStore

        options["mappings"] = MappingStore(mappings_path)
    batch = load_all(paths, progress=scaled, cancel=cancel, **options)
    infos = [FileInfo(f.path, f.marketplace, f.encoding, f.sheet, f.rows, f.orders, tuple(f.warnings))
             for f in batch.files]
    if batch.cancelled:
        return Summary(infos, batch.failures, cancelled=True)
    lines = combine(batch.files) if batch.files else empty_lines()
    store = None
    if store_path is not None:
        from seller_gui.core.storage.store import Store

        store = Store(store_path)
    try:
        if store is not None:
            record_imports(store, batch.files)
        analysis = analyse(lines, as_of=as_of, window_days=window_days, rules=rules, store=store)
    finally:
        if store is not None:
            store.close()
    at_risk = orders_at_risk(analysis.book, analysis.as_of.at, analysis.rules,
                             window_days=analysis.window_days, stock=stock)
    behind = {(key, figure): analysis.orders_behind(key, figure)
              for key in analysis.figures for figure in CLICKABLE_FIGURES}
    if not keep_lines:
        wanted = pd.MultiIndex.from_frame(at_risk[["marketplace", "order_id"]]) if len(at_risk) else []
        lines = lines[pd.MultiIndex.from_frame(lines[["marketplace", "order_id"]]).isin(wanted)]
    summary = Summary(infos, batch.failures, False, analysis.as_of, analysis.figures,
                      analysis.trend(), analysis.root_causes(), at_risk, behind, lines)
    if progress is not None:
        progress(1.0)
    return summary


def record_imports(store: Any, files: list) -> None:
    """Note each file read in the store's import history (fingerprint and counts, no buyer data)."""
    from seller_gui.core.storage.store import file_fingerprint

    for loaded in files:
        try:
            fingerprint = file_fingerprint(loaded.path)
        except OSError:  # gone since it was read; the history is a convenience
            continue
        store.record_import(fingerprint=fingerprint, file_name=loaded.path.name,
                            marketplace=loaded.marketplace, rows=loaded.rows, orders=loaded.orders)
