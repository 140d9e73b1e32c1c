"""Which dropped or chosen paths to load: pure functions, tested without a window."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

# What File > Open offers; a dropped file is loaded whatever its name, since the loader sniffs content.
OPEN_FILTER_PATTERNS = ("*.csv", "*.tsv", "*.txt", "*.xlsx", "*.xlsm", "*.xls")


def loadable_paths(candidates: Iterable[str | Path]) -> list[Path]:
    """Existing regular files, in the given order, once each; skips Excel's '~$' lock files."""
    seen: set[Path] = set()
    result: list[Path] = []
    for candidate in candidates:
        if not str(candidate):
            continue
        path = Path(candidate)
        if path.name.startswith("~$") or not path.is_file():
            continue
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result
