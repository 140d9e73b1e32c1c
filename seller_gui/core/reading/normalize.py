"""Raw text columns of an export -> the normalised order-line frame (schema.ORDER_LINE_COLUMNS).

Everything is vectorised: formats are tried per column on what is still unparsed, and anything that
needs Python per value (NFKC, maps) runs on the distinct values only, so a million lines stay cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from seller_gui.core.i18n import Message
from seller_gui.core.reading.profiles import Layout, Profile, norm_value
from seller_gui.core.schema import (
    BUYER,
    CANCELLED,
    JST,
    ORDER_LINE_COLUMNS,
    SELLER,
    TEXT_COLUMNS,
    UNKNOWN,
)

DATETIME_DTYPE = pd.DatetimeTZDtype("ns", JST)
TEXT_DTYPE = pd.StringDtype("python", na_value=np.nan)

# Naive formats, most common in Japanese exports first; tried only on values still unparsed.
_NAIVE_FORMATS = (
    "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M", "%Y/%m/%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
    "%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H時%M分", "%Y年%m月%d日%H時%M分",
    "%Y%m%d%H%M%S", "%Y/%m/%d %p %I:%M:%S",
)
_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%Y年%m月%d日", "%Y.%m.%d", "%Y%m%d")
_AWARE = "aware"
_SERIAL = "serial"
_OFFSET_RE = r"(?:[zZ]|[+-]\d{2}:?\d{2})$"
EXCEL_SERIALS = (20000.0, 80000.0)  # 1954..2119: an order date, never an order number or a yyyymmdd
# An order date lies in these years; 9999/12/31 ("no date" in some systems) or year 1000 would not fit
# in nanoseconds and is not a date an order has, so it counts as unreadable.
_YEARS = (pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01"))
_YEARS_UTC = tuple(t.tz_localize("UTC") for t in _YEARS)
_SAMPLE_ROWS = 10_000
_TRUTHY = frozenset({"true", "yes", "y", "1", "t", "on", "はい", "○", "◯", "有", "あり"})


@dataclass
class Notes:
    """Warnings for the person, by column name; counts only, never cell values."""

    items: list[Message] = field(default_factory=list)

    def unreadable(self, count: int, column: str, what: str) -> None:
        """``what`` is the kind of value expected: dates, numbers or whole_quantities."""
        if count:
            self.items.append(Message(f"unreadable_{what}", {"count": count, "column": column}))


def blank(series: pd.Series) -> pd.Series:
    """Empty or missing cells (a numpy comparison: pandas' isna on text is several times slower)."""
    values = series.to_numpy(dtype=object)
    empty = values == ""
    if series.dtype != object:  # the str dtype may hold NaN; object columns here are filled already
        empty |= pd.isna(values)
    return pd.Series(empty, index=series.index)


def _nfkc_unique(values: pd.Series) -> pd.Series:
    uniques = pd.unique(values.to_numpy(dtype=object))
    table = {u: unicodedata.normalize("NFKC", u).strip() for u in uniques if isinstance(u, str)}
    return values.map(table)


def parse_datetimes(raw: pd.Series, *, date_only_end: bool = False) -> tuple[pd.Series, int]:
    """Text dates in any form the marketplaces write -> tz-aware Japan time, and the unparsed count.

    Naive values are Japan time; values with an offset or Z are converted. ``date_only_end`` makes a
    date without a time the end of that day (next day 00:00), as a ship-by deadline means.
    """
    out, bad = _parse_datetimes(raw, date_only_end=date_only_end)
    return out, int(bad.sum())


def _parse_datetimes(raw: pd.Series, *, date_only_end: bool) -> tuple[pd.Series, np.ndarray]:
    """parse_datetimes, with the unparsed cells as a mask."""
    out = pd.Series(pd.NaT, index=raw.index, dtype=DATETIME_DTYPE)
    todo = raw[~blank(raw)]
    if todo.empty:
        return out, np.zeros(len(raw), bool)
    for normalised in (False, True):
        if normalised:
            todo = _nfkc_unique(todo)
            todo = todo[todo != ""]
        for fmt in _ordered_formats(todo):
            if todo.empty:
                break
            parsed, date_only = _try_format(todo, fmt)
            ok = parsed.notna()
            if not ok.any():
                continue
            if date_only and date_only_end:
                parsed = parsed + pd.Timedelta(days=1)
            if len(todo) == len(out) and ok.all():
                out = parsed.set_axis(out.index)
            else:
                out.loc[ok[ok].index] = parsed[ok]
            todo = todo[~ok]
        if todo.empty:
            break
    return out, raw.index.isin(todo.index)


def _ordered_formats(values: pd.Series) -> list[str]:
    """All formats, the first one that reads a small sample put first (one pass for a clean column).

    The formats read disjoint shapes of text, so the order only decides speed; a plain-Python guess on
    the sample costs microseconds where a pandas attempt per format costs a millisecond.
    """
    sample = [v for v in values.iloc[:8] if isinstance(v, str)]
    formats = [_AWARE, *_NAIVE_FORMATS, *_DATE_FORMATS, _SERIAL]
    for fmt in formats:
        if sample and all(_fits(v, fmt) for v in sample):
            return [fmt, *(f for f in formats if f != fmt)]
    return formats


def _fits(value: str, fmt: str) -> bool:
    if fmt == _AWARE:
        return re.search(_OFFSET_RE, value) is not None
    try:
        if fmt == _SERIAL:
            return EXCEL_SERIALS[0] <= float(value) <= EXCEL_SERIALS[1]
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def _try_format(values: pd.Series, fmt: str) -> tuple[pd.Series, bool]:
    if fmt == _AWARE:
        aware = values.str.contains(_OFFSET_RE, regex=True, na=False)
        parsed = pd.Series(pd.NaT, index=values.index, dtype=DATETIME_DTYPE)
        if aware.any():
            got = pd.to_datetime(values[aware], format="ISO8601", utc=True, errors="coerce")
            got = got.where(got.between(*_YEARS_UTC, inclusive="left"))
            parsed.loc[aware] = got.dt.tz_convert(JST).astype(DATETIME_DTYPE)
        return parsed, False
    if fmt == _SERIAL:
        numbers = pd.to_numeric(values, errors="coerce")
        in_range = numbers.between(*EXCEL_SERIALS)
        days = numbers.where(in_range)
        parsed = (pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D")).dt.round("s")
        whole = bool(in_range.any()) and bool((days[in_range] % 1 == 0).all())
        return parsed.dt.tz_localize(JST).astype(DATETIME_DTYPE), whole
    parsed = pd.to_datetime(values, format=fmt, errors="coerce")
    parsed = parsed.where(parsed.between(*_YEARS, inclusive="left"))
    return parsed.dt.tz_localize(JST).astype(DATETIME_DTYPE), fmt in _DATE_FORMATS


_MONEY_STRIP = re.compile(r"[¥￥円,\s]|JPY|yen", re.IGNORECASE)


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, int]:
    """Money and counts written as text (¥1,000 / ２０００ / △500 / 1,000円) -> float64, and the unread count."""
    numbers = pd.to_numeric(raw, errors="coerce")
    numbers = numbers.where(np.isfinite(numbers))  # "inf" or 1e400 is no amount; count it unreadable
    failed = numbers.isna() & ~blank(raw)
    if not failed.any():
        return numbers.astype("float64"), 0
    rest = raw[failed]
    uniques = pd.unique(rest.to_numpy(dtype=object))
    table = {u: _clean_number(u) for u in uniques}
    cleaned = pd.to_numeric(rest.map(table), errors="coerce")
    numbers.loc[failed] = cleaned.where(np.isfinite(cleaned))
    return numbers.astype("float64"), int((numbers.isna() & failed).sum())


def _clean_number(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    negative = text.startswith(("△", "▲", "-", "−")) or (text.startswith("(") and text.endswith(")"))
    text = _MONEY_STRIP.sub("", text).strip("△▲-−()+")
    return f"-{text}" if negative and text else text


def map_status(columns: list[pd.Series], profile: Profile) -> tuple[pd.Series, int]:
    """Status per line: cancelled if any status column says so, else the first column's mapped value."""
    mapped = [_mapped(col, lambda v: _status_of(v, profile)) for col in columns]
    codes, table = mapped[0]
    status = table[codes]
    # masks taken from the few distinct values, not compared over every line
    unknown, cancelled = (table == UNKNOWN)[codes], (table == CANCELLED)[codes]
    for codes, table in mapped[1:]:
        status = np.where(unknown, table[codes], status)
        unknown &= (table == UNKNOWN)[codes]
        cancelled |= (table == CANCELLED)[codes]
    status = np.where(cancelled, CANCELLED, status).astype(object)
    unmatched = int((unknown & ~cancelled & ~blank(columns[0]).to_numpy()).sum())
    return pd.Series(status, index=columns[0].index, dtype=object), unmatched


def _status_of(value: str, profile: Profile) -> str:
    key = norm_value(value)
    if not key:
        return UNKNOWN
    if key in profile.status_map:
        return profile.status_map[key]
    for pattern, status in profile.status_contains:
        if pattern in key:
            return status
    return UNKNOWN


def cancel_causes(status: pd.Series, reason: pd.Series | None, profile: Profile) -> pd.Series:
    """seller / buyer / unknown for cancelled lines (from the reason text), '' for the others."""
    cause = pd.Series("", index=status.index, dtype=object)
    cancelled = status.to_numpy(dtype=object) == CANCELLED
    if reason is None:
        return cause.where(~cancelled, UNKNOWN)
    causes = _map_unique(reason, lambda v: _cause_of(v, profile))
    return cause.where(~cancelled, causes)


def _cause_of(value: str, profile: Profile) -> str:
    key = norm_value(value)
    for pattern, cause in profile.cancel_patterns:
        if pattern and pattern in key and cause in (SELLER, BUYER):
            return cause
    return UNKNOWN


def _mapped(values: pd.Series, fn) -> tuple[np.ndarray, np.ndarray]:
    """``fn`` of every distinct value once: (code per row, value per code); a missing cell (code -1,
    the table's last entry) reads as an empty one."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1] = [fn(u) for u in uniques]
    table[-1] = fn("")
    return codes, table


def _map_unique(values: pd.Series, fn) -> pd.Series:
    codes, table = _mapped(values, fn)
    return pd.Series(table[codes], index=values.index, dtype=object)


def _per_distinct(raw: pd.Series, parse: Callable[[pd.Series], tuple[pd.Series, np.ndarray]]
                  ) -> tuple[pd.Series, int]:
    """``parse`` (values -> parsed, unread mask) on the distinct values when they repeat a lot."""
    values = raw.to_numpy(dtype=object)
    # a column of mostly distinct values (order times) shows it in its first rows: skip the hashing
    if 2 * len(pd.unique(values[:_SAMPLE_ROWS])) > min(len(values), _SAMPLE_ROWS):
        parsed, bad = parse(raw)
        return parsed, int(bad.sum())
    codes, uniques = pd.factorize(values)
    if 2 * len(uniques) > len(raw) or (codes < 0).any():
        parsed, bad = parse(raw)
        return parsed, int(bad.sum())
    parsed, bad = parse(pd.Series(uniques, dtype=object))
    count = int(np.bincount(codes, minlength=len(uniques))[np.asarray(bad, bool)].sum())
    return pd.Series(parsed.array.take(codes), index=raw.index), count


def _numbers_mask(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    numbers, _ = parse_numbers(raw)
    return numbers, (numbers.isna() & ~blank(raw)).to_numpy()


def truthy(values: pd.Series) -> pd.Series:
    return _map_unique(values, lambda v: norm_value(v) in _TRUTHY).astype(bool)


@dataclass
class RawColumns:
    """The text columns a layout found, by field (one Series per matched column)."""

    fields: dict[str, list[pd.Series]]
    flags: dict[str, pd.Series]
    names: dict[str, str]  # field -> the header name shown in warnings

    def first(self, name: str) -> pd.Series | None:
        found = self.fields.get(name)
        return found[0] if found else None


def build_lines(raw: RawColumns, layout: Layout, profile: Profile, *, source_file: str | np.ndarray,
                source_rows: np.ndarray, shop: str | None) -> tuple[pd.DataFrame, list[Message]]:
    """The normalised frame for one file's rows (duplicates still in); ``source_file`` is the file's
    name, or each row's when the rows of several files are normalised together."""
    notes = Notes()
    n = len(source_rows)
    index = pd.RangeIndex(n)

    def text(name: str) -> pd.Series:
        col = raw.first(name)
        return pd.Series("", index=index, dtype=object) if col is None else col

    def when(name: str, *, end: bool = False) -> pd.Series:
        col = raw.first(name)
        if col is None:
            return pd.Series(pd.NaT, index=index, dtype=DATETIME_DTYPE)
        parsed, bad = _per_distinct(col, lambda v: _parse_datetimes(v, date_only_end=end))
        notes.unreadable(bad, raw.names[name], "dates")
        return parsed

    def number(name: str) -> pd.Series:
        col = raw.first(name)
        if col is None:
            return pd.Series(np.nan, index=index, dtype="float64")
        parsed, bad = _per_distinct(col, _numbers_mask)
        notes.unreadable(bad, raw.names[name], "numbers")
        return parsed

    status_cols = raw.fields.get("status", [])
    if status_cols:
        status, unmatched = map_status(status_cols, profile)
        if unmatched:
            notes.items.append(Message("unknown_status", {"count": unmatched, "column": raw.names["status"]}))
    else:
        status = pd.Series(layout.default_status, index=index, dtype=object)
    reason_col = raw.first("cancel_reason")
    quantity = number("quantity")
    # a quantity beyond 2**53 has no exact integer (and would overflow Int64)
    whole = quantity.isna() | ((quantity == quantity.round()) & (quantity.abs() < 2**53))
    if not whole.all():
        notes.unreadable(int((~whole).sum()), raw.names["quantity"], "whole_quantities")
        quantity = quantity.where(whole)
    unit_price, amount = number("unit_price"), number("amount")
    unit_price = unit_price.where(unit_price.notna(), amount / quantity.where(quantity != 0))
    amount = amount.where(amount.notna(), unit_price * quantity)
    fulfilment = text("fulfilment")
    if profile.fulfilment_map:
        fulfilment = _map_unique(fulfilment, lambda v: profile.fulfilment_map.get(norm_value(v), SELLER))
    else:
        fulfilment = pd.Series(SELLER, index=index, dtype=object)
    flags = pd.Series("", index=index, dtype=object)
    for flag, col in raw.flags.items():
        on = truthy(col)
        flags = flags.where(~on, flags.where(flags == "", flags + ",") + flag)
    frame = pd.DataFrame({
        "marketplace": profile.key,
        "shop": shop if shop is not None else text("shop"),
        "order_id": text("order_id"),
        "line_id": text("line_id"),
        "ordered_at": when("ordered_at"),
        "status": status.to_numpy(dtype=object),
        "cancel_cause": cancel_causes(status, reason_col, profile).to_numpy(dtype=object),
        "cancel_reason": text("cancel_reason"),
        "ship_by": when("ship_by", end=True),
        # a date-only shipped date is also read as the end of that day, so a shipment on the
        # deadline day is never later than the deadline
        "shipped_at": when("shipped_at", end=True),
        "sku": text("sku"),
        "item_name": text("item_name"),
        "quantity": quantity.round().astype("Int64"),
        "unit_price": unit_price.astype("float64"),
        "amount": amount.astype("float64"),
        "buyer_name": text("buyer_name"),
        "payment_method": text("payment_method"),
        "fulfilment": fulfilment.to_numpy(dtype=object),
        "flags": flags.to_numpy(dtype=object),
        "source_file": source_file,
        "source_row": source_rows.astype("int64"),
    }, index=index)
    return conform(frame, gap_free=True), notes.items


def conform(frame: pd.DataFrame, *, gap_free: bool = False) -> pd.DataFrame:
    """Exactly the schema's columns, order and dtypes (text columns as pandas' str dtype).

    ``gap_free``: the text columns hold text in every row already (``build_lines`` makes them so),
    which saves a scan of each for missing values."""
    out = frame.reindex(columns=list(ORDER_LINE_COLUMNS))
    for name in TEXT_COLUMNS:
        column = out[name] if gap_free else out[name].fillna("")
        out[name] = column.astype(TEXT_DTYPE)
    for name in ("ordered_at", "ship_by", "shipped_at"):
        out[name] = out[name].astype(DATETIME_DTYPE)
    out["quantity"] = out["quantity"].astype("Int64")
    out["unit_price"] = out["unit_price"].astype("float64")
    out["amount"] = out["amount"].astype("float64")
    out["source_row"] = out["source_row"].fillna(0).astype("int64")
    return out


def empty_lines() -> pd.DataFrame:
    return conform(pd.DataFrame({name: pd.Series(dtype=object) for name in ORDER_LINE_COLUMNS}))


def drop_identical(lines: pd.DataFrame) -> pd.DataFrame:
    """Count verbatim duplicate lines once (au PAY exports repeat lines); the first row number stays."""
    key = ["order_id", "line_id"]
    maybe = _repeated_sorted_keys(lines["order_id"].to_numpy(), lines["line_id"].to_numpy())
    if maybe is None:
        maybe = lines.duplicated(key, keep=False).to_numpy()
    if not maybe.any():
        return lines
    compare = [c for c in ORDER_LINE_COLUMNS if c != "source_row"]
    dup = lines[maybe].duplicated(compare, keep="first")
    return lines.drop(index=dup[dup].index).reset_index(drop=True)


def _repeated_sorted_keys(order_id: np.ndarray, line_id: np.ndarray) -> np.ndarray | None:
    """Rows whose key another row has, when the keys are sorted (exports are): neighbours only.

    None when the keys are not sorted; comparing neighbours is several times cheaper than hashing.
    """
    if len(order_id) < 2:
        return np.zeros(len(order_id), bool)
    same_order = order_id[1:] == order_id[:-1]
    same_line = line_id[1:] == line_id[:-1]
    ascending = (order_id[1:] > order_id[:-1]) | (same_order & (line_id[1:] >= line_id[:-1]))
    if not ascending.all():
        return None
    same = same_order & same_line
    repeated = np.zeros(len(order_id), bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    return repeated

