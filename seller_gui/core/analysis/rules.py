"""Per-marketplace limits and windows, read from the [rules] table of each profile in resources/profiles.

These are the figures a marketplace judges a shop by. Official values are marked official; the others
are editable estimates, and the profile names its source.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
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


def default_rules() -> dict[str, Rules]:
    from seller_gui.resources_path import resource

    return load_rules(resource("profiles"))


def rules_for(marketplace: str, rules: Mapping[str, Rules], window_days: int | None = None) -> Rules:
    """The marketplace's rules (generic when it has none), with a ``--window`` override applied.

    The late-shipment window follows an overridden cancel window where the profile ties them
    (others), and keeps its own length where the marketplace sets one (Amazon's 10 days).
    """
    base = rules.get(marketplace) or rules.get("generic") or next(iter(rules.values()))
    if base.marketplace != marketplace:
        base = base.with_overrides(marketplace=marketplace)
    if window_days is None:
        return base
    late = window_days if base.late_window_days == base.window_days else base.late_window_days
    return base.with_overrides(window_days=int(window_days), late_window_days=late)


def account_rules(marketplaces: Iterable[str], rules: Mapping[str, Rules],
                  window_days: int | None = None) -> list[Rules]:
    """The rules of each account (by its marketplace), with a ``--window`` override applied."""
    return [rules_for(marketplace, rules, window_days) for marketplace in marketplaces]
