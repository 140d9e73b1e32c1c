"""From the analysis to the facts a draft needs: the bridge between metrics and drafts.

The figures, the top causes and each order's buyer, item, dates and payment come from the loaded
files; the seller's own choices (causes, what was done, measures, dates to promise) start from the
suggestions here and are edited in the panel or given on the command line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from seller_gui.core.drafting.render import suggest_causes
from seller_gui.core.drafting.templates import NoticeFacts, ReplyFacts, ShopProfile, Tick

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
DEFAULT_REASONS = {"stockout": "supplier_stockout", "delay": "supplier_delay", "cancel": "stockout"}
REPLY_DAYS = 3  # a buyer gets three days to answer a stockout notice
NEW_SHIP_DAYS = 3  # a delay notice proposes shipping three days after today (or the old deadline)
TRANSIT_DAYS = 2


def payment_method_id(text: str) -> str:
    """The cancel template's payment id for a payment text from the file; '' when unknown."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    for method, words in PAYMENT_WORDS:
        if any(word.casefold() in folded for word in words):
            return method
    return ""


@dataclass(frozen=True)
class ReplyChoices:
    """The seller's ticks for a reply; ``suggested_reply_choices`` gives the starting point."""

    causes: list[str]
    actions: list[str]
    measures: list[Tick]
    monitoring: list[Tick]


def suggested_reply_choices(causes: Any, today: date) -> ReplyChoices:
    """Ticks to start from: causes from the reasons in the file (a one-day spike suggests a wrong time
    sale), the actions and measures that answer them, starting tomorrow."""
    top_reasons = [(r.reason, int(r.orders)) for r in causes.by_reason.itertuples()] if causes else []
    spike = bool(causes.spike_days) if causes else False
    cause_ids = suggest_causes(top_reasons, spike=spike) or ["supplier_stockout"]
    start = today + timedelta(days=1)
    actions = ["contacted_buyers", "stock_corrected"]
    measures = [Tick("daily_unshipped_check", start, {"time": "10:00"}),
                Tick("safety_stock", start, {"units": 3})]
    if "timesale_stock" in cause_ids:
        actions.append("timesale_fixed")
        measures.append(Tick("presale_double_check", start))
    if "stock_sync_delay" in cause_ids:
        measures.append(Tick("sync_interval", start, {"minutes": 15}))
    monitoring = [Tick("daily_rate_check"), Tick("weekly_review")]
    return ReplyChoices(cause_ids, actions, measures, monitoring)


def reply_facts(summary: Any, key: str, shop: ShopProfile, *, today: date,
                choices: ReplyChoices | None = None, order_ids: list[str] | None = None) -> ReplyFacts:
    """The reply to ``key``'s marketplace: its window, figures and top causes from ``summary``."""
    block = summary.figures[key]
    causes = summary.root_causes.get(key)
    choices = choices or suggested_reply_choices(causes, today)
    end = summary.as_of.at
    start = end - pd.Timedelta(days=int(block["window_days"])) + pd.Timedelta(seconds=1)
    top_skus = top_days = top_reasons = []
    if causes is not None:
        top_skus = [(str(r.sku), int(r.orders)) for r in causes.by_sku.head(3).itertuples() if r.sku]
        top_days = [(pd.Timestamp(r.date).date(), int(r.orders))
                    for r in causes.by_day.head(2).itertuples() if r.orders > 1]
        top_reasons = [(str(r.reason), int(r.orders))
                       for r in causes.by_reason.head(3).itertuples() if r.reason]
    return ReplyFacts(
        marketplace=key.split("/")[0], shop=shop, period_start=start.date(), period_end=end.date(),
        orders=int(block["orders"]), seller_cancelled=int(block["seller_cancelled"]),
        seller_cancel_rate=block["seller_cancel_rate"], order_ids=list(order_ids or []),
        top_skus=top_skus, top_days=top_days, top_reasons=top_reasons,
        causes=list(choices.causes), actions=list(choices.actions), measures=list(choices.measures),
        monitoring=list(choices.monitoring))


def reference_day(summary: Any, *, demo: bool, explicit: bool) -> date:
    """The day drafts are written on: the analysis day for the demo or a given --as-of, else today."""
    return summary.as_of.at.date() if demo or explicit else date.today()


def _date(value: Any) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def notice_facts(kind: str, order_lines: pd.DataFrame, shop: ShopProfile, *, today: date,
                 alternatives: list | None = None) -> NoticeFacts:
    """A notice to the buyer of one order (its lines from the file), with suggested dates and reason.

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
    new_ship = max(today, ship_by or today) + timedelta(days=NEW_SHIP_DAYS)
    amount = pd.to_numeric(subject_lines["amount"], errors="coerce").sum(min_count=1)
    if pd.isna(amount):
        amount = (pd.to_numeric(subject_lines["unit_price"], errors="coerce")
                  * pd.to_numeric(subject_lines["quantity"], errors="coerce")).sum(min_count=1)
    return NoticeFacts(
        marketplace=str(first["marketplace"]), shop=shop, buyer_name=str(first["buyer_name"]),
        order_id=str(first["order_id"]), shop_label=str(first.get("shop", "") or ""), item_name="、".join(items), ordered_at=_date(first["ordered_at"]),
        reason=DEFAULT_REASONS[kind], ship_by=ship_by, new_ship_date=new_ship,
        expected_arrival=new_ship + timedelta(days=TRANSIT_DAYS),
        reply_by=today + timedelta(days=REPLY_DAYS), alternatives=list(alternatives or []),
        payment_method=payment_method_id(str(first["payment_method"])),
        amount=None if pd.isna(amount) else int(round(float(amount))))


