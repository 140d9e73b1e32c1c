"""The one way this app runs work off the GUI thread.

A Task wraps a plain function ``fn(progress, cancel)`` and runs it on the global QThreadPool. Its
``progress``, ``result`` and ``error`` signals arrive on the GUI thread (the signal object lives there),
so slots may touch widgets. ``cancel()`` sets the event the function checks between steps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    progress = Signal(float)  # 0.0 .. 1.0
    result = Signal(object)
    error = Signal(object)  # the exception instance
    finished = Signal()


class Task(QRunnable):
    def __init__(self, fn: Callable[[Callable[[float], None], threading.Event], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self.cancel_event = threading.Event()
        self.setAutoDelete(False)  # we keep the Python object; Qt must not delete it under us

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        try:
            value = self.fn(self.signals.progress.emit, self.cancel_event)
        except Exception as exc:  # delivered to the GUI as a value; unexpected ones reach the crash path there
            self.signals.error.emit(exc)
        else:
            self.signals.result.emit(value)
        finally:
            self.signals.finished.emit()


def start(task: Task, pool: QThreadPool | None = None) -> Task:
    (pool or QThreadPool.globalInstance()).start(task)
    return task


# How a load's single progress fraction divides (core.pipeline.read and reading.loader): reading the
# files fills 0..0.95, each file an equal share, within which decoding runs to 0.7 and checking (the
# normalisation) the rest; from 1.0 the orders are being analysed.
READ_SHARE = 0.95
CHECK_FROM = 0.7
READING, CHECKING, ANALYSING = "reading", "checking", "analysing"


@dataclass(frozen=True)
class LoadStage:
    stage: str  # READING, CHECKING or ANALYSING
    index: int  # the file being read, from 0
    bytes_done: float  # of all the files' bytes, an estimate from the fraction


def load_stage(fraction: float, sizes: list[int]) -> LoadStage:
    """Which file is being read, at which stage, and about how many bytes are done."""
    count = max(1, len(sizes))
    if fraction >= 1.0 or not sizes:
        return LoadStage(ANALYSING, count - 1, float(sum(sizes)))
    position = min(fraction / READ_SHARE, 1.0) * count
    index = min(int(position), count - 1)
    within = position - index
    done = sum(sizes[:index]) + sizes[index] * min(within / CHECK_FROM, 1.0)
    return LoadStage(CHECKING if within >= CHECK_FROM else READING, index, float(done))
