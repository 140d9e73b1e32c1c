"""Invariants of the figures over random orders (hypothesis)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from seller_gui.core.analysis.figures import cancel_budget, figures, measure
from seller_gui.core.analysis.orders import build_order_book, parse_as_of
from seller_gui.core.analysis.rules import load_rules
from seller_gui.resources_path import resource
from tests.core.lines import make_lines, order

RULES = load_rules(resource("profiles"))
AS_OF = parse_as_of("2024-05-31 12:00")

line = st.fixed_dictionaries({
    "order_id": st.sampled_from([f"{i:03d}" for i in range(12)]),
    "ordered_at": st.sampled_from(["2024-04-20 10:00", "2024-05-01 12:00", "2024-05-10 10:00",
                                   "2024-05-31 12:00", "2024-06-01 00:00"]),
    "status": st.sampled_from(["open", "shipped", "cancelled", "pending_payment", "unknown"]),
    "cancel_cause": st.sampled_from(["seller", "buyer", "unknown", ""]),
    "fulfilment": st.sampled_from(["seller", "seller", "marketplace"]),
})
lines_strategy = st.lists(line, max_size=25)


def _aupay(rows):
    return figures(measure(build_order_book(make_lines(rows)), AS_OF, RULES)).get("aupay")


@settings(max_examples=60, deadline=None)
@given(lines_strategy)
def test_bounds_are_ordered_fractions_and_counts_add_up(rows):
    f = _aupay(rows)
    if f is None:
        return
    assert f["cancelled"] == f["seller_cancelled"] + f["buyer_cancelled"] + f["unknown_cancelled"]
    assert f["cancelled"] <= f["orders"]
    if f["orders"]:
        assert 0 <= f["seller_cancel_rate"] <= f["seller_cancel_rate_upper"] <= 1
    else:
        assert f["seller_cancel_rate"] is None and f["status"] == "no_data"
    if f["late_shipment_rate"] is not None:
        assert 0 <= f["late_shipment_rate"] <= 1


@settings(max_examples=60, deadline=None)
@given(lines_strategy)
def test_adding_a_clean_order_never_raises_the_rate(rows):
    before = _aupay(rows)
    after = _aupay(rows + [order("clean-new", "2024-05-20 10:00")])
    if before is None or before["orders"] == 0:
        return
    assert after["seller_cancel_rate"] <= before["seller_cancel_rate"]
    assert after["seller_cancel_rate_upper"] <= before["seller_cancel_rate_upper"]


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 5000), s=st.integers(0, 5000),
       limit=st.sampled_from([0.025, 0.04, 0.05, 0.1, 0.07, 0.333]),
       count_limit=st.one_of(st.none(), st.integers(1, 20)))
def test_budget_keeps_the_rate_under_the_limit_and_one_more_does_not(n, s, limit, count_limit):
    s = min(s, n)
    budget, clean = cancel_budget(n, s, limit, count_limit)
    share = Fraction(str(limit))
    under = Fraction(s + budget, n) < share and (count_limit is None or s + budget < count_limit)
    if budget > 0 or under:
        assert under
        # one more seller cancellation would reach a limit
        assert Fraction(s + budget + 1, n) >= share or (
            count_limit is not None and s + budget + 1 >= count_limit)
    if Fraction(s, n) >= share:
        assert clean >= 1
        assert Fraction(s, n + clean) < share <= Fraction(s, n + clean - 1)
    else:
        assert clean == 0
