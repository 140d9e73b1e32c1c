"""Stock files in the shapes sellers keep them, read into SKU -> quantity."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from seller_gui.core.analysis.figures import measure
from seller_gui.core.analysis.orders import build_order_book, parse_as_of
from seller_gui.core.analysis.risk import orders_at_risk
from seller_gui.core.analysis.rules import load_rules
from seller_gui.core.reading.stock import StockFileError, read_stock, sku_key, stock_from_frame
from seller_gui.resources_path import resource
from tests.core.lines import make_lines, order


@pytest.mark.parametrize(("sku_header", "qty_header"), [
    ("SKU", "在庫数"), ("sku", "quantity"), ("商品コード", "在庫"), ("商品番号", "Stock"),
    ("lotnumber", "在庫数"), ("Seller SKU", "QTY"),
])
def test_header_aliases_in_japanese_and_english(sku_header, qty_header):
    frame = pd.DataFrame({"商品名": ["Mug", "Box"], sku_header: ["HB-1001", "HB-1002"],
                          qty_header: ["3", "0"]})
    assert stock_from_frame(frame) == {"HB-1001": 3, "HB-1002": 0}


def test_title_rows_full_width_digits_separators_words_and_repeats():
    frame = pd.DataFrame([
        ["在庫一覧 2024/05/09", "", ""],
        ["", "", ""],
        ["商品コード", "商品名", "在庫数"],
        ["ＨＢ－２００１", "Earphones", "１，２００"],
        ["HB-1001", "Mug", "在庫なし"],
        ["HB-1001", "Mug (shelf 2)", "2"],
        ["HB-3001", "Towel", "-4"],
        ["HB-4001", "Bottle", "ask"],
        ["", "", "7"],
    ])
    assert stock_from_frame(frame) == {"HB-2001": 1200, "HB-1001": 2, "HB-3001": 0}
    assert sku_key("　ＨＢ－２００１ ") == "HB-2001"


def test_a_table_without_the_columns_says_so():
    with pytest.raises(StockFileError, match="No SKU and quantity columns") as caught:
        stock_from_frame(pd.DataFrame({"name": ["Mug"], "price": ["100"]}), path="items.csv")
    assert caught.value.kind == "stock_layout" and caught.value.path.name == "items.csv"
    with pytest.raises(StockFileError, match="no SKU"):
        stock_from_frame(pd.DataFrame({"SKU": ["A"], "在庫数": [""]}))


def test_csv_in_shift_jis_with_a_title_row_and_xlsx(tmp_path: Path):
    csv_path = tmp_path / "zaiko.csv"
    csv_path.write_bytes("在庫表\r\n商品コード,在庫数\r\nHB-2001,3\r\nHB-1001,０\r\n".encode("cp932"))
    assert read_stock(csv_path) == {"HB-2001": 3, "HB-1001": 0}
    tsv_path = tmp_path / "stock.txt"
    tsv_path.write_text("sku\tquantity\nA-1\t5\n", encoding="utf-8-sig")
    assert read_stock(tsv_path) == {"A-1": 5}
    xlsx_path = tmp_path / "stock.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SKU", "在庫"])
    sheet.append(["HB-2001", 4])
    sheet.append(["HB-1001", 1.0])
    book.save(xlsx_path)
    assert read_stock(xlsx_path) == {"HB-2001": 4, "HB-1001": 1}


def test_unreadable_and_empty_files_raise_a_stock_error(tmp_path: Path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(StockFileError):
        read_stock(empty)
    with pytest.raises(StockFileError):
        read_stock(tmp_path / "missing.csv")


def test_full_width_stock_skus_match_the_orders():
    book = build_order_book(make_lines([
        order("1", "2024-05-08 10:00", status="open", ship_by="2024-05-20", sku="HB-2001", quantity=2),
    ]))
    stock = stock_from_frame(pd.DataFrame({"SKU": ["ＨＢ－２００１"], "在庫数": ["1"]}))
    table = orders_at_risk(measure(book, parse_as_of("2024-05-09"), load_rules(resource("profiles"))),
                           stock=stock)
    assert table.iloc[0]["reasons"] == ("out_of_stock",)
