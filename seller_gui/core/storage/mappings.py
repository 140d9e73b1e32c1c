"""A user's column mappings for layouts the app does not know, reused when the same header comes back.

Kept as one small JSON file in the user's data folder (path injectable for tests), keyed by a
fingerprint of the normalised header row, and written atomically (temp file + os.replace) so a crash
never leaves a half-written file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from seller_gui.core.errors import StoreError
from seller_gui.core.reading.profiles import FIELDS, Layout, header_fingerprint, user_layout
from seller_gui.core.schema import MARKETPLACES
from seller_gui.core.storage.atomic import write_text_atomically
from seller_gui.core.storage.paths import DataPaths

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
        every = self._read()
        every[mapping.fingerprint] = mapping
        self._write(every)
        return mapping

    def remove(self, header: list[str]) -> bool:
        every = self._read()
        if every.pop(header_fingerprint(header), None) is None:
            return False
        self._write(every)
        return True

    def layouts(self) -> dict[str, Layout]:
        """Saved mappings as layouts the loader tries first, keyed by header fingerprint."""
        return {fp: user_layout(m.marketplace, m.fields, fp) for fp, m in self._read().items()}

    def _write(self, every: dict[str, ColumnMapping]) -> None:
        payload = {"version": FORMAT_VERSION, "mappings": [asdict(m) for m in every.values()]}
        try:
            write_text_atomically(self.path, json.dumps(payload, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise StoreError(f"The column mappings could not be saved ({type(exc).__name__}).") from exc
