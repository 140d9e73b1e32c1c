"""Whether a file no layout matched looks like an order table at all: several columns, several rows and
a column of dates. Only such a file is worth the column-mapping form; for anything else (a memo, a
one-column list) the seller is told what the file holds instead. Counts only, never a cell's value."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from seller_gui.core.i18n import Message

MIN_COLUMNS = 3
MIN_ROWS = 2
SAMPLE_ROWS = 50
DATE_SHARE = 0.6  # of a column's non-empty sampled cells
# 2026/09/30, 2026-09-30, 2026.9.30, 2026年9月30日, 09/30/2026 (with or without a time after)
_DATE = re.compile(r"^\s*(\d{4}[/\-.年]\d{1,2}[/\-.月]\d{1,2}|\d{1,2}[/\-.]\d{1,2}[/\-.]\d{4})")
SHAPE_CHECK_BYTES = 8 * 2**20  # bigger files are assumed to be tables: reading them twice costs too much


def date_columns(frame: pd.DataFrame) -> int:
    """How many columns hold dates in most of their first rows."""
    found = 0
    sample = frame.head(SAMPLE_ROWS)
    for column in range(sample.shape[1]):
        cells = [str(v) for v in sample.iloc[:, column] if str(v).strip()]
        if cells and sum(bool(_DATE.match(c)) for c in cells) >= DATE_SHARE * len(cells):
            found += 1
    return found


def not_an_order_table(frame: pd.DataFrame) -> Message | None:
    """None when ``frame`` looks like an order table, else what it holds (columns, rows, date columns)."""
    columns, rows, dates = frame.shape[1], len(frame), date_columns(frame)
    if columns >= MIN_COLUMNS and rows >= MIN_ROWS and dates:
        return None
    return Message("not_an_order_table", {"columns": columns, "rows": rows, "dates": dates})


def shape_of_file(path: Path) -> Message | None:
    """``not_an_order_table`` for a file that cannot be an order export; None when it may be one (or
    when it is too big or unreadable to tell, so the seller can still map its columns)."""
    from seller_gui.core.errors import OrderFileError
    from seller_gui.core.reading.loader import read_table

    try:
        if path.stat().st_size > SHAPE_CHECK_BYTES:
            return None
        return not_an_order_table(read_table(path).frame)
    except (OrderFileError, OSError):
        return None
