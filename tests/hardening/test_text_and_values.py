"""Checklist rows 11-16: encodings, tiny CP932 files, broken CSV structure, ids, money and dates.

Already pinned elsewhere, not repeated: the encoding ladder order (tests/core/test_sniff.py), every
layout in CP932/UTF-8/UTF-8-BOM with title rows and UTF-16 TSV (tests/core/test_load_layouts.py),
ragged rows never shifting columns (::test_ragged_rows_never_shift_columns), ids 000123 / 1E5 /
18 digits / NA / None in a CSV (::test_odd_values_are_kept_or_normalised), the unclosed quote
(tests/core/test_load_errors.py).
"""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

from seller_gui.core.errors import OrderFileError
from seller_gui.core.i18n import Message
from seller_gui.core.reading.loader import load_order_bytes, load_order_file, read_table
from seller_gui.core.schema import JST
from tests.core import exports

HEADER = "注文ID,注文日時,注文ステータス,商品名,数量,購入者名\r\n"  # the generic layout
NAMES = "髙橋 ①子,㈱山田商店～本店,ﾔﾏﾀﾞ ﾀﾛｳ,𠮷野 家"  # CP932 extensions, half-width kana, beyond the BMP


def _orders(rows: list[str]) -> str:
    return HEADER + "".join(rows)


@pytest.mark.parametrize(("encoding", "prefix", "delimiter"), [
    ("cp932", b"", ","), ("utf-8", b"", ","), ("utf-8", codecs.BOM_UTF8, ","),
    ("utf-16-le", codecs.BOM_UTF16_LE, "\t"), ("euc_jp", b"", ","),
])
def test_each_encoding_decodes_names_exactly(tmp_path, encoding, prefix, delimiter):
    # row 11: what the seller sees is what the buyer typed (CP932-only characters only in CP932)
    names = NAMES.split(",") if encoding.startswith("utf") else ["髙橋 ①子", "㈱山田商店～本店", "ﾔﾏﾀﾞ ﾀﾛｳ"]
    if encoding == "euc_jp":
        names = ["高橋 花子", "山田商店 本店", "ﾔﾏﾀﾞ ﾀﾛｳ"]
    rows = [f"{i + 1},2024/05/0{i + 1} 10:00,発送済み,商品,1,{n}\r\n" for i, n in enumerate(names)]
    data = prefix + _orders(rows).replace(",", delimiter).encode(encoding)
    loaded = load_order_bytes(data, "orders.csv")
    assert list(loaded.lines["buyer_name"]) == names
    assert list(loaded.lines["item_name"]) == ["商品"] * len(names)


@pytest.mark.parametrize(("text", "cells"), [
    ("取消\n", [["取消"]]),
    ("123,456,789,髙\n", [["123", "456", "789", "髙"]]),
    ("ｷｬﾝｾﾙ\n", [["ｷｬﾝｾﾙ"]]),
])
def test_tiny_cp932_files_are_read_as_cp932(tmp_path, text, cells):
    # row 12: a detector alone calls the first two big5; the ladder does not
    path = tmp_path / "tiny.csv"
    path.write_bytes(text.encode("cp932"))
    table = read_table(path)
    assert table.encoding == "cp932"
    assert [table.header] == cells


def test_a_tiny_cp932_order_file_loads(tmp_path):
    data = "注文ID,注文日時,注文ステータス\n1,2024/05/01,取消\n".encode("cp932")
    loaded = load_order_bytes(data, "tiny.csv")
    assert loaded.encoding == "cp932" and list(loaded.lines["status"]) == ["cancelled"]


def test_mixed_line_endings_and_quoted_newlines_keep_every_row(tmp_path):
    # row 13
    text = (HEADER + '1,2024/05/01 10:00,発送済み,"マグ\r\nカップ",1,a\n'
            '2,2024/05/02 10:00,キャンセル,"皿\nセット",2,b\r'
            '3,2024/05/03 10:00,発送済み,"""引用""",3,c\r\n')
    loaded = load_order_bytes(text.encode("cp932"), "crlf.csv")
    lines = loaded.lines
    assert list(lines["order_id"]) == ["1", "2", "3"]
    assert list(lines["item_name"]) == ["マグ\r\nカップ", "皿\nセット", '"引用"']
    assert list(lines["quantity"]) == [1, 2, 3]
    assert list(lines["buyer_name"]) == ["a", "b", "c"]


def test_nul_bytes_neither_drop_nor_shift_a_row():
    # row 13: a NUL is kept where it was (the export strips control characters, not the reader)
    text = HEADER + "1\x00,2024/05/01 10:00,発送済み,マ\x00グ,1,a\r\n2,2024/05/02 10:00,発送済み,皿,2,b\x00\r\n"
    lines = load_order_bytes(text.encode("cp932"), "nul.csv").lines
    assert list(lines["order_id"]) == ["1\x00", "2"]
    assert list(lines["quantity"]) == [1, 2] and list(lines["item_name"]) == ["マ\x00グ", "皿"]


def test_duplicate_headers_read_the_first_and_keep_the_rest_apart(tmp_path):
    # row 13: two columns called 注文ステータス; the figures use the first, no column swallows another
    text = ("注文ID,注文日時,注文ステータス,注文ステータス,数量\r\n"
            "1,2024/05/01 10:00,発送済み,キャンセル,1\r\n2,2024/05/02 10:00,発送済み,,2\r\n")
    loaded = load_order_bytes(text.encode("cp932"), "dup.csv")
    assert list(loaded.lines["quantity"]) == [1, 2]
    table = read_table(_write(tmp_path / "dup.csv", text))
    assert list(table.frame.columns) == ["注文ID", "注文日時", "注文ステータス", "注文ステータス.1", "数量"]


def _write(path, text: str):
    path.write_bytes(text.encode("cp932"))
    return path


def test_unterminated_quote_names_the_problem(tmp_path):
    text = HEADER + '1,2024/05/01 10:00,発送済み,"マグ,1,a\r\n2,2024/05/02 10:00,発送済み,皿,2,b\r\n'
    with pytest.raises(OrderFileError) as caught:
        load_order_bytes(text.encode("cp932"), "quote.csv")
    assert caught.value.kind == "damaged" and "quote" in caught.value.detail


def test_ids_in_a_workbook_are_text_as_written(tmp_path):
    # row 14 for xlsx: numbers stored as numbers come back without '.0'; text ids stay text
    header, rows = exports.aupay_table()
    path = exports.write_xlsx(tmp_path / "ids.xlsx", (header, rows), numbers=True)
    lines = load_order_file(path).lines
    assert list(lines["order_id"].drop_duplicates()) == ["000123", "1E5", "250509123456789012", "NA",
                                                         "None"]
    table = ["注文番号", "注文日時", "ステータス"], [["123", "2024/05/01 10:00", "発送済み"],
                                                ["", "", ""],
                                                ["4567", "2024/05/02 10:00", "発送済み"]]
    numeric = load_order_file(exports.write_xlsx(tmp_path / "n.xlsx", table, numbers=True)).lines
    assert list(numeric["order_id"]) == ["123", "4567"]


def test_money_in_every_written_form_is_counted_and_the_rest_reported():
    # row 15: amounts NFKC-normalised; what cannot be read is counted by column, no value echoed
    text = HEADER.replace("購入者名", "金額") + "".join(
        f"{i},2024/05/01 10:00,{status},商品,1,\"{amount}\"\r\n" for i, (status, amount) in enumerate([
            ("発送済み", "２０００"), ("発送済み", "1,000"), ("発送済み", "￥2000"), ("ｷｬﾝｾﾙ", "△500"),
            ("発送済み", "1,000円"), ("発送済み", "要確認"), ("発送済み", "inf")], start=1))
    loaded = load_order_bytes(text.encode("cp932"), "money.csv")
    lines = loaded.lines
    assert list(lines["amount"][:5]) == [2000, 1000, 2000, -500, 1000]
    assert lines["amount"][5:].isna().all()
    assert lines.loc[3, "status"] == "cancelled"
    assert Message("unreadable_numbers", {"count": 2, "column": "金額"}) in loaded.warnings
    assert not any("要確認" in w.explain("en") for w in loaded.warnings)


def test_dates_in_every_form_in_one_column_become_japan_time():
    # row 16, plus placeholders some systems write for "no date" (9999/12/31) that once crashed
    forms = ["2024/05/09 16:00", "2024-05-09T16:00:00+09:00", "2024-05-09T07:00:00Z", "2024年5月9日 16:00",
             "45421.6666667", "2024/05/09 16:00:00", "9999/12/31 23:59", "9999-12-31T23:59:59Z",
             "1000/01/01"]
    text = "注文ID,注文日時,注文ステータス\r\n" + "".join(f"{i},{f},発送済み\r\n" for i, f in enumerate(forms))
    loaded = load_order_bytes(text.encode("cp932"), "dates.csv")
    when = loaded.lines["ordered_at"]
    assert (when[:6] == pd.Timestamp("2024-05-09 16:00", tz=JST)).all()
    assert when[6:].isna().all()
    assert any("3 cells in '注文日時' could not be read as dates" in w.explain("en") for w in loaded.warnings)


def test_a_quantity_that_is_no_number_is_reported_not_a_crash():
    text = "注文ID,注文日時,注文ステータス,数量\r\n1,2024/05/01,発送済み,inf\r\n2,2024/05/01,発送済み,1e300\r\n"
    loaded = load_order_bytes(text.encode("cp932"), "qty.csv")
    assert loaded.lines["quantity"].isna().all() and len(loaded.warnings) == 2


def test_mercari_product_rows_before_any_order_row():
    # found by the fuzzer: a product row without an order number first made the loader fail
    header, rows = exports.mercari_table()
    data = exports.text_bytes((header, [rows[3], *rows]), encoding="utf-8")
    lines = load_order_bytes(data, "mercari.csv").lines
    assert list(zip(lines["order_id"], lines["item_name"], strict=True)) == [("m0000001", "ノート"),
                                                                              ("m0000002", "鉛筆")]


@pytest.mark.parametrize("data", [b"a," * 2_000_000, b"orderId,orderDate," + b"x" * 400_000 + b"\n1,2\n"])
def test_a_first_line_longer_than_the_sample_is_no_export_not_an_empty_file(data):
    with pytest.raises(OrderFileError) as caught:
        load_order_bytes(data, "long.csv")
    assert caught.value.kind == "unknown_layout" and "256 KB" in caught.value.detail


def test_the_last_line_counts_without_a_line_break():
    header_only = "注文ID,注文日時,注文ステータス".encode("cp932")
    with pytest.raises(OrderFileError) as caught:
        load_order_bytes(header_only, "h.csv")
    assert caught.value.kind == "not_orders"
    loaded = load_order_bytes(header_only + "\r\n1,2024/05/01,取消".encode("cp932"), "one.csv")
    assert list(loaded.lines["status"]) == ["cancelled"]
