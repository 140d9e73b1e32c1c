"""Our catalogue of the sentences and phrases marketplaces' notices repeat, as data in
``resources/notices/``: one file per marketplace plus ``common.toml``, each entry a few patterns
(matched in the normal form, see ``text.normalise``) with a Chinese and an English explanation in our
own words; ``cues.toml`` (marketplace, kind, topic, measures) and ``asks.toml`` (what counts as an
ask, and which reply point it is) hold the reader's rules.

A sentence is *known* when catalogue entries cover most of its words; its explanation is theirs,
joined in order. Anything else is not recognised: no entry ever guesses.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from seller_gui.resources_path import resource

# a notice's sentences run to a few hundred characters; a longer run of text is no sentence we know,
# and matching it would cost time that grows with the square of its length
MAX_SENTENCE_CHARS = 800
COVERAGE_NEEDED = 0.6  # share of a sentence's letters the catalogue must explain for it to be known
MARKETPLACES = ("amazon", "aupay", "yahoo", "rakuten", "qoo10", "mercari")
# what a pasted text writes in place of a name or a number it hides
MASK = re.compile(r"\[[^\]]{1,60}\]|\$\{[^}]{1,60}\}|<[^<>]{1,40}>|[◎○〇●◯■□＊*×]{2,}|(?<![A-Za-z])[xX]{3,}(?![A-Za-z])|https?://\S+")
_SIGNIFICANT = re.compile(r"[^\W_]", re.UNICODE)


@cache  # the rules hold more patterns than the re module keeps compiled
def compile_pattern(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """A recurring sentence or phrase, with what it means and what it does in the notice."""

    id: str
    marketplace: str  # "common" or a marketplace key
    patterns: tuple[re.Pattern[str], ...]
    zh: str
    en: str
    ask: str = ""  # the reply point it asks for (see core.drafting.templates NoticeAsk)
    consequence: bool = False  # a conditional threat: what may happen, never an ask
    lead_in: bool = False  # introduces asks listed under it
    no_ask: bool = False  # looks like a request but asks nothing a reply answers
    term: bool = False  # a glossary term (shown as a hint), not a sentence


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int
    end: int
    values: dict[str, str]
    text: str = ""  # what it matched

    def gloss(self, language: str) -> str:
        template = self.entry.zh if language == "zh" else self.entry.en
        return _fill(template, self.values)


def _fill(template: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        found = values.get(name) or ""
        return mask_number(found) if name in ("member", "shop_id") else found

    return re.sub(r"\{(\w+)\}", value, template)


def mask_number(value: str) -> str:
    """A member or shop number as the reader shows it: its last two characters, the rest hidden.
    A value the pasted text already masks stays as written."""
    value = value.strip()
    if not value or MASK.fullmatch(value) or not re.search(r"[0-9A-Za-z]", value):
        return value
    keep = 2 if len(value) > 4 else 0
    return "*" * (len(value) - keep) + value[len(value) - keep:]


@dataclass(frozen=True)
class Catalogue:
    sentences: tuple[Entry, ...]
    terms: tuple[Entry, ...]

    def entries_for(self, marketplace: str) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
        """The common entries and the marketplace's own (all of them when the marketplace is unknown)."""
        if marketplace not in MARKETPLACES:
            return self.sentences, self.terms
        keep = ("common", marketplace)
        return (tuple(e for e in self.sentences if e.marketplace in keep),
                tuple(e for e in self.terms if e.marketplace in keep))


@dataclass(frozen=True)
class Explained:
    """What the catalogue says of one sentence."""

    known: bool
    matches: tuple[Match, ...]
    terms: tuple[Match, ...]
    coverage: float

    def gloss(self, language: str) -> str | None:
        if not self.known:
            return None
        glue = "" if language == "zh" else " "
        return glue.join(dict.fromkeys(m.gloss(language) for m in self.matches)).strip()


def significant(text: str) -> int:
    return len(_SIGNIFICANT.findall(MASK.sub(" ", text)))


_ANY_URL = re.compile(r"https?://[^\s()（）<>「」]+")


def explain(normal: str, entries: tuple[Entry, ...], terms: tuple[Entry, ...]) -> Explained:
    """Match one normalised sentence against the catalogue (a URL in it counts as a short word)."""
    normal = _ANY_URL.sub("https://…", normal)
    if len(normal) > MAX_SENTENCE_CHARS:
        return Explained(False, (), (), 0.0)
    found: list[Match] = []
    for entry in entries:
        for pattern in entry.patterns:
            for hit in pattern.finditer(normal):
                if hit.end() > hit.start():
                    found.append(Match(entry, hit.start(), hit.end(),
                                       {k: v for k, v in hit.groupdict().items() if v}, hit.group()))
    chosen: list[Match] = []
    # the longest first; at equal length one that asks, then a marketplace's own entry before a common one
    for match in sorted(found, key=lambda m: (-(m.end - m.start), m.start, not m.entry.ask,
                                              m.entry.marketplace == "common")):
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    chosen.sort(key=lambda m: m.start)
    total = significant(normal)
    covered = sum(significant(normal[m.start:m.end]) for m in chosen)
    coverage = 1.0 if total == 0 and chosen else (covered / total if total else 0.0)
    term_hits: list[Match] = []
    for entry in terms:
        for pattern in entry.patterns:
            hit = pattern.search(normal)
            if hit:
                term_hits.append(Match(entry, hit.start(), hit.end(), {}, hit.group()))
                break
    term_hits.sort(key=lambda m: m.start)
    return Explained(bool(chosen) and coverage >= COVERAGE_NEEDED, tuple(chosen), tuple(term_hits), coverage)


# --------------------------------------------------------------------------------------------------
# Loading.


def _entries(file: Path, marketplace: str, table: str) -> list[Entry]:
    with file.open("rb") as fh:
        data = tomllib.load(fh)
    out = []
    for index, item in enumerate(data.get(table, [])):
        patterns = item.get("match", [])
        if isinstance(patterns, str):
            patterns = [patterns]
        if not patterns or not item.get("zh") or not item.get("en"):
            raise ValueError(f"{file.name}: {table} #{index + 1} needs match, zh and en")
        out.append(Entry(id=str(item.get("id") or f"{marketplace}.{table}{index + 1}"), marketplace=marketplace,
                         patterns=tuple(compile_pattern(p) for p in patterns), zh=item["zh"], en=item["en"],
                         ask=item.get("ask", ""), consequence=bool(item.get("consequence", False)),
                         lead_in=bool(item.get("lead_in", False)), no_ask=bool(item.get("no_ask", False)),
                         term=table == "term"))
    return out


@cache
def load_catalogue(folder: Path | None = None) -> Catalogue:
    folder = folder or resource("notices")
    sentences: list[Entry] = []
    terms: list[Entry] = []
    for name in ("common", *MARKETPLACES):
        file = folder / f"{name}.toml"
        if file.is_file():
            sentences += _entries(file, name, "sentence")
            terms += _entries(file, name, "term")
    ids = [e.id for e in sentences]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"catalogue ids defined twice: {', '.join(twice)}")
    return Catalogue(tuple(sentences), tuple(terms))


@cache
def load_rules(name: str, folder: Path | None = None) -> dict[str, Any]:
    """One rules file of resources/notices (``cues`` or ``asks``), as read."""
    with ((folder or resource("notices")) / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)
