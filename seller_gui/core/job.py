"""One piece of long work: its progress, its cancel and its limits (``Job``), and the one way to run a
function in a child process (``run_in_child``).

A child is used for big loads: decoding CP932 and parsing a million dates hold Python's GIL for
seconds, which would freeze the window if done on a thread (DESIGN). The child reports progress
through the same pipe, stops when cancelled, and a child that dies (killed, out of memory) becomes an
exception here.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
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

    def __init__(self, message: str, exitcode: int | None = None) -> None:
        super().__init__(message)
        self.exitcode = exitcode  # negative: killed by that signal (e.g. an abort on a huge allocation)


class Cancelled(Exception):
    pass


class TimedOut(Exception):
    """The child ran longer than it was given; it was stopped."""


def _child(sender: Any, fn: Callable[..., Any], args: tuple, limits: Any, fast_exit: bool) -> None:
    try:
        value = fn(*args, job=Job(lambda f: sender.send(("progress", float(f))), limits=limits))
    except BaseException as exc:
        try:
            sender.send(("error", exc))
        except Exception:  # the exception itself would not pickle
            sender.send(("error", ChildFailed("".join(traceback.format_exception_only(exc)).strip())))
    else:
        sender.send(("result", value))
    finally:
        sender.close()
    if fast_exit:  # everything is sent: skip freeing millions of objects, which the parent would wait for
        os._exit(0)


def run_in_child(fn: Callable[..., Any], *args: Any, job: Job | None = None,
                 timeout: float | None = None, name: str = "seller-gui-load",
                 fast_exit: bool = False) -> Any:
    """``fn(*args, job=...)`` in a spawned child; its return value or its exception.

    The child's job reports progress to ``job`` here; cancelling ``job`` ends the child (Cancelled),
    so does running past ``timeout`` seconds (TimedOut); a child that dies is ChildFailed."""
    job = job or Job()
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    # not a daemon: the loading child itself starts workbook-reading children
    child = context.Process(target=_child, args=(sender, fn, args, job.limits, fast_exit), name=name)
    child.start()
    sender.close()
    started = time.monotonic()

    def failed() -> ChildFailed:
        child.join(5)
        return ChildFailed(f"the process {name} stopped (exit code {child.exitcode})", child.exitcode)

    try:
        while True:
            if job.cancelled:
                raise Cancelled()
            if timeout is not None and time.monotonic() - started > timeout:
                raise TimedOut()
            if not receiver.poll(0.02):
                if not child.is_alive() and not receiver.poll(0):
                    raise failed()
                continue
            try:
                kind, value = receiver.recv()
            except (EOFError, OSError) as exc:
                raise failed() from exc
            if kind == "progress":
                job.report(value)
            elif kind == "result":
                return value
            else:
                raise value
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
