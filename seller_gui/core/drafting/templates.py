"""The drafts' wording as data: the templates of ``resources/templates/`` and the facts that fill them.

One TOML file per kind (reply to a marketplace's warning, notices to a buyer), shared paragraphs, the
marketplaces' addressees and the seller's checklists; each paragraph in Japanese with a Chinese and an
English gloss. The facts are plain dataclasses filled from an ``Analysis`` and the seller's choices.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from seller_gui.resources_path import resource

KINDS = ("reply", "stockout", "delay", "cancel")
LANGS = ("ja", "zh", "en")
CHECKLISTS = ("causes", "actions", "measures", "monitoring")
# checklists.toml names each item by its singular table: [[cause]], [[action]]...
_CHECKLIST_TABLES = {"causes": "cause", "actions": "action", "measures": "measure",
                     "monitoring": "monitoring"}

# Hiragana, katakana (with ・ and ー) and half-width katakana: none may appear in a Chinese gloss.
KANA = re.compile("[\u3040-\u30ff\uff65-\uff9f]")
# What a Chinese gloss shows instead of a Japanese value it cannot quote (an item name in kana...).
KANA_STAND_IN = "〔见日文原文〕"


# ---------------------------------------------------------------------------------------------------
# Facts: what the seller and the analysis know. Empty strings and None count as "not known".


@dataclass
class ShopProfile:
    """The shop as it signs its messages (from settings)."""

    shop_name: str = ""
    person: str = ""
    email: str = ""
    phone: str = ""
    shop_id: str = ""
    signature: str = ""  # extra lines under the signature (URL, opening hours), as the seller wrote them


class Alternative(NamedTuple):
    """An item offered instead of one that is out of stock (per SKU, kept in the store)."""

    name: str
    url: str
    price: int | None = None  # yen, tax included, shown when known


@dataclass
class Tick:
    """One ticked checklist item: its id, the date it starts (measures) and its params (e.g. minutes)."""

    id: str
    start: date | None = None
    values: dict[str, Any] = field(default_factory=dict)


# What a marketplace's notice asks the shop to do, as the notice reader (core/notices) names it. The
# reply answers each ask in the notice's order. Known codes (answered from the seller's chosen causes,
# actions and measures): stock_management, delay_notice, ship_open_orders, plan_of_action,
# send_evidence, explain_if_mistake, improve_metric, ship_on_time, valid_tracking. Any other code is
# answered with the notice's own words quoted and the answer asked of the seller.
@dataclass(frozen=True)
class NoticeAsk:
    code: str
    quote: str  # the notice's sentence that asks it, as written (masked values kept masked)


@dataclass(frozen=True)
class NoticeRef:
    """The marketplace notice a reply answers: what the reply quotes and the points it must answer."""

    marketplace: str
    kind: str  # warning, measure, review, announcement, support_reply, appeal_reply
    topic: str = ""
    subject: str = ""  # the notice's subject line, when the pasted text has one
    sent_on: date | None = None  # the notice's date, when it states one
    member_number: str = ""  # as the notice writes it (possibly masked); never logged
    asks: tuple[NoticeAsk, ...] = ()
    plan_of_action: bool = False  # the notice asks for root cause, actions taken and prevention


@dataclass
class ReplyFacts:
    """Everything the reply to a marketplace's warning says.

    ``causes`` and ``actions`` are checklist ids; ``measures`` and ``monitoring`` are ticks (a plain id
    is accepted where an item needs no date or params). ``top_*`` come from the analysis: (label, count)
    with the label a SKU, a day or the marketplace's reason text.
    """

    marketplace: str
    shop: ShopProfile
    period_start: date | None = None
    period_end: date | None = None
    orders: int | None = None
    seller_cancelled: int | None = None
    seller_cancel_rate: float | None = None
    order_ids: list[str] = field(default_factory=list)  # listed only when the marketplace asks for them
    top_skus: list[tuple[str, int]] = field(default_factory=list)
    top_days: list[tuple[date, int]] = field(default_factory=list)
    top_reasons: list[tuple[str, int]] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    measures: list[Tick | str] = field(default_factory=list)
    monitoring: list[Tick | str] = field(default_factory=list)
    notice_date: date | None = None  # the date of the marketplace's warning, when the seller gives it
    notice: NoticeRef | None = None  # the pasted notice this reply answers, point by point


@dataclass
class NoticeFacts:
    """Everything a notice to a buyer (stockout, delay, cancel) may say; each kind uses its part.

    ``reason`` and ``payment_method`` are ids from the kind's template (``choices``). ``amount`` is the
    money refunded, in yen. ``no_reply`` is what happens when the buyer does not answer a stockout
    notice: ``"cancel"`` (the shop cancels and refunds) or ``"restock"`` (ship on restock).
    """

    marketplace: str
    shop: ShopProfile
    buyer_name: str = ""
    order_id: str = ""
    shop_label: str = ""  # the shop as the export names it (with order_id and marketplace, the order)
    item_name: str = ""
    ordered_at: date | None = None
    reason: str = ""
    ship_by: date | None = None
    new_ship_date: date | None = None
    expected_arrival: date | None = None
    reply_by: date | None = None
    offer_restock: bool = False
    restock_date: date | None = None
    alternatives: list[Alternative] = field(default_factory=list)
    shop_pays_difference: bool = False
    no_reply: str = "cancel"
    payment_method: str = ""
    amount: int | None = None
    points_used: int = 0


class Paragraph(NamedTuple):
    id: str
    ja: str
    zh: str
    en: str


@dataclass(frozen=True)
class Draft:
    kind: str
    order_id: str | None
    subject: str
    paragraphs: tuple[Paragraph, ...]
    subject_zh: str = ""
    subject_en: str = ""
    marketplace: str = ""  # with shop_label and order_id, the order a notice is about
    shop_label: str = ""

    @property
    def body(self) -> str:
        return "\n\n".join(p.ja for p in self.paragraphs)

    def gloss(self, lang: str) -> str:
        """The whole draft in one gloss language (``"zh"`` or ``"en"``), paragraph for paragraph."""
        return "\n\n".join(getattr(p, lang) for p in self.paragraphs)


class DraftValuesMissing(ValueError):
    """The draft needs values nobody has given yet (the panel asks the seller for them)."""

    def __init__(self, kind: str, names: Sequence[str]) -> None:
        self.kind = kind
        self.fields = list(names)
        super().__init__(f"The {kind} draft needs these values: {', '.join(self.fields)}")


# ---------------------------------------------------------------------------------------------------
# Templates as data.


@dataclass(frozen=True)
class ParagraphTemplate:
    id: str
    text: Mapping[str, str]
    when: str | None = None  # a Jinja expression; the paragraph is left out when it is false
    counter: str | None = None  # numbered options: ``no`` (①②…) and ``n`` (1, 2…) count shown ones


@dataclass(frozen=True)
class KindTemplate:
    kind: str
    facts: str
    subject: Mapping[str, str]
    paragraphs: tuple[ParagraphTemplate, ...]
    required_lists: tuple[str, ...]
    choices: Mapping[str, Mapping[str, Mapping[str, str]]]


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    ja: str
    zh: str
    en: str
    params: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    requires: str | None = None  # a Jinja expression over the marketplace (``mp``); hidden when false

    def text(self, lang: str) -> str:
        return {"ja": self.ja, "zh": self.zh, "en": self.en}[lang]


@dataclass(frozen=True)
class Checklists:
    causes: tuple[ChecklistItem, ...]
    actions: tuple[ChecklistItem, ...]
    measures: tuple[ChecklistItem, ...]
    monitoring: tuple[ChecklistItem, ...]

    def item(self, list_name: str, item_id: str) -> ChecklistItem:
        for item in getattr(self, list_name):
            if item.id == item_id:
                return item
        known = ", ".join(i.id for i in getattr(self, list_name))
        raise ValueError(f"Unknown {list_name} item {item_id!r} (known: {known})")


@dataclass(frozen=True)
class TemplateSet:
    kinds: Mapping[str, KindTemplate]
    checklists: Checklists
    marketplaces: Mapping[str, Mapping[str, Any]]


def load_templates(folder: Path | None = None) -> TemplateSet:
    """The templates in ``folder`` (default: the app's ``resources/templates``), read once."""
    return _load_templates(Path(folder) if folder is not None else resource("templates"))


@lru_cache(maxsize=4)
def _load_templates(folder: Path) -> TemplateSet:
    common = _read_toml(folder / "common.toml")
    kinds = {kind: _kind_template(_read_toml(folder / f"{kind}.toml"), common) for kind in KINDS}
    lists = _read_toml(folder / "checklists.toml")
    checklists = Checklists(**{name: tuple(_checklist_item(entry) for entry in lists.get(table, []))
                               for name, table in _CHECKLIST_TABLES.items()})
    return TemplateSet(kinds=kinds, checklists=checklists,
                       marketplaces=_read_toml(folder / "marketplaces.toml"))


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _kind_template(data: dict[str, Any], common: dict[str, Any]) -> KindTemplate:
    paragraphs = []
    for entry in data["paragraph"]:
        if "use" in entry:
            shared = common[entry["use"]]
            entry = {**shared, "id": entry["use"], **{k: v for k, v in entry.items() if k != "use"}}
        paragraphs.append(ParagraphTemplate(
            id=entry["id"], text={lang: entry[lang] for lang in LANGS},
            when=entry.get("when"), counter=entry.get("counter")))
    return KindTemplate(
        kind=data["kind"], facts=data["facts"], subject={lang: data["subject"][lang] for lang in LANGS},
        paragraphs=tuple(paragraphs), required_lists=tuple(data.get("required_lists", ())),
        choices=data.get("choices", {}))


def _checklist_item(entry: dict[str, Any]) -> ChecklistItem:
    return ChecklistItem(id=entry["id"], ja=entry["ja"], zh=entry["zh"], en=entry["en"],
                         params=tuple(entry.get("params", ())),
                         keywords=tuple(entry.get("keywords", ())), requires=entry.get("requires"))


# ---------------------------------------------------------------------------------------------------
# Formatting: the Japanese way for ja and zh, the English way for en.


