"""Exact fixtures for each metric definition of DESIGN.md ("Metrics")."""

from __future__ import annotations

import pandas as pd
import pytest

from seller_gui.core.analysis.causes import root_causes
from seller_gui.core.analysis.figures import (
    cancel_budget,
    figures,
    measure,
    orders_behind,
    resolve_as_of,
)
from seller_gui.core.analysis.orders import build_order_book, parse_as_of
from seller_gui.core.analysis.rules import load_rules
from seller_gui.core.analysis.trend import trend
from seller_gui.core.pipeline import Orders, Seller, analyse
from seller_gui.core.storage.store import Store
from seller_gui.resources_path import resource
from tests.core.lines import make_lines, order

RULES = load_rules(resource("profiles"))
AS_OF = parse_as_of("2024-05-31 12:00")  # window (2024-05-01 12:00, 2024-05-31 12:00]


def block(rows, *, as_of=AS_OF, window_days=None, key="aupay", **book_options):
    book = build_order_book(make_lines(rows), **book_options)
    return figures(measure(book, as_of, RULES, window_days))[key]


def test_window_excludes_its_start_and_includes_as_of():
    rows = [
        order("1", "2024-05-01 12:00"),  # exactly as_of - 30 days: outside
        order("2", "2024-05-01 12:01"),
        order("3", "2024-05-31 12:00"),  # exactly as_of: inside
        order("4", "2024-05-31 12:01"),  # after as_of: outside
    ]
    assert block(rows)["orders"] == 2


def test_times_in_other_offsets_are_compared_as_instants():
    rows = [
        order("1", "2024-05-01T03:00:00+00:00"),  # = 12:00 JST, the excluded edge
        order("2", "2024-05-31T03:00:00+00:00", status="cancelled", cancel_cause="seller"),
    ]
    figures_ = block(rows, as_of=parse_as_of("2024-05-31T03:00:00+00:00"))
    assert (figures_["orders"], figures_["seller_cancelled"]) == (1, 1)


def test_as_of_without_offset_is_japan_time():
    assert parse_as_of("2024-05-09T16:00").isoformat() == "2024-05-09T16:00:00+09:00"
    assert parse_as_of("2024-05-09T07:00:00Z").isoformat() == "2024-05-09T16:00:00+09:00"
    with pytest.raises(ValueError, match="not a date"):
        parse_as_of("yesterday-ish")


def test_orders_are_counted_once_whatever_their_lines():
    same = order("1", "2024-05-10 10:00", line_id="1", sku="A")
    rows = [same, dict(same), order("1", "2024-05-10 10:00", line_id="2", sku="B"),
            order("001", "2024-05-10 11:00")]  # leading zeros make a different order
    assert block(rows)["orders"] == 2


def test_cause_precedence_seller_then_unknown_then_buyer():
    at = "2024-05-10 10:00"
    rows = [
        order("s", at, status="cancelled", cancel_cause="buyer"),
        order("s", at, status="cancelled", cancel_cause="seller"),
        order("s", at, status="cancelled", cancel_cause="unknown"),
        order("u", at, status="cancelled", cancel_cause="buyer"),
        order("u", at, status="cancelled", cancel_cause=""),  # no cause given: unknown
        order("b", at, status="cancelled", cancel_cause="buyer"),
        order("b", at, status="shipped"),
        order("clean", at),
    ]
    f = block(rows)
    assert (f["orders"], f["cancelled"]) == (4, 3)
    assert (f["seller_cancelled"], f["unknown_cancelled"], f["buyer_cancelled"]) == (1, 1, 1)
    assert f["seller_cancel_rate"] == pytest.approx(1 / 4)
    assert f["seller_cancel_rate_upper"] == pytest.approx(2 / 4)


def test_a_partly_cancelled_order_is_cancelled_and_its_open_line_can_be_overdue():
    rows = [
        order("1", "2024-05-20 10:00", status="cancelled", cancel_cause="seller", sku="A"),
        order("1", "2024-05-20 10:00", status="open", sku="B", ship_by="2024-05-22"),
    ]
    f = block(rows)
    assert (f["cancelled"], f["seller_cancelled"], f["overdue_open"], f["shipped"]) == (1, 1, 1, 0)


def test_unknown_causes_give_lower_and_upper_bounds_and_status_uses_upper():
    rows = [order(str(i), "2024-05-10 10:00") for i in range(18)]
    rows += [order("s", "2024-05-11 10:00", status="cancelled", cancel_cause="seller"),
             order("u", "2024-05-11 10:00", status="cancelled", cancel_cause="unknown")]
    f = block(rows)  # aupay limit 10%: lower 5% is ok, upper 10% reaches it
    assert (f["seller_cancel_rate"], f["seller_cancel_rate_upper"]) == (0.05, 0.1)
    assert f["status"] == "danger"


def test_amazon_counts_only_seller_fulfilled_orders():
    amazon = {"marketplace": "amazon"}
    rows = [
        order("afn-1", "2024-05-30 10:00", fulfilment="marketplace", status="cancelled",
              cancel_cause="seller", **amazon),
        order("afn-2", "2024-05-30 10:00", fulfilment="marketplace", **amazon),
        order("mfn-1", "2024-05-30 10:00", **amazon),
        order("mfn-2", "2024-05-30 10:00", status="cancelled", cancel_cause="seller", **amazon),
    ]
    f = block(rows, key="amazon")
    assert (f["window_days"], f["orders"], f["seller_cancelled"]) == (7, 2, 1)


def test_empty_window_gives_no_data_and_no_rates():
    f = block([order("old", "2024-01-01 10:00")])
    assert f["orders"] == 0
    assert f["seller_cancel_rate"] is None and f["seller_cancel_rate_upper"] is None
    assert f["late_shipment_rate"] is None
    assert (f["status"], f["late_status"]) == ("no_data", "no_data")
    assert (f["cancel_budget"], f["clean_orders_needed"]) == (None, None)


def test_date_only_deadline_is_the_end_of_that_day_in_japan():
    rows = [
        order("on-time", "2024-05-20 10:00", ship_by="2024-05-22", shipped_at="2024-05-22"),
        order("late", "2024-05-20 10:00", ship_by="2024-05-22", shipped_at="2024-05-23"),
        order("late-by-time", "2024-05-20 10:00", ship_by="2024-05-22",
              shipped_at="2024-05-23 00:00:01"),
        order("open", "2024-05-20 10:00", status="open", ship_by="2024-05-22"),
    ]
    before = block(rows, as_of=parse_as_of("2024-05-22 23:59"))
    assert (before["shipped"], before["late_shipped"], before["overdue_open"]) == (3, 2, 0)
    at_midnight = block(rows, as_of=parse_as_of("2024-05-23 00:00"))
    assert at_midnight["overdue_open"] == 1
    assert at_midnight["late_shipment_rate"] == pytest.approx(3 / 4)


def test_late_shipment_rate_of_the_design_example():
    rows = [order(f"s{i}", "2024-05-01 13:00", ship_by="2024-05-03", shipped_at="2024-05-02")
            for i in range(76)]
    rows += [order(f"l{i}", "2024-05-01 13:00", ship_by="2024-05-03", shipped_at="2024-05-05")
             for i in range(4)]
    rows += [order(f"o{i}", "2024-05-01 13:00", status="open", ship_by="2024-05-03")
             for i in range(2)]
    rows += [order("pending", "2024-05-01 13:00", status="pending_payment", ship_by="2024-05-03")]
    f = block(rows)
    assert (f["shipped"], f["late_shipped"], f["overdue_open"]) == (80, 4, 2)
    assert f["late_shipment_rate"] == pytest.approx(6 / 82)
    assert f["late_status"] == "danger"


def test_amazon_late_window_is_its_own_ten_days():
    amazon = {"marketplace": "amazon"}
    rows = [order("old", "2024-05-22 13:00", ship_by="2024-05-23", shipped_at="2024-05-25", **amazon),
            order("new", "2024-05-30 13:00", ship_by="2024-05-31", shipped_at="2024-05-31", **amazon)]
    f = block(rows, key="amazon")
    assert (f["orders"], f["late_window_days"], f["shipped"], f["late_shipped"]) == (1, 10, 2, 1)
    overridden = block(rows, key="amazon", window_days=3)
    assert (overridden["window_days"], overridden["late_window_days"]) == (3, 10)
    aupay = block([order("1", "2024-05-30 13:00")], window_days=3)
    assert (aupay["window_days"], aupay["late_window_days"]) == (3, 3)


@pytest.mark.parametrize(("n", "s", "limit", "budget", "clean"), [
    (30, 0, 0.1, 2, 0),   # 2/30 < 10%, 3/30 is not: 0.1 * 30 must not round up to 4
    (30, 2, 0.1, 0, 0),
    (30, 3, 0.1, 0, 1),   # 3/31 is under 10% again
    (100, 9, 0.1, 0, 0),
    (100, 12, 0.1, 0, 21),  # 12/121 < 0.1 <= 12/120
    (7, 0, 0.025, 0, 0),
    (80, 0, 0.025, 1, 0),
    (80, 2, 0.025, 0, 1),
])
def test_budget_and_clean_orders_needed(n, s, limit, budget, clean):
    assert cancel_budget(n, s, limit, None) == (budget, clean)


def test_count_limit_caps_the_budget_and_sets_the_status():
    rows = [order(str(i), "2024-05-10 10:00") for i in range(1000)]
    cancelled = [order(f"c{i}", "2024-05-11 10:00", marketplace="rakuten", status="cancelled",
                       cancel_cause="seller") for i in range(3)]
    rakuten = [dict(r, marketplace="rakuten") for r in rows]
    two = block(rakuten + cancelled[:2], key="rakuten")
    assert (two["count_limit"], two["cancel_budget"], two["status"]) == (3, 0, "ok")
    three = block(rakuten + cancelled, key="rakuten")
    assert three["status"] == "danger" and three["clean_orders_needed"] == 0
    one = block(rakuten + cancelled[:1], key="rakuten")
    assert one["cancel_budget"] == 1


def test_status_warns_from_eighty_percent_of_the_limit():
    base = [order(str(i), "2024-05-10 10:00") for i in range(92)]
    seller = [order(f"c{i}", "2024-05-10 10:00", status="cancelled", cancel_cause="seller")
              for i in range(8)]
    assert block(base + seller)["status"] == "warn"  # 8% of a 10% limit
    assert block(base + [order("x", "2024-05-10 10:00")] + seller[:7])["status"] == "ok"


def test_user_tags_override_the_file_cause_and_mappings_override_the_profile():
    rows = [
        order("1", "2024-05-10 10:00", status="cancelled", cancel_cause="unknown"),
        order("2", "2024-05-10 10:00", status="cancelled", cancel_cause="seller",
              cancel_reason="在庫切れ"),
        order("3", "2024-05-10 10:00", status="cancelled", cancel_cause="unknown",
              cancel_reason="お客様都合"),
        order("4", "2024-05-10 10:00"),
    ]
    plain = block(rows)
    assert (plain["seller_cancelled"], plain["unknown_cancelled"]) == (1, 2)
    tagged = block(rows, cause_tags={("aupay", "1"): "seller", ("aupay", "2"): "buyer",
                                     ("aupay", "4"): "seller", ("qoo10", "3"): "seller"},
                   reason_causes={("*", "お客様都合"): "buyer"})
    assert (tagged["seller_cancelled"], tagged["buyer_cancelled"], tagged["unknown_cancelled"]) == \
        (1, 2, 0)


def test_two_shops_of_one_marketplace_are_keyed_by_shop():
    rows = [order("1", "2024-05-10 10:00", shop="east"),
            order("1", "2024-05-10 10:00", shop="west", status="cancelled", cancel_cause="seller"),
            order("2", "2024-05-10 10:00", marketplace="qoo10")]
    book = build_order_book(make_lines(rows))
    result = figures(measure(book, AS_OF, RULES))
    assert list(result) == ["aupay/east", "aupay/west", "qoo10"]
    assert result["aupay/west"]["seller_cancelled"] == 1 and result["aupay/east"]["orders"] == 1


def test_as_of_falls_back_to_the_newest_order_only_when_the_data_is_older_than_the_window():
    book = build_order_book(make_lines([order("1", "2024-04-01 10:00"),
                                        order("2", "2024-05-02 09:30")]))
    stale = resolve_as_of(book, None, window_days=30, now=parse_as_of("2024-06-01 09:30"))  # the order sits on the excluded edge
    assert stale.fell_back and stale.iso() == "2024-05-02T09:30:00+09:00" \
        and stale.reason.code == "as_of_stale" and stale.reason.params["days"] == 30
    assert stale.reason.explain("en") == ("The newest loaded order (2024-05-02 09:30) is older than the "
                                          "30-day window, so figures are as of that order.")
    assert "2024/05/02 09:30" in stale.reason.explain("ja")
    fresh = resolve_as_of(book, None, window_days=30, now=parse_as_of("2024-06-01 09:29"))
    assert not fresh.fell_back and fresh.iso() == "2024-06-01T09:29:00+09:00"
    ahead = resolve_as_of(book, None, window_days=30, now=parse_as_of("2024-05-01 09:30"))
    assert ahead.fell_back and ahead.iso() == "2024-05-02T09:30:00+09:00" and ahead.reason.code == "as_of_ahead"
    given = resolve_as_of(book, "2023-01-01", window_days=30, now=parse_as_of("2024-06-02"))
    assert not given.fell_back and given.iso() == "2023-01-01T00:00:00+09:00"


def test_orders_behind_a_figure_are_the_orders_it_counts():
    rows = [order("1", "2024-05-10 10:00", status="cancelled", cancel_cause="seller", sku="A"),
            order("1", "2024-05-10 10:00", status="open", sku="B"),
            order("2", "2024-05-10 11:00", status="cancelled", cancel_cause="unknown"),
            order("3", "2024-05-10 12:00")]
    book = build_order_book(make_lines(rows), cause_tags={("aupay", "2"): "seller"})
    behind = orders_behind(measure(book, AS_OF, RULES), "aupay", "seller_cancelled")
    assert list(behind["order_id"]) == ["1", "1", "2"]
    assert list(behind["cause_tagged"]) == [False, False, True]
    assert set(behind["order_cause"]) == {"seller"}
    with pytest.raises(ValueError, match="unknown figure"):
        orders_behind(measure(book, AS_OF, RULES), "aupay", "everything")


def test_trend_counts_days_and_rolls_the_rate_over_the_window():
    rows = [order("1", "2024-05-01 23:30"), order("2", "2024-05-02 00:30", status="cancelled",
                                                  cancel_cause="seller"),
            order("3", "2024-05-04 10:00", status="cancelled", cancel_cause="unknown")]
    book = build_order_book(make_lines(rows))
    chart = trend(book, measure(book, AS_OF, RULES, 2).account_rules)["aupay"]
    assert [str(d) for d in chart["date"]] == ["2024-05-01", "2024-05-02", "2024-05-03",
                                               "2024-05-04"]
    assert list(chart["orders"]) == [1, 1, 0, 1]
    assert list(chart["rolling_orders"]) == [1, 2, 1, 1]
    assert list(chart["rolling_rate"])[:3] == [0.0, 0.5, 1.0]
    assert list(chart["rolling_rate_upper"])[3] == 1.0
    assert list(chart["limit"]) == [0.1] * 4


def test_root_causes_name_the_sku_the_day_and_the_reason_of_a_spike():
    rows = [order(f"sale{i}", "2024-05-12 10:00", status="cancelled", cancel_cause="seller",
                  sku="HB-2001", item_name="Earphones", cancel_reason="在庫切れ") for i in range(5)]
    rows += [order("x", "2024-05-20 10:00", status="cancelled", cancel_cause="seller", sku="HB-1001",
                   item_name="Mug", cancel_reason="発送遅延"),
             order("x", "2024-05-20 10:00", status="cancelled", cancel_cause="seller", sku="HB-1001",
                   item_name="Mug", cancel_reason="発送遅延", line_id="2"),
             order("b", "2024-05-20 10:00", status="cancelled", cancel_cause="buyer", sku="HB-1001")]
    causes = root_causes(measure(build_order_book(make_lines(rows)), AS_OF, RULES))["aupay"]
    assert causes.seller_cancelled == 6
    assert causes.by_sku[["sku", "item_name", "orders"]].values.tolist() == [
        ["HB-2001", "Earphones", 5], ["HB-1001", "Mug", 1]]
    assert causes.by_reason[["reason", "orders"]].values.tolist() == [["在庫切れ", 5], ["発送遅延", 1]]
    assert [str(d) for d in causes.spike_days] == ["2024-05-12"]
    assert causes.by_day["day_orders"].tolist() == [5, 2]


def test_analyse_reads_tags_from_the_store_and_reports_the_fallback(tmp_path):
    store_path = tmp_path / "store.sqlite3"
    with Store(store_path) as store:
        store.set_cause_tag("aupay", "1", "seller")
    lines = make_lines([order("1", "2024-05-10 10:00", status="cancelled"),
                        order("2", "2024-05-10 11:00")])
    result = analyse(Orders([], [], lines), Seller(store_path=store_path),
                     now=pd.Timestamp("2025-01-01", tz="Asia/Tokyo"))
    assert result.as_of.fell_back and result.as_of.iso() == "2024-05-10T11:00:00+09:00"
    assert result.figures["aupay"]["seller_cancelled"] == 1
    assert list(result.orders_behind("aupay", "seller_cancelled")["order_id"]) == ["1"]
    assert result.root_causes["aupay"].seller_cancelled == 1
    assert len(result.trend["aupay"]) == 1
