"""The interface's words in 简体中文, 日本語 and English, from one catalogue in resources/i18n.

Every user-visible string has a key; each key carries all three languages side by side in
``strings.toml``, so a missing translation is visible in review and caught by a test. Drafts sent to
customers are not here: they live in resources/templates.
"""

from __future__ import annotations

import locale
import os
import tomllib
from pathlib import Path

LANGUAGES = ("zh", "ja", "en")
LANGUAGE_NAMES = {"zh": "简体中文", "ja": "日本語", "en": "English"}


class Catalog:
    def __init__(self, entries: dict[str, dict[str, str]], language: str = "en") -> None:
        self.entries = entries
        self.language = language

    @classmethod
    def load(cls, path: Path, language: str = "en") -> Catalog:
        with path.open("rb") as fh:
            return cls(tomllib.load(fh), language)

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self.language = language

    def text(self, key: str, **values: object) -> str:
        entry = self.entries.get(key)
        if entry is None:
            raise KeyError(f"no string {key!r} in the catalogue")
        template = entry.get(self.language) or entry["en"]
        return template.format(**values) if values else template

    def missing(self) -> list[tuple[str, str]]:
        """(key, language) pairs that lack a translation."""
        return [(key, lang) for key, entry in self.entries.items() for lang in LANGUAGES
                if not str(entry.get(lang, "")).strip()]


def language_from_locale(name: str | None = None) -> str:
    """Pick zh, ja or en from a locale name such as 'zh_CN.UTF-8' or 'ja-JP'; English otherwise."""
    if name is None:
        name = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") \
            or (locale.getlocale()[0] or "")
    code = name.replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else "en"
