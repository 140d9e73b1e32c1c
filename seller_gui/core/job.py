"""One piece of long work: its progress, its cancel and its limits (``Job``), and the one way to run a
function in a child process (``run_in_child``; ``Child`` when the caller starts it early and asks for
the result later).

A child is used for big loads: decoding CP932 and parsing a million dates hold Python's GIL for
seconds, which would freeze the window if done on a thread (DESIGN). The child reports progress
through the same pipe (and may hand pieces of its result over ahead of it, or be sent more after its
start), stops when cancelled, and a child that dies (killed, out of memory) becomes an exception here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
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
    from_parent: Any = None  # in a child: where what the parent sends (Child.send) arrives
    hand_over: Callable[[Any], None] | None = None  # in a child: a piece of the result, sent ahead of it

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

        return Job(scaled, self.cancel_event, self.limits, self.from_parent, self.hand_over)


class ChildFailed(Exception):
    """The child process stopped without a result (killed, out of memory, or an error inside)."""

    def __init__(self, message: str, exitcode: int | None = None) -> None:
        super().__init__(message)
        self.exitcode = exitcode  # negative: killed by that signal (e.g. an abort on a huge allocation)


class Cancelled(Exception):
    pass


class TimedOut(Exception):
    """The child ran longer than it was given; it was stopped."""


def can_fork() -> bool:
    """A copy of this process can work beside it: Linux, where fork is cheap, two CPUs or more, no
    other Python thread and no Qt (a fork copies only the calling thread, so a lock another thread
    held would stay locked in the copy; numpy's own pool is made safe to fork by OpenBLAS)."""
    if sys.platform != "linux" or threading.active_count() != 1 or "PySide6.QtCore" in sys.modules:
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except OSError:
        return False


def _die_with_parent(parent_pid: int) -> None:
    """A forked child is killed when its parent dies (Linux): a read that is itself a child, killed on
    a cancel or a time limit, leaves no copy of it working on."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)


def _child(parent: Any, fn: Callable[..., Any], args: tuple, limits: Any, fast_exit: bool,
           parent_pid: int | None = None) -> None:
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    try:
        value = fn(*args, job=Job(lambda f: parent.send(("progress", float(f))), limits=limits,
                                  from_parent=parent, hand_over=lambda piece: parent.send(("piece", piece))))
    except BaseException as exc:
        try:
            parent.send(("error", exc))
        except Exception:  # the exception itself would not pickle
            parent.send(("error", ChildFailed("".join(traceback.format_exception_only(exc)).strip())))
    else:
        parent.send(("result", value))
    finally:
        parent.close()
    if fast_exit:  # everything is sent: skip freeing millions of objects, which the parent would wait for
        os._exit(0)


class Child:
    """``fn(*args, job=...)`` started now in a child; ``result`` waits for its return value.

    A spawned child (the default) starts on a thread: handing the arguments over lasts until the new
    interpreter has booted and read them, time the caller can use (the command line imports pandas
    meanwhile). A forked one (``method="fork"``, Linux, a caller with no other thread) is a copy of
    this process, started here at once with everything it holds. ``send`` reaches the child's
    ``job.from_parent``."""

    def __init__(self, fn: Callable[..., Any], *args: Any, limits: Any = None,
                 name: str = "seller-gui-load", fast_exit: bool = False, method: str = "spawn") -> None:
        context = multiprocessing.get_context(method)
        self.name = name
        self._connection, child_end = context.Pipe(duplex=True)
        # not a daemon: the loading child itself starts workbook-reading children
        self._process = context.Process(
            target=_child, args=(child_end, fn, args, limits, fast_exit, os.getpid() if method == "fork" else None),
            name=name)
        self._started = time.monotonic()
        self._start_error: BaseException | None = None
        self._starter: threading.Thread | None = None
        if method == "fork":  # a fork copies only the calling thread: started from the caller's
            self._start(child_end)
        else:
            self._starter = threading.Thread(target=self._start, args=(child_end,), name=f"{name}-start",
                                             daemon=True)
            self._starter.start()

    def _start(self, child_end: Any) -> None:
        try:
            self._process.start()
        except BaseException as exc:  # raised to the caller of result()
            self._start_error = exc
        finally:
            child_end.close()

    def _started_now(self) -> None:
        if self._starter is not None:
            self._starter.join()

    def send(self, value: Any) -> None:
        self._connection.send(value)

    def result(self, job: Job | None = None, timeout: float | None = None,
               on_piece: Callable[[Any], None] | None = None) -> Any:
        """The child's return value or its exception; cancelling ``job`` ends the child (Cancelled),
        so does running past ``timeout`` seconds from its start (TimedOut); a child that dies is
        ChildFailed. The child is stopped in any case. ``on_piece`` gets what the child hands over
        ahead of its result, as it arrives."""
        job = job or Job()
        try:
            while True:
                kind, value = self._next(job, timeout)
                if kind == "result":
                    return value
                if on_piece is not None:
                    on_piece(value)
        finally:
            self.stop()

    def piece(self, job: Job | None = None, timeout: float | None = None) -> Any:
        """The next piece the child hands over (it goes on running); raises as ``result`` does, and
        ChildFailed when the child returns instead. The child is stopped when this raises."""
        try:
            kind, value = self._next(job or Job(), timeout)
        except BaseException:
            self.stop()
            raise
        if kind != "piece":
            self.stop()
            raise ChildFailed(f"the process {self.name} returned before handing a piece over")
        return value

    def _next(self, job: Job, timeout: float | None) -> tuple[str, Any]:
        """The next piece or the result; progress goes to ``job`` meanwhile."""
        self._started_now()
        if self._start_error is not None:
            raise self._start_error
        while True:
            if job.cancelled:
                raise Cancelled()
            if timeout is not None and time.monotonic() - self._started > timeout:
                raise TimedOut()
            try:
                ready = self._connection.poll(0.02)
                if not ready and not self._process.is_alive() and not self._connection.poll(0):
                    raise self._failed()
            except OSError as exc:  # Windows: a pipe whose writer is gone, nothing left in it
                raise self._failed() from exc
            if not ready:
                continue
            try:
                kind, value = self._connection.recv()
            except (EOFError, OSError) as exc:
                raise self._failed() from exc
            if kind == "progress":
                job.report(value)
            elif kind in ("piece", "result"):
                return kind, value
            else:
                raise value

    def _failed(self) -> ChildFailed:
        self._process.join(5)
        return ChildFailed(f"the process {self.name} stopped (exit code {self._process.exitcode})",
                           self._process.exitcode)

    def stop(self) -> None:
        """End the child now, whatever it is doing."""
        self._started_now()
        self._connection.close()
        if self._process.ident is None:  # never started
            return
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)


def run_in_child(fn: Callable[..., Any], *args: Any, job: Job | None = None,
                 timeout: float | None = None, name: str = "seller-gui-load",
                 fast_exit: bool = False) -> Any:
    """``fn(*args, job=...)`` in a spawned child; its return value or its exception.

    The child's job reports progress to ``job`` here; cancelling ``job`` ends the child (Cancelled),
    so does running past ``timeout`` seconds (TimedOut); a child that dies is ChildFailed."""
    job = job or Job()
    return Child(fn, *args, limits=job.limits, name=name, fast_exit=fast_exit).result(job, timeout)
