"""The one way this app replaces a file: write a temporary file beside it, fsync, ``os.replace``.

A crash, a kill or a full disk leaves either the old file or the new one, never half of one, and
the temporary file is removed whatever happens (it may hold buyer data, in an export).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a fresh temporary file beside ``target``, then move it into place.

    OSError (and whatever ``write`` raises) reaches the caller; the old ``target`` is then unchanged.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".tmp",
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
