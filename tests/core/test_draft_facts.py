"""Drafts filled from the analysis: the gauge's figures, the breakdown by order, suggestions with
their evidence, and nothing the seller did not choose."""

import re
from dataclasses import replace
from datetime import date

import pytest

from seller_gui.core.drafting.facts import (
    DEMO_SHOP,
    ReplyChoices,
    breakdown_of,
    cause_suggestions,
    notice_facts,
    payment_method_id,
    reply_facts,
    reported_orders,
)
from seller_gui.core.drafting.render import missing_fields, render
from seller_gui.core.drafting.templates import ShopProfile, Tick
from seller_gui.core.pipeline import OrderKey, Seller, summarise
from tests.conftest import DEMO_FILE
from tests.core.draft_samples import AS_OF, write_samples

KANA = re.compile("[\u3040-\u30ff]")
TODAY = date(2026, 9, 30)
CHOSEN = ReplyChoices(causes=["timesale_stock"], measures=[Tick("safety_stock")], unknown_investigating=True)


@pytest.fixture(scope="module")
def summary():
    return summarise([DEMO_FILE], Seller(), keep_lines=True)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("draft-samples")
    return {name: summarise([path], Seller(), as_of=AS_OF, keep_lines=True)
            for name, path in write_samples(folder).items()}


def test_reply_carries_the_gauges_figures_and_rate(summary):
    facts = reply_facts(summary, "aupay", DEMO_SHOP, today=TODAY)
    block = summary.figures["aupay"]
    assert (facts.orders, facts.cancelled, facts.seller_cancelled, facts.unknown_cancelled) == (225, 26, 15, 3)
    assert (facts.seller_cancel_rate, facts.seller_cancel_rate_upper) == (
        block["seller_cancel_rate"], block["seller_cancel_rate_upper"])
    assert (facts.period_start, facts.period_end, facts.report_date) == (
        date(2026, 8, 31), date(2026, 9, 30), TODAY)
    assert facts.causes == facts.actions == facts.measures == facts.monitoring == []
    body = render("reply", replace(facts, causes=["timesale_stock"], measures=[Tick("safety_stock")],
                                   unknown_investigating=True)).body
    for text in ("225件", "うちキャンセルとなったご注文：26件", "当店都合と確認したもの：15件",
                 "原因を確認中のもの：3件", "6.7%～8.0%", "2026年9月30日から実施", "au PAY マーケット運営事務局"):
        assert text in body


def test_the_breakdown_counts_orders_and_adds_up(summary):
    facts = reply_facts(summary, "aupay", DEMO_SHOP, today=TODAY)
    b = facts.breakdown
    assert b.total == facts.seller_cancelled + facts.unknown_cancelled == 18
    assert sum(n for _, n in b.days) + b.days_other == b.total
    assert sum(n for _, n in b.reasons) + b.reasons_other + b.reasons_blank == b.total
    assert b.days[0] == (date(2026, 9, 11), 13)
    orders = reported_orders(summary, "aupay")
    assert b.skus_overlap == any(len(s) > 1 for s in orders.skus)
    if not b.skus_overlap:
        assert sum(n for _, n in b.skus) + b.skus_other == b.total


def test_an_order_with_two_skus_is_said_to_count_under_each(samples):
    summary = samples["rakuten"]
    orders = reported_orders(summary, "rakuten")
    assert orders.total == 7 and any(len(s) == 2 for s in orders.skus)
    b = breakdown_of(orders)
    assert b.skus_overlap
    body = render("reply", reply_facts(summary, "rakuten", DEMO_SHOP, today=TODAY, choices=CHOSEN)).body
    assert "複数の商品を含むご注文は、商品ごとに1件と数えています" in body
    days = re.search(r"ご注文日別：(.*)", body).group(1)
    assert sum(int(n) for n in re.findall(r"(\d+)件", days)) == 7


def test_suggestions_carry_their_evidence_and_are_never_ticked(summary):
    suggestions = {s.cause: s for s in cause_suggestions(summary, "aupay")}
    assert {"timesale_stock", "supplier_stockout"} <= set(suggestions)
    spike = suggestions["timesale_stock"].evidence[0]
    assert (spike.kind, spike.value, spike.count) == ("spike", "2026-09-11", 13)
    kinds = {e.kind for e in suggestions["supplier_stockout"].evidence}
    assert kinds == {"reason", "repeat_sku"}
    assert reply_facts(summary, "aupay", DEMO_SHOP, today=TODAY).causes == []


def test_a_reply_with_unknown_causes_is_not_ready_until_the_seller_decides(samples):
    for name, summary in samples.items():
        facts = reply_facts(summary, name, DEMO_SHOP, today=TODAY)
        assert facts.seller_cancelled == 0 and facts.unknown_cancelled > 0
        assert "unknown_causes" in missing_fields("reply", facts)


def test_notices_take_buyer_item_dates_and_payment_from_the_order_and_invent_nothing(summary):
    lines = summary.lines[summary.lines["order_id"] == "34002023"]
    facts = notice_facts("delay", lines, DEMO_SHOP, today=TODAY)
    assert facts.buyer_name == lines["buyer_name"].iloc[0] and facts.item_name == "USB-C 急速充電器 65W"
    assert facts.ship_by == date(2026, 9, 29)  # the deadline's own day, not the next midnight
    assert facts.new_ship_date is None and facts.expected_arrival is None and facts.reason == ""
    assert {"reason", "new_ship_date", "expected_arrival"} <= set(missing_fields("delay", facts))
    facts = replace(facts, reason="supplier_delay", new_ship_date=date(2026, 10, 3),
                    expected_arrival=date(2026, 10, 5))
    body = render("delay", facts).body
    assert f"{facts.buyer_name} 様" in body and "2026年9月29日" in body and "2026年10月3日" in body
    stockout = notice_facts("stockout", lines, DEMO_SHOP, today=TODAY)
    assert not stockout.offer_restock and stockout.restock_date is None and stockout.alternatives == []


def test_a_cancel_notice_states_the_refund_for_the_payment_used(summary):
    cancelled = summary.behind[("aupay", "cancelled")]
    order_id = cancelled.loc[cancelled["payment_method"] == "クレジットカード", "order_id"].iloc[0]
    facts = notice_facts("cancel", summary.lines_of(OrderKey("aupay", "", order_id)), DEMO_SHOP, today=TODAY)
    assert facts.payment_method == "credit_card" and facts.amount > 0
    assert missing_fields("cancel", facts) == ["reason"]
    assert "クレジットカード" in render("cancel", replace(facts, reason="stockout")).body


@pytest.mark.parametrize("text, method", [
    ("クレジットカード", "credit_card"), ("au PAY（auかんたん決済）", "au_pay"), ("コンビニ決済", "konbini"),
    ("銀行振込", "bank_transfer"), ("ドコモ払い", "carrier_billing"), ("ｸﾚｼﾞｯﾄ", "credit_card"), ("", ""),
])
def test_payment_words(text, method):
    assert payment_method_id(text) == method


def test_shop_profile_is_what_signs(summary):
    shop = ShopProfile(shop_name="山田商店", person="山田 花子")
    draft = render("reply", reply_facts(summary, "aupay", shop, today=TODAY, choices=CHOSEN))
    assert "山田商店" in draft.body and "山田 花子" in draft.body
    assert all(not KANA.search(p.zh) for p in draft.paragraphs)
