"""temporary
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from seller_gui.core.analysis.causes import RootCauses, root_causes
from seller_gui.core.analysis.figures import (
    AsOf,
    default_rules,
    figures,
    orders_behind,
    resolve_as_of,
    rules_for,
)
from seller_gui.core.analysis.orders import OrderBook, build_order_book
from seller_gui.core.analysis.rules import Rules
from seller_gui.core.analysis.trend import trend


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
