"""The seller's figures, counted the way a marketplace counts them: per order, per window, per shop.

Definitions are those of DESIGN.md ("Metrics"). Lines are grouped once into an ``OrderBook`` (integer
codes per order, numpy arrays per order); every figure is then a boolean mask over orders counted with
``np.bincount``, and "the orders behind a figure" is the same mask, so a gauge and the list it opens
can never disagree.
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

from seller_gui.core.rules import Rules, load_rules
from seller_gui.core.schema import (
    BUYER,
    CANCELLED,
    DELIVERED,
    JST,
    PENDING_PAYMENT,
    SELLER,
    SHIPPED,
    UNKNOWN,
)

NAT = np.iinfo(np.int64).min  # pandas' own NaT as int64
NEVER = np.iinfo(np.int64).max  # "no deadline" when taking a minimum
DAY_NS = 86_400 * 10**9
HOUR_NS = 3_600 * 10**9
_JST_OFFSET_NS = 9 * HOUR_NS  # Japan has no daylight saving time

# Order cause codes; a larger code wins (DESIGN: seller, else unknown, else buyer).
NO_CAUSE, CAUSE_BUYER, CAUSE_UNKNOWN, CAUSE_SELLER = -1, 0, 1, 2
CAUSE_NAMES = {CAUSE_BUYER: BUYER, CAUSE_UNKNOWN: UNKNOWN, CAUSE_SELLER: SELLER}
_CAUSE_CODES = {v: k for k, v in CAUSE_NAMES.items()}

# Figures that are counts of orders, in the order the report lists them.
CANCEL_FIGURES = ("orders", "cancelled", "seller_cancelled", "buyer_cancelled", "unknown_cancelled")
LATE_FIGURES = ("shipped", "late_shipped", "overdue_open")
FIGURES = CANCEL_FIGURES + LATE_FIGURES

WARN_SHARE = Fraction(4, 5)  # status "warn" from 80% of a limit


def account_key(marketplace: str, shop: str, shops_of_marketplace: int) -> str:
    """``aupay`` for a marketplace loaded with one shop; ``aupay/<shop>`` when several are loaded."""
    if shops_of_marketplace > 1 and shop:
        return f"{marketplace}/{shop}"
    return marketplace


def to_ns(values: pd.Series) -> np.ndarray:
    """Instants as int64 nanoseconds since the epoch (``NAT`` when missing); naive times are JST."""
    series = values
    if not isinstance(series.dtype, pd.DatetimeTZDtype):
        series = pd.to_datetime(series)
        if series.dt.tz is None:
            series = series.dt.tz_localize(JST)
    return np.asarray(series.array.as_unit("ns").asi8, dtype=np.int64)


def to_timestamp(ns: int) -> pd.Timestamp:
    return pd.NaT if ns in (NAT, NEVER) else pd.Timestamp(int(ns), unit="ns", tz="UTC").tz_convert(JST)


def iso_jst(values: pd.Series) -> list[str | None]:
    """ISO 8601 text with +09:00 for many instants at once (None for NaT), without a Python loop
    over Timestamps: numpy formats the Japan wall-clock time and the fixed offset is appended."""
    ns = to_ns(values)
    missing = ns == NAT
    wall = np.where(missing, 0, ns + _JST_OFFSET_NS).astype("datetime64[ns]").astype("datetime64[s]")
    text = np.char.add(np.datetime_as_string(wall, unit="s").astype(object), "+09:00")
    return [None if gone else t for t, gone in zip(text.tolist(), missing.tolist(), strict=True)]


def jst_day(ns: np.ndarray) -> np.ndarray:
    """Japan-time calendar day number (days since 1970-01-01) of each instant."""
    return np.floor_divide(ns + _JST_OFFSET_NS, DAY_NS)


def parse_as_of(value: str | datetime | pd.Timestamp) -> pd.Timestamp:
    """An ``--as-of`` value as a Japan-time instant; text or a datetime without an offset is JST."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a date and time: {value!r} (use ISO, e.g. 2024-05-09T16:00)") from error
    if pd.isna(stamp):
        raise ValueError(f"not a date and time: {value!r}")
    stamp = stamp.tz_localize(JST) if stamp.tzinfo is None else stamp.tz_convert(JST)
    return stamp.as_unit("ns")


@dataclass(frozen=True, eq=False)
class OrderBook:
    """Normalised lines grouped into orders; every per-order array has one entry per order code."""

    lines: pd.DataFrame
    line_order: np.ndarray  # order code of each line
    keys: tuple[str, ...]  # account key per account code: "aupay" or "aupay/<shop>"
    account_marketplace: tuple[str, ...]
    order_account: np.ndarray
    order_id: np.ndarray  # object array of str
    ordered_at: np.ndarray  # int64 ns, NAT when missing
    cause: np.ndarray  # int8 cause code after the user's tags and reason mappings
    tagged: np.ndarray  # bool: the cause comes from the user's own tag
    seller_fulfilled: np.ndarray  # bool: Amazon AFN and the like are False
    has_open: np.ndarray  # bool: at least one open line (open or unknown status)
    shipped: np.ndarray  # bool: shipped lines and no open line left
    shipped_late: np.ndarray  # bool: a shipped line left after its deadline (a date-only ship date counts as that day, so shipping on the deadline day is on time)
    open_ship_by: np.ndarray  # int64 ns: earliest deadline of the open lines, NEVER if none
    line_open: np.ndarray = field(repr=False)  # bool per line: open or unknown status
    line_cause: np.ndarray = field(repr=False)  # int8 per line: cause code of cancelled lines

    @property
    def n_orders(self) -> int:
        return len(self.order_id)

    def marketplace_of(self, key: str) -> str:
        return self.account_marketplace[self.keys.index(key)]

    def seller_cause_lines(self, orders: np.ndarray) -> np.ndarray:
        """Line mask: the seller-caused cancelled lines of the given orders (all their cancelled
        lines where the user tagged the order), i.e. the lines a seller cancellation is about."""
        of_order = orders[self.line_order]
        cancelled = self.line_cause != NO_CAUSE
        return of_order & cancelled & ((self.line_cause == CAUSE_SELLER) | self.tagged[self.line_order])

    def newest_order_ns(self) -> int | None:
        valid = self.ordered_at[self.ordered_at != NAT]
        return int(valid.max()) if len(valid) else None


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the distinct values of a text column; a missing value counts as ""."""
    codes, uniques = pd.factorize(values)  # on the Series itself: no object copy of 1M strings
    codes = codes.astype(np.int64, copy=False)
    uniques = np.asarray(uniques, dtype=object)
    missing = codes < 0
    if missing.any():
        empty = np.flatnonzero(uniques == "")
        if len(empty):
            codes[missing] = empty[0]
        else:
            codes[missing] = len(uniques)
            uniques = np.append(uniques, "")
    return codes, uniques


def _mask_of(codes: np.ndarray, uniques: np.ndarray, wanted: tuple[str, ...]) -> np.ndarray:
    hits = np.isin(uniques, np.asarray(wanted, dtype=object))
    return hits[codes] if len(uniques) else np.zeros(len(codes), dtype=bool)


def _any_per_order(line_order: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(line_order[mask], minlength=n) > 0


def build_order_book(
    lines: pd.DataFrame,
    *,
    cause_tags: Mapping[tuple[str, str], str] | None = None,
    reason_causes: Mapping[tuple[str, str], str] | None = None,
) -> OrderBook:
    """Group normalised lines into orders.

    ``cause_tags`` maps (marketplace, order_id) to the user's own cause and wins over everything;
    ``reason_causes`` maps (marketplace, raw reason) to a confirmed cause ("*" as marketplace applies
    to all) and wins over the profile's reading of that reason.
    """
    n_lines = len(lines)
    mp_codes, mp_uniques = _codes(lines["marketplace"])
    shop_codes, shop_uniques = _codes(lines["shop"]) if "shop" in lines else (
        np.zeros(n_lines, dtype=np.int64), np.asarray([""], dtype=object))
    n_shop = max(len(shop_uniques), 1)
    pair_codes, pairs = pd.factorize(mp_codes * n_shop + shop_codes)
    pair_mp = [str(mp_uniques[p // n_shop]) for p in pairs]
    pair_shop = [str(shop_uniques[p % n_shop]) for p in pairs]
    shops_per_mp = pd.Series(pair_mp).value_counts().to_dict() if len(pairs) else {}
    keys = tuple(account_key(m, s, shops_per_mp[m]) for m, s in zip(pair_mp, pair_shop, strict=True))

    order_ids = lines["order_id"]
    if not pd.api.types.is_string_dtype(order_ids):  # order numbers are text; never match 12 to "12.0"
        order_ids = order_ids.astype(str)
    oid_codes, oid_uniques = _codes(order_ids)
    if len(pairs) <= 1:
        line_order = oid_codes
        order_oid = np.arange(len(oid_uniques))
        order_account = np.zeros(len(oid_uniques), dtype=np.int64)
    else:  # the same order number in two marketplaces or shops is two orders
        combined = pair_codes.astype(np.int64) * max(len(oid_uniques), 1) + oid_codes
        line_order, uniq = pd.factorize(combined)
        line_order = line_order.astype(np.int64, copy=False)
        order_oid = uniq % max(len(oid_uniques), 1)
        order_account = uniq // max(len(oid_uniques), 1)
    n = len(order_oid)
    order_id = oid_uniques[order_oid] if n else np.asarray([], dtype=object)

    ordered_ns = to_ns(lines["ordered_at"])
    first_ordered = np.full(n, NEVER, dtype=np.int64)
    valid = ordered_ns != NAT
    np.minimum.at(first_ordered, line_order[valid], ordered_ns[valid])
    first_ordered[first_ordered == NEVER] = NAT

    st_codes, st_uniques = _codes(lines["status"])
    is_cancelled = _mask_of(st_codes, st_uniques, (CANCELLED,))
    is_shipped = _mask_of(st_codes, st_uniques, (SHIPPED, DELIVERED))
    is_open = ~_mask_of(st_codes, st_uniques, (CANCELLED, SHIPPED, DELIVERED, PENDING_PAYMENT))

    line_cause = _line_causes(lines, is_cancelled, mp_codes, mp_uniques, reason_causes)
    order_cause = np.full(n, NO_CAUSE, dtype=np.int8)
    cancelled_idx = np.flatnonzero(is_cancelled)
    np.maximum.at(order_cause, line_order[cancelled_idx], line_cause[cancelled_idx])

    tagged = np.zeros(n, dtype=bool)
    if cause_tags:
        _apply_tags(cause_tags, order_id, order_account, pair_mp, order_cause, tagged)

    marketplace_fulfilled = lines["fulfilment"].to_numpy(dtype=object, na_value="") == "marketplace" \
        if "fulfilment" in lines else np.zeros(n_lines, dtype=bool)
    # an order is the seller's to ship unless every one of its lines is fulfilled by the marketplace
    seller_fulfilled = _any_per_order(line_order, ~marketplace_fulfilled, n)

    has_open = _any_per_order(line_order, is_open, n)
    shipped = _any_per_order(line_order, is_shipped, n) & ~has_open

    ship_by_ns = to_ns(lines["ship_by"])
    shipped_ns = to_ns(lines["shipped_at"])
    late_line = is_shipped & (ship_by_ns != NAT) & (shipped_ns != NAT) & (shipped_ns > ship_by_ns)
    shipped_late = shipped & _any_per_order(line_order, late_line, n)

    open_ship_by = np.full(n, NEVER, dtype=np.int64)
    with_deadline = is_open & (ship_by_ns != NAT)
    np.minimum.at(open_ship_by, line_order[with_deadline], ship_by_ns[with_deadline])

    return OrderBook(
        lines=lines, line_order=line_order, keys=keys, account_marketplace=tuple(pair_mp),
        order_account=np.asarray(order_account, dtype=np.int64), order_id=order_id,
        ordered_at=first_ordered, cause=order_cause, tagged=tagged, seller_fulfilled=seller_fulfilled,
        has_open=has_open, shipped=shipped, shipped_late=shipped_late, open_ship_by=open_ship_by,
        line_open=is_open, line_cause=line_cause,
    )


def _line_causes(lines: pd.DataFrame, is_cancelled: np.ndarray, mp_codes: np.ndarray,
                 mp_uniques: np.ndarray, reason_causes: Mapping[tuple[str, str], str] | None,
                 ) -> np.ndarray:
    """Cause code of each cancelled line: a confirmed reason mapping, else the file's cause."""
    result = np.full(len(lines), NO_CAUSE, dtype=np.int8)
    idx = np.flatnonzero(is_cancelled)
    if not len(idx):
        return result
    file_cause = lines["cancel_cause"].to_numpy(dtype=object, na_value="")[idx]
    cause_codes, cause_uniques = pd.factorize(file_cause)
    codes = np.asarray([_CAUSE_CODES.get(str(c), CAUSE_UNKNOWN) for c in cause_uniques], dtype=np.int8)
    chosen = codes[cause_codes]
    if reason_causes:
        reasons = lines["cancel_reason"].to_numpy(dtype=object, na_value="")[idx]
        pair_codes, pair_uniques = pd.factorize(
            pd.MultiIndex.from_arrays([mp_uniques[mp_codes[idx]], reasons]))
        overrides = np.full(len(pair_uniques), NO_CAUSE, dtype=np.int8)
        for number, (marketplace, reason) in enumerate(pair_uniques):
            confirmed = reason_causes.get((marketplace, reason)) or reason_causes.get(("*", reason))
            if confirmed in _CAUSE_CODES:
                overrides[number] = _CAUSE_CODES[confirmed]
        override = overrides[pair_codes]
        chosen = np.where(override != NO_CAUSE, override, chosen)
    result[idx] = chosen
    return result


def _apply_tags(tags: Mapping[tuple[str, str], str], order_id: np.ndarray, order_account: np.ndarray,
                account_mp: list[str], order_cause: np.ndarray, tagged: np.ndarray) -> None:
    """The user's tag replaces the cause of a cancelled order (a tag on an uncancelled order waits)."""
    wanted = {oid for (_, oid) in tags}
    hits = np.flatnonzero(pd.Series(order_id, dtype=object).isin(wanted).to_numpy())
    for index in hits:
        cause = tags.get((account_mp[order_account[index]], order_id[index]))
        if cause in _CAUSE_CODES and order_cause[index] != NO_CAUSE:
            order_cause[index] = _CAUSE_CODES[cause]
            tagged[index] = True


@dataclass(frozen=True)
class AsOf:
    """The moment figures are measured at, and whether it was moved to the newest loaded order."""

    at: pd.Timestamp
    fell_back: bool = False
    reason: str = ""  # plain English for the UI and CLI when fell_back

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
        return AsOf(newest_at, True, f"The newest loaded order ({newest_at:%Y-%m-%d %H:%M}) is older "
                                     f"than the {window_days}-day window, so figures are as of that order.")
    if newest > current.value:
        return AsOf(newest_at, True, f"The newest loaded order ({newest_at:%Y-%m-%d %H:%M}) is later "
                                     "than this computer's clock, so figures are as of that order.")
    return AsOf(current)


def default_rules() -> dict[str, Rules]:
    from seller_gui.resources_path import resource

    return load_rules(resource("profiles"))


def rules_for(marketplace: str, rules: Mapping[str, Rules], window_days: int | None = None) -> Rules:
    """The marketplace's rules (generic when it has none), with a ``--window`` override applied.

    The late-shipment window follows an overridden cancel window where the profile ties them
    (others), and keeps its own length where the marketplace sets one (Amazon's 10 days).
    """
    base = rules.get(marketplace) or rules.get("generic") or next(iter(rules.values()))
    if base.marketplace != marketplace:
        base = base.with_overrides(marketplace=marketplace)
    if window_days is None:
        return base
    late = window_days if base.late_window_days == base.window_days else base.late_window_days
    return base.with_overrides(window_days=int(window_days), late_window_days=late)


@dataclass(frozen=True, eq=False)
class OrderMasks:
    """Per-order masks for every figure at one ``as_of``; figures are their counts per account."""

    in_window: np.ndarray
    in_late_window: np.ndarray
    masks: dict[str, np.ndarray]


def order_masks(book: OrderBook, as_of: pd.Timestamp, account_rules: list[Rules]) -> OrderMasks:
    at = int(parse_as_of(as_of).value)
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
    return OrderMasks(in_window, in_late, masks)


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


def figures(book: OrderBook, as_of: pd.Timestamp, rules: Mapping[str, Rules],
            window_days: int | None = None) -> dict[str, dict[str, Any]]:
    """The DESIGN figures per account key ("aupay", or "aupay/<shop>" with several shops)."""
    account_rules = [rules_for(mp, rules, window_days) for mp in book.account_marketplace]
    masks = order_masks(book, as_of, account_rules).masks
    n_acc = len(book.keys)
    counts = {name: np.bincount(book.order_account[mask], minlength=n_acc)
              for name, mask in masks.items()}
    result: dict[str, dict[str, Any]] = {}
    for code in sorted(range(n_acc), key=lambda c: book.keys[c]):
        result[book.keys[code]] = block_from_counts(
            {name: int(values[code]) for name, values in counts.items()}, account_rules[code])
    return result


def block_from_counts(c: Mapping[str, int], r: Rules) -> dict[str, Any]:
    """One marketplace block of the report, named exactly as DESIGN's JSON, from the order counts."""
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


def orders_behind(book: OrderBook, key: str, figure: str, as_of: pd.Timestamp,
                  rules: Mapping[str, Rules], window_days: int | None = None) -> pd.DataFrame:
    """The lines of the orders counted in one figure of one account (what a click on a gauge shows).

    Adds ``order_cause`` (the cause that was counted, after the user's tags) and ``cause_tagged``.
    """
    if figure not in FIGURES:
        raise ValueError(f"unknown figure {figure!r}; one of {', '.join(FIGURES)}")
    account_rules = [rules_for(mp, rules, window_days) for mp in book.account_marketplace]
    mask = order_masks(book, as_of, account_rules).masks[figure]
    mask = mask & (book.order_account == book.keys.index(key))
    line_mask = mask[book.line_order]
    shown = book.lines.loc[line_mask].copy()
    order_codes = book.line_order[line_mask]
    shown["order_cause"] = [CAUSE_NAMES.get(int(c), "") for c in book.cause[order_codes]]
    shown["cause_tagged"] = book.tagged[order_codes]
    return shown.sort_values(["ordered_at", "order_id"], kind="stable")


def trend(book: OrderBook, rules: Mapping[str, Rules], window_days: int | None = None,
          until: pd.Timestamp | None = None) -> dict[str, pd.DataFrame]:
    """Per account and day over the loaded period: orders, seller and unknown cancellations, and the
    rolling rate over the window ending that day (lower and upper bound, NaN without orders).

    Columns: date, orders, seller_cancelled, unknown_cancelled, rolling_orders, rolling_rate,
    rolling_rate_upper, limit. Days are Japan-time calendar days.
    """
    result: dict[str, pd.DataFrame] = {}
    counted = book.seller_fulfilled & (book.ordered_at != NAT)
    days = jst_day(book.ordered_at)
    last_day = int(jst_day(np.asarray([parse_as_of(until).value]))[0]) if until is not None else None
    for code, key in enumerate(book.keys):
        r = rules_for(book.account_marketplace[code], rules, window_days)
        mine = counted & (book.order_account == code)
        if not mine.any():
            continue
        first, last = int(days[mine].min()), int(days[mine].max())
        if last_day is not None and last_day > last:  # the chart runs up to as_of
            last = last_day
        span = last - first + 1
        offset = days[mine] - first
        cause = book.cause[mine]
        orders = np.bincount(offset, minlength=span)
        seller = np.bincount(offset[cause == CAUSE_SELLER], minlength=span)
        unknown = np.bincount(offset[cause == CAUSE_UNKNOWN], minlength=span)
        roll_orders = _rolling_sum(orders, r.window_days)
        roll_seller = _rolling_sum(seller, r.window_days)
        roll_unknown = _rolling_sum(unknown, r.window_days)
        with np.errstate(divide="ignore", invalid="ignore"):
            lower = np.where(roll_orders > 0, roll_seller / np.maximum(roll_orders, 1), np.nan)
            upper = np.where(roll_orders > 0, (roll_seller + roll_unknown) / np.maximum(roll_orders, 1),
                             np.nan)
        dates = pd.to_datetime((first + np.arange(span)) * DAY_NS, unit="ns").date
        result[key] = pd.DataFrame({
            "date": dates, "orders": orders, "seller_cancelled": seller, "unknown_cancelled": unknown,
            "rolling_orders": roll_orders, "rolling_rate": lower, "rolling_rate_upper": upper,
            "limit": np.full(span, r.limit),
        })
    return result


def _rolling_sum(daily: np.ndarray, window: int) -> np.ndarray:
    total = np.cumsum(daily)
    shifted = np.concatenate([np.zeros(window, dtype=total.dtype), total])[: len(total)]
    return total - shifted


@dataclass(frozen=True)
class RootCauses:
    """Seller-caused cancelled orders of one account's window, grouped three ways, largest first.

    by_sku: sku, item_name, orders, share; by_day: date, orders, share, day_orders, spike;
    by_reason: reason, orders, share. ``share`` is of the seller-cancelled orders in the window.
    """

    key: str
    seller_cancelled: int
    by_sku: pd.DataFrame
    by_day: pd.DataFrame
    by_reason: pd.DataFrame

    @property
    def spike_days(self) -> list:
        return list(self.by_day.loc[self.by_day["spike"], "date"])


def root_causes(book: OrderBook, as_of: pd.Timestamp, rules: Mapping[str, Rules],
                window_days: int | None = None) -> dict[str, RootCauses]:
    """Seller cancellations by SKU, day and reason per account, so a one-day burst stands out.

    A day is a ``spike`` when it holds at least 3 seller cancellations and at least a third of the
    window's (the seed's wrong time sale is one such day).
    """
    account_rules = [rules_for(mp, rules, window_days) for mp in book.account_marketplace]
    om = order_masks(book, as_of, account_rules)
    seller_orders = om.masks["seller_cancelled"]
    result: dict[str, RootCauses] = {}
    order_days = jst_day(book.ordered_at)
    for code, key in enumerate(book.keys):
        mine = seller_orders & (book.order_account == code)
        total = int(mine.sum())
        line_mask = book.seller_cause_lines(mine)
        lines = book.lines.loc[line_mask, ["sku", "item_name", "cancel_reason"]]
        lines = lines.assign(_order=book.line_order[line_mask])
        by_sku = _count_orders(lines, "sku", total, extra="item_name")
        reasons = lines.assign(reason=lines["cancel_reason"].fillna("").astype(str))
        by_reason = _count_orders(reasons, "reason", total)
        window_orders = om.masks["orders"] & (book.order_account == code)
        day_orders = pd.Series(order_days[window_orders]).value_counts()
        per_day = pd.Series(order_days[mine]).value_counts()
        by_day = pd.DataFrame({"day": per_day.index.to_numpy(dtype=np.int64),
                               "orders": per_day.to_numpy(dtype=np.int64)})
        by_day["share"] = by_day["orders"] / total if total else 0.0
        by_day["day_orders"] = by_day["day"].map(day_orders).fillna(0).astype(np.int64)
        by_day["spike"] = (by_day["orders"] >= 3) & (by_day["orders"] * 3 >= total)
        by_day["date"] = pd.to_datetime(by_day["day"] * DAY_NS, unit="ns").dt.date
        by_day = by_day.sort_values(["orders", "day"], ascending=[False, True], kind="stable")
        by_day = by_day[["date", "orders", "share", "day_orders", "spike"]].reset_index(drop=True)
        result[key] = RootCauses(key, total, by_sku, by_day, by_reason)
    return result


def _count_orders(lines: pd.DataFrame, column: str, total: int, extra: str | None = None
                  ) -> pd.DataFrame:
    """Distinct orders per value of ``column`` (an order with two lines of one SKU counts once)."""
    columns = [column] + ([extra] if extra else [])
    if lines.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}
                            | {"orders": pd.Series([], dtype=np.int64), "share": pd.Series([], dtype=float)})
    distinct = lines.drop_duplicates(["_order", column])
    grouped = distinct.groupby(column, sort=False)
    table = grouped["_order"].size().rename("orders").to_frame()
    if extra:
        table[extra] = grouped[extra].first()
    table = table.reset_index()
    table["share"] = table["orders"] / total if total else 0.0
    table = table.sort_values(["orders", column], ascending=[False, True], kind="stable")
    return table[columns + ["orders", "share"]].reset_index(drop=True)


@dataclass(eq=False)
class Analysis:
    """Everything the window and the report show, computed once for one set of lines."""

    book: OrderBook
    as_of: AsOf
    rules: dict[str, Rules]
    window_days: int | None
    figures: dict[str, dict[str, Any]]

    def orders_behind(self, key: str, figure: str) -> pd.DataFrame:
        return orders_behind(self.book, key, figure, self.as_of.at, self.rules, self.window_days)

    def trend(self) -> dict[str, pd.DataFrame]:
        return trend(self.book, self.rules, self.window_days, until=self.as_of.at)

    def root_causes(self) -> dict[str, RootCauses]:
        return root_causes(self.book, self.as_of.at, self.rules, self.window_days)


def analyse(lines: pd.DataFrame, *, as_of: str | datetime | pd.Timestamp | None = None,
            window_days: int | None = None, rules: Mapping[str, Rules] | None = None,
            store: Any = None, now: datetime | pd.Timestamp | None = None) -> Analysis:
    """Group ``lines`` into orders (with the store's tags and mappings) and compute the figures.

    Without ``as_of`` the fallback of ``resolve_as_of`` applies, checked against the shortest window
    among the loaded marketplaces.
    """
    rules = dict(rules) if rules is not None else default_rules()
    tags = store.cause_tags() if store is not None else None
    mappings = store.reason_causes() if store is not None else None
    book = build_order_book(lines, cause_tags=tags, reason_causes=mappings)
    windows = [rules_for(mp, rules, window_days).window_days for mp in book.account_marketplace]
    resolved = resolve_as_of(book, as_of, window_days=min(windows, default=window_days or 30), now=now)
    return Analysis(book, resolved, rules, window_days,
                    figures(book, resolved.at, rules, window_days))
