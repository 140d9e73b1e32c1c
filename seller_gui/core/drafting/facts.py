"""From the analysis to the facts a draft needs: the bridge between metrics and drafts.

The figures (the gauge's window, counts and rate), the breakdown of the reported cancellations and
each order's buyer, item, dates and payment come from the loaded files. What the seller decides
(causes, what was done, measures, new dates, the reason given to a buyer) is never filled in here:
the data's hints are returned as ``Suggestion``s with their evidence, for the seller to accept.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from seller_gui.core.drafting.render import load_templates
from seller_gui.core.drafting.templates import (
    Breakdown,
    NoticeFacts,
    NoticeRef,
    ReplyFacts,
    ShopProfile,
    Tick,
)

# A fictitious shop that signs drafts made from the bundled demo export (never used for real files).
DEMO_SHOP = ShopProfile(shop_name="華彩生活館（見本）", person="王 偉", email="support@example.jp",
                        phone="03-0000-0000", shop_id="demo-shop")

# Payment method ids of the cancel template, found by words in the file's payment column (NFKC, lower).
PAYMENT_WORDS = (
    ("au_pay", ("au pay", "aupay", "auかんたん決済")),
    ("credit_card", ("クレジット", "credit", "カード", "card")),
    ("konbini", ("コンビニ", "convenience", "konbini")),
    ("bank_transfer", ("銀行", "振込", "bank")),
    ("carrier_billing", ("キャリア", "ドコモ", "docomo", "ソフトバンク", "softbank", "携帯")),
)
TOP = 3  # rows of each breakdown named; the rest is summed as "other"
# A day is a spike when it holds at least this many reported cancellations and a third of them.
SPIKE_MIN = 3
REPORTED_CAUSES = ("seller", "unknown")


def payment_method_id(text: str) -> str:
    """The cancel template's payment id for a payment text from the file; '' when unknown."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    for method, words in PAYMENT_WORDS:
        if any(word.casefold() in folded for word in words):
            return method
    return ""


@dataclass(frozen=True)
class ReplyChoices:
    """What the seller chose for a reply. Empty by default: nothing is claimed for the seller."""

    causes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    measures: list[Tick] = field(default_factory=list)
    monitoring: list[Tick] = field(default_factory=list)
    unknown_investigating: bool = False  # report unknown-cause cancellations as under investigation
    ask_answers: dict[str, str] = field(default_factory=dict)  # notice ask code -> the seller's words


@dataclass(frozen=True)
class Evidence:
    """Why the data points to a cause: a ``kind`` (``reason``: a reason text of the file; ``spike``: a
    day holding most cancellations; ``repeat_sku``: a SKU cancelled again and again), what it names
    (the reason text, the ISO day, the SKU) and in how many orders. The panel words it
    (``draft_evidence_<kind>``)."""

    kind: str
    value: str
    count: int


@dataclass(frozen=True)
class Suggestion:
    """A cause the data points to, with its evidence. Shown to the seller; never pre-ticked."""

    cause: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ReportedOrders:
    """The reported cancellations of one account, one row per order: day, reason text, SKUs."""

    days: list[date]
    reasons: list[str]
    skus: list[tuple[str, ...]]

    @property
    def total(self) -> int:
        return len(self.days)


def reported_orders(summary: Any, key: str) -> ReportedOrders:
    """Cancelled orders in ``key``'s window whose cause is the seller's or unknown, one row each."""
    frame = summary.behind.get((key, "cancelled")) if summary.behind else None
    if frame is None or frame.empty:
        return ReportedOrders([], [], [])
    frame = frame[frame["order_cause"].isin(REPORTED_CAUSES)]
    days, reasons, skus = [], [], []
    for _, lines in frame.groupby(["marketplace", "shop", "order_id"], sort=False):
        cancelled = lines[lines["status"] == "cancelled"]
        cancelled = cancelled if len(cancelled) else lines
        ordered = pd.Timestamp(lines["ordered_at"].iloc[0])
        days.append((ordered.tz_convert("Asia/Tokyo") if ordered.tzinfo else ordered).date())
        texts = [str(r).strip() for r in cancelled["cancel_reason"].dropna() if str(r).strip()]
        reasons.append(texts[0] if texts else "")
        skus.append(tuple(dict.fromkeys(str(s).strip() for s in cancelled["sku"].dropna() if str(s).strip())))
    return ReportedOrders(days, reasons, skus)


def breakdown_of(orders: ReportedOrders) -> Breakdown:
    """Counts by order: day and reason add up to the total with their remainder; SKUs say they overlap."""
    total = orders.total
    day_counts = Counter(orders.days)
    days = tuple((d, n) for d, n in sorted(day_counts.items(), key=lambda x: (-x[1], x[0]))[:TOP] if n > 1)
    reason_counts = Counter(r for r in orders.reasons if r)
    reasons = tuple(reason_counts.most_common(TOP))
    blank = sum(1 for r in orders.reasons if not r)
    sku_counts = Counter(s for skus in orders.skus for s in skus)
    skus = tuple(sku_counts.most_common(TOP))
    named = {s for s, _ in skus}
    return Breakdown(
        total=total, days=days, days_other=total - sum(n for _, n in days) if days else 0,
        reasons=reasons, reasons_other=(total - blank - sum(n for _, n in reasons)) if reasons else 0,
        reasons_blank=blank if reasons else 0, skus=skus,
        skus_other=sum(1 for s in orders.skus if not named & set(s)) if skus else 0,
        skus_overlap=any(len(s) > 1 for s in orders.skus))


def cause_suggestions(summary: Any, key: str) -> list[Suggestion]:
    """Causes the reported cancellations point to, each with its evidence: a reason text naming it,
    a day holding most of them (the seed's wrong time sale), a SKU cancelled again and again."""
    orders = reported_orders(summary, key)
    causes = load_templates().checklists.causes
    evidence: dict[str, list[Evidence]] = {}
    for reason, count in Counter(r for r in orders.reasons if r).most_common():
        folded = reason.casefold()
        for item in causes:
            if any(word.casefold() in folded for word in item.keywords):
                evidence.setdefault(item.id, []).append(Evidence("reason", reason, count))
    for day, count in Counter(orders.days).most_common(1):
        if count >= SPIKE_MIN and count * 3 >= orders.total:
            evidence.setdefault("timesale_stock", []).append(Evidence("spike", day.isoformat(), count))
    for sku, count in Counter(s for skus in orders.skus for s in skus).most_common(1):
        if count > 1:
            evidence.setdefault("supplier_stockout", []).append(Evidence("repeat_sku", sku, count))
    order = {item.id: i for i, item in enumerate(causes)}
    return [Suggestion(cause, tuple(found)) for cause, found in
            sorted(evidence.items(), key=lambda kv: order.get(kv[0], len(order)))]


def reply_facts(summary: Any, key: str, shop: ShopProfile, *, today: date,
                choices: ReplyChoices | None = None, order_ids: list[str] | None = None,
                notice: NoticeRef | None = None) -> ReplyFacts:
    """The reply to ``key``'s marketplace: the gauge's window, figures and rate, the breakdown of the
    reported cancellations, and the seller's ``choices`` (none by default); ``today`` is the reference
    day measures start from and the report is dated."""
    block = summary.figures[key]
    choices = choices or ReplyChoices()
    end = summary.as_of.at
    start = end - pd.Timedelta(days=int(block["window_days"])) + pd.Timedelta(seconds=1)
    return ReplyFacts(
        marketplace=key.split("/")[0], shop=shop, period_start=start.date(), period_end=end.date(),
        orders=int(block["orders"]), cancelled=int(block["cancelled"]),
        seller_cancelled=int(block["seller_cancelled"]), unknown_cancelled=int(block["unknown_cancelled"]),
        seller_cancel_rate=block["seller_cancel_rate"],
        seller_cancel_rate_upper=block["seller_cancel_rate_upper"], report_date=today,
        unknown_investigating=choices.unknown_investigating, order_ids=list(order_ids or []),
        breakdown=breakdown_of(reported_orders(summary, key)),
        causes=list(choices.causes), actions=list(choices.actions), measures=list(choices.measures),
        monitoring=list(choices.monitoring), notice=notice, ask_answers=dict(choices.ask_answers))


def reference_day(summary: Any, *, demo: bool, explicit: bool) -> date:
    """The day drafts are written on: the analysis day for the demo or a given --as-of, else today
    (the analysis day too, unless the export is older than its window: the reply then says so)."""
    return summary.as_of.at.date() if demo or explicit else date.today()


def _date(value: Any) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def notice_facts(kind: str, order_lines: pd.DataFrame, shop: ShopProfile, *, today: date,
                 alternatives: list | None = None) -> NoticeFacts:
    """A notice to the buyer of one order (its lines from the file). The reason, a new ship date, the
    expected arrival and a restock date are the seller's to give: they are left empty here.

    The ship-by shown is the deadline's own day (a date-only deadline became the next day 00:00).
    """
    if order_lines.empty:
        raise ValueError("no lines for this order")
    first = order_lines.iloc[0]
    open_lines = order_lines[~order_lines["status"].isin(["cancelled"])]
    subject_lines = open_lines if len(open_lines) and kind != "cancel" else order_lines
    items = list(dict.fromkeys(str(n) for n in subject_lines["item_name"] if str(n)))
    deadline = pd.Series(order_lines["ship_by"]).dropna()
    ship_by = (deadline.min() - pd.Timedelta(seconds=1)).date() if len(deadline) else None
    amount = pd.to_numeric(subject_lines["amount"], errors="coerce").sum(min_count=1)
    if pd.isna(amount):
        amount = (pd.to_numeric(subject_lines["unit_price"], errors="coerce")
                  * pd.to_numeric(subject_lines["quantity"], errors="coerce")).sum(min_count=1)
    return NoticeFacts(
        marketplace=str(first["marketplace"]), shop=shop, buyer_name=str(first["buyer_name"]),
        order_id=str(first["order_id"]), shop_label=str(first.get("shop", "") or ""),
        item_name="、".join(items), ordered_at=_date(first["ordered_at"]), ship_by=ship_by,
        reply_by=None, alternatives=list(alternatives or []),  # the seller sets the date a buyer answers by
        payment_method=payment_method_id(str(first["payment_method"])),
        amount=None if pd.isna(amount) else int(round(float(amount))))
