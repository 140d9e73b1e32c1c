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
# Every checklist item's params, with the kind of value each takes (the panel edits them, the CLI
# parses them): whole numbers, a time of day, or a percentage.
PARAM_KINDS = {"minutes": "int", "units": "int", "days": "int", "hours": "int", "time": "time",
               "target": "percent"}


def parse_param(name: str, text: str) -> Any:
    """A param as the seller types it (``15``, ``10:30``, ``2.5`` meaning 2.5%) -> its value.
    Raises ValueError for a value that is not of the param's kind or not above zero."""
    kind = PARAM_KINDS.get(name)
    text = str(text).strip().replace("％", "%").translate(_FULL_WIDTH_DIGITS)
    if kind == "int":
        value = int(text)
        if value <= 0:
            raise ValueError(f"{name} must be above zero")
        return value
    if kind == "time":
        from datetime import time
        hours, _, minutes = text.partition(":")
        return time(int(hours), int(minutes or 0)).strftime("%H:%M")
    if kind == "percent":
        value = float(text.rstrip("%")) / 100
        if not 0 < value < 1:
            raise ValueError(f"{name} must be between 0 and 100 (%)")
        return value
    raise ValueError(f"unknown param {name!r}")


def format_param(name: str, value: Any) -> str:
    """A param's value as the seller edits it (the inverse of ``parse_param``)."""
    if PARAM_KINDS.get(name) == "percent":
        return f"{float(value) * 100:g}"
    return str(value)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．：", "0123456789.:")
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

    Figures come from the analysis (the gauge's window): ``cancelled`` orders, of which
    ``seller_cancelled`` are confirmed seller-caused and ``unknown_cancelled`` of unknown cause; the rate
    is the gauge's (both bounds while causes are unknown). ``causes`` and ``actions`` are checklist ids
    the seller ticked; ``measures`` and ``monitoring`` are ticks (a plain id is accepted where an item
    needs no date or params). Nothing is ticked for the seller. ``breakdown`` counts orders and adds up
    to its ``total``.
    """

    marketplace: str
    shop: ShopProfile
    period_start: date | None = None
    period_end: date | None = None
    orders: int | None = None
    cancelled: int | None = None
    seller_cancelled: int | None = None
    unknown_cancelled: int = 0
    seller_cancel_rate: float | None = None
    seller_cancel_rate_upper: float | None = None
    report_date: date | None = None  # the reference day (analysis day or --as-of): dates agree with it
    unknown_investigating: bool = False  # the seller reports unknown-cause cancellations as under review
    order_ids: list[str] = field(default_factory=list)  # listed only when the marketplace asks for them
    breakdown: Breakdown | None = None
    causes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    measures: list[Tick | str] = field(default_factory=list)
    monitoring: list[Tick | str] = field(default_factory=list)
    notice_date: date | None = None  # the date of the marketplace's warning, when the seller gives it
    notice: NoticeRef | None = None  # the pasted notice this reply answers, point by point
    ask_answers: dict[str, str] = field(default_factory=dict)  # ask code -> the seller's own answer


@dataclass(frozen=True)
class Breakdown:
    """The reported cancellations (seller-caused and, when reported, unknown-cause), counted by order.

    ``days`` and ``reasons`` each add up to ``total`` with their ``*_other`` remainder; ``skus`` counts
    the orders holding each SKU, so it adds up only when no order holds two (``skus_overlap``).
    """

    total: int
    days: tuple[tuple[date, int], ...] = ()
    days_other: int = 0
    reasons: tuple[tuple[str, int], ...] = ()
    reasons_other: int = 0
    reasons_blank: int = 0  # orders whose file gives no reason text
    skus: tuple[tuple[str, int], ...] = ()
    skus_other: int = 0
    skus_overlap: bool = False


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
    reason: str = ""  # chosen by the seller: a notice never states a reason by default
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
    defaults: Mapping[str, Any] = field(default_factory=dict)  # each param's value until the seller edits it
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

    def list_of(self, item_id: str) -> str | None:
        """The checklist an id belongs to (ids are unique across the four lists), or None."""
        for list_name in CHECKLISTS:
            if any(item.id == item_id for item in getattr(self, list_name)):
                return list_name
        return None


@dataclass(frozen=True)
class AskAnswer:
    """How the reply answers one kind of ask of a marketplace notice: a heading per language and the
    checklist items (causes, actions, measures, monitoring) that answer it."""

    code: str
    heading: Mapping[str, str]
    answered_by: tuple[str, ...]


@dataclass(frozen=True)
class TemplateSet:
    kinds: Mapping[str, KindTemplate]
    checklists: Checklists
    marketplaces: Mapping[str, Mapping[str, Any]]
    asks: Mapping[str, AskAnswer] = field(default_factory=dict)


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
    asks = {code: AskAnswer(code, {lang: entry[lang] for lang in LANGS}, tuple(entry["answered_by"]))
            for code, entry in _read_toml(folder / "asks.toml").items()}
    return TemplateSet(kinds=kinds, checklists=checklists,
                       marketplaces=_read_toml(folder / "marketplaces.toml"), asks=asks)


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
                         params=tuple(entry.get("params", ())), defaults=dict(entry.get("defaults", {})),
                         keywords=tuple(entry.get("keywords", ())), requires=entry.get("requires"))
