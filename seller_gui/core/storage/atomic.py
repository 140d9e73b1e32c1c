"""The one way this app replaces a file: write a temporary file beside it, fsync, ``os.replace``.

A crash, a kill or a full disk leaves either the old file or the new one, never half of one, and
the temporary file is removed whatever happens (it may hold buyer data, in an export).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_TIMEOUT = 10.0  # seconds another process may hold a small file's lock before we give up


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a fresh temporary file beside ``target``, then move it into place.

    OSError (and whatever ``write`` raises) reaches the caller; the old ``target`` is then unchanged.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=_temp_suffix(target),
                                dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with tmp.open("rb+") as handle:  # the bytes are on disk before the old file is replaced
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomically(target: Path, text: str, encoding: str = "utf-8") -> None:
    write_atomically(target, lambda tmp: tmp.write_text(text, encoding=encoding, newline=""))


def _temp_prefix(target: Path) -> str:
    return f".{target.stem}-"


def _temp_suffix(target: Path) -> str:
    return target.suffix + ".tmp"


def stray_temp_files(target: Path) -> list[Path]:
    """Temporary files of ``target`` left beside it by a save that was killed."""
    prefix, suffix = _temp_prefix(target), _temp_suffix(target)
    try:
        return [p for p in target.parent.iterdir() if p.name.startswith(prefix)
                and p.name.endswith(suffix) and p.is_file()]
    except OSError:
        return []


def remove_stray_temp_files(target: Path) -> int:
    """Remove them; call it holding ``target``'s lock, so no save of another process is under way."""
    removed = 0
    for stray in stray_temp_files(target):
        try:
            stray.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def tidy(target: Path) -> int:
    """At start: remove what a killed save of ``target`` left, if no save is under way (never raises)."""
    if not stray_temp_files(target):
        return 0  # the usual case: no lock file made, nothing written
    try:
        with file_lock(target, timeout=0.5):
            return remove_stray_temp_files(target)
    except OSError:
        return 0  # a read-only folder, or another process saving: the next save cleans up


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
