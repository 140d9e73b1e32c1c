"""Build normalised order-line frames by hand, so each metric definition can be pinned exactly.

Times are written as Japan-time text. A date-only ``ship_by`` becomes the next day 00:00 JST, as the
loader does; a date-only ``shipped_at`` is the end of that day, as the loader reads it.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from seller_gui.core.schema import JST, ORDER_LINE_COLUMNS

DEFAULTS: dict[str, object] = {
    "marketplace": "aupay",
    "shop": "",
    "line_id": "",
    "status": "shipped",
    "cancel_cause": "",
    "cancel_reason": "",
    "ship_by": None,
    "shipped_at": None,
    "sku": "SKU-1",
    "item_name": "Item",
    "quantity": 1,
    "unit_price": 1000.0,
    "amount": 1000.0,
    "buyer_name": "Test Buyer",
    "payment_method": "",
    "fulfilment": "seller",
    "flags": "",
    "source_file": "test.csv",
}


def jst(text: str | None, *, end_of_day: bool = False) -> pd.Timestamp:
    """Japan time from text; a bare date is that day's start, or its end (next 00:00) if asked."""
    if text is None:
        return pd.NaT
    stamp = pd.Timestamp(text)
    date_only = len(text.strip()) <= 10
    stamp = stamp.tz_localize(JST) if stamp.tzinfo is None else stamp.tz_convert(JST)
    if date_only and end_of_day:
        stamp = stamp + timedelta(days=1)
    return stamp.as_unit("ns")


def make_lines(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A normalised line frame from dicts that give at least order_id and ordered_at."""
    records = []
    for number, row in enumerate(rows, start=2):
        record = {**DEFAULTS, "source_row": number, **row}
        record["ordered_at"] = jst(record["ordered_at"])
        record["ship_by"] = jst(record["ship_by"], end_of_day=True)
        record["shipped_at"] = jst(record["shipped_at"], end_of_day=True)
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=list(ORDER_LINE_COLUMNS))
    for column in ("ordered_at", "ship_by", "shipped_at"):
        values = pd.to_datetime(frame[column], utc=True)  # an all-NaT column has no zone yet
        frame[column] = values.dt.tz_convert(JST).dt.as_unit("ns")
    frame["quantity"] = frame["quantity"].astype("Int64")
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame


def order(order_id: str, ordered_at: str, **fields: object) -> dict[str, object]:
    """One line of one order (shorthand for fixtures)."""
    return {"order_id": order_id, "ordered_at": ordered_at, **fields}
