"""A stock file (SKU and quantity on hand, CSV or xlsx) read into ``{sku: quantity}``.

Sellers keep stock lists in every shape: Japanese or English headers, a title row above the header,
full-width digits, thousands separators, words like 在庫なし. The header row is found by its aliases
among the first rows; SKUs are compared in NFKC form (``sku_key``) so ＨＢ－２００１ matches HB-2001.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from pathlib import Path

import pandas as pd

from seller_gui.core.errors import OrderFileError

log = logging.getLogger(__name__)

# Header aliases in order of preference, compared after ``_header_key``.
SKU_ALIASES = ("sku", "sellersku", "出品者sku", "skuコード", "lotnumber", "商品コード", "商品番号",
               "品番", "商品管理番号", "管理番号", "itemcode", "productcode", "商品id", "code")
QUANTITY_ALIASES = ("在庫数", "在庫", "在庫数量", "在庫量", "実在庫", "有効在庫", "quantity", "stock",
                    "qty", "数量", "inventory", "available", "stockquantity", "在庫状況")
ZERO_WORDS = {"在庫なし", "なし", "無し", "売り切れ", "売切れ", "品切れ", "欠品", "×", "x", "-", "ー", "soldout"}
HEADER_SEARCH_ROWS = 20


class StockFileError(OrderFileError):
    """A stock file that cannot be read; ``kind`` is one of unreadable, empty, stock_layout."""


def sku_key(text: object) -> str:
    """The form SKUs are matched in: NFKC (full-width to half-width) and trimmed."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def _header_key(text: object) -> str:
    return re.sub(r"[\s_\-・:：()（）]", "", unicodedata.normalize("NFKC", str(text)).casefold())


def _pick(headers: list[str], aliases: tuple[str, ...]) -> int | None:
    keys = [_header_key(h) for h in headers]
    for alias in aliases:
        if alias in keys:
            return keys.index(alias)
    return None


def _quantity(text: object) -> int | None:
    """Quantity on hand from a cell; 0 for words meaning none; None when it is not a quantity."""
    value = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "").replace(" ", "")
    if not value or value.lower() in {"nan", "none"}:
        return None
    if value.casefold() in ZERO_WORDS:
        return 0
    value = value.removesuffix("個").removesuffix("点").removesuffix("pcs")
    try:
        number = float(value)
    except ValueError:
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    return max(0, int(number))  # an oversold (negative) count covers no order


def stock_from_frame(frame: pd.DataFrame, *, path: str | Path = "stock") -> dict[str, int]:
    """SKU -> quantity from a table of text: its own column names, or a header row in its first rows.

    Rows without a SKU or a readable quantity are skipped; a SKU listed twice is summed.
    """
    grid = [list(frame.columns)] + frame.astype(object).where(frame.notna(), "").values.tolist()
    for number, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        headers = ["" if isinstance(c, int) else str(c) for c in row] if number == 0 else \
            [str(c) for c in row]
        sku_col, qty_col = _pick(headers, SKU_ALIASES), _pick(headers, QUANTITY_ALIASES)
        if sku_col is not None and qty_col is not None and sku_col != qty_col:
            break
    else:
        raise StockFileError(path, "stock_layout", "stock_no_columns")
    stock: dict[str, int] = {}
    skipped = 0
    for row in grid[number + 1:]:
        sku = sku_key(row[sku_col]) if sku_col < len(row) else ""
        quantity = _quantity(row[qty_col]) if qty_col < len(row) else None
        if not sku or sku.lower() == "nan":
            continue
        if quantity is None:
            skipped += 1
            continue
        stock[sku] = stock.get(sku, 0) + quantity
    if not stock:
        raise StockFileError(path, "empty", "stock_empty")
    if skipped:
        log.info("Stock file %s: %d rows without a readable quantity skipped",
                 Path(path).name, skipped)
    return stock


def read_stock(path: str | Path) -> dict[str, int]:
    """Read a stock file (CSV, TSV, .xlsx, .xls) into SKU -> quantity on hand."""
    path = Path(path)
    try:
        frame = _read_table(path)
    except StockFileError:
        raise
    except OrderFileError as error:
        raise StockFileError(path, error.kind, error.message) from error
    except (OSError, ValueError, UnicodeError) as error:
        raise StockFileError(path, "unreadable", "stock_unreadable", error=type(error).__name__
                             ) from error
    return stock_from_frame(frame, path=path)


def _read_table(path: Path) -> pd.DataFrame:
    """The file as text cells under its header row, read by the import engine's sniffed reader."""
    from seller_gui.core.reading.loader import read_table

    return read_table(path).frame
