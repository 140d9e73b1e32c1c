"""Per-marketplace limits and windows, read from the [rules] table of each profile in resources/profiles.

These are the figures a marketplace judges a shop by. Official values are marked official; the others
are editable estimates, and the profile names its source.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Rules:
    marketplace: str
    window_days: int
    limit: float
    limit_is_estimate: bool
    count_limit: int | None
    late_window_days: int
    late_limit: float
    late_limit_is_estimate: bool
    handling_days: int
    due_soon_hours: int
    source: str

    def with_overrides(self, **changes: object) -> Rules:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def rules_from_table(marketplace: str, table: dict) -> Rules:
    return Rules(
        marketplace=marketplace,
        window_days=int(table["window_days"]),
        limit=float(table["limit"]),
        limit_is_estimate=bool(table.get("limit_is_estimate", True)),
        count_limit=int(table["count_limit"]) if "count_limit" in table else None,
        late_window_days=int(table.get("late_window_days", table["window_days"])),
        late_limit=float(table["late_limit"]),
        late_limit_is_estimate=bool(table.get("late_limit_is_estimate", True)),
        handling_days=int(table.get("handling_days", 3)),
        due_soon_hours=int(table.get("due_soon_hours", 24)),
        source=str(table.get("source", "")),
    )


def load_rules(profiles_dir: Path) -> dict[str, Rules]:
    """Rules of every profile file in ``profiles_dir``, keyed by marketplace."""
    found: dict[str, Rules] = {}
    for path in sorted(profiles_dir.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        key = data["key"]
        found[key] = rules_from_table(key, data["rules"])
    return found
