"""Orders at risk: each reason code, what counts as open, and the order of urgency."""

from __future__ import annotations

import math

import pytest

from seller_gui.core.analysis.figures import measure
from seller_gui.core.analysis.orders import build_order_book, parse_as_of
from seller_gui.core.analysis.risk import REASONS, orders_at_risk, reason_message, reason_messages
from seller_gui.core.analysis.rules import load_rules
from seller_gui.core.i18n import Message
from seller_gui.resources_path import resource
from tests.core.lines import make_lines, order

RULES = load_rules(resource("profiles"))
AS_OF = parse_as_of("2024-05-09 16:00")


def at_risk(rows, *, as_of=AS_OF, stock=None, **book_options):
    book = build_order_book(make_lines(rows), **book_options)
    return orders_at_risk(measure(book, as_of, RULES), stock=stock)


def reasons_by_order(table):
    return dict(zip(table["order_id"], table["reasons"], strict=True))


def test_overdue_and_due_soon_use_the_date_only_deadline_as_the_end_of_that_day():
    table = at_risk([
        order("overdue", "2024-05-05 10:00", status="open", ship_by="2024-05-07"),
        order("soon", "2024-05-08 10:00", status="open", ship_by="2024-05-09"),   # 8 hours left
        order("later", "2024-05-08 10:00", status="open", ship_by="2024-05-12"),
        order("edge", "2024-05-08 10:00", status="open", ship_by="2024-05-10 16:00"),  # 24 h
    ])
    assert reasons_by_order(table) == {"overdue": ("overdue",), "soon": ("due_soon",),
                                       "edge": ("due_soon",)}
    first = table.iloc[0]
    assert first["ship_by"].isoformat() == "2024-05-08T00:00:00+09:00"
    assert first["hours_left"] == -40.0
    assert table.iloc[1]["hours_left"] == 8.0


def test_only_open_seller_fulfilled_lines_are_at_risk():
    late = {"ship_by": "2024-05-01", "ordered_at": "2024-04-28 10:00"}
    table = at_risk([
        order("shipped", status="shipped", **late),
        order("delivered", status="delivered", **late),
        order("cancelled", status="cancelled", cancel_cause="seller", **late),
        order("pending", status="pending_payment", **late),
        order("afn", status="open", fulfilment="marketplace", marketplace="amazon", **late),
        order("unknown-status", status="unknown", **late),
        order("partly", status="cancelled", cancel_cause="buyer", sku="A", **late),
        order("partly", status="open", sku="B", **late),
        order("future", status="open", ship_by="2024-05-01", ordered_at="2024-05-10 10:00"),
    ])
    assert list(table["order_id"]) == ["partly"]  # an unknown status is never at risk
    assert table.iloc[0]["sku"] == "B"


def sentences(row):
    return [message.explain("en") for message in reason_messages(row)]


def test_no_deadline_orders_age_past_the_handling_days():
    table = at_risk([order("old", "2024-05-06 15:59", status="open"),   # 3 days + 1 minute
                     order("young", "2024-05-06 16:01", status="open"),
                     order("amazon-old", "2024-05-07 15:00", status="open", marketplace="amazon")])
    assert reasons_by_order(table) == {"old": ("no_deadline_aging",),
                                       "amazon-old": ("no_deadline_aging",)}  # 2 handling days
    assert math.isnan(table.iloc[0]["hours_left"])
    assert [m.code for m in reason_messages(table.iloc[0])] == ["sentence_no_deadline_aging"]
    assert "no ship-by date" in sentences(table.iloc[0])[0]


def test_marketplace_flags_are_a_reason():
    table = at_risk([order("1", "2024-05-09 10:00", status="open", marketplace="amazon",
                           ship_by="2024-05-20", flags="verge_of_cancellation"),
                     order("1", "2024-05-09 10:00", status="open", marketplace="amazon",
                           ship_by="2024-05-20", flags="verge_of_cancellation,verge_of_lateShipment",
                           line_id="2")])
    assert reasons_by_order(table) == {"1": ("marketplace_flag",)}
    assert table.iloc[0]["flags"] == "verge_of_cancellation,verge_of_lateShipment"


def test_stock_covers_the_oldest_orders_first_and_duplicate_lines_count_once():
    far = {"status": "open", "ship_by": "2024-05-20", "sku": "MUG"}
    line = order("a", "2024-05-08 10:00", quantity=2, **far)
    table = at_risk([line, dict(line), order("b", "2024-05-08 11:00", quantity=1, **far),
                     order("c", "2024-05-08 12:00", quantity=1, **far),
                     order("d", "2024-05-08 12:00", quantity=5, **dict(far, sku="OTHER"))],
                    stock={"MUG": 3})
    assert reasons_by_order(table) == {"c": ("out_of_stock",)}
    row = table.iloc[0]
    assert (row["stockout_sku"], row["stockout_open"], row["stockout_stock"]) == ("MUG", 4, 3)
    assert reason_message("out_of_stock", row).params == {"sku": "MUG", "open": 4, "stock": 3}
    assert "4 units" in reason_message("out_of_stock", row).explain("en")


def test_repeat_sku_marks_open_orders_of_skus_the_seller_cancelled_in_the_window():
    table = at_risk([
        order("c1", "2024-05-01 10:00", status="cancelled", cancel_cause="seller", sku="EAR"),
        order("c2", "2024-05-02 10:00", status="cancelled", cancel_cause="unknown", sku="EAR"),
        order("old", "2024-03-01 10:00", status="cancelled", cancel_cause="seller", sku="MUG"),
        order("open-ear", "2024-05-09 10:00", status="open", ship_by="2024-05-20", sku="EAR"),
        order("open-mug", "2024-05-09 10:00", status="open", ship_by="2024-05-20", sku="MUG"),
    ], cause_tags={("aupay", "c2"): "seller"})
    assert reasons_by_order(table) == {"open-ear": ("repeat_sku",)}
    assert table.iloc[0]["repeat_count"] == 2
    assert reason_messages(table.iloc[0]) == [Message("sentence_repeat_sku", {"sku": "EAR", "count": 2})]
    assert sentences(table.iloc[0]) == ["SKU EAR had 2 seller-caused cancellations in this window; "
                                        "check its stock."]


def test_most_urgent_first_and_every_reason_has_a_sentence():
    table = at_risk([
        order("no-deadline", "2024-05-01 10:00", status="open", sku="X"),  # implied 05-04 10:00
        order("soon", "2024-05-08 10:00", status="open", ship_by="2024-05-09"),
        order("overdue", "2024-05-01 10:00", status="open", ship_by="2024-05-03"),
        order("flag", "2024-05-09 10:00", status="open", ship_by="2024-06-01", flags="verge"),
    ], stock={"X": 0})
    assert list(table["order_id"]) == ["overdue", "no-deadline", "soon", "flag"]
    assert table.iloc[1]["reasons"] == ("no_deadline_aging", "out_of_stock")
    for _, row in table.iterrows():
        for message in reason_messages(row):
            assert message.explain("en").endswith(".")
            assert message.explain("zh").endswith("。") and message.explain("ja").endswith("。")
    assert set(REASONS) >= {code for reasons in table["reasons"] for code in reasons}
    with pytest.raises(ValueError):
        reason_message("nonsense", table.iloc[0])


def test_nothing_open_gives_an_empty_table_with_the_columns():
    table = at_risk([order("1", "2024-05-01 10:00")])
    assert table.empty and "reasons" in table.columns and "hours_left" in table.columns
