"""Load several exports at once: every file that can be read is read, each failure is kept with its reason."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from seller_gui.core.errors import OrderFileError

log = logging.getLogger(__name__)


@dataclass
class Batch:
    files: list = field(default_factory=list)  # LoadedFile, in the order given
    failures: list[OrderFileError] = field(default_factory=list)
    cancelled: bool = False


def load_all(paths: Iterable[Path], *, progress: Callable[[float], None] | None = None,
             cancel: threading.Event | None = None, **load_options: object) -> Batch:
    from seller_gui.core.loader import load_order_file

    paths = list(paths)
    batch = Batch()
    for index, path in enumerate(paths):
        if cancel is not None and cancel.is_set():
            batch.cancelled = True
            break

        def file_progress(fraction: float, index: int = index) -> None:
            if progress is not None:
                progress((index + max(0.0, min(1.0, fraction))) / len(paths))

        try:
            loaded = load_order_file(path, cancel=cancel, progress=file_progress, **load_options)
        except OrderFileError as error:
            if error.kind == "cancelled":
                batch.cancelled = True
                break
            log.info("Could not read %s: %s (%s)", path.name, error.kind, error.detail)
            batch.failures.append(error)
        else:
            log.info("Read %s: %s, %d rows, %d orders", path.name, loaded.marketplace, loaded.rows,
                     loaded.orders)
            batch.files.append(loaded)
        file_progress(1.0)
    return batch


@dataclass
class Dashboard:
    """What the window shows for one batch: the lines, the figures and the orders at risk."""

    batch: Batch
    lines: object  # pd.DataFrame of every loaded line, cross-file duplicates counted once
    analysis: object  # metrics.Analysis
    at_risk: object  # pd.DataFrame from risk.orders_at_risk


def analyse_batch(batch: Batch, *, as_of: object = None, window_days: int | None = None,
                  stock: dict[str, int] | None = None, store: object = None) -> Dashboard:
    from seller_gui.core.loader import combine
    from seller_gui.core.metrics import analyse
    from seller_gui.core.report import empty_lines
    from seller_gui.core.risk import orders_at_risk

    lines = combine(batch.files) if batch.files else empty_lines()
    analysis = analyse(lines, as_of=as_of, window_days=window_days, store=store)
    at_risk = orders_at_risk(analysis.book, analysis.as_of.at, analysis.rules,
                             window_days=analysis.window_days, stock=stock)
    return Dashboard(batch, lines, analysis, at_risk)
