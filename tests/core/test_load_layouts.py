"""Every marketplace layout loads from generated exports in the encodings and shapes sellers send."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from seller_gui.core.errors import OrderFileError
from seller_gui.core.reading.loader import combine, load_order_file, load_order_files
from seller_gui.core.schema import JST, ORDER_LINE_COLUMNS
from tests.core import exports

# layout -> (marketplace, orders, lines)
EXPECTED = {
    "aupay": ("aupay", 5, 5), "qoo10_44": ("qoo10", 3, 3), "qoo10_15": ("qoo10", 3, 3),
    "rakuten_pay": ("rakuten", 3, 4), "rakuten_legacy": ("rakuten", 2, 2), "yahoo_orders": ("yahoo", 3, 3),
    "amazon_all": ("amazon", 4, 4), "amazon_unshipped": ("amazon", 2, 2),
    "amazon_order_report": ("amazon", 1, 1), "mercari": ("mercari", 2, 2),
}


def check(loaded, layout: str) -> None:
    marketplace, orders, lines = EXPECTED[layout]
    assert (loaded.marketplace, loaded.orders, len(loaded.lines)) == (marketplace, orders, lines)
    assert list(loaded.lines.columns) == list(ORDER_LINE_COLUMNS)
    assert str(loaded.lines["ordered_at"].dtype) == "datetime64[ns, Asia/Tokyo]"
    known = ["pending_payment", "open", "shipped", "delivered", "cancelled"]
    if layout == "amazon_order_report":  # no status column in that report: honest 'unknown'
        known.append("unknown")
    assert loaded.lines["status"].isin(known).all()


@pytest.mark.parametrize("layout", EXPECTED)
@pytest.mark.parametrize(("encoding", "delimiter", "title_rows"), [
    ("cp932", ",", 0), ("utf-8", ",", 2), ("utf-8-sig", "\t", 3),
])
def test_text_exports_load(tmp_path, layout, encoding, delimiter, title_rows):
    table = exports.ALL_LAYOUTS[layout]()
    path = exports.write_text(tmp_path / "export.csv", table, encoding=encoding, delimiter=delimiter,
                              title_rows=title_rows, line_end="\n" if title_rows else "\r\n")
    loaded = load_order_file(path)
    check(loaded, layout)
    assert loaded.encoding == encoding
    assert loaded.lines["source_row"].min() >= title_rows + 2


@pytest.mark.parametrize("layout", EXPECTED)
def test_utf16_tab_text_loads(tmp_path, layout):
    loaded = load_order_file(exports.utf16_tsv(tmp_path / "unicode.txt", exports.ALL_LAYOUTS[layout]()))
    check(loaded, layout)
    assert loaded.encoding == "utf-16"


@pytest.mark.parametrize("layout", ["aupay", "qoo10_44", "rakuten_pay", "amazon_all", "mercari"])
def test_xlsx_with_title_row_and_extra_sheets_loads(tmp_path, layout):
    path = exports.write_xlsx(tmp_path / "export.xlsx", exports.ALL_LAYOUTS[layout](), title_rows=1,
                              numbers=True)
    loaded = load_order_file(path)
    check(loaded, layout)
    assert (loaded.encoding, loaded.sheet) == (None, "受注データ")


def test_html_disguised_as_xls_loads(tmp_path):
    loaded = load_order_file(exports.html_xls(tmp_path / "DeliveryManagement.xls", exports.qoo10_table()))
    check(loaded, "qoo10_44")


def test_renamed_files_are_read_by_content(tmp_path):
    as_csv = exports.write_xlsx(tmp_path / "really-xlsx.csv", exports.aupay_table())
    as_xlsx = exports.write_text(tmp_path / "really-csv.xlsx", exports.aupay_table())
    assert load_order_file(as_csv).sheet == "受注データ"
    assert load_order_file(as_xlsx).encoding == "cp932"


def test_demo_export_exact_counts(demo_file):
    loaded = load_order_file(demo_file)
    assert (loaded.marketplace, loaded.encoding, loaded.rows) == ("aupay", "cp932", 357)
    assert len(loaded.lines) == 354  # three verbatim duplicate lines count once
    assert loaded.orders == 314
    statuses = set(loaded.lines["status"])
    assert statuses == {"shipped", "cancelled", "open", "pending_payment"}
    cancelled = loaded.lines[loaded.lines["status"] == "cancelled"]
    by_reason = dict(zip(cancelled["cancel_reason"], cancelled["cancel_cause"], strict=True))
    assert by_reason["在庫切れ（店舗都合）"] == "seller"
    assert by_reason["お客様都合によるキャンセル"] == "buyer"
    assert by_reason[""] == "unknown"


def test_odd_values_are_kept_or_normalised(tmp_path):
    loaded = load_order_file(exports.write_text(tmp_path / "odd.csv", exports.aupay_table()))
    lines = loaded.lines.set_index("order_id")
    assert list(lines.index) == ["000123", "1E5", "250509123456789012", "NA", "None"]
    # the repeated line is one line of two units (au PAY writes a line's units as identical lines)
    assert lines.loc["000123", "unit_price"] == 1000 and lines.loc["000123", "amount"] == 2000
    assert lines.loc["000123", "quantity"] == 2
    assert lines.loc["1E5", "status"] == "cancelled" and lines.loc["1E5", "cancel_cause"] == "seller"
    assert lines.loc["1E5", "quantity"] == 2 and lines.loc["1E5", "unit_price"] == 2000
    assert lines.loc["250509123456789012", "cancel_cause"] == "buyer"
    assert lines.loc["250509123456789012", "amount"] == -500
    assert lines.loc["250509123456789012", "ordered_at"] == pd.Timestamp("2024-05-03 08:15", tz=JST)
    assert lines.loc["1E5", "ordered_at"] == pd.Timestamp("2024-05-02 09:30", tz=JST)
    assert lines.loc["NA", "buyer_name"] == "None"
    assert lines.loc["NA", "ship_by"] == pd.Timestamp("2024-05-07 00:00", tz=JST)
    assert lines.loc["None", "status"] == "pending_payment"
    assert lines.loc["000123", "cancel_cause"] == ""
    assert list(lines["source_row"]) == [2, 4, 5, 6, 7]  # row 3 repeated row 2 verbatim


def test_qoo10_order_is_the_order_number_not_the_cart(tmp_path):
    loaded = load_order_file(exports.write_text(tmp_path / "q.csv", exports.qoo10_table()))
    assert list(loaded.lines["order_id"]) == ["700000001", "700000002", "700000003"]
    assert list(loaded.lines["status"]) == ["open", "shipped", "delivered"]
    assert loaded.lines["ship_by"][0] == pd.Timestamp("2024-05-04 00:00", tz=JST)
    assert set(loaded.lines["cancel_cause"]) == {""}


def test_amazon_reports_channel_flags_and_deadlines(tmp_path):
    every = load_order_file(exports.write_text(tmp_path / "all.txt", exports.amazon_all_orders_table(),
                                               delimiter="\t")).lines
    assert list(every["status"]) == ["shipped", "cancelled", "cancelled", "pending_payment"]
    assert list(every["fulfilment"]) == ["seller", "seller", "marketplace", "seller"]
    assert list(every["cancel_cause"]) == ["", "unknown", "unknown", ""]
    assert every["ordered_at"][0] == pd.Timestamp("2024-05-01 10:00", tz=JST)
    unshipped = load_order_file(exports.write_text(tmp_path / "u.txt", exports.amazon_unshipped_table(),
                                                   delimiter="\t")).lines
    assert list(unshipped["flags"]) == ["verge_of_cancellation", "verge_of_late_shipment"]
    assert list(unshipped["status"]) == ["open", "open"]
    assert list(unshipped["ship_by"]) == [pd.Timestamp("2024-05-03 23:59:59", tz=JST),
                                          pd.Timestamp("2024-05-05 00:00", tz=JST)]
    report = load_order_file(exports.write_text(tmp_path / "r.txt", exports.amazon_order_report_table(),
                                                delimiter="\t")).lines
    assert report["ship_by"][0] == pd.Timestamp("2024-05-03 23:59:59", tz=JST)


def test_mercari_two_rows_per_order_are_merged(tmp_path):
    loaded = load_order_file(exports.write_text(tmp_path / "m.csv", exports.mercari_table()))
    lines = loaded.lines
    assert loaded.rows == 4
    assert list(lines["order_id"]) == ["m0000001", "m0000002"]
    assert list(lines["sku"]) == ["N-1", "P-1"]
    assert list(lines["buyer_name"]) == ["木村 九", "林 十"]
    assert list(lines["status"]) == ["shipped", "cancelled"]
    assert list(lines["source_row"]) == [3, 5]


@pytest.mark.parametrize("labels", [False, True])
def test_yahoo_order_and_item_files_are_joined(tmp_path, labels):
    orders, items = exports.yahoo_tables(labels=labels)
    order_path = exports.write_text(tmp_path / "order.csv", orders)
    item_path = exports.write_text(tmp_path / "item.csv", items)
    loaded, errors = load_order_files([item_path, order_path])
    assert errors == [] and len(loaded) == 1
    lines = loaded[0].lines
    assert loaded[0].orders == 3 and len(lines) == 4
    assert list(lines["sku"][:3]) == ["cup", "dish", "fork"]
    assert list(lines["status"]) == ["shipped", "shipped", "cancelled", "open"]
    assert loaded[0].companions == [item_path]


def test_yahoo_item_file_alone_says_what_to_do(tmp_path):
    with pytest.raises(OrderFileError) as caught:
        load_order_file(exports.write_text(tmp_path / "item.csv", exports.yahoo_tables()[1]))
    assert caught.value.kind == "missing_columns" and "order file" in caught.value.detail


def test_yahoo_missing_minimum_column_is_named(tmp_path):
    header, rows = exports.yahoo_tables()[0]
    drop = header.index("OrderStatus")
    table = ([c for i, c in enumerate(header) if i != drop], [[c for i, c in enumerate(r) if i != drop]
                                                               for r in rows])
    with pytest.raises(OrderFileError) as caught:
        load_order_file(exports.write_text(tmp_path / "o.csv", table))
    assert caught.value.kind == "missing_columns"
    assert "OrderStatus" in caught.value.detail and "OrderId" not in caught.value.detail


def test_ragged_rows_never_shift_columns(tmp_path):
    text = ("orderId,orderDate,orderStatus,itemCode\n"
            "1,2024/05/01 10:00,完了,A\n"
            "2,2024/05/02 10:00,キャンセル,B,extra,cells\n"
            "3,2024/05/03 10:00\n")
    path = tmp_path / "ragged.csv"
    path.write_text(text, encoding="utf-8")
    lines = load_order_file(path).lines
    assert list(lines["status"]) == ["shipped", "cancelled", "unknown"]
    assert list(lines["sku"]) == ["A", "B", ""]


def test_shop_label_and_overlapping_downloads_count_once(tmp_path):
    header, rows = exports.aupay_table()
    older = exports.write_text(tmp_path / "older.csv", (header, rows[:4]))
    newer_rows = [list(r) for r in rows]
    for row in newer_rows[:2]:  # the same line (and its verbatim repeat), updated later
        row[header.index("orderStatus")] = "キャンセル"
    newer = exports.write_text(tmp_path / "newer.csv", (header, newer_rows))
    files = [load_order_file(newer, shop="A店"), load_order_file(older, shop="A店")]
    lines = combine(files)
    assert len(lines) == 5
    first = lines[lines["order_id"] == "000123"]
    assert list(first["status"]) == ["cancelled"] and list(first["source_file"]) == ["newer.csv"]
    assert set(lines["shop"]) == {"A店"}


def test_progress_is_reported_and_cancel_stops(tmp_path):
    path = exports.write_text(tmp_path / "a.csv", exports.aupay_table())
    seen: list[float] = []
    load_order_file(path, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    stop = threading.Event()
    stop.set()
    with pytest.raises(OrderFileError) as caught:
        load_order_file(path, cancel=stop)
    assert caught.value.kind == "cancelled"


def test_the_input_file_is_never_written(tmp_path):
    path = exports.write_xlsx(tmp_path / "a.xlsx", exports.aupay_table())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load_order_file(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
