"""The interface's words in 简体中文, 日本語 and English, from one catalogue in resources/i18n.

Every user-visible string has a key; each key carries all three languages side by side in the
``*.toml`` files there (``strings.toml`` for the window's labels, ``messages.toml`` for what core
reports: file errors, warnings, reasons), so a missing translation is visible in review and caught by a
test. Core never writes prose: it returns a ``Message`` (a code and its parameters) and ``explain``
turns it into words, in the window's language or in English for the command line. Drafts sent to
customers are not here: they live in resources/templates.
"""

from __future__ import annotations

import locale
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("zh", "ja", "en")
LANGUAGE_NAMES = {"zh": "简体中文", "ja": "日本語", "en": "English"}


@dataclass(frozen=True)
class Message:
    """Something core tells a person, as a catalogue key and the values it quotes.

    Values are numbers, dates, names from a file's header or layout, or other Messages (translated in
    turn, e.g. a marketplace name); never a cell value. Picklable, so it crosses process boundaries.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def explain(self, language: str = "en") -> str:
        return explain(self.code, self.params, language)


class Catalog:
    def __init__(self, entries: dict[str, dict[str, str]], language: str = "en") -> None:
        self.entries = entries
        self.language = language

    @classmethod
    def load(cls, path: Path, language: str = "en") -> Catalog:
        """One catalogue file, or every ``*.toml`` in a folder (a key may be defined only once)."""
        files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
        entries: dict[str, dict[str, str]] = {}
        for file in files:
            with file.open("rb") as fh:
                found = tomllib.load(fh)
            twice = sorted(set(found) & set(entries))
            if twice:
                raise ValueError(f"{file.name} defines {', '.join(twice)} again")
            entries.update(found)
        return cls(entries, language)

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self.language = language

    def text(self, key: str, **values: object) -> str:
        return self.words(key, values, self.language)

    def explain(self, message: Message) -> str:
        """A core message in this catalogue's language."""
        return explain(message.code, message.params, self.language)

    def words(self, key: str, values: Mapping[str, object], language: str) -> str:
        entry = self.entries.get(key)
        if entry is None:
            raise KeyError(f"no string {key!r} in the catalogue")
        template = entry.get(language) or entry["en"]
        if not values:
            return template
        filled = {name: self.words(v.code, v.params, language) if isinstance(v, Message) else v
                  for name, v in values.items()}
        return template.format(**filled)

    def missing(self) -> list[tuple[str, str]]:
        """(key, language) pairs that lack a translation."""
        return [(key, lang) for key, entry in self.entries.items() for lang in LANGUAGES
                if not str(entry.get(lang, "")).strip()]


@cache
def full_catalog() -> Catalog:
    """Every catalogue file of resources/i18n, read once."""
    from seller_gui.resources_path import resource

    return Catalog.load(resource("i18n"))


def explain(code: str, params: Mapping[str, Any], language: str) -> str:
    """The words for a core message in ``language`` (zh, ja or en); the command line uses "en"."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    return full_catalog().words(code, params, language)


def language_from_locale(name: str | None = None) -> str:
    """Pick zh, ja or en from a locale name such as 'zh_CN.UTF-8' or 'ja-JP'; English otherwise."""
    if name is None:
        name = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") \
            or (locale.getlocale()[0] or "")
    code = name.replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else "en"
