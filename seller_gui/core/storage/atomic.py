"""The one way this app replaces a file: write a temporary file beside it, fsync, ``os.replace``.

A crash, a kill or a full disk leaves either the old file or the new one, never half of one, and
the temporary file is removed whatever happens (it may hold buyer data, in an export). Temporary
files have short names of their own (``.sg-<8 characters>.tmp``), so a target whose name is at the
file system's limit can still be written, and one left by a killed process is recognised and removed
by ``remove_stale_temporaries`` later.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)
LOCK_TIMEOUT = 10.0  # seconds another process may hold a small file's lock before we give up
TEMPORARY_PREFIX = ".sg-"
TEMPORARY_SUFFIX = ".tmp"
STALE_AFTER_SECONDS = 3600  # a write still under way in another process is younger than this
_TEMPORARY_NAME = re.compile(rf"{re.escape(TEMPORARY_PREFIX)}[a-z0-9_]{{8}}{re.escape(TEMPORARY_SUFFIX)}")


def temporary_beside(target: Path) -> Path:
    """A new empty file in ``target``'s folder, named so that ``remove_stale_temporaries`` knows it."""
    fd, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=target.parent)
    os.close(fd)
    return Path(name)


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a fresh temporary file beside ``target``, then move it into place.

    OSError (and whatever ``write`` raises) reaches the caller; the old ``target`` is then unchanged.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_beside(target)
    try:
        write(tmp)
        with tmp.open("rb+") as handle:  # the bytes are on disk before the old file is replaced
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomically(target: Path, text: str, encoding: str = "utf-8") -> None:
    write_atomically(target, lambda tmp: tmp.write_text(text, encoding=encoding, newline=""))


def remove_stale_temporaries(folder: Path, *, older_than: float = STALE_AFTER_SECONDS) -> int:
    """Remove the temporary files a killed process left in ``folder``; return how many went.

    Only files named as ``temporary_beside`` names them and last written more than ``older_than``
    seconds ago; nothing is raised (a folder that is gone or unreadable has nothing to clean).
    """
    limit = time.time() - older_than
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _TEMPORARY_NAME.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    if removed:
        log.info("Removed %d temporary files an interrupted write had left", removed)
    return removed


def remove_stray_temp_files(target: Path) -> int:
    """Remove what killed saves left beside ``target`` (any of this app's temporaries there that is
    old enough not to be another process's save under way)."""
    return remove_stale_temporaries(target.parent)


def tidy(target: Path) -> int:
    """At start: the same, never raising (a read-only or missing folder has nothing to clean)."""
    return remove_stale_temporaries(target.parent)


class LockTimeout(OSError):
    """Another process held the file's lock for longer than the timeout."""


@contextmanager
def file_lock(target: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``target`` (through ``.<name>.lock`` beside it) against other
    processes, so a read-modify-write of a small file never loses another process's change.

    OSError when the lock file cannot be made (read-only folder) or the wait passes ``timeout``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.with_name(f".{target.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise LockTimeout(f"{target.name} is being saved by another process")
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
