"""One piece of long work: its progress, its cancel and its limits (``Job``), and the one way to run a
function in a child process (``run_in_child``).

A child is used for big loads: decoding CP932 and parsing a million dates hold Python's GIL for
seconds, which would freeze the window if done on a thread (DESIGN). The child reports progress
through the same pipe, stops when cancelled, and a child that dies (killed, out of memory) becomes an
exception here.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Progress = Callable[[float], None]


@dataclass
class Job:
    """What a long step needs from its caller: where to report progress (0..1), a cancel flag, and
    limits (``reading.loader.Limits``; None for the defaults)."""

    progress: Progress | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event)
    limits: Any = None

    def report(self, fraction: float) -> None:
        if self.progress is not None:
            self.progress(max(0.0, min(1.0, fraction)))

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def part(self, start: float, end: float) -> Job:
        """The same job for a step that covers ``start..end`` of the whole progress."""
        def scaled(fraction: float) -> None:
            self.report(start + (end - start) * fraction)

        return Job(scaled, self.cancel_event, self.limits)


class ChildFailed(Exception):
    """The child process stopped without a result (killed, out of memory, or an error inside)."""


class Cancelled(Exception):
    pass


def _child(sender: Any, fn: Callable[..., Any], args: tuple, limits: Any) -> None:
    try:
        value = fn(*args, job=Job(lambda f: sender.send(("progress", float(f))), limits=limits))
    except BaseException as exc:  # noqa: BLE001 - every failure must reach the parent
        try:
            sender.send(("error", exc))
        except Exception:  # the exception itself would not pickle
            sender.send(("error", ChildFailed("".join(traceback.format_exception_only(exc)).strip())))
    else:
        sender.send(("result", value))
    finally:
        sender.close()


def run_in_child(fn: Callable[..., Any], *args: Any, job: Job | None = None) -> Any:
    """``fn(*args, job=...)`` in a spawned child; its return value or its exception.

    The child's job reports progress to ``job`` here; cancelling ``job`` ends the child."""
    job = job or Job()
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    # not a daemon: the child itself starts workbook-reading children
    child = context.Process(target=_child, args=(sender, fn, args, job.limits), name="seller-gui-load")
    child.start()
    sender.close()
    try:
        while True:
            if job.cancelled:
                raise Cancelled()
            if not receiver.poll(0.05):
                if not child.is_alive() and not receiver.poll(0):
                    raise ChildFailed(f"the reading process stopped (exit code {child.exitcode})")
                continue
            try:
                kind, value = receiver.recv()
            except EOFError as exc:
                child.join(5)
                raise ChildFailed(f"the reading process stopped (exit code {child.exitcode})") from exc
            if kind == "progress":
                job.report(value)
            elif kind == "result":
                return value
            else:
                raise value
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join(5)
