"""Normalised lines grouped into orders, once per load: the ``OrderBook`` every figure is a mask over.

Lines are grouped by (marketplace, shop, order_id) into integer order codes with numpy arrays per
order; the seller's cause tags and confirmed reasons are applied here, so every later step sees them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

import numpy as np
import pandas as pd

from seller_gui.core.reading.normalize import FLAG_SCHEDULED, japanese_date, text_codes
from seller_gui.core.schema import (
    BUYER,
    CANCELLED,
    DELIVERED,
    JST,
    OPEN,
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
    text: list[str | None] = np.strings.add(np.datetime_as_string(wall, unit="s"), "+09:00").tolist()
    for row in np.flatnonzero(missing).tolist():
        text[row] = None
    return text


def jst_day(ns: np.ndarray) -> np.ndarray:
    """Japan-time calendar day number (days since 1970-01-01) of each instant."""
    return np.floor_divide(ns + _JST_OFFSET_NS, DAY_NS)


def parse_as_of(value: str | datetime | pd.Timestamp) -> pd.Timestamp:
    """An ``--as-of`` value as a Japan-time instant; text or a datetime without an offset is JST."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as error:
        stamp = japanese_date(value) if isinstance(value, str) else pd.NaT  # 令和8年8月18日 9:00
        if pd.isna(stamp):
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
    account_shop: tuple[str, ...]  # the shop label of each account as the files give it ('' for none)
    order_account: np.ndarray
    order_id: np.ndarray  # object array of str
    ordered_at: np.ndarray  # int64 ns, NAT when missing
    cause: np.ndarray  # int8 cause code after the user's tags and reason mappings
    tagged: np.ndarray  # bool: the cause comes from the user's own tag
    seller_fulfilled: np.ndarray  # bool: Amazon AFN and the like are False
    has_open: np.ndarray  # bool: at least one open line (an unknown status is not open)
    shipped: np.ndarray  # bool: shipped lines and no open line left
    shipped_late: np.ndarray  # bool: a shipped line left after its deadline (a date-only ship date counts as that day, so shipping on the deadline day is on time)
    open_ship_by: np.ndarray  # int64 ns: earliest deadline of the open lines, NEVER if none
    line_open: np.ndarray = field(repr=False)  # bool per line: open and not waiting for a date it lacks
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
    codes, uniques = text_codes(values.to_numpy(dtype=object))  # the str column's own array: no copy
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


def text_at(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The text of ``column`` at ``rows`` (positions or a mask) as objects, a missing value as "",
    without a copy of the whole column."""
    values = column.to_numpy(dtype=object)[rows]
    missing = pd.isna(values)
    if missing.any():
        values[missing] = ""
    return values


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
    # an unknown status is counted as an order, never at risk, never a cancellation (DESIGN)
    is_open = _mask_of(st_codes, st_uniques, (OPEN,))

    line_cause = _line_causes(lines, is_cancelled, mp_codes, mp_uniques, reason_causes)
    order_cause = np.full(n, NO_CAUSE, dtype=np.int8)
    cancelled_idx = np.flatnonzero(is_cancelled)
    np.maximum.at(order_cause, line_order[cancelled_idx], line_cause[cancelled_idx])

    tagged = np.zeros(n, dtype=bool)
    if cause_tags:
        _apply_tags(cause_tags, order_id, order_account, pair_mp, order_cause, tagged)

    marketplace_fulfilled = lines["fulfilment"].to_numpy(dtype=object) == "marketplace" \
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
    # a pre-order or scheduled line without a date is waiting for one: open, but not at risk
    waiting = is_open & (ship_by_ns == NAT)
    if waiting.any():
        waiting[waiting] = _flagged(lines.loc[waiting], FLAG_SCHEDULED)

    return OrderBook(
        lines=lines, line_order=line_order, keys=keys, account_marketplace=tuple(pair_mp),
        account_shop=tuple(pair_shop),
        order_account=np.asarray(order_account, dtype=np.int64), order_id=order_id,
        ordered_at=first_ordered, cause=order_cause, tagged=tagged, seller_fulfilled=seller_fulfilled,
        has_open=has_open, shipped=shipped, shipped_late=shipped_late, open_ship_by=open_ship_by,
        line_open=is_open & ~waiting, line_cause=line_cause,
    )


def _flagged(lines: pd.DataFrame, flag: str) -> np.ndarray:
    """Lines whose flags name ``flag`` (checked on the distinct flag texts only)."""
    if "flags" not in lines:
        return np.zeros(len(lines), dtype=bool)
    codes, uniques = _codes(lines["flags"])
    hits = np.asarray([flag in str(u).split(",") for u in uniques], dtype=bool)
    return hits[codes] if len(uniques) else np.zeros(len(lines), dtype=bool)


def _line_causes(lines: pd.DataFrame, is_cancelled: np.ndarray, mp_codes: np.ndarray,
                 mp_uniques: np.ndarray, reason_causes: Mapping[tuple[str, str], str] | None,
                 ) -> np.ndarray:
    """Cause code of each cancelled line: a confirmed reason mapping, else the file's cause."""
    result = np.full(len(lines), NO_CAUSE, dtype=np.int8)
    idx = np.flatnonzero(is_cancelled)
    if not len(idx):
        return result
    file_cause = text_at(lines["cancel_cause"], idx)
    cause_codes, cause_uniques = pd.factorize(file_cause)
    codes = np.asarray([_CAUSE_CODES.get(str(c), CAUSE_UNKNOWN) for c in cause_uniques], dtype=np.int8)
    chosen = codes[cause_codes]
    if reason_causes:
        reasons = text_at(lines["cancel_reason"], idx)
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


