"""Orders at risk: open orders the seller should act on now, each with reason codes and the values its
sentences quote (``reason_message``).

Open means a line that is neither shipped, delivered, cancelled nor waiting for payment; an order that
is partly cancelled can still have open lines at risk. Orders fulfilled by the marketplace (Amazon
AFN) are not the seller's to ship and never appear. The list is ordered by urgency: the soonest
deadline first, where an order without a ship-by date counts from its order time plus the
marketplace's handling days.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from seller_gui.core.analysis.figures import Measure
from seller_gui.core.analysis.orders import (
    DAY_NS,
    HOUR_NS,
    NAT,
    NEVER,
    OrderBook,
    text_at,
    to_ns,
    to_timestamp,
)
from seller_gui.core.i18n import Message
from seller_gui.core.reading.normalize import READING_FLAGS
from seller_gui.core.reading.stock import sku_key

OVERDUE = "overdue"
DUE_SOON = "due_soon"
NO_DEADLINE_AGING = "no_deadline_aging"
MARKETPLACE_FLAG = "marketplace_flag"
OUT_OF_STOCK = "out_of_stock"
REPEAT_SKU = "repeat_sku"
REASONS = (OVERDUE, DUE_SOON, NO_DEADLINE_AGING, MARKETPLACE_FLAG, OUT_OF_STOCK, REPEAT_SKU)

COLUMNS = (
    "key", "marketplace", "shop", "order_id", "reasons", "ship_by", "hours_left", "ordered_at",
    "sku", "item_name", "open_lines", "open_quantity", "flags", "stockout_sku", "stockout_open",
    "stockout_stock", "repeat_sku", "repeat_count", "age_days", "handling_days", "due_soon_hours",
)


def orders_at_risk(m: Measure, *, stock: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One row per order at risk, most urgent first, with the columns of ``COLUMNS``.

    ``reasons`` is a tuple of codes from ``REASONS``; ``hours_left`` is negative when overdue and NaN
    without a deadline; the stockout_* and repeat_* columns hold what the sentences quote.
    ``stock`` (SKU -> quantity on hand) is shared by every marketplace and given to the oldest open
    orders first, so only the orders the stock cannot cover are flagged.
    """
    book, account_rules = m.book, m.account_rules
    at = int(m.at.value)
    line_idx = np.flatnonzero(book.line_open & book.seller_fulfilled[book.line_order])
    codes = book.line_order[line_idx]
    keep = book.ordered_at[codes] <= at  # an order placed after as_of did not exist yet
    line_idx, codes = line_idx[keep], codes[keep]
    if not len(line_idx):
        return _empty()

    lines = book.lines  # only the open lines' values are read, not whole columns
    quantity = pd.to_numeric(lines["quantity"].iloc[line_idx], errors="coerce").fillna(1)
    open_lines = pd.DataFrame({
        "_order": codes,
        "line_id": text_at(lines["line_id"], line_idx),
        "sku": text_at(lines["sku"], line_idx),
        "item_name": text_at(lines["item_name"], line_idx),
        "quantity": quantity.to_numpy(np.int64),
        "flags": text_at(lines["flags"], line_idx) if "flags" in lines else "",
    })
    open_lines = open_lines.drop_duplicates(["_order", "line_id", "sku", "quantity"])
    grouped = open_lines.groupby("_order", sort=False)
    per_order = grouped.agg(sku=("sku", "first"), item_name=("item_name", "first"),
                            open_lines=("sku", "size"), open_quantity=("quantity", "sum"))
    order_codes = per_order.index.to_numpy(dtype=np.int64)
    n = len(order_codes)

    account = book.order_account[order_codes]
    handling = np.asarray([r.handling_days for r in account_rules], dtype=np.int64)[account]
    soon = np.asarray([r.due_soon_hours for r in account_rules], dtype=np.int64)[account]
    ship_by = book.open_ship_by[order_codes]
    ordered = book.ordered_at[order_codes]
    has_deadline = ship_by != NEVER
    hours_left = np.where(has_deadline, (ship_by.astype(np.float64) - at) / HOUR_NS, np.nan)

    flags = _flags_per_order(open_lines, per_order.index)
    stockout = _stockout(open_lines, ordered, order_codes, book, stock)
    repeat = _repeat_skus(open_lines, order_codes, m)

    hits = {
        OVERDUE: has_deadline & (ship_by <= at),
        DUE_SOON: has_deadline & (ship_by > at) & (ship_by - at <= soon * HOUR_NS),
        NO_DEADLINE_AGING: ~has_deadline & (ordered != NAT) & (ordered < at - handling * DAY_NS),
        MARKETPLACE_FLAG: flags != "",
        OUT_OF_STOCK: stockout["stockout_sku"].to_numpy() != "",
        REPEAT_SKU: repeat["repeat_sku"].to_numpy() != "",
    }
    bits = np.zeros(n, dtype=np.int64)
    for number, code in enumerate(REASONS):
        bits |= hits[code].astype(np.int64) << number
    chosen = bits != 0
    if not chosen.any():
        return _empty()

    order_codes = order_codes[chosen]
    keys = np.asarray(book.keys, dtype=object)
    shops = np.asarray(book.account_shop, dtype=object)
    marketplaces = np.asarray(book.account_marketplace, dtype=object)
    account = account[chosen]
    implied = np.where(has_deadline, ship_by, ordered + handling * DAY_NS)[chosen]
    result = pd.DataFrame({
        "key": keys[account],
        "marketplace": marketplaces[account],
        "shop": shops[account],
        "order_id": book.order_id[order_codes],
        "reasons": _reason_tuples(bits[chosen]),
        "ship_by": _timestamps(ship_by[chosen]),
        "hours_left": hours_left[chosen],
        "ordered_at": _timestamps(ordered[chosen]),
        "sku": per_order["sku"].to_numpy(dtype=object)[chosen],
        "item_name": per_order["item_name"].to_numpy(dtype=object)[chosen],
        "open_lines": per_order["open_lines"].to_numpy(np.int64)[chosen],
        "open_quantity": per_order["open_quantity"].to_numpy(np.int64)[chosen],
        "flags": flags[chosen],
        "stockout_sku": stockout["stockout_sku"].to_numpy(dtype=object)[chosen],
        "stockout_open": stockout["stockout_open"].to_numpy(np.int64)[chosen],
        "stockout_stock": stockout["stockout_stock"].to_numpy(np.int64)[chosen],
        "repeat_sku": repeat["repeat_sku"].to_numpy(dtype=object)[chosen],
        "repeat_count": repeat["repeat_count"].to_numpy(np.int64)[chosen],
        "age_days": ((at - ordered[chosen]) / DAY_NS),
        "handling_days": handling[chosen],
        "due_soon_hours": soon[chosen],
        "_urgency": implied,
    })
    result = result.sort_values(["_urgency", "key", "order_id"], kind="stable")
    return result.drop(columns="_urgency").reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})


def _reason_tuples(bits: np.ndarray) -> np.ndarray:
    """The tuple of reason codes of each row's bits, built once per combination (at most 64)."""
    combos, inverse = np.unique(bits, return_inverse=True)
    tuples = np.empty(len(combos), dtype=object)
    for i, combo in enumerate(combos.tolist()):
        tuples[i] = tuple(c for n, c in enumerate(REASONS) if combo >> n & 1)
    return tuples[inverse]


def _timestamps(ns: np.ndarray) -> pd.Series:
    values = np.where((ns == NEVER) | (ns == NAT), NAT, ns)
    return pd.Series(pd.to_datetime(values, unit="ns", utc=True).tz_convert("Asia/Tokyo"))


def _flags_per_order(open_lines: pd.DataFrame, orders: pd.Index) -> np.ndarray:
    """Per order, the marketplace's own flags on its open lines (not what the reading noted)."""
    codes, texts = pd.factorize(open_lines["flags"].to_numpy(dtype=object))
    kept = np.asarray([",".join(f for f in str(t).split(",") if f not in READING_FLAGS) for t in texts],
                      dtype=object)
    open_lines = open_lines.assign(flags=kept[codes] if len(texts) else open_lines["flags"])
    flagged = open_lines.loc[open_lines["flags"] != "", ["_order", "flags"]]
    result = pd.Series("", index=orders, dtype=object)
    if len(flagged):
        joined = flagged.groupby("_order")["flags"].agg(
            lambda values: ",".join(dict.fromkeys(f.strip() for v in values for f in v.split(",")
                                                  if f.strip())))
        result.loc[joined.index] = joined
    return result.to_numpy(dtype=object)


def _stockout(open_lines: pd.DataFrame, ordered: np.ndarray, orders: np.ndarray, book: OrderBook,
              stock: Mapping[str, int] | None) -> pd.DataFrame:
    """Per order: the first SKU the stock cannot cover, its open units in all orders, and the stock."""
    result = pd.DataFrame({"stockout_sku": "", "stockout_open": 0, "stockout_stock": 0},
                          index=pd.Index(orders, name="_order"))
    result["stockout_sku"] = result["stockout_sku"].astype(object)
    if not stock:
        return result
    stock = {sku_key(sku): int(quantity) for sku, quantity in stock.items()}
    sku_codes, skus = pd.factorize(open_lines["sku"])
    keys = np.asarray([sku_key(s) for s in skus], dtype=object)[sku_codes] if len(skus) else skus
    open_lines = open_lines.assign(sku=keys)
    known = open_lines[open_lines["sku"].isin(stock.keys())]
    if known.empty:
        return result
    known = known.assign(_ordered=book.ordered_at[known["_order"].to_numpy()],
                         _oid=book.order_id[known["_order"].to_numpy()])
    known = known.sort_values(["_ordered", "_oid"], kind="stable")
    on_hand = known["sku"].map(stock).astype(np.int64)
    demand = known.groupby("sku", sort=False)["quantity"].cumsum()
    short = known.loc[(demand > on_hand).to_numpy()]
    if short.empty:
        return result
    total = known.groupby("sku")["quantity"].sum()
    first = short.drop_duplicates("_order").set_index("_order")
    result.loc[first.index, "stockout_sku"] = first["sku"]
    result.loc[first.index, "stockout_open"] = first["sku"].map(total).to_numpy(np.int64)
    result.loc[first.index, "stockout_stock"] = first["sku"].map(stock).to_numpy(np.int64)
    return result


def _repeat_skus(open_lines: pd.DataFrame, orders: np.ndarray, m: Measure) -> pd.DataFrame:
    """Per order: an open SKU with seller-caused cancellations in the window, and how many orders."""
    result = pd.DataFrame({"repeat_sku": "", "repeat_count": 0}, index=pd.Index(orders, name="_order"))
    result["repeat_sku"] = result["repeat_sku"].astype(object)
    book = m.book
    seller_orders = m.masks["seller_cancelled"]
    line_mask = book.seller_cause_lines(seller_orders)
    cancelled = pd.DataFrame({
        "_order": book.line_order[line_mask],
        "sku": text_at(book.lines["sku"], line_mask),
    })
    cancelled = cancelled[cancelled["sku"] != ""].drop_duplicates()
    if cancelled.empty:
        return result
    counts = cancelled["sku"].value_counts()
    hit = open_lines[open_lines["sku"].isin(counts.index)]
    if hit.empty:
        return result
    first = hit.drop_duplicates("_order").set_index("_order")
    result.loc[first.index, "repeat_sku"] = first["sku"]
    result.loc[first.index, "repeat_count"] = first["sku"].map(counts).to_numpy(np.int64)
    return result


# The values each reason's sentence quotes, by name, in the order ``_value_arrays`` gives them.
_PARAMS = {OVERDUE: ("deadline", "hours"), DUE_SOON: ("deadline", "hours"),
           NO_DEADLINE_AGING: ("days", "handling"), MARKETPLACE_FLAG: ("flags",),
           OUT_OF_STOCK: ("sku", "open", "stock"), REPEAT_SKU: ("sku", "count")}


def _value_arrays(table: pd.DataFrame) -> dict[str, list[np.ndarray]]:
    """Per reason, the columns of the values its sentence quotes (deadlines as int nanoseconds)."""
    def whole(name: str) -> np.ndarray:
        values = pd.to_numeric(table[name], errors="coerce").to_numpy(dtype=np.float64)
        return np.rint(np.abs(np.nan_to_num(values))).astype(np.int64)

    def text(name: str) -> np.ndarray:
        values = table[name].to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=False) == "string":  # str already: no copy per row
            return values
        return np.asarray([str(v) for v in values.tolist()], dtype=object)

    deadline = to_ns(table["ship_by"])
    hours = whole("hours_left")
    return {
        OVERDUE: [deadline, hours],
        DUE_SOON: [deadline, hours],
        NO_DEADLINE_AGING: [whole("age_days"), whole("handling_days")],
        MARKETPLACE_FLAG: [text("flags")],
        OUT_OF_STOCK: [text("stockout_sku"), whole("stockout_open"), whole("stockout_stock")],
        REPEAT_SKU: [text("repeat_sku"), whole("repeat_count")],
    }


def _message(code: str, values: tuple) -> Message:
    params = dict(zip(_PARAMS[code], values, strict=True))
    if "deadline" in params:
        params["deadline"] = to_timestamp(params["deadline"])
    return Message(f"sentence_{code}", params)


def reason_message(code: str, row: Mapping[str, Any]) -> Message:
    """One reason of one at-risk row as a catalogue message (``sentence_<code>``) with its values."""
    if code not in REASONS:
        raise ValueError(f"unknown reason code {code!r}")
    columns = _value_arrays(pd.DataFrame([dict(row)]))[code]
    return _message(code, tuple(values.tolist()[0] for values in columns))


def reason_messages(row: Mapping[str, Any]) -> list[Message]:
    """The message of every reason of one at-risk row, in the row's order of reasons."""
    return [reason_message(code, row) for code in row["reasons"]]


def all_reason_texts(table: pd.DataFrame, language: str) -> list[list[str]]:
    """The sentences of every row of an at-risk table in ``language``, as ``reason_messages`` and
    ``explain`` word them, each distinct sentence worded once (a list of 50,000 orders repeats a few
    hundred deadlines and SKUs)."""
    if table.empty:
        return []
    result: list[list[str]] = [[] for _ in range(len(table))]
    for rows, sentences in reason_texts(table, language):
        for row, said in zip(rows.tolist(), zip(*sentences, strict=True), strict=True):
            result[row] = list(said)
    return result


def reason_texts(table: pd.DataFrame, language: str, word: Callable[[str], str] = str
                 ) -> Iterator[tuple[np.ndarray, list[list[str]]]]:
    """``all_reason_texts`` by groups of rows with the same reasons: (the rows, the sentence of each
    reason for those rows), each distinct sentence passed through ``word`` once (an encoder, say)."""
    n = len(table)
    combos: dict[tuple, int] = {}  # each distinct list of reasons, numbered
    combo_of_row = np.fromiter((combos.setdefault(tuple(r), len(combos)) for r in table["reasons"].tolist()),
                               dtype=np.int64, count=n)
    columns = _value_arrays(table)
    texts: dict[str, np.ndarray] = {}
    for code in dict.fromkeys(c for combo in combos for c in combo):
        rows = np.flatnonzero(np.isin(combo_of_row, [k for combo, k in combos.items() if code in combo]))
        values = [column[rows] for column in columns[code]]
        group, first = _groups(values)
        keys = zip(*(v[first].tolist() for v in values), strict=True)
        worded = [word(_message(code, key).explain(language)) for key in keys]
        texts[code] = np.empty(n, dtype=object)
        texts[code][rows] = np.asarray(worded, dtype=object)[group]
    for combo, k in combos.items():
        rows = np.flatnonzero(combo_of_row == k)
        if combo:
            yield rows, [texts[c][rows].tolist() for c in combo]


def _groups(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A number per row for each distinct combination of the columns' values, and each number's
    first row."""
    group = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        group, _ = pd.factorize(group * len(uniques) + codes)
    _, first = np.unique(group, return_index=True)
    return group, first
