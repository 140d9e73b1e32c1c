"""The seller's figures as a marketplace counts them (DESIGN.md, "Metrics"): masks per order, counted.

Every figure is a boolean mask over the orders of an ``OrderBook``, counted per account with
``np.bincount``; "the orders behind a figure" is the same mask, so a gauge and its list never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from seller_gui.core.analysis.orders import (
    CAUSE_BUYER,
    CAUSE_NAMES,
    CAUSE_SELLER,
    CAUSE_UNKNOWN,
    DAY_NS,
    FIGURES,
    NAT,
    NO_CAUSE,
    WARN_SHARE,
    OrderBook,
    parse_as_of,
    to_timestamp,
)
from seller_gui.core.analysis.rules import Rules, account_rules
from seller_gui.core.i18n import Message
from seller_gui.core.schema import (
    JST,
)


@dataclass(frozen=True)
class AsOf:
    """The moment figures are measured at, and whether it was moved to the newest loaded order."""

    at: pd.Timestamp
    fell_back: bool = False
    reason: Message | None = None  # why, when fell_back (as_of_stale or as_of_ahead)

    def iso(self) -> str:
        return self.at.isoformat()


def resolve_as_of(book: OrderBook, as_of: str | datetime | pd.Timestamp | None, *, window_days: int,
                  now: datetime | pd.Timestamp | None = None) -> AsOf:
    """The given ``as_of``; without one, now, unless the newest loaded order is older than the window.

    An explicit ``as_of`` is used as given. Without one, ``now`` is used, except when the newest order
    is older than ``window_days`` before it (stale export) or lies after it (clock or file ahead): then
    the newest order's time is used, so the window covers the loaded data, and ``reason`` says so.
    """
    if as_of is not None:
        return AsOf(parse_as_of(as_of))
    current = parse_as_of(now if now is not None else pd.Timestamp.now(tz=JST))
    newest = book.newest_order_ns()
    if newest is None:
        return AsOf(current)
    newest_at = to_timestamp(newest)
    if newest <= current.value - window_days * DAY_NS:
        return AsOf(newest_at, True, Message("as_of_stale", {"newest": newest_at, "days": window_days}))
    if newest > current.value:
        return AsOf(newest_at, True, Message("as_of_ahead", {"newest": newest_at}))
    return AsOf(current)


@dataclass(frozen=True, eq=False)
class Measure:
    """One book measured at one instant: each account's rules and every figure's order mask, once."""

    book: OrderBook
    at: pd.Timestamp
    account_rules: list[Rules]
    masks: dict[str, np.ndarray]  # figure -> per-order mask; a figure is its count per account
    # marketplace -> {"cancel" | "late": reason code}: figures the files read cannot give
    unavailable: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def measure(book: OrderBook, as_of: pd.Timestamp, rules: Mapping[str, Rules] | list[Rules],
            window_days: int | None = None,
            unavailable: Mapping[str, Mapping[str, str]] | None = None) -> Measure:
    """The masks of every figure at ``as_of``; ``rules`` per marketplace, or already per account;
    ``unavailable`` names per marketplace the figures its files cannot give, with a reason code."""
    if not isinstance(rules, list):
        rules = account_rules(book.account_marketplace, rules, window_days)
    at = parse_as_of(as_of)
    return Measure(book, at, rules, order_masks(book, at, rules), dict(unavailable or {}))


def order_masks(book: OrderBook, as_of: pd.Timestamp, account_rules: list[Rules]) -> dict[str, np.ndarray]:
    """Every figure's mask at ``as_of`` (an instant already parsed by ``measure``)."""
    at = int(as_of.value)
    window = np.asarray([r.window_days for r in account_rules], dtype=np.int64)[book.order_account]
    late_window = np.asarray([r.late_window_days for r in account_rules],
                             dtype=np.int64)[book.order_account]
    has_time = book.ordered_at != NAT
    counted = book.seller_fulfilled & has_time & (book.ordered_at <= at)
    in_window = counted & (book.ordered_at > at - window * DAY_NS)
    in_late = counted & (book.ordered_at > at - late_window * DAY_NS)
    cause = book.cause
    masks = {
        "orders": in_window,
        "cancelled": in_window & (cause != NO_CAUSE),
        "seller_cancelled": in_window & (cause == CAUSE_SELLER),
        "buyer_cancelled": in_window & (cause == CAUSE_BUYER),
        "unknown_cancelled": in_window & (cause == CAUSE_UNKNOWN),
        "shipped": in_late & book.shipped,
        "late_shipped": in_late & book.shipped_late,
        "overdue_open": in_late & book.has_open & (book.open_ship_by <= at),
    }
    return masks


def status_for(value: Fraction | None, limit: float, count: int | None = None,
               count_limit: int | None = None) -> str:
    """danger when the value reaches the limit (or the count its limit), warn from 80%, else ok."""
    if value is None:
        return "no_data"
    share = Fraction(str(limit))
    over = value >= share or (count_limit is not None and count is not None and count >= count_limit)
    if over:
        return "danger"
    near = value >= share * WARN_SHARE or (
        count_limit is not None and count is not None and count >= count_limit * WARN_SHARE)
    return "warn" if near else "ok"


def cancel_budget(orders: int, seller_or_unknown: int, limit: float, count_limit: int | None
                  ) -> tuple[int | None, int | None]:
    """(cancel_budget, clean_orders_needed) with DESIGN's formulas; (None, None) for an empty window.

    Exact fractions, because ``0.1 * 30`` is 3.0000000000000004 in floats and ceil would be off by one.
    """
    if orders <= 0:
        return None, None
    share = Fraction(str(limit))
    budget = max(0, math.ceil(share * orders) - 1 - seller_or_unknown)
    if count_limit is not None:
        budget = max(0, min(budget, count_limit - 1 - seller_or_unknown))
    clean = 0
    if share > 0 and seller_or_unknown >= share * orders:
        clean = math.floor(seller_or_unknown / share) - orders + 1
    return budget, clean


def _rate(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def figures(m: Measure) -> dict[str, dict[str, Any]]:
    """The DESIGN figures per account key ("aupay", or "aupay/<shop>" with several shops)."""
    book, account_rules, masks = m.book, m.account_rules, m.masks
    n_acc = len(book.keys)
    counts = {name: np.bincount(book.order_account[mask], minlength=n_acc)
              for name, mask in masks.items()}
    result: dict[str, dict[str, Any]] = {}
    for code in sorted(range(n_acc), key=lambda c: book.keys[c]):
        lacking = m.unavailable.get(book.account_marketplace[code], {})
        result[book.keys[code]] = block_from_counts(
            {name: int(values[code]) for name, values in counts.items()}, account_rules[code],
            cancel_unavailable=lacking.get("cancel"), late_unavailable=lacking.get("late"))
    return result


UNAVAILABLE = "unavailable"
# How bad a status is, for the card's one status: an unavailable figure never makes it worse.
STATUS_RANK = {UNAVAILABLE: 0, "no_data": 1, "ok": 2, "warn": 3, "danger": 4}


def overall_status(*statuses: str) -> str:
    """The worse of the statuses (danger > warn > ok > no_data > unavailable)."""
    return max(statuses, key=lambda s: STATUS_RANK.get(s, 0))


def block_from_counts(c: Mapping[str, int], r: Rules, *, cancel_unavailable: str | None = None,
                      late_unavailable: str | None = None) -> dict[str, Any]:
    """One marketplace block of the report, named exactly as DESIGN's JSON, from the order counts.

    A figure the files cannot give (``cancel_unavailable`` / ``late_unavailable``, a reason code) has
    rates of None and the status "unavailable", never 0% "ok"; ``overall_status`` is the worse of the
    two statuses, the one a card shows."""
    block = _block(c, r)
    if cancel_unavailable:
        block.update(seller_cancel_rate=None, seller_cancel_rate_upper=None, status=UNAVAILABLE,
                     cancel_budget=None, clean_orders_needed=None)
    if late_unavailable:
        block.update(late_shipment_rate=None, late_status=UNAVAILABLE)
    block["overall_status"] = overall_status(block["status"], block["late_status"])
    block["late_limit_is_estimate"] = r.late_limit_is_estimate
    block["cancel_unavailable"] = cancel_unavailable or None
    block["late_unavailable"] = late_unavailable or None
    return block


def _block(c: Mapping[str, int], r: Rules) -> dict[str, Any]:
    n = c["orders"]
    upper_count = c["seller_cancelled"] + c["unknown_cancelled"]
    lower = _rate(c["seller_cancelled"], n)
    upper = _rate(upper_count, n)
    budget, clean = cancel_budget(n, upper_count, r.limit, r.count_limit)
    late_denominator = c["shipped"] + c["overdue_open"]
    late = _rate(c["late_shipped"] + c["overdue_open"], late_denominator)
    return {
        "window_days": r.window_days,
        "orders": n,
        "cancelled": c["cancelled"],
        "seller_cancelled": c["seller_cancelled"],
        "buyer_cancelled": c["buyer_cancelled"],
        "unknown_cancelled": c["unknown_cancelled"],
        "seller_cancel_rate": _float(lower),
        "seller_cancel_rate_upper": _float(upper),
        "limit": r.limit,
        "limit_is_estimate": r.limit_is_estimate,
        "count_limit": r.count_limit,
        "status": status_for(upper, r.limit, upper_count, r.count_limit),
        "cancel_budget": budget,
        "clean_orders_needed": clean,
        "late_window_days": r.late_window_days,
        "shipped": c["shipped"],
        "late_shipped": c["late_shipped"],
        "overdue_open": c["overdue_open"],
        "late_shipment_rate": _float(late),
        "late_limit": r.late_limit,
        "late_status": status_for(late, r.late_limit),
    }


def orders_behind(m: Measure, key: str, figure: str) -> pd.DataFrame:
    """The lines of the orders counted in one figure of one account (what a click on a gauge shows).

    Adds ``order_cause`` (the cause that was counted, after the user's tags) and ``cause_tagged``.
    """
    if figure not in FIGURES:
        raise ValueError(f"unknown figure {figure!r}; one of {', '.join(FIGURES)}")
    book = m.book
    mask = m.masks[figure]
    mask = mask & (book.order_account == book.keys.index(key))
    line_mask = mask[book.line_order]
    shown = book.lines.loc[line_mask].copy()
    order_codes = book.line_order[line_mask]
    shown["order_cause"] = [CAUSE_NAMES.get(int(c), "") for c in book.cause[order_codes]]
    shown["cause_tagged"] = book.tagged[order_codes]
    return shown.sort_values(["ordered_at", "order_id"], kind="stable")


