"""A user's column mappings for layouts the app does not know, reused when the same header comes back.

Kept as one small JSON file in the user's data folder (path injectable for tests), keyed by a
fingerprint of the normalised header row, and written atomically (temp file + os.replace) so a crash
never leaves a half-written file. A change is read, merged and written under a lock on the file, so
two processes saving at once both keep their mapping; a killed save's temporary file is removed then.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from seller_gui.core.errors import StoreError
from seller_gui.core.reading.profiles import FIELDS, Layout, header_fingerprint, user_layout
from seller_gui.core.schema import MARKETPLACES
from seller_gui.core.storage.atomic import (
    file_lock,
    remove_stray_temp_files,
    tidy,
    write_text_atomically,
)
from seller_gui.core.storage.paths import DataPaths

log = logging.getLogger(__name__)

FILE_NAME = "column_mappings.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ColumnMapping:
    fingerprint: str
    marketplace: str
    fields: dict[str, str]  # order-line field -> column name exactly as in the header
    header: list[str]
    saved_at: str


def default_path() -> Path:
    return DataPaths.default().mappings


class MappingStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    def _read(self) -> dict[str, ColumnMapping]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise StoreError(f"The saved column mappings cannot be read ({type(exc).__name__}).") from exc
        found: dict[str, ColumnMapping] = {}
        for item in raw.get("mappings", []) if isinstance(raw, dict) else []:
            try:
                mapping = ColumnMapping(str(item["fingerprint"]), str(item["marketplace"]),
                                        {str(k): str(v) for k, v in item["fields"].items()},
                                        [str(c) for c in item["header"]], str(item.get("saved_at", "")))
            except (KeyError, TypeError, AttributeError):
                continue  # one damaged entry must not hide the others
            found[mapping.fingerprint] = mapping
        return found

    def tidy(self) -> int:
        """Remove a killed save's temporary file (at start); how many were removed."""
        return tidy(self.path)

    def all(self) -> list[ColumnMapping]:
        return list(self._read().values())

    def get(self, header: list[str]) -> ColumnMapping | None:
        return self._read().get(header_fingerprint(header))

    def save(self, header: list[str], fields: dict[str, str], marketplace: str = "generic"
             ) -> ColumnMapping:
        """Remember which column holds which field for this header (order_id is required)."""
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown order-line fields: {sorted(unknown)}")
        if not fields.get("order_id"):
            raise ValueError("a mapping needs at least the order number column")
        if marketplace not in MARKETPLACES:
            raise ValueError(f"unknown marketplace {marketplace!r}")
        missing = [c for c in fields.values() if c and c not in header]
        if missing:
            raise ValueError(f"columns not in the header: {missing}")
        mapping = ColumnMapping(header_fingerprint(header), marketplace, dict(fields), list(header),
                                datetime.now(UTC).isoformat(timespec="seconds"))
        def add(every: dict[str, ColumnMapping]) -> bool:
            every[mapping.fingerprint] = mapping
            return True

        self._change(add)
        return mapping

    def remove(self, header: list[str]) -> bool:
        return self._change(lambda every: every.pop(header_fingerprint(header), None) is not None)

    def layouts(self) -> dict[str, Layout]:
        """Saved mappings as layouts the loader tries first, keyed by header fingerprint; none when the
        file cannot be read (the known layouts still load, and the mapping dialog says what is wrong)."""
        try:
            saved = self._read()
        except StoreError as error:
            log.warning("Column mappings not used: %s", error)
            return {}
        return {fp: user_layout(m.marketplace, m.fields, fp) for fp, m in saved.items()}

    def _change(self, change: Callable[[dict[str, ColumnMapping]], bool]) -> bool:
        """Read the file, apply ``change`` and write it back if it says so, all under the lock."""
        try:
            with file_lock(self.path):
                remove_stray_temp_files(self.path)
                every = self._read()
                changed = change(every)
                if changed:
                    payload = {"version": FORMAT_VERSION, "mappings": [asdict(m) for m in every.values()]}
                    write_text_atomically(self.path, json.dumps(payload, ensure_ascii=False, indent=1))
                return changed
        except OSError as exc:
            raise StoreError(f"The column mappings could not be saved ({type(exc).__name__}).") from exc
