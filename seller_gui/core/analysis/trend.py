"""The daily trend per account: orders, seller and unknown cancellations, and the rolling rate.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from seller_gui.core.analysis.orders import (
    CAUSE_SELLER,
    CAUSE_UNKNOWN,
    DAY_NS,
    NAT,
    OrderBook,
    jst_day,
    parse_as_of,
)
from seller_gui.core.analysis.rules import Rules


def trend(book: OrderBook, account_rules: list[Rules], until: pd.Timestamp | None = None,
          unavailable: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, pd.DataFrame]:
    """Per account and day over the loaded period: orders, seller and unknown cancellations, and the
    rolling rate over the window ending that day, with the gauge's two bounds: ``rolling_rate`` (low:
    confirmed seller-caused) and ``rolling_rate_upper`` (high: seller plus unknown cause), NaN without
    orders, and NaN throughout where the files cannot give a cancellation rate (``unavailable``).

    Columns: date, orders, seller_cancelled, unknown_cancelled, rolling_orders, rolling_rate,
    rolling_rate_upper, limit. Days are Japan-time calendar days.
    """
    unavailable = unavailable or {}
    result: dict[str, pd.DataFrame] = {}
    counted = book.seller_fulfilled & (book.ordered_at != NAT)
    days = jst_day(book.ordered_at)
    last_day = int(jst_day(np.asarray([parse_as_of(until).value]))[0]) if until is not None else None
    for code, key in enumerate(book.keys):
        r = account_rules[code]
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
        counted_days = roll_orders > 0
        if unavailable.get(book.account_marketplace[code], {}).get("cancel"):
            counted_days = np.zeros(span, dtype=bool)
        with np.errstate(divide="ignore", invalid="ignore"):
            lower = np.where(counted_days, roll_seller / np.maximum(roll_orders, 1), np.nan)
            upper = np.where(counted_days, (roll_seller + roll_unknown) / np.maximum(roll_orders, 1),
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


