"""Run one function in a child process and bring back its (small) result.

Used for big loads: decoding CP932 and parsing a million dates hold Python's GIL for seconds, which
would freeze the window if done on a thread (DESIGN). The child reports progress through the same pipe,
stops when cancelled, and a child that dies (killed, out of memory) becomes an exception here.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable
from typing import Any


class ChildFailed(Exception):
    """The child process stopped without a result (killed, out of memory, or an error inside)."""


class Cancelled(Exception):
    pass


def _child(sender: Any, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        value = fn(*args, progress=lambda f: sender.send(("progress", float(f))), **kwargs)
    except BaseException as exc:  # noqa: BLE001 - every failure must reach the parent
        try:
            sender.send(("error", exc))
        except Exception:  # the exception itself would not pickle
            sender.send(("error", ChildFailed("".join(traceback.format_exception_only(exc)).strip())))
    else:
        sender.send(("result", value))
    finally:
        sender.close()


def run_in_child(fn: Callable[..., Any], *args: Any, progress: Callable[[float], None] | None = None,
                 cancel: threading.Event | None = None, **kwargs: Any) -> Any:
    """``fn(*args, progress=..., **kwargs)`` in a spawned child; its return value or its exception."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    # not a daemon: the child itself starts workbook-reading children
    child = context.Process(target=_child, args=(sender, fn, args, kwargs), name="seller-gui-load")
    child.start()
    sender.close()
    try:
        while True:
            if cancel is not None and cancel.is_set():
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
                if progress is not None:
                    progress(value)
            elif kind == "result":
                return value
            else:
                raise value
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join(5)
