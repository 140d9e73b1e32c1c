"""A file read while the command line still imports pandas and the analysis.

``seller-gui report`` spends its first half second importing; the first file's bytes can be read
meanwhile on a thread (the read waits on the disk or copies from the cache without holding the GIL).
The loader takes them when their file is unchanged (same device, inode, size and modification time as
it sees it), else it reads the file itself with all its checks. A workbook goes further: its parse
starts in a child at once (``workbook.read_ahead``). Nothing here imports pandas.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from seller_gui.core.reading import sniff, workbook

_MAX_BYTES = 256 * 2**20  # a bigger file is read when its turn comes, not held twice meanwhile


@dataclass
class _Held:
    identity: tuple[int, int, int, int]
    thread: threading.Thread | None = None
    data: bytes | None = field(default=None, repr=False)


_HELD: list[_Held] = []


def identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def read_ahead(path: Path) -> None:
    """Start reading ``path`` (a regular file of at most 256 MB): a workbook in its parsing child,
    any other file's bytes on a thread. Never raises: the loader reads the file again if need be."""
    try:  # non-blocking, so a FIFO cannot hang the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        return
    if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES:
        os.close(fd)
        return
    handle = open(fd, "rb", closefd=True)  # noqa: SIM115 - closed once read, here or by the thread
    try:
        start = handle.read(len(sniff.OLE_MAGIC))
    except OSError:
        handle.close()
        return
    held = _Held(identity(info))
    if start.startswith((sniff.ZIP_MAGIC, sniff.OLE_MAGIC)):  # the parse itself can begin at once
        _read(handle, start, info.st_size, held)
        if held.data is not None and not workbook.start_ahead(held.data):
            _HELD.append(held)  # a zip or OLE file that is no workbook: its bytes are kept all the same
        return
    held.thread = threading.Thread(target=_read, args=(handle, start, info.st_size, held),
                                   name="seller-gui-read-ahead", daemon=True)
    _HELD.append(held)
    held.thread.start()


def _read(handle: BinaryIO, start: bytes, size: int, held: _Held) -> None:
    with handle:
        try:
            data = start + handle.read(size + 1 - len(start))
        except OSError:
            return
    if len(data) == size:  # one that grew while read is read again by the loader
        held.data = data


def taken(info: os.stat_result) -> bytes | None:
    """The bytes read ahead of the file ``info`` describes, if it has not changed since (the reading
    thread has ended when this returns); None otherwise."""
    for held in _HELD:
        if held.identity == identity(info):
            _HELD.remove(held)
            if held.thread is not None:
                held.thread.join()
            return held.data
    return None


def stop_reading_ahead() -> None:
    """End what was read ahead and not taken (a workbook's child is stopped)."""
    while _HELD:
        held = _HELD.pop()
        if held.thread is not None:
            held.thread.join()
    workbook.stop_reading_ahead()
