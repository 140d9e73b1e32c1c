"""The report object of DESIGN's ``report --json``, its text form and ``run_report``'s contract."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from seller_gui.cli.report import run_report
from seller_gui.core.pipeline import Orders, Seller, analyse, read
from seller_gui.core.report import format_text, report_json, report_of
from seller_gui.core.storage.store import Store
from tests.core.lines import make_lines, order

DESIGN_MARKETPLACE_KEYS = [
    "window_days", "orders", "cancelled", "seller_cancelled", "buyer_cancelled", "unknown_cancelled",
    "seller_cancel_rate", "seller_cancel_rate_upper", "limit", "limit_is_estimate", "count_limit",
    "status", "cancel_budget", "clean_orders_needed", "late_window_days", "shipped", "late_shipped",
    "overdue_open", "late_shipment_rate", "late_limit", "late_status",
]
DEMO_NEWEST = "2026-09-30T20:59"  # the newest order in the file (not 21:22)


@pytest.fixture(scope="module")
def demo() -> Orders:
    from tests.conftest import DEMO_FILE

    return read([DEMO_FILE], Seller())


def build_report(orders: Orders, *, seller: Seller | None = None, as_of=None, now=None) -> dict:
    seller = seller or Seller()
    return report_of(analyse(orders, seller, as_of, now=now))


def report_from_lines(lines, *, as_of) -> dict:
    return build_report(Orders([], [], lines), as_of=as_of)


def test_demo_figures_in_the_window_ending_at_its_newest_order(demo):
    report = build_report(demo, as_of=DEMO_NEWEST)
    assert report["as_of"] == "2026-09-30T20:59:00+09:00" and not report["as_of_fallback"]
    (entry,) = report["files"]
    assert {k: entry[k] for k in ("marketplace", "encoding", "sheet")} == \
        {"marketplace": "aupay", "encoding": "cp932", "sheet": None}
    aupay = report["marketplaces"]["aupay"]
    assert list(aupay)[:len(DESIGN_MARKETPLACE_KEYS)] == DESIGN_MARKETPLACE_KEYS
    assert (aupay["orders"], aupay["cancelled"], aupay["seller_cancelled"], aupay["buyer_cancelled"],
            aupay["unknown_cancelled"]) == (225, 26, 15, 8, 3)
    assert (aupay["seller_cancel_rate"], aupay["seller_cancel_rate_upper"]) == (0.0667, 0.08)
    assert (aupay["status"], aupay["cancel_budget"], aupay["clean_orders_needed"]) == ("warn", 4, 0)
    assert (aupay["shipped"], aupay["late_shipped"], aupay["overdue_open"]) == (185, 8, 2)
    assert aupay["late_shipment_rate"] == 0.0535
    causes = report["root_causes"]["aupay"]
    assert causes["by_sku"][0]["sku"] == "HB-2001" and causes["by_sku"][0]["orders"] == 13
    assert causes["by_day"][0] == {"date": "2026-09-11", "orders": 13, "spike": True}
    assert causes["by_reason"][0]["reason"] == "在庫切れ（店舗都合）"
    for item in report["at_risk"]:
        assert {"marketplace", "order_id", "reasons", "ship_by", "hours_left"} <= set(item)


def test_demo_opens_as_of_its_newest_order_once_the_data_is_older_than_the_window(demo):
    report = build_report(demo, now="2026-12-15T09:00")
    assert report["as_of"] == "2026-09-30T20:59:00+09:00"
    assert report["as_of_fallback"] and "older than the 30-day window" in report["as_of_note"]
    assert report["marketplaces"]["aupay"]["orders"] == 225


def test_user_tags_in_the_store_change_the_demo_figures(demo, tmp_path: Path):
    unknown = demo.lines.loc[(demo.lines["status"] == "cancelled")
                             & (demo.lines["cancel_cause"] == "unknown"), "order_id"].unique()
    with Store(tmp_path / "store.sqlite3") as store:
        store.set_cause_tags([("aupay", oid, "buyer") for oid in unknown])
    report = build_report(demo, as_of=DEMO_NEWEST, seller=Seller(store_path=tmp_path / "store.sqlite3"))
    aupay = report["marketplaces"]["aupay"]
    assert (aupay["unknown_cancelled"], aupay["buyer_cancelled"]) == (0, 11)
    assert aupay["seller_cancel_rate"] == aupay["seller_cancel_rate_upper"] == 0.0667


def test_at_risk_entries_match_the_design_example():
    lines = make_lines([order("A-1", "2024-05-05 10:00", status="open", ship_by="2024-05-07")])
    report = report_from_lines(lines, as_of="2024-05-09T16:00")
    first = report["at_risk"][0]
    assert {k: first[k] for k in ("marketplace", "order_id", "reasons", "ship_by", "hours_left")} == {
        "marketplace": "aupay", "order_id": "A-1", "reasons": ["overdue"],
        "ship_by": "2024-05-08T00:00:00+09:00", "hours_left": -40.0}
    assert first["sentences"][0].startswith("The ship-by deadline (2024-05-08 00:00) passed 40 hours")
    json.dumps(report)  # every value is plain JSON


def test_the_json_text_is_json_dumps_of_the_report_object(demo, tmp_path: Path):
    stock = tmp_path / "stock.csv"
    stock.write_text("SKU,在庫数\nHB-2001,0\n", encoding="utf-8")
    with_stock = read([stock], Seller(stock_paths=(stock,)))
    demo_and_stock = Orders(demo.files, [], demo.lines, with_stock.stock)
    aging = make_lines([order("A-1", "2024-05-01 10:00", status="open"),  # no deadline: hours_left null
                        order("A-2", "2024-05-05 10:00", status="open", ship_by="2024-05-07",
                              sku='"q" \\ ＳＫＵ', flags="gift")])
    for orders, as_of in ((demo, DEMO_NEWEST), (demo_and_stock, DEMO_NEWEST), (Orders([], [], aging), "2024-05-09"),
                          (Orders([], [], aging), "2023-01-01")):
        analysis = analyse(orders, Seller(), as_of)
        assert report_json(analysis) == json.dumps(report_of(analysis), ensure_ascii=False)


def test_an_empty_window_reports_null_rates_and_no_data():
    report = report_from_lines(make_lines([order("1", "2023-01-01 10:00")]), as_of="2024-05-09")
    aupay = report["marketplaces"]["aupay"]
    assert aupay["seller_cancel_rate"] is None and aupay["status"] == "no_data"
    assert "n/a" in format_text(report)


def test_text_summary_reads_like_a_summary(demo):
    text = format_text(build_report(demo, as_of=DEMO_NEWEST))
    assert "as of 2026-09-30 20:59" in text
    assert "aupay-demo-orders.csv: aupay, cp932" in text
    assert "Seller-cancel rate 6.7% to 8.0%" in text and "WARN" in text
    assert "4 more seller cancellations" in text
    assert "SKU HB-2001 (13)" in text and "2026-09-11 (13, a spike)" in text
    assert "Orders at risk:" in text


def test_run_report_prints_json_for_good_files_and_one_line_per_bad_file(tmp_path: Path):
    from tests.conftest import DEMO_FILE

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.csv"
    out, err = io.StringIO(), io.StringIO()
    code = run_report([DEMO_FILE, empty, missing], as_of=DEMO_NEWEST, window_days=14,
                      as_json=True, stdout=out, stderr=err)
    assert code == 2
    lines = err.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith(str(empty)) and lines[1].startswith(str(missing))
    assert "Traceback" not in err.getvalue()
    report = json.loads(out.getvalue())
    assert report["marketplaces"]["aupay"]["window_days"] == 14
    assert [f["path"] for f in report["files"]] == [str(DEMO_FILE)]
    assert [f["kind"] for f in report["failures"]][0]


def test_run_report_exit_codes_stock_and_bad_options(tmp_path: Path):
    from tests.conftest import DEMO_FILE

    stock = tmp_path / "stock.csv"
    stock.write_text("SKU,在庫数\nHB-2001,0\n", encoding="utf-8")
    out = io.StringIO()
    assert run_report([DEMO_FILE], as_of=DEMO_NEWEST, stock_path=stock, as_json=True, stdout=out,
                      stderr=io.StringIO()) == 0
    reasons = {r for item in json.loads(out.getvalue())["at_risk"] for r in item["reasons"]}
    assert "out_of_stock" in reasons
    err = io.StringIO()
    assert run_report([DEMO_FILE], as_of="not a time", stdout=io.StringIO(), stderr=err) == 2
    assert "--as-of" in err.getvalue()
    assert run_report([DEMO_FILE], window_days=0, stdout=io.StringIO(), stderr=io.StringIO()) == 2
    bad_stock = tmp_path / "bad.csv"
    bad_stock.write_text("name,price\nmug,100\n", encoding="utf-8")
    err = io.StringIO()
    assert run_report([DEMO_FILE], stock_path=bad_stock, stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith(str(bad_stock))


def test_run_report_with_no_readable_file_and_no_console(tmp_path: Path, monkeypatch):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    monkeypatch.setattr("sys.stdout", None)
    monkeypatch.setattr("sys.stderr", None)
    assert run_report([empty], as_of=DEMO_NEWEST) == 2
    out = io.StringIO()
    assert run_report([], as_of=DEMO_NEWEST, stdout=out, stderr=io.StringIO(), as_json=True) == 2
    assert json.loads(out.getvalue())["marketplaces"] == {}
