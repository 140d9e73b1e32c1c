"""Where the seller's cancellations come from: by SKU, by day and by reason, largest first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from seller_gui.core.analysis.figures import Measure
from seller_gui.core.analysis.orders import DAY_NS, jst_day


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


def root_causes(m: Measure) -> dict[str, RootCauses]:
    """Seller cancellations by SKU, day and reason per account, so a one-day burst stands out.

    A day is a ``spike`` when it holds at least 3 seller cancellations and at least a third of the
    window's (the seed's wrong time sale is one such day).
    """
    book, masks = m.book, m.masks
    seller_orders = masks["seller_cancelled"]
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
        window_orders = masks["orders"] & (book.order_account == code)
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


