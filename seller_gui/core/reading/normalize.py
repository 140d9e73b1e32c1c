"""Raw text columns of an export -> the normalised order-line frame (schema.ORDER_LINE_COLUMNS).

Everything is vectorised: formats are tried per column on what is still unparsed, and anything that
needs Python per value (NFKC, maps) runs on the distinct values only, so a million lines stay cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from seller_gui.core.i18n import Message
from seller_gui.core.job import Child, Job, can_fork
from seller_gui.core.reading.profiles import Layout, Profile, norm_value
from seller_gui.core.reading.sniff import SniffError
from seller_gui.core.schema import (
    BUYER,
    CANCELLED,
    JST,
    OPEN,
    ORDER_LINE_COLUMNS,
    PENDING_PAYMENT,
    SELLER,
    SHIPPED,
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

# What a profile's status map (or the seller) may say beyond the line statuses of the schema: a
# scheduled line is open with its deadline from its release or requested date, and not at risk without
# one; a marketplace-cancelled line is one the marketplace fulfilled and could not (Amazon
# Unfulfillable), so it never counts against the seller.
SCHEDULED = "scheduled"
MARKETPLACE_CANCELLED = "marketplace_cancelled"
# The statuses a seller can give a status value the profile does not know (the status dialog).
SELLER_CHOICES = (OPEN, SCHEDULED, PENDING_PAYMENT, SHIPPED, CANCELLED)
# A value that says nothing about the line on its own (au PAY cancelStatus N): known, never listed.
NEUTRAL = "neutral"
# What the reading noticed about a line, in its flags beside the marketplace's own flags.
FLAG_SCHEDULED = "scheduled"
FLAG_DEADLINE_MOVED = "deadline_from_scheduled_date"
SHIPPED_FLAGS = {"ship_flag": "shipped_by_ship_flag", "shipped_at": "shipped_by_ship_date",
                 "tracking": "shipped_by_tracking"}
READING_FLAGS = frozenset({FLAG_SCHEDULED, FLAG_DEADLINE_MOVED, *SHIPPED_FLAGS.values()})
_LISTED_STATUSES = 5

# The seller's own meaning of status values (marketplace -> normalised value -> status), in effect
# for one read: ``pipeline.read`` sets it, so the window, the command line and a child process that
# loads big files all read statuses the same way.
_SELLER_STATUSES: ContextVar[Mapping[str, Mapping[str, str]] | None] = ContextVar("seller_statuses",
                                                                                  default=None)


@contextmanager
def seller_statuses(mapping: Mapping[str, Mapping[str, str]] | None) -> Iterator[None]:
    """Read statuses with the seller's mapping (marketplace -> raw value -> status) inside the block."""
    cleaned = {m: {norm_value(k): v for k, v in values.items() if v in SELLER_CHOICES}
               for m, values in (mapping or {}).items()}
    token = _SELLER_STATUSES.set(cleaned)
    try:
        yield
    finally:
        _SELLER_STATUSES.reset(token)


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


def text_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)`` of an object column, cheaper where equal values sit together (the
    lines of one order, a day's dates, a run of statuses): only the first value of each run is hashed,
    and a sorted column (an export's order numbers or order times) needs no hashing at all."""
    n = len(values)
    sample = values[:_SAMPLE_ROWS]
    maybe_sorted = _ascending(sample, strict=False)
    if n < 2 or (not maybe_sorted and 4 * np.count_nonzero(sample[1:] != sample[:-1]) > len(sample)):
        return pd.factorize(values)  # short runs: hashing every value costs less than finding the runs
    heads = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    lengths = np.diff(np.append(heads, n))
    firsts = values[heads]
    if maybe_sorted and _ascending(firsts, strict=True):  # each value is one run
        return np.repeat(np.arange(len(heads)), lengths), firsts
    codes, uniques = pd.factorize(firsts)
    return np.repeat(codes, lengths), uniques


def _ascending(values: np.ndarray, *, strict: bool) -> bool:
    try:
        with np.errstate(invalid="ignore"):  # NaN against NaN: not in order, and no warning
            return bool((values[1:] > values[:-1] if strict else values[1:] >= values[:-1]).all())
    except TypeError:  # a missing value (NaN) among text: not sorted text
        return False


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
    if not todo.empty:  # era years (令和8年), times in 時分, weekdays in brackets: read as a person does
        parsed, date_only = _japanese_dates(todo)
        parsed = parsed.where(~(date_only & date_only_end), parsed + pd.Timedelta(days=1))
        ok = parsed.notna()
        out.loc[ok[ok].index] = parsed[ok]
        todo = todo[~ok]
    return out, raw.index.isin(todo.index)


# Japanese eras: first day, and the marks NFKC leaves (㋿ and ㍻ become 令和 and 平成).
_ERAS = {"令和": pd.Timestamp("2019-05-01"), "平成": pd.Timestamp("1989-01-08"),
         "昭和": pd.Timestamp("1926-12-25"), "大正": pd.Timestamp("1912-07-30"),
         "明治": pd.Timestamp("1868-01-25")}
_ERA_LETTERS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}
_ERA_ENDS = {"令和": pd.Timestamp("2200-01-01"), "平成": _ERAS["令和"], "昭和": _ERAS["平成"],
             "大正": _ERAS["昭和"], "明治": _ERAS["大正"]}
_JAPANESE_DATE = re.compile(
    r"^(?:(?P<era>令和|平成|昭和|大正|明治|[RHSTMrhstm])\s*(?P<ey>元|\d{1,2})|(?P<y>\d{4}))\s*"
    r"(?:年|[./-])\s*(?P<m>\d{1,2})\s*(?:月|[./-])\s*(?P<d>\d{1,2})\s*日?\s*"
    r"(?:[(（][^)）]{0,6}[)）])?\s*(?P<ampm>午前|午後|am|pm|AM|PM)?\s*"
    r"(?:(?P<H>\d{1,2})\s*(?:時|:)\s*(?:(?P<M>\d{1,2})\s*(?:分|:)?\s*(?:(?P<S>\d{1,2})\s*秒?)?)?)?"
    r"\s*(?P<ampm2>午前|午後|am|pm|AM|PM)?$")


def _japanese_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates as Japanese people write them (令和8年8月18日 9:00, R8.8.18, 平成元年1月8日(日) 午後3時)
    -> Japan time, and whether each had no time. A year outside its era (令和1年4月30日) is unreadable.

    Runs on the distinct values left unread by the formats, so a clean column never gets here."""
    distinct = pd.unique(values.to_numpy(dtype=object))
    table = {v: _japanese_date(unicodedata.normalize("NFKC", v).strip()) for v in distinct
             if isinstance(v, str)}
    stamps = values.map(lambda v: table.get(v, (pd.NaT, False))[0])
    date_only = values.map(lambda v: table.get(v, (pd.NaT, False))[1]).astype(bool)
    return pd.to_datetime(stamps).dt.tz_localize(JST).astype(DATETIME_DTYPE), date_only


def japanese_date(text: str) -> pd.Timestamp:
    """One date as a Japanese person writes it (era, 年月日, full-width digits), naive; NaT if not."""
    return _japanese_date(unicodedata.normalize("NFKC", text).strip())[0]


def _japanese_date(text: str) -> tuple[pd.Timestamp, bool]:
    found = _JAPANESE_DATE.match(text)
    if found is None:
        return pd.NaT, False
    era = found["era"]
    if era is not None:
        era = _ERA_LETTERS.get(era.upper(), era)
        year = _ERAS[era].year - 1 + (1 if found["ey"] == "元" else int(found["ey"]))
    else:
        year = int(found["y"])
    hour, minute, second = (int(found[k]) if found[k] else 0 for k in ("H", "M", "S"))
    half = found["ampm"] or found["ampm2"]
    if half is not None:
        if hour > 12 or found["H"] is None:
            return pd.NaT, False
        hour = hour % 12 + (12 if half in ("午後", "pm", "PM") else 0)
    try:
        stamp = pd.Timestamp(year, int(found["m"]), int(found["d"]), hour, minute, second)
    except ValueError:
        return pd.NaT, False
    if era is not None and not (_ERAS[era] <= stamp.normalize() < _ERA_ENDS[era]):
        return pd.NaT, False
    if not (_YEARS[0] <= stamp < _YEARS[1]):
        return pd.NaT, False
    return stamp, found["H"] is None


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


@dataclass
class StatusReading:
    """The statuses of one file's lines and what the reading could not place."""

    status: np.ndarray  # object: one of the schema's statuses per line
    scheduled: np.ndarray  # bool: a pre-order or scheduled line (its status is open)
    marketplace_cancelled: np.ndarray  # bool: cancelled, fulfilled by the marketplace
    unknown: np.ndarray  # bool: a status value that neither the profile nor the seller knows


def read_statuses(columns: list[pd.Series], profile: Profile) -> StatusReading:
    """Status per line: cancelled if any status column says so, else the first column's known value.

    A value neither the profile nor the seller's own mapping knows stays ``unknown`` (``unknown_values``
    names them, so the seller can be asked once what each means).
    """
    seller = (_SELLER_STATUSES.get() or {}).get(profile.key, {})
    mapped = [_mapped(col, lambda v: _status_of(v, profile, seller)) for col in columns]
    # one code per combination of the columns' distinct values: the rule runs once per combination
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for codes, table in mapped:
        key = key * len(table) + np.where(codes < 0, len(table) - 1, codes)
    inverse, combos = pd.factorize(key)
    read = [_combined_status(_combo_values(int(combo), mapped)) for combo in combos]
    status, scheduled, by_marketplace, unknown = (np.asarray(part, dtype=object if i == 0 else bool)
                                                  for i, part in enumerate(zip(*read, strict=True)))
    return StatusReading(status[inverse], scheduled[inverse], by_marketplace[inverse], unknown[inverse])


def _combo_values(combo: int, mapped: list[tuple[np.ndarray, np.ndarray]]) -> list[str]:
    values = []
    for _, table in reversed(mapped):
        combo, index = divmod(combo, len(table))
        values.append(str(table[index]))
    return values[::-1]


def _combined_status(values: list[str]) -> tuple[str, bool, bool, bool]:
    """(status, scheduled, cancelled by the marketplace, unknown) of a line whose status columns read
    ``values``: cancelled if any says so, else the first that says something known."""
    said = any(v not in (NEUTRAL, _BLANK) for v in values)
    known = [v for v in values if v not in (NEUTRAL, _BLANK, UNKNOWN)]
    first = known[0] if known else UNKNOWN
    cancelled = any(v in (CANCELLED, MARKETPLACE_CANCELLED) for v in known)
    if cancelled:
        return CANCELLED, False, first == MARKETPLACE_CANCELLED, False
    if first == SCHEDULED:
        return OPEN, True, False, False
    return first, False, False, first == UNKNOWN and said


def unknown_values(columns: list[pd.Series], unknown: np.ndarray, profile: Profile) -> tuple[str, ...]:
    """The status values no one knows, of the ``unknown`` lines, as written, most lines first."""
    if not unknown.any():
        return ()
    seller = (_SELLER_STATUSES.get() or {}).get(profile.key, {})
    counts: dict[str, int] = {}
    for column in columns:
        values = column.to_numpy(dtype=object)[unknown]
        for value, count in pd.Series(values).value_counts(sort=False).items():
            text = str(value).strip()
            if _status_of(text, profile, seller) == UNKNOWN:  # neither known, neutral nor blank
                key = unicodedata.normalize("NFKC", text)
                counts[key] = counts.get(key, 0) + int(count)
    return tuple(sorted(counts, key=lambda v: (-counts[v], v)))


def map_status(columns: list[pd.Series], profile: Profile) -> tuple[pd.Series, int]:
    """Status per line (as ``read_statuses``) and how many lines have a status no one knows."""
    found = read_statuses(columns, profile)
    return pd.Series(found.status, index=columns[0].index, dtype=object), int(found.unknown.sum())


_BLANK = ""  # what ``_status_of`` gives an empty cell: unknown, and saying nothing


def _status_of(value: str, profile: Profile, seller: Mapping[str, str] | None = None) -> str:
    key = norm_value(value)
    if not key:
        return _BLANK
    if seller and key in seller:
        return seller[key]
    if key in profile.status_map:
        return profile.status_map[key]
    for pattern, status in profile.status_contains:
        if pattern in key:
            return status
    return UNKNOWN


def cancel_causes(status: pd.Series, reason: pd.Series | None, profile: Profile) -> pd.Series:
    """seller / buyer / unknown for cancelled lines (from the reason text), '' for the others."""
    cause = np.empty(len(status), dtype=object)
    cause.fill("")
    cancelled = np.flatnonzero(status.to_numpy(dtype=object) == CANCELLED)
    if reason is None:
        cause[cancelled] = UNKNOWN
    else:  # the reasons of the cancelled lines only
        cause[cancelled] = _map_unique(reason.iloc[cancelled], lambda v: _cause_of(v, profile)).to_numpy()
    return pd.Series(cause, index=status.index, dtype=object)


def _cause_of(value: str, profile: Profile) -> str:
    key = norm_value(value)
    for pattern, cause in profile.cancel_patterns:
        if pattern and pattern in key and cause in (SELLER, BUYER):
            return cause
    return UNKNOWN


def _mapped(values: pd.Series, fn) -> tuple[np.ndarray, np.ndarray]:
    """``fn`` of every distinct value once: (code per row, value per code); a missing cell (code -1,
    the table's last entry) reads as an empty one."""
    codes, uniques = text_codes(values.to_numpy(dtype=object))
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
    codes, uniques = text_codes(values)
    if 2 * len(uniques) > len(raw) or (codes < 0).any():
        parsed, bad = parse(raw)
        return parsed, int(bad.sum())
    parsed, bad = parse(pd.Series(uniques, dtype=object))
    count = int(np.bincount(codes, minlength=len(uniques))[np.asarray(bad, bool)].sum())
    return pd.Series(parsed.array.take(codes), index=raw.index), count


# the date fields read in every file (``scheduled_for``, seldom filled, is read when it is)
_DATE_FIELDS = {"ordered_at": False, "ship_by": True, "shipped_at": True}  # -> a date alone ends its day
_NUMBER_FIELDS = ("quantity", "unit_price", "amount")
_DATES_BESIDE_ROWS = 200_000  # below this a fork costs more than it saves
_DATES_BESIDE_SECONDS = 300.0  # a copy that takes longer is stopped (the dates of 2M lines take ~1 s)


def _date_column(col: pd.Series, end: bool) -> tuple[pd.Series, int]:
    return _per_distinct(col, lambda v: _parse_datetimes(v, date_only_end=end))


def _number_column(raw: RawColumns, name: str) -> tuple[pd.Series, int] | None:
    col = raw.first(name)
    return None if col is None else _per_distinct(col, _numbers_mask)


def _dates_of(raw: RawColumns, *, job: Job) -> dict[tuple[str, bool], tuple[pd.Series, int]]:
    """The forked copy's part of ``build_lines``: every date field present, parsed."""
    return {(name, end): _date_column(col, end) for name, end in _DATE_FIELDS.items()
            if (col := raw.first(name)) is not None}


@dataclass
class _DatesBeside:
    """The date columns of a big file, parsed by a forked copy of this process (Linux); ``get`` gives
    one (or None: parse it here), the same as this process would (a copy that fails is not waited on)."""

    child: Child | None
    parsed: dict[tuple[str, bool], tuple[pd.Series, int]] | None = None

    @classmethod
    def start(cls, raw: RawColumns, rows: int) -> _DatesBeside:
        if rows < _DATES_BESIDE_ROWS or not can_fork() or not any(raw.first(f) is not None for f in _DATE_FIELDS):
            return cls(None)
        try:
            return cls(Child(_dates_of, raw, name="seller-gui-dates", fast_exit=True, method="fork"))
        except Exception:  # no process to spare: parsed here
            return cls(None)

    def get(self, name: str, end: bool) -> tuple[pd.Series, int] | None:
        if self.child is not None:
            try:
                self.parsed = self.child.result(Job(), timeout=_DATES_BESIDE_SECONDS)
            except Exception:  # the copy died or hangs: this process parses them
                self.parsed = {}
            self.child = None
        return (self.parsed or {}).get((name, end))

    def stop(self) -> None:
        if self.child is not None:
            self.child.stop()


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
    # a big file's dates are parsed by a forked copy while this process reads statuses and numbers;
    # each column's note is still written where the one-process order writes it
    dates = _DatesBeside.start(raw, len(source_rows))
    try:
        return _built_lines(raw, layout, profile, source_file, source_rows, shop, dates)
    finally:
        dates.stop()


def _built_lines(raw: RawColumns, layout: Layout, profile: Profile, source_file: str | np.ndarray,
                 source_rows: np.ndarray, shop: str | None, dates: _DatesBeside
                 ) -> tuple[pd.DataFrame, list[Message]]:
    notes = Notes()
    n = len(source_rows)
    index = pd.RangeIndex(n)
    numbers = {name: _number_column(raw, name) for name in _NUMBER_FIELDS} if dates.child else {}

    def text(name: str) -> pd.Series:
        col = raw.first(name)
        return pd.Series("", index=index, dtype=object) if col is None else col

    def when(name: str, *, end: bool = False) -> pd.Series:
        col = raw.first(name)
        if col is None:
            return pd.Series(pd.NaT, index=index, dtype=DATETIME_DTYPE)
        parsed, bad = dates.get(name, end) or _date_column(col, end)
        notes.unreadable(bad, raw.names[name], "dates")
        return parsed

    def number(name: str) -> pd.Series:
        if raw.first(name) is None:
            return pd.Series(np.nan, index=index, dtype="float64")
        parsed, bad = numbers.get(name) or _number_column(raw, name)
        notes.unreadable(bad, raw.names[name], "numbers")
        return parsed

    status_cols = raw.fields.get("status", [])
    if status_cols:
        reading = read_statuses(status_cols, profile)
    else:
        default = np.full(n, layout.default_status, dtype=object)
        reading = StatusReading(np.where(default == SCHEDULED, OPEN, default).astype(object),
                                default == SCHEDULED, np.zeros(n, bool), np.zeros(n, bool))
    status = reading.status
    ordered_at = when("ordered_at")
    _check_order_dates(raw, ordered_at)
    ship_by = when("ship_by", end=True)
    # a date-only shipped date is also read as the end of that day, so a shipment on the deadline
    # day is never later than the deadline
    shipped_at = when("shipped_at", end=True)
    flags = np.full(n, "", dtype=object)
    for flag, col in raw.flags.items():
        flags = add_flag(flags, truthy(col).to_numpy(), flag)
    status, flags = _shipped_by_evidence(raw, status, shipped_at, flags)
    still_unknown = reading.unknown & (status == UNKNOWN)  # evidence of shipment answers some
    if still_unknown.any():
        notes.items.append(_unknown_statuses_note(status_cols, still_unknown, profile, raw.names["status"]))
    flags = add_flag(flags, reading.scheduled & (status == OPEN), FLAG_SCHEDULED)
    scheduled_for = raw.first("scheduled_for")
    if scheduled_for is not None and not blank(scheduled_for).all():  # most downloads leave it empty
        ship_by, moved = _deadline_from_schedule(when("scheduled_for", end=True), ordered_at, ship_by,
                                                 status, profile.handling_days)
        flags = add_flag(flags, moved, FLAG_DEADLINE_MOVED)
    status = pd.Series(status, index=index, dtype=object)
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
    default_fulfilment = layout.default_fulfilment or SELLER
    if profile.fulfilment_map and raw.first("fulfilment") is not None:
        fulfilment = _map_unique(fulfilment, lambda v: profile.fulfilment_map.get(norm_value(v),
                                                                                   default_fulfilment))
    else:
        fulfilment = pd.Series(default_fulfilment, index=index, dtype=object)
    if reading.marketplace_cancelled.any():
        fulfilment = fulfilment.where(~reading.marketplace_cancelled, "marketplace")
    return _line_frame({
        "marketplace": profile.key,
        "shop": shop if shop is not None else text("shop"),
        "order_id": text("order_id"),
        "line_id": text("line_id"),
        "ordered_at": ordered_at,
        "status": status.to_numpy(dtype=object),
        "cancel_cause": cancel_causes(status, reason_col, profile).to_numpy(dtype=object),
        "cancel_reason": text("cancel_reason"),
        "ship_by": ship_by,
        "shipped_at": shipped_at,
        "sku": text("sku"),
        "item_name": text("item_name"),
        "quantity": quantity.round().astype("Int64"),
        "unit_price": unit_price.astype("float64"),
        "amount": amount.astype("float64"),
        "buyer_name": text("buyer_name"),
        "payment_method": text("payment_method"),
        "fulfilment": fulfilment.to_numpy(dtype=object),
        "flags": flags,
        "source_file": source_file,
        "source_row": source_rows.astype("int64"),
    }, n), notes.items


def _line_frame(columns: Mapping[str, object], n: int) -> pd.DataFrame:
    """What ``conform`` makes of these columns, each made its dtype once: text (a value for every row,
    or a column without gaps) is checked and wrapped, not copied, unless another column holds it."""
    arrays: dict[str, object] = {}
    held: list[np.ndarray] = []
    for name in ORDER_LINE_COLUMNS:
        value = columns[name]
        if name not in TEXT_COLUMNS:
            arrays[name] = pd.Series(value).astype(_DTYPES[name]).array
            continue
        if isinstance(value, str):
            values = np.empty(n, dtype=object)
            values.fill(value)  # the one str in every row (np.full would make a str per row)
        else:
            values = np.asarray(value.to_numpy(dtype=object) if isinstance(value, pd.Series) else value,
                                dtype=object)
        if any(np.may_share_memory(values, other) for other in held):
            values = values.copy()  # two columns never share an array: a write to one stays in it
        held.append(values)
        try:
            arrays[name] = pd.arrays.StringArray(values, dtype=TEXT_DTYPE)
        except ValueError:  # a value that is not text: made text as ``conform`` makes it
            arrays[name] = pd.array(values, dtype=TEXT_DTYPE)
    return pd.DataFrame(arrays, index=pd.RangeIndex(n), copy=False)


def line_details(flags: str) -> list[Message]:
    """What the reading noticed on one line (its flags), as sentences for the line's details: shipped
    by evidence, scheduled, deadline from the scheduled date."""
    return [Message(f"line_flag_{flag}") for flag in str(flags).split(",") if flag in READING_FLAGS]


def add_flag(flags: np.ndarray, where: np.ndarray, flag: str) -> np.ndarray:
    """``flags`` (comma-separated text per line) with ``flag`` added where the mask (or at the
    positions) ``where`` says."""
    idx = np.flatnonzero(where) if where.dtype == bool else where
    if not len(idx):
        return flags
    flags = flags.copy()
    flags[idx] = [f"{old},{flag}" if old else flag for old in flags[idx].tolist()]
    return flags


def _unknown_statuses_note(columns: list[pd.Series], unknown: np.ndarray, profile: Profile,
                           column: str) -> Message:
    """"4 lines have statuses I don't know: 当日発送, 3月発送…", with the values for the status dialog."""
    values = unknown_values(columns, unknown, profile)
    listed = ", ".join(values[:_LISTED_STATUSES]) + ("…" if len(values) > _LISTED_STATUSES else "")
    return Message("statuses_unknown", {"count": int(unknown.sum()), "column": column, "values": listed,
                                        "statuses": values, "marketplace": profile.key})


def unknown_statuses(messages: list[Message] | tuple[Message, ...]) -> dict[str, tuple[str, ...]]:
    """Per marketplace, the status values a file's warnings say no one knows yet (for the dialog)."""
    found: dict[str, dict[str, None]] = {}
    for message in messages:
        if message.code == "statuses_unknown":
            seen = found.setdefault(str(message.params["marketplace"]), {})
            seen.update(dict.fromkeys(message.params["statuses"]))
    return {m: tuple(v) for m, v in found.items()}


def _check_order_dates(raw: RawColumns, ordered_at: pd.Series) -> None:
    """A file whose order dates are all unreadable has no order a figure could count: an error."""
    column = raw.first("ordered_at")
    if column is None or ordered_at.notna().any():
        return
    written = int((~blank(column)).sum())
    if written:
        raise SniffError("not_orders", "order_dates_unreadable", count=written,
                         column=raw.names["ordered_at"])


def _shipped_by_evidence(raw: RawColumns, status: np.ndarray, shipped_at: pd.Series, flags: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Any evidence of shipment (a ship flag, a ship date, a tracking number) makes a line that is not
    cancelled or delivered shipped, whatever its status text says; its flags say which evidence."""
    waiting = np.flatnonzero((status == OPEN) | (status == UNKNOWN) | (status == PENDING_PAYMENT))
    if not len(waiting):
        return status, flags
    evidence = {"ship_flag": None, "shipped_at": shipped_at.notna().to_numpy()[waiting], "tracking": None}
    flag_col, tracking = raw.first("ship_flag"), raw.first("tracking")
    if flag_col is not None:
        evidence["ship_flag"] = truthy(flag_col.iloc[waiting]).to_numpy()
    if tracking is not None:
        evidence["tracking"] = ~blank(tracking.iloc[waiting]).to_numpy()
    changed = np.zeros(len(waiting), bool)
    for name, shown in evidence.items():
        if shown is None:
            continue
        hit = shown & ~changed
        flags = add_flag(flags, waiting[hit], SHIPPED_FLAGS[name])
        changed |= hit
    if changed.any():
        status = status.copy()
        status[waiting[changed]] = SHIPPED
    return status, flags


def _deadline_from_schedule(scheduled: pd.Series, ordered_at: pd.Series, ship_by: pd.Series,
                            status: np.ndarray, handling_days: int) -> tuple[pd.Series, np.ndarray]:
    """A release or requested date later than the handling days after ordering is the deadline (the
    end of that day), unless the file's own deadline is later still. Returns (ship_by, moved)."""
    later = scheduled > ordered_at + pd.Timedelta(days=handling_days)
    moved = (later & (ship_by.isna() | (scheduled > ship_by))).to_numpy(dtype=bool, na_value=False)
    moved = moved & (status != CANCELLED)
    if not moved.any():
        return ship_by, moved
    return ship_by.where(~moved, scheduled), moved


# The dtype of each column that is not text (text is TEXT_DTYPE).
_DTYPES = {"ordered_at": DATETIME_DTYPE, "ship_by": DATETIME_DTYPE, "shipped_at": DATETIME_DTYPE,
           "quantity": "Int64", "unit_price": "float64", "amount": "float64", "source_row": "int64"}


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Exactly the schema's columns, order and dtypes (text columns as pandas' str dtype)."""
    out = frame.reindex(columns=list(ORDER_LINE_COLUMNS))
    for name in TEXT_COLUMNS:
        out[name] = out[name].fillna("").astype(TEXT_DTYPE)
    out["source_row"] = out["source_row"].fillna(0)
    for name, dtype in _DTYPES.items():
        out[name] = out[name].astype(dtype)
    return out


def empty_lines() -> pd.DataFrame:
    return conform(pd.DataFrame({name: pd.Series(dtype=object) for name in ORDER_LINE_COLUMNS}))


def drop_identical(lines: pd.DataFrame) -> pd.DataFrame:
    """Verbatim duplicate lines once; where the marketplace writes one line's units as identical lines
    (au PAY), the line kept carries their summed quantity and amount. The first row number stays."""
    key = ["order_id", "line_id"]
    maybe = _repeated_sorted_keys(lines["order_id"].to_numpy(), lines["line_id"].to_numpy())
    if maybe is None:
        maybe = lines.duplicated(key, keep=False).to_numpy()
    if not maybe.any():
        return lines
    lines, gone = fold_identical(lines, maybe)
    if not len(gone):
        return lines
    return without_rows(lines, gone)


def without_rows(lines: pd.DataFrame, gone: np.ndarray) -> pd.DataFrame:
    """``lines.drop(index=gone).reset_index(drop=True)`` of a frame with a RangeIndex, column by
    column (cheaper than the frame's own take)."""
    kept = np.ones(len(lines), bool)
    kept[gone] = False
    return pd.DataFrame({name: lines[name].array[kept] for name in lines.columns}, copy=False)


def fold_identical(lines: pd.DataFrame, candidates: np.ndarray, within: np.ndarray | None = None
                   ) -> tuple[pd.DataFrame, np.ndarray]:
    """Among the ``candidates`` rows, the repeats of an identical line (all but ``source_row`` equal,
    and the same ``within`` group, e.g. the file): (lines, the index labels of the repeats to drop).

    Where the line's profile says identical lines are units of one line, the first of them gets the
    summed quantity and amount; else the repeats are only dropped."""
    compare = [c for c in ORDER_LINE_COLUMNS if c != "source_row"]
    some = lines.loc[candidates, compare]
    if within is not None:
        some = some.assign(_within=within[candidates])
    dup = some.duplicated(keep="first")
    if not dup.any():
        return lines, np.empty(0, dtype=np.int64)
    gone = dup[dup].index.to_numpy()
    summing = _sums_identical(some["marketplace"])
    if summing.any():  # the frame is the caller's own, fresh from build_lines: set in place
        some = some[summing]
        groups = some.groupby(list(some.columns), dropna=False, sort=False).ngroup().to_numpy()
        first = ~some.duplicated(keep="first").to_numpy()
        for name in ("quantity", "amount"):
            values = some[name]
            total = values.groupby(groups).sum(min_count=1)
            lines.loc[some.index[first], name] = total.loc[groups[first]].to_numpy()
    return lines, gone


def _sums_identical(marketplace: pd.Series) -> np.ndarray:
    from seller_gui.core.reading.profiles import load_profiles

    profiles = load_profiles()
    return _map_unique(marketplace.astype(object), lambda m: getattr(profiles.get(m), "identical_lines", "")
                       == "sum").to_numpy(dtype=bool)


def _repeated_sorted_keys(order_id: np.ndarray, line_id: np.ndarray) -> np.ndarray | None:
    """Rows whose key another row has, when the keys are sorted (exports are): neighbours only.

    None when the keys are not sorted; comparing neighbours is several times cheaper than hashing.
    """
    if len(order_id) < 2:
        return np.zeros(len(order_id), bool)
    pairs = np.flatnonzero(order_id[1:] == order_id[:-1])  # neighbours in one order: their lines compared
    later, earlier = line_id[1:][pairs], line_id[:-1][pairs]
    ascending = order_id[1:] > order_id[:-1]
    ascending[pairs] = later >= earlier
    if not ascending.all():
        return None
    same = np.zeros(len(order_id) - 1, bool)
    same[pairs] = later == earlier
    repeated = np.zeros(len(order_id), bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    return repeated

