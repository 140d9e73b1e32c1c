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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
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
