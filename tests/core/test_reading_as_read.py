"""Exports read as a person reads them (issue 14): what a download can and cannot give, shipped means
shipped, scheduled orders, statuses no one knows yet, Korean Qoo10 headers, era dates. Each file is
built from its published layout (tests/fixtures/layouts.py) and read through the one path."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from seller_gui import cli
from seller_gui.core.pipeline import Seller, analyse, read
from seller_gui.core.reading.normalize import line_details, parse_datetimes
from seller_gui.core.report import report_of
from seller_gui.core.schema import JST
from seller_gui.core.storage.paths import DataPaths
from seller_gui.core.storage.store import Store
from tests.fixtures import layouts as L


def analysed(paths, as_of, seller=None):
    seller = seller or Seller()
    return analyse(read(paths, seller), seller, as_of)


def warning_codes(analysis) -> dict[str, list[str]]:
    return {f.path.name: [w.code for w in f.warnings] for f in analysis.orders.order_files}


# ----- what a download can tell, and what it cannot -----

def test_unshipped_report_gives_orders_at_risk_and_no_cancellation_rate(tmp_path):
    path = L.write(tmp_path, "unshipped.txt", L.AMAZON_UNSHIPPED_JP, [
        {"order-id": "503-0000001-0000001", "order-item-id": "1", "purchase-date": "2026-08-10T10:00:00+09:00",
         "promise-date": "2026-08-12T23:59:59+09:00", "sku": "A", "quantity-to-ship": "1"},
        {"order-id": "503-0000001-0000002", "order-item-id": "2", "purchase-date": "2026-08-13T10:00:00+09:00",
         "promise-date": "2026-08-16T23:59:59+09:00", "sku": "B", "quantity-to-ship": "1",
         "verge-of-cancellation": "true"},
    ])
    analysis = analysed([path], "2026-08-14T12:00")
    block = report_of(analysis)["marketplaces"]["amazon"]
    assert block["seller_cancel_rate"] is None and block["seller_cancel_rate_upper"] is None
    assert block["status"] == "unavailable" and block["cancel_unavailable"] == "needs_all_orders_report"
    assert block["cancel_budget"] is None
    assert block["late_shipment_rate"] is None and block["late_unavailable"] == "unshipped_only"
    assert block["overall_status"] == "unavailable"
    assert "All Orders" in report_of(analysis)["unavailable"]["amazon"]["cancel"]
    assert {r["order_id"] for r in report_of(analysis)["at_risk"]} == {"503-0000001-0000001",
                                                                       "503-0000001-0000002"}
    assert "layout_unshipped_only" in warning_codes(analysis)["unshipped.txt"]


def test_all_orders_report_beside_it_gives_the_rate_back(tmp_path):
    unshipped = L.write(tmp_path, "unshipped.txt", L.AMAZON_UNSHIPPED_JP, [
        {"order-id": "1", "order-item-id": "1", "purchase-date": "2026-08-13T10:00:00+09:00",
         "promise-date": "2026-08-16T23:59:59+09:00"}])
    every = L.write(tmp_path, "all.txt", L.AMAZON_ALL_ORDERS, [
        {"amazon-order-id": "1", "purchase-date": "2026-08-13T10:00:00+09:00", "order-status": "Unshipped",
         "fulfillment-channel": "Merchant", "sku": "A", "quantity": "1"},
        {"amazon-order-id": "2", "purchase-date": "2026-08-12T10:00:00+09:00", "order-status": "Cancelled",
         "fulfillment-channel": "Merchant", "sku": "B", "quantity": "1"}])
    block = report_of(analysed([unshipped, every], "2026-08-14T12:00"))["marketplaces"]["amazon"]
    assert block["cancel_unavailable"] is None and block["seller_cancel_rate_upper"] == 0.5
    assert block["late_unavailable"] == "unshipped_only"  # neither gives it: the first file's reason
    assert block["late_limit_is_estimate"] is False and block["limit_is_estimate"] is False


def test_fba_shipments_report_is_named_and_gives_no_seller_metric(tmp_path):
    path = L.write(tmp_path, "fba.txt", L.AMAZON_FBA_SHIPMENTS, [
        {"amazon-order-id": "249-0000001-0000001", "shipment-id": "D1", "shipment-item-id": "S1",
         "amazon-order-item-id": "I1", "purchase-date": "2026-08-10T10:00:00+09:00",
         "shipment-date": "2026-08-11T09:00:00+09:00", "sku": "A", "quantity-shipped": "1",
         "carrier": "ヤマト運輸", "tracking-number": "1234", "fulfillment-center-id": "NRT5",
         "fulfillment-channel": "Amazon", "sales-channel": "Amazon.co.jp"}])
    orders = read([path], Seller())
    assert not orders.failures
    assert orders.files[0].layout == "amazon/fba_shipments"
    analysis = analyse(orders, Seller(), "2026-08-14T12:00")
    assert "layout_fba_shipments" in warning_codes(analysis)["fba.txt"]
    block = report_of(analysis)["marketplaces"]["amazon"]
    assert (block["cancel_unavailable"], block["late_unavailable"]) == ("fba_no_seller_metrics",) * 2
    assert block["orders"] == 0 and block["overall_status"] == "unavailable"
    assert report_of(analysis)["at_risk"] == []


def test_every_published_amazon_status_is_known_and_unfulfillable_never_counts(tmp_path):
    lines = [{"amazon-order-id": f"o{i}", "purchase-date": "2026-08-12T10:00:00+09:00", "order-status": status,
              "fulfillment-channel": "Amazon" if status == "Unfulfillable" else "Merchant", "quantity": "1"}
             for i, status in enumerate(L.AMAZON_ORDER_STATUSES)]
    analysis = analysed([L.write(tmp_path, "all.txt", L.AMAZON_ALL_ORDERS, lines)], "2026-08-14T12:00")
    assert "statuses_unknown" not in warning_codes(analysis)["all.txt"]
    by_order = dict(zip(analysis.book.lines["order_id"], analysis.book.lines["status"], strict=True))
    statuses = dict(zip(L.AMAZON_ORDER_STATUSES, (by_order[f"o{i}"] for i in range(len(lines))),
                        strict=True))
    assert statuses["Shipped - Returned to Seller"] == "shipped"
    assert statuses["Shipped - Delivered to Buyer"] == statuses["Complete"] == "delivered"
    assert statuses["Pending - Waiting for Pick Up"] == "shipped"  # waiting at a pickup point
    block = report_of(analysis)["marketplaces"]["amazon"]
    assert block["cancelled"] == 2  # Cancelled and Canceled; Unfulfillable is Amazon's, not counted
    assert block["orders"] == len(lines) - 1


def test_unfulfillable_without_a_channel_column_is_still_not_the_sellers(tmp_path):
    header = [c for c in L.AMAZON_ALL_ORDERS if c != "fulfillment-channel"]
    path = L.write(tmp_path, "all.txt", header, [
        {"amazon-order-id": "1", "purchase-date": "2026-08-12T10:00:00+09:00", "order-status": "Unfulfillable"},
        {"amazon-order-id": "2", "purchase-date": "2026-08-12T10:00:00+09:00", "order-status": "Shipped"}])
    block = report_of(analysed([path], "2026-08-14T12:00"))["marketplaces"]["amazon"]
    assert (block["orders"], block["cancelled"]) == (1, 0)


# ----- shipped means shipped -----

def test_aupay_ship_flag_ship_date_or_tracking_make_a_line_shipped(tmp_path):
    path = L.write(tmp_path, "aupay.csv", L.AUPAY, [
        L.aupay_line("1", "2026/08/01 10:00", shippingTimelimitDate="2026/08/03", shipStatus="Y"),
        L.aupay_line("2", "2026/08/01 10:00", shippingTimelimitDate="2026/08/03", shipDate="2026/08/02"),
        L.aupay_line("3", "2026/08/01 10:00", shippingTimelimitDate="2026/08/03", shippingNumber="4455"),
        L.aupay_line("4", "2026/08/01 10:00", shippingTimelimitDate="2026/08/03"),
    ])
    analysis = analysed([path], "2026-08-10T12:00")
    lines = analysis.book.lines.set_index("order_id")
    assert list(lines["status"]) == ["shipped", "shipped", "shipped", "open"]
    assert list(lines["flags"]) == ["shipped_by_ship_flag", "shipped_by_ship_date", "shipped_by_tracking", ""]
    assert [m.explain("en") for m in line_details(lines.loc["1", "flags"])] == [
        "Shipped: its ship flag says so, whatever the status text says"]
    assert [r["order_id"] for r in report_of(analysis)["at_risk"]] == ["4"]
    block = report_of(analysis)["marketplaces"]["aupay"]
    assert (block["shipped"], block["late_shipped"], block["overdue_open"]) == (3, 0, 1)


def test_identical_aupay_lines_are_one_line_with_their_quantity_summed(tmp_path):
    line = L.aupay_line("7", "2026/08/01 10:00", shippingTimelimitDate="2026/08/20", unit="2",
                        totalItemPrice="2000")
    other = L.aupay_line("8", "2026/08/01 10:00", shippingTimelimitDate="2026/08/20")
    path = L.write(tmp_path, "aupay.csv", L.AUPAY, [line, line, line, other])
    orders = read([path], Seller())
    lines = orders.lines.set_index("order_id")
    assert len(orders.lines) == 2
    assert (lines.loc["7", "quantity"], lines.loc["7", "amount"]) == (6, 6000.0)
    assert lines.loc["7", "source_row"] == 2  # the first row's number stays


def test_identical_lines_are_summed_when_many_small_files_are_read_together(tmp_path):
    line = L.aupay_line("7", "2026/08/01 10:00", shippingTimelimitDate="2026/08/20")
    paths = [L.write(tmp_path, f"aupay-{i}.csv", L.AUPAY, [dict(line, orderId=f"7{i}"),
                                                           dict(line, orderId=f"7{i}")]) for i in range(3)]
    orders = read(paths, Seller())
    assert sorted(orders.lines["quantity"].tolist()) == [2, 2, 2]


# ----- pre-orders and scheduled orders -----

def test_yahoo_preorder_with_a_later_requested_date_is_not_at_risk_before_it(tmp_path):
    path = L.write(tmp_path, "yahoo.csv", L.YAHOO_ORDERS, [
        {"OrderId": "store-1", "OrderTime": "2026/08/01 10:00:00", "OrderStatus": "1",
         "ShipRequestDate": "2026/08/20", "Total": "3000"},
        {"OrderId": "store-2", "OrderTime": "2026/08/01 10:00:00", "OrderStatus": "2", "Total": "3000"},
        {"OrderId": "store-3", "OrderTime": "2026/08/01 10:00:00", "OrderStatus": "予約中", "Total": "3000"},
    ])
    early = analysed([path], "2026-08-10T12:00")
    assert [r["order_id"] for r in report_of(early)["at_risk"]] == ["store-2"]  # 予約中 without a date waits
    lines = early.book.lines.set_index("order_id")
    assert lines.loc["store-1", "ship_by"] == pd.Timestamp("2026-08-21 00:00", tz=JST)
    assert lines.loc["store-1", "flags"] == "scheduled,deadline_from_scheduled_date"
    late = analysed([path], "2026-08-21T12:00")
    assert "store-1" in {r["order_id"] for r in report_of(late)["at_risk"]}


def test_a_requested_date_within_the_handling_days_keeps_the_usual_deadline(tmp_path):
    path = L.write(tmp_path, "yahoo.csv", L.YAHOO_ORDERS, [
        {"OrderId": "store-1", "OrderTime": "2026/08/01 10:00:00", "OrderStatus": "2",
         "ShipRequestDate": "2026/08/02"}])
    analysis = analysed([path], "2026-08-10T12:00")
    assert pd.isna(analysis.book.lines["ship_by"].iloc[0])
    assert report_of(analysis)["at_risk"][0]["reasons"] == ["no_deadline_aging"]


def test_aupay_release_date_of_a_preorder_moves_its_deadline(tmp_path):
    path = L.write(tmp_path, "aupay.csv", L.AUPAY, [
        L.aupay_line("1", "2026/08/01 10:00", shippingTimelimitDate="2026/08/04", releaseDate="2026/09/01",
                     sellMethodSegment="予約")])
    analysis = analysed([path], "2026-08-10T12:00")
    assert analysis.book.lines["ship_by"].iloc[0] == pd.Timestamp("2026-09-02 00:00", tz=JST)
    assert report_of(analysis)["at_risk"] == []


# ----- unknown statuses are asked, not guessed -----

def rakuten_shop_statuses(tmp_path):
    lines = [{"受注番号": f"100-{i}", "受注ステータス": status, "注文日時": "2026/08/01 10:00:00",
              "商品名": "帽子", "個数": "1"}
             for i, status in enumerate(["当日発送", "当日発送", "3月発送", "コンビニPC", "完了", "キャンセル"])]
    return L.write(tmp_path, "rakuten.csv", L.RAKUTEN_LEGACY, lines)


def test_statuses_no_one_knows_are_counted_never_at_risk_never_cancelled_and_listed(tmp_path):
    analysis = analysed([rakuten_shop_statuses(tmp_path)], "2026-08-20T12:00")
    block = report_of(analysis)["marketplaces"]["rakuten"]
    assert (block["orders"], block["cancelled"]) == (6, 1)
    assert report_of(analysis)["at_risk"] == []
    info = analysis.orders.order_files[0]
    assert info.unknown_statuses == ("当日発送", "3月発送", "コンビニPC")
    note = next(w for w in info.warnings if w.code == "statuses_unknown")
    assert note.params["count"] == 4
    assert "4 lines have statuses I don't know" in note.explain("en")
    assert "当日発送, 3月発送, コンビニPC" in note.explain("en")


def test_the_sellers_meaning_of_a_status_is_kept_and_used_by_the_command_line(tmp_path, seller_home, capsys):
    path = rakuten_shop_statuses(tmp_path)
    with Store(DataPaths.under(seller_home).store) as store:
        store.set_status_meanings([("rakuten", "当日発送", "open"), ("rakuten", "3月発送", "scheduled"),
                                   ("rakuten", "コンビニPC", "pending_payment")])
    seller = Seller.from_disk(DataPaths.under(seller_home))
    analysis = analysed([path], "2026-08-20T12:00", seller)
    assert analysis.orders.order_files[0].unknown_statuses == ()
    assert {r["order_id"] for r in report_of(analysis)["at_risk"]} == {"100-0", "100-1"}
    assert cli.main(["report", str(path), "--json", "--as-of", "2026-08-20T12:00"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {r["order_id"] for r in report["at_risk"]} == {"100-0", "100-1"}
    assert cli.main(["report", str(path), "--json", "--no-store", "--as-of", "2026-08-20T12:00"]) == 0
    assert json.loads(capsys.readouterr().out)["at_risk"] == []


def test_forgetting_a_meaning_makes_the_status_unknown_again(tmp_path):
    with Store(tmp_path / "store.sqlite3") as store:
        store.set_status_meanings([("rakuten", "当日発送", "open")])
        store.set_status_meanings([("rakuten", "当日発送", "")])
        assert store.status_meanings() == {}
        with pytest.raises(ValueError):
            store.set_status_meanings([("rakuten", "当日発送", "delivered?")])


# ----- Korean Qoo10 -----

def test_qoo10_delivery_download_with_korean_headers_and_statuses(tmp_path):
    path = L.write(tmp_path, "DeliveryManagement_detail_ko.csv", L.QOO10_KOREAN, [
        {"배송상태": "배송요청", "주문번호": "800000001", "장바구니번호": "1", "주문일": "2026/08/01 10:00:00",
         "발송예정일": "2026/08/03", "상품명": "모자", "수량": "1", "판매자상품코드": "H-1"},
        {"배송상태": "배송중", "주문번호": "800000002", "장바구니번호": "2", "주문일": "2026/08/01 11:00:00",
         "발송일": "2026/08/02", "송장번호": "12345", "수량": "1"},
        {"배송상태": "취소", "주문번호": "800000003", "장바구니번호": "3", "주문일": "2026/08/02 11:00:00",
         "수량": "1"},
    ], encoding="utf-8")
    analysis = analysed([path], "2026-08-10T12:00")
    assert analysis.orders.files[0].layout == "qoo10/qsm_delivery_ko"
    assert "statuses_unknown" not in warning_codes(analysis)[path.name]
    block = report_of(analysis)["marketplaces"]["qoo10"]
    assert (block["orders"], block["cancelled"], block["shipped"], block["overdue_open"]) == (3, 1, 1, 1)
    assert [r["order_id"] for r in report_of(analysis)["at_risk"]] == ["800000001"]


# ----- one status for a card -----

def test_the_card_status_is_the_worse_of_cancellation_and_late_shipment(tmp_path):
    from tests.core.exports import QOO10_44

    lines = [{"配送状態": "配送中", "注文番号": f"9{i}", "注文日": "2026/08/01 10:00:00", "発送予定日": "2026/08/03",
              "発送日": "2026/08/05" if i < 2 else "2026/08/02", "数量": "1"} for i in range(10)]
    analysis = analysed([L.write(tmp_path, "qoo10.csv", QOO10_44, lines)], "2026-08-10T12:00")
    block = report_of(analysis)["marketplaces"]["qoo10"]
    assert block["late_shipment_rate"] == 0.2 and block["status"] == "ok"
    assert (block["late_status"], block["overall_status"]) == ("danger", "danger")
    assert block["late_limit_is_estimate"] is True


def test_the_trend_has_the_gauges_two_bounds(tmp_path):
    every = L.write(tmp_path, "all.txt", L.AMAZON_ALL_ORDERS, [
        {"amazon-order-id": str(i), "purchase-date": "2026-08-12T10:00:00+09:00",
         "order-status": "Cancelled" if i < 2 else "Shipped", "fulfillment-channel": "Merchant"}
        for i in range(10)])
    analysis = analysed([every], "2026-08-14T12:00")
    block, series = analysis.figures["amazon"], analysis.trend["amazon"]
    last = series.iloc[-1]
    assert (last["rolling_rate"], last["rolling_rate_upper"]) == (block["seller_cancel_rate"],
                                                                  block["seller_cancel_rate_upper"])
    assert (last["rolling_rate"], last["rolling_rate_upper"]) == (0.0, 0.2)


def test_the_trend_has_no_rate_where_the_file_cannot_give_one(tmp_path):
    path = L.write(tmp_path, "unshipped.txt", L.AMAZON_UNSHIPPED_JP, [
        {"order-id": "1", "order-item-id": "1", "purchase-date": "2026-08-13T10:00:00+09:00",
         "promise-date": "2026-08-16T23:59:59+09:00"}])
    series = analysed([path], "2026-08-14T12:00").trend["amazon"]
    assert series["rolling_rate"].isna().all() and series["rolling_rate_upper"].isna().all()


# ----- Japanese era dates -----

@pytest.mark.parametrize(("text", "expected"), [
    ("令和元年5月1日", "2019-05-01"),  # the first day of Reiwa
    ("平成31年4月30日", "2019-04-30"),  # the last day of Heisei
    ("平成元年1月8日", "1989-01-08"),  # the first day of Heisei
    ("昭和64年1月7日", "1989-01-07"),  # the last day of Showa
    ("昭和元年12月25日", "1926-12-25"),  # the first day of Showa
    ("大正15年12月24日", "1926-12-24"),  # the last day of Taisho
])
def test_each_era_boundary_reads_as_its_day(text, expected):
    parsed, bad = parse_datetimes(pd.Series([text]))
    assert bad == 0 and parsed[0] == pd.Timestamp(expected, tz=JST)


@pytest.mark.parametrize("text", ["令和1年4月30日", "平成31年5月1日", "昭和64年1月8日", "平成元年1月7日"])
def test_a_day_outside_its_era_is_unreadable_not_guessed(text):
    parsed, bad = parse_datetimes(pd.Series([text]))
    assert bad == 1 and pd.isna(parsed[0])


@pytest.mark.parametrize(("text", "expected"), [
    ("令和8年8月18日 9:00", "2026-08-18 09:00"),
    ("令和８年８月１８日　９時０５分", "2026-08-18 09:05"),
    ("㋿8年8月18日(火) 午後3時", "2026-08-18 15:00"),
    ("R8.8.18 21:30:15", "2026-08-18 21:30:15"),
    ("2026年8月18日（火）9時", "2026-08-18 09:00"),
    ("２０２６／０８／１８　０９：００", "2026-08-18 09:00"),
])
def test_japanese_date_forms_with_times(text, expected):
    parsed, bad = parse_datetimes(pd.Series([text]))
    assert bad == 0 and parsed[0] == pd.Timestamp(expected, tz=JST)


def test_an_era_date_deadline_is_the_end_of_that_day():
    parsed, _ = parse_datetimes(pd.Series(["令和8年8月18日"]), date_only_end=True)
    assert parsed[0] == pd.Timestamp("2026-08-19 00:00", tz=JST)


def test_an_export_in_era_dates_loads_with_its_orders_and_risks(tmp_path):
    path = L.write(tmp_path, "aupay.csv", L.AUPAY, [
        L.aupay_line("1", "令和8年8月1日 10:00", shippingTimelimitDate="令和8年8月3日"),
        L.aupay_line("2", "令和8年8月2日 11:30", shippingTimelimitDate="令和8年8月30日")])
    analysis = analysed([path], "2026-08-10T12:00")
    assert report_of(analysis)["marketplaces"]["aupay"]["orders"] == 2
    assert [r["order_id"] for r in report_of(analysis)["at_risk"]] == ["1"]


def test_unreadable_date_cells_are_counted_in_the_text_report_and_on_stderr(tmp_path, capsys):
    path = L.write(tmp_path, "aupay.csv", L.AUPAY, [
        L.aupay_line("1", "2026/08/01 10:00"), L.aupay_line("2", "8月のどこか"),
        L.aupay_line("3", "そのうち")])
    assert cli.main(["report", str(path), "--no-store", "--as-of", "2026-08-10T12:00"]) == 0
    captured = capsys.readouterr()
    assert "2 cells in 'orderDate' could not be read as dates." in captured.out
    assert captured.err.strip() == f"{path}: warning: 2 cells in 'orderDate' could not be read as dates."


def test_a_file_whose_order_dates_are_all_unreadable_is_an_error(tmp_path, capsys):
    path = L.write(tmp_path, "aupay.csv", L.AUPAY, [L.aupay_line("1", "8月のどこか"),
                                                   L.aupay_line("2", "いつか")])
    assert cli.main(["report", str(path), "--json", "--no-store"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{path}: None of the 2 order dates in 'orderDate' could be read")
    failure = json.loads(captured.out)["failures"][0]
    assert failure["code"] == "order_dates_unreadable"


def test_yahoo_late_shipment_is_given_once_the_download_has_a_ship_by_column(tmp_path):
    lines = [{"OrderId": "store-1", "OrderTime": "2026/08/01 10:00:00", "OrderStatus": "5",
              "ShipDate": "2026/08/05"}]
    without = report_of(analysed([L.write(tmp_path, "a.csv", L.YAHOO_ORDERS, lines)], "2026-08-10T12:00"))
    assert without["marketplaces"]["yahoo"]["late_unavailable"] == "no_ship_by_column"
    with_column = L.write(tmp_path, "b.csv", [*L.YAHOO_ORDERS, "ShipPlanDate"],
                          [dict(lines[0], ShipPlanDate="2026/08/03")])
    block = report_of(analysed([with_column], "2026-08-10T12:00"))["marketplaces"]["yahoo"]
    assert block["late_unavailable"] is None and block["late_shipment_rate"] == 1.0


def test_as_of_may_be_written_in_an_era_too():
    from seller_gui.core.analysis.orders import parse_as_of

    assert parse_as_of("令和8年8月18日 9:00") == pd.Timestamp("2026-08-18 09:00", tz=JST)
    with pytest.raises(ValueError):
        parse_as_of("令和1年4月30日")


def test_a_line_whose_shipment_shows_is_not_asked_about_its_status(tmp_path):
    path = L.write(tmp_path, "aupay.csv", L.AUPAY, [
        L.aupay_line("1", "2026/08/01 10:00", orderStatus="出荷準備中", shipStatus="Y"),
        L.aupay_line("2", "2026/08/01 10:00", orderStatus="出荷準備中")])
    info = read([path], Seller()).files[0]
    note = next(w for w in info.warnings if w.code == "statuses_unknown")
    assert note.params["count"] == 1 and info.unknown_statuses == ("出荷準備中",)


def test_a_store_of_the_previous_version_gains_the_status_meanings(tmp_path):
    import sqlite3

    from seller_gui.core.storage.store import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "store.sqlite3"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:-1]:
        conn.executescript(migration)
    conn.execute("INSERT INTO cause_tags VALUES ('aupay', '1', 'seller', '2026-08-01')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.cause_tags() == {("aupay", "1"): "seller"}
        store.set_status_meanings([("rakuten", "当日発送", "open")])
        assert store.status_meanings() == {"rakuten": {"当日発送": "open"}}
