"""Marketplace import layouts, read from the profile files in resources/profiles, and header detection.

A profile file holds the marketplace's status words, cancel-reason patterns and one or more layouts
(header aliases per order-line field). Detection scores a header row against every layout, so adding
a marketplace or a layout is a data change. This module is pure Python (no pandas): the child process
that reads workbooks uses it to pick the sheet and the header row.
"""

from __future__ import annotations

import hashlib
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# Order-line fields a layout can fill from the file; the rest of the schema is derived.
FIELDS = (
    "shop", "order_id", "line_id", "ordered_at", "status", "cancel_reason", "ship_by", "shipped_at",
    "sku", "item_name", "quantity", "unit_price", "amount", "buyer_name", "payment_method",
    "fulfilment", "row_type", "ship_flag", "tracking", "scheduled_for",
)
# Fields that only feed the reading of other fields: any evidence of shipment (a ship flag, a tracking
# number) makes a line shipped; a release or requested date (scheduled_for) moves its deadline.
EVIDENCE_FIELDS = ("ship_flag", "tracking")
# Figures a layout can give; a layout names the ones it cannot give with a reason code (catalogue key).
FIGURE_KINDS = ("cancel", "late")
# Fields whose matching columns are all kept apart (a cancelled value in any of them wins); for the
# other fields the matching columns are coalesced per row, first alias first.
MULTI_COLUMN_FIELDS = frozenset({"status"})
# How a field is named to a person in error messages.
FIELD_LABELS = {
    "order_id": "order number", "ordered_at": "order date", "status": "order status",
    "ship_by": "ship-by date", "line_id": "line number", "row_type": "row type",
}
HEADER_SCAN_ROWS = 20  # title rows above the header seen in real exports are far fewer


def norm_header(cell: object) -> str:
    """A header cell as compared: NFKC, no BOM or surrounding quotes/space, case-folded."""
    text = unicodedata.normalize("NFKC", str(cell)).replace("\ufeff", "").strip().strip('"').strip()
    return text.casefold()


def norm_value(text: str) -> str:
    """A cell value as matched against a status or reason map (full-width and half-width kana agree)."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def header_fingerprint(header: list[str]) -> str:
    """Stable key of a header row, used to find a user's saved column mapping again."""
    cells = [_norm_alias(c) if isinstance(c, str) else norm_header(c) for c in header]
    while cells and not cells[-1]:
        cells.pop()
    return hashlib.sha256("\x1f".join(cells).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Layout:
    marketplace: str
    name: str
    title: str
    fields: dict[str, tuple[str, ...]]  # field -> header aliases; "A+B" joins two columns
    required: tuple[str, ...]
    signature: tuple[str, ...] = ()
    flags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    role: str = "orders"  # "items": a line file joined to an order file (Yahoo)
    default_status: str = "unknown"
    row_type: dict[str, str] = field(default_factory=dict)  # Mercari: {"order": ..., "line": ...}
    priority: int = 0
    user_mapping: bool = False
    default_fulfilment: str = ""  # "marketplace" for a report of orders the marketplace ships (FBA)
    unavailable: dict[str, str] = field(default_factory=dict)  # "cancel"/"late" -> reason code
    available_with: dict[str, str] = field(default_factory=dict)  # figure -> field that gives it after all
    note: str = ""  # a catalogue code saying what this download is, shown with the file


@dataclass(frozen=True)
class Profile:
    key: str
    name: str
    name_en: str
    layouts: tuple[Layout, ...]
    status_map: dict[str, str]
    status_contains: tuple[tuple[str, str], ...]
    cancel_patterns: tuple[tuple[str, str], ...]
    fulfilment_map: dict[str, str]
    handling_days: int = 3  # a requested date later than this after ordering moves the deadline
    identical_lines: str = "drop"  # "sum": identical lines are units of one line (au PAY)
    portal_path: str = ""  # where the seller downloads the export, in the portal's own menu labels


@dataclass(frozen=True)
class Match:
    """Where each field of a layout was found in one header row (column positions)."""

    layout: Layout
    columns: dict[str, tuple[tuple[int, ...], ...]]  # field -> positions per matched alias
    flag_columns: dict[str, int]
    missing: tuple[str, ...]
    score: float

    @property
    def complete(self) -> bool:
        return not self.missing


def _layout_from_table(key: str, table: dict) -> Layout:
    fields = {name: tuple(aliases) for name, aliases in table.get("fields", {}).items()}
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"profile {key}: unknown fields {sorted(unknown)}")
    return Layout(
        marketplace=key,
        name=str(table["name"]),
        title=str(table.get("title", table["name"])),
        fields=fields,
        required=tuple(table.get("required", ("order_id",))),
        signature=tuple(table.get("signature", ())),
        flags={name: tuple(cols) for name, cols in table.get("flags", {}).items()},
        role=str(table.get("role", "orders")),
        default_status=str(table.get("default_status", "unknown")),
        row_type=dict(table.get("row_type", {})),
        priority=int(table.get("priority", 0)),
        default_fulfilment=str(table.get("default_fulfilment", "")),
        unavailable=_unavailable(key, table),
        available_with={str(k): str(v) for k, v in table.get("available_with", {}).items()},
        note=str(table.get("note", "")),
    )


def _unavailable(key: str, table: dict) -> dict[str, str]:
    found = {str(k): str(v) for k, v in table.get("unavailable", {}).items()}
    unknown = set(found) - set(FIGURE_KINDS)
    if unknown:
        raise ValueError(f"profile {key}: unknown figures {sorted(unknown)} in unavailable")
    return found


def profile_from_data(data: dict) -> Profile:
    key = data["key"]
    return Profile(
        key=key,
        name=str(data.get("name", key)),
        name_en=str(data.get("name_en", key)),
        layouts=tuple(_layout_from_table(key, t) for t in data.get("layouts", ())),
        status_map={norm_value(k): v for k, v in data.get("status", {}).items()},
        status_contains=tuple((norm_value(k), v) for k, v in data.get("status_contains", {}).items()),
        cancel_patterns=tuple(
            (norm_value(p), cause) for p, cause in data.get("cancel_causes", {}).get("patterns", ())
        ),
        fulfilment_map={norm_value(k): v for k, v in data.get("fulfilment", {}).items()},
        handling_days=int(data.get("rules", {}).get("handling_days", 3)),
        identical_lines=str(data.get("identical_lines", "drop")),
        portal_path=str(data.get("portal_path", "")),
    )


@lru_cache(maxsize=4)
def _load_profiles_cached(directory: str) -> dict[str, Profile]:
    found: dict[str, Profile] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        with path.open("rb") as fh:
            profile = profile_from_data(tomllib.load(fh))
        found[profile.key] = profile
    return found


def load_profiles(profiles_dir: Path | None = None) -> dict[str, Profile]:
    """Every marketplace profile, keyed by marketplace (cached per folder)."""
    if profiles_dir is None:
        from seller_gui.resources_path import resource

        profiles_dir = resource("profiles")
    return _load_profiles_cached(str(Path(profiles_dir).resolve()))


def layout_named(name: str, profiles: dict[str, Profile] | None = None) -> Layout | None:
    """The layout a loaded file names as ``marketplace/layout`` (None for a user's column mapping)."""
    marketplace, _, layout = name.partition("/")
    profile = (profiles if profiles is not None else load_profiles()).get(marketplace)
    if profile is None:
        return None
    return next((lay for lay in profile.layouts if lay.name == layout), None)


def unavailable_in(layout: Layout, header: list[str]) -> dict[str, str]:
    """The figures a file of this layout cannot give (figure -> reason code): the layout's list, less
    those a column the file has gives after all (a Yahoo! download with a ship-by column chosen)."""
    found = match_layout(header, layout).columns
    return {figure: code for figure, code in layout.unavailable.items()
            if layout.available_with.get(figure) not in found}


def all_layouts(profiles: dict[str, Profile]) -> list[Layout]:
    return [layout for profile in profiles.values() for layout in profile.layouts]


def user_layout(marketplace: str, fields: dict[str, str], fingerprint: str) -> Layout:
    """A layout built from a user's saved column mapping (exact column names)."""
    return Layout(
        marketplace=marketplace,
        name=f"user:{fingerprint}",
        title="user column mapping",
        fields={name: (column,) for name, column in fields.items() if column},
        required=tuple(f for f in ("order_id", "ordered_at", "status") if fields.get(f)),
        priority=1000,
        user_mapping=True,
    )


def _header_positions(header: list[str]) -> dict[str, int]:
    """Normalised header cell -> its first position."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _norm_alias(cell) if isinstance(cell, str) else norm_header(cell)
        if key and key not in positions:
            positions[key] = index
    return positions


# aliases and header cells repeat across layouts, rows and files: normalise each text once
_norm_alias = lru_cache(maxsize=8192)(norm_header)


def match_layout(header: list[str], layout: Layout) -> Match:
    """Find the layout's fields in one header row; score how well the row fits the layout."""
    return _match_positions(_header_positions(header), layout)


def _match_positions(positions: dict[str, int], layout: Layout) -> Match:
    norm_header = _norm_alias
    columns: dict[str, tuple[tuple[int, ...], ...]] = {}
    used: set[int] = set()
    for name, aliases in layout.fields.items():
        hits: list[tuple[int, ...]] = []
        for alias in aliases:
            parts = alias.split("+") if "+" in alias and norm_header(alias) not in positions else [alias]
            found = [positions.get(norm_header(p)) for p in parts]
            if all(p is not None for p in found):
                hits.append(tuple(found))  # type: ignore[arg-type]
        if hits:
            columns[name] = tuple(hits)
            used.update(p for hit in hits for p in hit)
    flag_columns: dict[str, int] = {}
    for flag, aliases in layout.flags.items():
        for alias in aliases:
            if norm_header(alias) in positions:
                flag_columns[flag] = positions[norm_header(alias)]
                used.add(positions[norm_header(alias)])
                break
    missing = tuple(f for f in layout.required if f not in columns)
    signature_hits = sum(1 for s in layout.signature if norm_header(s) in positions)
    score = len(used) + 2 * signature_hits + layout.priority
    return Match(layout, columns, flag_columns, missing, float(score))


def best_match(header: list[str], layouts: list[Layout]) -> Match | None:
    """The complete layout match with the highest score for this row, else None."""
    best: Match | None = None
    positions = _header_positions(header)
    for layout in layouts:
        if not _may_complete(positions, layout):  # most rows are data rows: reject them cheaply
            continue
        found = _match_positions(positions, layout)
        if found.complete and (best is None or found.score > best.score):
            best = found
    return best


def closest_partial(header: list[str], layouts: list[Layout]) -> Match | None:
    """The incomplete match that found most of its layout, to say which columns are missing."""
    best: Match | None = None
    for layout in layouts:
        if layout.priority < 0 or layout.user_mapping:
            continue
        found = match_layout(header, layout)
        found_required = len(layout.required) - len(found.missing)
        if found_required == 0 or found.score < 3:
            continue
        if best is None or found.score > best.score:
            best = found
    return best


def _may_complete(positions: dict[str, int], layout: Layout) -> bool:
    """Whether every required field has an alias in the row (as _match_positions finds them)."""
    def found(alias: str) -> bool:
        return _norm_alias(alias) in positions or (
            "+" in alias and all(_norm_alias(part) in positions for part in alias.split("+")))

    return all(any(found(a) for a in layout.fields.get(f, ())) for f in layout.required)


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " "))


def pick_header(rows: list[list[str]], layouts: list[Layout], mappings: dict[str, Layout]
                ) -> tuple[float, int, list[str], Match | None, str | None]:
    """(score, row index, header, match, mapping fingerprint) for the first rows of a table.

    A row whose fingerprint has a saved user mapping uses that mapping; other rows are scored against
    every layout. With no match the widest row is taken as the header, for messages and mapping.
    """
    best: tuple[float, int, list[str], Match | None, str | None] | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        # hashing every data row costs more than matching it: only a saved mapping needs the key
        fingerprint = header_fingerprint(row) if mappings else None
        saved = mappings.get(fingerprint) if fingerprint is not None else None
        found = best_match(row, [saved] if saved is not None else layouts)
        if found is not None and (best is None or found.score > best[0]):
            best = (found.score, index, row, found, fingerprint if saved is not None else None)
    if best is not None:
        return best
    scan = rows[:HEADER_SCAN_ROWS] or [[]]
    widths = [sum(1 for c in row if str(c).strip()) for row in scan]
    index = widths.index(max(widths))
    return (-1e9 + widths[index], index, scan[index], None, None)
