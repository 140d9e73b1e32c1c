"""The seller's own settings: the shop as it signs its messages, the interface language, and per
marketplace the figures the tool judges the shop by (window, limits, handling days, due-soon hours).

One small JSON file (path injectable; by default in the user's config folder), written atomically
(temp file in the same folder, fsync, os.replace). Loading never crashes: a file that cannot be read,
is not JSON, or holds values of the wrong type or out of range gives defaults for what is wrong, a
message for the seller, and a copy of the file as it was (``settings.json.corrupt-<time>``), so the next
save never destroys the only copy of what the seller typed. The copy is made once: an identical one
already there is reused. A file over ``MAX_SETTINGS_BYTES`` is no settings file; it is not read, only
moved aside (renamed, so a huge file costs neither memory nor disk). Saves hold a lock on the file and
remove what a killed save left behind.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from seller_gui.core.analysis.rules import Rules
from seller_gui.core.drafting.templates import ShopProfile
from seller_gui.core.errors import StoreError
from seller_gui.core.i18n import LANGUAGES
from seller_gui.core.schema import MARKETPLACES
from seller_gui.core.storage.atomic import (
    file_lock,
    remove_stray_temp_files,
    tidy,
    write_text_atomically,
)
from seller_gui.core.storage.paths import DataPaths

log = logging.getLogger(__name__)

APP_NAME = "seller-gui"
FILE_NAME = "settings.json"
FORMAT_VERSION = 1

# Rule fields a seller may override, with (type, lowest, highest) accepted; limits are fractions.
RULE_FIELDS: dict[str, tuple[type, float, float]] = {
    "window_days": (int, 1, 365),
    "limit": (float, 0.0001, 1.0),
    "count_limit": (int, 1, 100_000),
    "late_limit": (float, 0.0001, 1.0),
    "handling_days": (int, 0, 60),
    "due_soon_hours": (int, 1, 24 * 30),
}
PROFILE_FIELDS = tuple(f.name for f in fields(ShopProfile))
MAX_PROFILE_TEXT = 2000  # a signature of a few lines; more is a damaged file, not a shop
MAX_SETTINGS_BYTES = 2**20  # a real settings file is a few kilobytes

# Where a rule's value comes from, as the settings dialog shows it.
OFFICIAL, ESTIMATE, APP_DEFAULT, CUSTOM = "official", "estimate", "default", "custom"


class SettingsError(StoreError):
    """The settings could not be saved; the message is for a person."""


@dataclass
class SellerSettings:
    profile: ShopProfile = field(default_factory=ShopProfile)
    language: str | None = None  # None follows the computer's language
    rule_overrides: dict[str, dict[str, int | float]] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadedSettings:
    settings: SellerSettings
    problem: str | None = None  # what was wrong with the file, in plain English (no file contents)
    backup: Path | None = None  # the copy of the file as it was, when something was wrong


def default_settings_path() -> Path:
    return DataPaths.default().settings


def check_rule_value(name: str, value: object) -> int | float:
    """The value as stored for rule field ``name``; ValueError when of the wrong type or out of range."""
    if name not in RULE_FIELDS:
        raise ValueError(f"unknown rule field {name!r}")
    kind, low, high = RULE_FIELDS[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number")
    if kind is int and float(value) != int(value):
        raise ValueError(f"{name} must be a whole number")
    number = int(value) if kind is int else float(value)
    if math.isnan(number) or not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}")
    return number


def effective_rules(base: Mapping[str, Rules], settings: SellerSettings) -> dict[str, Rules]:
    """The profiles' rules with the seller's overrides; a changed limit is no longer the official one."""
    result = dict(base)
    for marketplace, changes in settings.rule_overrides.items():
        if marketplace not in result or not changes:
            continue
        rules = result[marketplace].with_overrides(**changes)
        if {"limit", "count_limit", "window_days"} & set(changes):
            rules = replace(rules, limit_is_estimate=True)
        if "late_limit" in changes:
            rules = replace(rules, late_limit_is_estimate=True)
        if "window_days" in changes and "late_window_days" not in changes \
                and result[marketplace].late_window_days == result[marketplace].window_days:
            rules = replace(rules, late_window_days=rules.window_days)  # it followed the window
        result[marketplace] = rules
    return result


def rule_origin(base: Rules, name: str, settings: SellerSettings) -> str:
    """``custom`` for the seller's value, else whether the profile's value is official or an estimate.

    Handling days and due-soon hours are the app's planning defaults, not a marketplace's rule.
    """
    if name in settings.rule_overrides.get(base.marketplace, {}):
        return CUSTOM
    if name in ("handling_days", "due_soon_hours"):
        return APP_DEFAULT
    estimate = base.late_limit_is_estimate if name == "late_limit" else base.limit_is_estimate
    return ESTIMATE if estimate else OFFICIAL


def overrides_from_values(base: Rules, values: Mapping[str, int | float | None]) -> dict[str, int | float]:
    """Only the values that differ from the profile (so a later profile fix still reaches the seller)."""
    found: dict[str, int | float] = {}
    for name, value in values.items():
        if value is None:
            continue
        value = check_rule_value(name, value)
        current = getattr(base, name)
        if current is None or not math.isclose(float(current), float(value), rel_tol=0, abs_tol=1e-9):
            found[name] = value
    return found


class SettingsFile:
    """The settings file at ``path``: ``load()`` never raises, ``save()`` raises SettingsError."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._unkept_damage = False  # a damaged file we could not copy aside must not be overwritten

    def load(self) -> LoadedSettings:
        tidy(self.path)
        try:
            size = self.path.stat().st_size
            if size > MAX_SETTINGS_BYTES:
                return self._too_large(size)
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return LoadedSettings(SellerSettings())
        except (OSError, UnicodeDecodeError) as exc:
            return self._damaged(f"The settings file could not be read ({type(exc).__name__}).")
        try:
            raw = json.loads(text)
        except ValueError:
            return self._damaged("The settings file is not valid JSON (it may have been cut short).")
        settings, wrong = parse_settings(raw)
        if wrong:
            return self._damaged("Some settings had values of the wrong type or out of range and were "
                                 f"reset: {', '.join(wrong)}.", settings)
        return LoadedSettings(settings)

    def _damaged(self, problem: str, settings: SellerSettings | None = None) -> LoadedSettings:
        backup = self._keep_copy()
        log.warning("Settings file problem (%s); copy kept: %s", problem, backup.name if backup else "none")
        return LoadedSettings(settings or SellerSettings(), problem, backup)

    def _too_large(self, size: int) -> LoadedSettings:
        problem = (f"The settings file is {size:,} bytes, far more than settings take; it was not read "
                   "and default settings are used.")
        backup = self.path.with_name(f"{self.path.name}.too-large-{_stamp()}")
        try:
            self.path.replace(backup)  # renamed, not copied: the next start finds no file
        except OSError:
            self._unkept_damage = True
            backup = None
        log.warning("Settings file of %d bytes not read; moved aside: %s", size,
                    backup.name if backup else "no")
        return LoadedSettings(SellerSettings(), problem, backup)

    def _identical_backup(self) -> Path | None:
        """A copy of the file as it is now, kept at an earlier start."""
        try:
            size = self.path.stat().st_size
            current: bytes | None = None
            for backup in sorted(self.path.parent.glob(f"{self.path.name}.corrupt-*")):
                if backup.stat().st_size != size:
                    continue
                if current is None:
                    current = self.path.read_bytes()  # at most MAX_SETTINGS_BYTES
                if backup.read_bytes() == current:
                    return backup
        except OSError:
            return None
        return None

    def _keep_copy(self) -> Path | None:
        earlier = self._identical_backup()
        if earlier is not None:
            self._unkept_damage = False
            return earlier
        backup = self.path.with_name(f"{self.path.name}.corrupt-{_stamp()}")
        try:
            shutil.copy2(self.path, backup)
        except OSError:
            self._unkept_damage = self.path.exists()
            return None
        self._unkept_damage = False
        return backup

    def save(self, settings: SellerSettings) -> None:
        if self._unkept_damage and self._keep_copy() is None and self.path.exists():
            raise SettingsError(f"The settings file {self.path} is damaged and could not be copied "
                                "aside, so it was not overwritten. Check the folder's permissions.")
        payload = {"version": FORMAT_VERSION, "shop": asdict(settings.profile),
                   "language": settings.language,
                   "rules": {mp: dict(v) for mp, v in settings.rule_overrides.items() if v}}
        try:
            with file_lock(self.path):
                remove_stray_temp_files(self.path)
                write_text_atomically(self.path, json.dumps(payload, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise SettingsError(f"The settings could not be saved to {self.path} "
                                f"({type(exc).__name__}: {exc.strerror or exc}).") from exc


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def parse_settings(raw: Any) -> tuple[SellerSettings, list[str]]:
    """Settings from decoded JSON, and the names of the entries that were wrong (and so left default)."""
    wrong: list[str] = []
    if not isinstance(raw, dict):
        return SellerSettings(), ["(whole file)"]
    shop = raw.get("shop", {})
    profile_values: dict[str, str] = {}
    if isinstance(shop, dict):
        for name in PROFILE_FIELDS:
            value = shop.get(name, "")
            if isinstance(value, str) and len(value) <= MAX_PROFILE_TEXT:
                profile_values[name] = value
            else:
                wrong.append(f"shop.{name}")
    else:
        wrong.append("shop")
    language = raw.get("language")
    if language is not None and language not in LANGUAGES:
        wrong.append("language")
        language = None
    overrides: dict[str, dict[str, int | float]] = {}
    rules = raw.get("rules", {})
    if not isinstance(rules, dict):
        wrong.append("rules")
        rules = {}
    for marketplace, changes in rules.items():
        if marketplace not in MARKETPLACES or not isinstance(changes, dict):
            wrong.append(f"rules.{marketplace}")
            continue
        for name, value in changes.items():
            try:
                overrides.setdefault(marketplace, {})[name] = check_rule_value(name, value)
            except ValueError:
                wrong.append(f"rules.{marketplace}.{name}")
    return SellerSettings(ShopProfile(**profile_values), language, overrides), wrong
