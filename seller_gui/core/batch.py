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
