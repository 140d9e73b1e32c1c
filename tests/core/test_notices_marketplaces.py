"""Notices written by us in the style of each marketplace: marketplace, kind, topic and asks right, none
invented for a notice that asks nothing, and the catalogue knows their recurring sentences."""

import pytest

from seller_gui.core.notices import read_notice
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "notices"

# file, marketplace, kind, topic, ask codes in order, asks for a plan of action
CASES = [
    ("aupay-seed-cancellation-warning.txt", "aupay", "warning", "seller_cancellation",
     ["stock_management", "delay_notice"], False),
    ("aupay-support-reply-closing.txt", "aupay", "support_reply", "shop_closure", [], False),
    ("amazon-ja-late-shipment-deactivation.txt", "amazon", "measure", "late_shipment",
     ["ship_open_orders", "plan_of_action"], True),
    ("amazon-en-odr-deactivation.txt", "amazon", "measure", "order_defect", ["plan_of_action"], True),
    ("amazon-en-late-shipment-warning.txt", "amazon", "warning", "late_shipment", ["ship_on_time"], False),
    ("amazon-en-appeal-reply.txt", "amazon", "appeal_reply", "late_shipment", ["plan_of_action"], True),
    ("amazon-ja-support-reply.txt", "amazon", "support_reply", "other", [], False),
    ("amazon-ja-policy-announcement.txt", "amazon", "announcement", None, [], False),
    ("yahoo-id-function-restriction.txt", "yahoo", "measure", None, [], False),
    ("yahoo-store-complaint-warning.txt", "yahoo", "warning", "not_shipped", ["plan_of_action"], True),
    ("rakuten-violation-points.txt", "rakuten", "measure", "violation_points", ["plan_of_action"], True),
    ("qoo10-shipping-delay-warning.txt", "qoo10", "warning", "late_shipment", ["ship_open_orders"], False),
    ("amazon-ja-late-shipment-deactivation-2.txt", "amazon", "measure", "late_shipment",
     ["ship_open_orders", "plan_of_action"], True),
    ("amazon-ja-account-review.txt", "amazon", "review", None, ["ship_on_time"], False),
    ("amazon-ja-authenticity-deactivation.txt", "amazon", "measure", "authenticity",
     ["plan_of_action", "send_evidence"], True),
    ("amazon-en-related-account-deactivation.txt", "amazon", "measure", "related_account", ["send_evidence"], False),
    ("amazon-en-support-reply.txt", "amazon", "support_reply", None, [], False),
    ("amazon-en-wrapped-late-shipment-warning.txt", "amazon", "warning", "late_shipment",
     ["ship_open_orders", "ship_on_time"], False),
    ("mercari-item-removed.txt", "mercari", "measure", None, [], False),
    ("aupay-score-announcement.txt", "aupay", "announcement", None, [], False),
    ("amazon-ja-trademark-listing-removed.txt", "amazon", "measure", "intellectual_property",
     ["explain_if_mistake"], False),
    ("amazon-en-counterfeit-invoices.txt", "amazon", "measure", "authenticity", ["send_evidence"], False),
    ("amazon-ja-cancel-rate-warning.txt", "amazon", "warning", "seller_cancellation", ["stock_management"], False),
    ("yahoo-good-delivery-lost.txt", "yahoo", "warning", "late_shipment", ["ship_on_time"], False),
    ("qoo10-sales-restriction.txt", "qoo10", "measure", None, ["ship_open_orders"], False),
    ("amazon-ja-old-late-shipment-warning.txt", "amazon", "warning", "late_shipment", ["ship_on_time"], False),
    ("amazon-en-account-review.txt", "amazon", "review", None, ["ship_on_time"], False),
    ("aupay-late-shipment-warning.txt", "aupay", "warning", "late_shipment", ["ship_on_time", "delay_notice"], False),
    ("rakuten-guideline-announcement.txt", "rakuten", "announcement", None, [], False),
    ("amazon-ja-support-reply-ship-date.txt", "amazon", "support_reply", None, [], False),
    ("amazon-ja-related-account.txt", "amazon", "measure", "related_account", ["send_evidence"], False),
    ("amazon-en-valid-tracking-warning.txt", "amazon", "warning", "valid_tracking", ["valid_tracking"], False),
    ("yahoo-store-cancellation-warning.txt", "yahoo", "warning", "seller_cancellation", ["stock_management"], False),
    ("aupay-service-suspended.txt", "aupay", "measure", "seller_cancellation", ["plan_of_action"], True),
    ("qoo10-shipping-reminder.txt", "qoo10", "warning", "late_shipment", ["ship_open_orders"], False),
    ("amazon-en-odr-deactivation-2.txt", "amazon", "measure", "order_defect", ["plan_of_action"], True),
    ("amazon-en-policy-announcement.txt", "amazon", "announcement", None, [], False),
    ("amazon-ja-authenticity-warning-ocr.txt", "amazon", "warning", "authenticity", [], False),
    ("amazon-en-reinstated.txt", "amazon", "appeal_reply", None, [], False),
    ("amazon-ja-valid-tracking-warning.txt", "amazon", "warning", "valid_tracking", ["valid_tracking"], False),
    ("amazon-ja-partial-poa.txt", "amazon", "measure", "late_shipment", ["plan_of_action"], True),
    ("amazon-ja-cancel-selfcheck-no-reply.txt", "amazon", "warning", "seller_cancellation", [], False),
    ("amazon-en-trademark-removed.txt", "amazon", "measure", "intellectual_property", ["explain_if_mistake"], False),
    ("aupay-support-reply-score.txt", "aupay", "support_reply", None, [], False),
    ("rakuten-listing-violation.txt", "rakuten", "warning", None, ["other"], False),
    ("amazon-ja-account-check.txt", "amazon", "review", None, ["ship_on_time"], False),
    ("amazon-en-restricted-product-removed.txt", "amazon", "measure", "prohibited_items", ["explain_if_mistake"], False),
    ("aupay-listing-correction.txt", "aupay", "warning", None, ["other"], False),
    ("mercari-late-shipment-warning.txt", "mercari", "warning", "late_shipment", ["ship_open_orders", "delay_notice"],
     False),
    ("amazon-ja-support-reply-no-poa.txt", "amazon", "support_reply", None, [], False),
    ("amazon-en-fbm-deactivation.txt", "amazon", "measure", "late_shipment", ["ship_open_orders", "plan_of_action"],
     True),
    ("unbranded-identity-verification.txt", "unknown", "measure", "account_verification", ["send_evidence"], False),
    ("aupay-score-warning.txt", "aupay", "warning", "store_score", ["improve_metric"], False),
    ("amazon-en-support-good-standing.txt", "amazon", "support_reply", None, [], False),
    ("amazon-ja-regulated-item-stopped.txt", "amazon", "measure", "prohibited_items", ["send_evidence"], False),
    ("amazon-en-account-health-at-risk.txt", "amazon", "warning", "account_health", ["other"], False),
    ("amazon-ja-account-health-at-risk.txt", "amazon", "warning", "account_health", ["other"], False),
    ("yahoo-store-closed.txt", "yahoo", "measure", "shop_closure", ["plan_of_action"], True),
    ("rakuten-not-arrived-warning.txt", "rakuten", "warning", "not_shipped", ["ship_open_orders"], False),
    ("qoo10-authenticity-warning.txt", "qoo10", "warning", "authenticity", ["send_evidence"], False),
    ("amazon-ja-fake-orders.txt", "amazon", "measure", "fake_orders", ["plan_of_action"], True),
    ("amazon-en-review-manipulation.txt", "amazon", "measure", "fake_orders", ["plan_of_action"], True),
    ("aupay-unanswered-buyers.txt", "aupay", "warning", None, ["other"], False),
    ("yahoo-good-delivery-change.txt", "yahoo", "announcement", None, [], False),
    ("amazon-ja-csi-warning.txt", "amazon", "warning", None, [], False),
]


def read(name: str):
    return read_notice((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, marketplace, kind, topic, asks, plan", CASES, ids=[c[0] for c in CASES])
def test_marketplace_kind_topic_and_asks(name, marketplace, kind, topic, asks, plan):
    notice = read(name)
    assert (notice.marketplace, notice.kind) == (marketplace, kind)
    if topic is not None:
        assert notice.topic == topic
    assert [a.code for a in notice.asks] == asks
    assert notice.plan_of_action is plan
    assert notice.reply_ref().plan_of_action is plan


@pytest.mark.parametrize("name", [c[0] for c in CASES if c[1] != "unknown"])
def test_the_catalogue_knows_most_sentences_of_each_style(name):
    assert read(name).recognised_share >= 0.65


def test_a_support_reply_and_an_announcement_ask_for_nothing_even_when_they_say_please():
    for name in ("amazon-ja-support-reply.txt", "aupay-support-reply-closing.txt", "amazon-ja-policy-announcement.txt"):
        notice = read(name)
        assert notice.asks_nothing and notice.reply_ref().asks == ()


def test_the_amazon_measure_states_its_scope_target_windows_and_how_to_appeal():
    facts = read("amazon-ja-late-shipment-deactivation.txt").facts
    assert facts.measures[:1] == ("seller_fulfilled_deactivated",) and "seller_fulfilled" in facts.scope
    assert "funds_held" in facts.measures
    assert facts.thresholds == ("4%未満",)
    assert facts.windows == ("過去10日間および30日間",)
    assert "G200205250" in facts.help_ids
    assert {"appeal", "account_health"} <= set(facts.reply_channels)
    assert facts.deadlines == ()


def test_the_english_measure_states_the_17_day_deadline_and_90_day_hold():
    facts = read("amazon-en-odr-deactivation.txt").facts
    assert "account_deactivated" in facts.measures and "listings_removed" in facts.measures
    assert facts.deadlines == ("within 17 days",) and facts.durations == ("up to 90 days",)
    assert facts.thresholds == ("under 1%",)


def test_english_notices_are_explained_in_chinese():
    notice = read("amazon-en-odr-deactivation.txt")
    for sentence in notice.sentences:
        assert sentence.known and sentence.gloss("zh")
        assert any("\u4e00" <= c <= "\u9fff" for c in sentence.gloss("zh"))


def test_the_plan_of_action_parts_are_one_point_not_three():
    notice = read("amazon-ja-late-shipment-deactivation.txt")
    assert sum(a.code == "plan_of_action" for a in notice.asks) == 1
    assert not any("根本原因" in a.quote for a in notice.asks)


def test_the_qoo10_warning_counts_its_penalty_and_threatens_a_30_day_restriction():
    facts = read("qoo10-shipping-delay-warning.txt").facts
    assert "points_added" in facts.measures
    assert {"sales_restricted", "promotion_restricted"} <= set(facts.possible_measures)
    assert "95%以下" in facts.thresholds and "30日間" in facts.durations


def test_a_conditional_deadline_threat_is_not_an_ask_and_the_deadline_is_a_fact():
    notice = read("yahoo-store-complaint-warning.txt")
    assert notice.facts.deadlines == ("2024年5月16日まで",)
    assert "shop_closed" in notice.facts.possible_measures
    assert all("休店" not in a.quote for a in notice.asks)


def test_a_paste_of_only_part_of_a_notice_still_finds_its_asks():
    middle = ("・欠品とならない様に「在庫管理」を徹底し、在庫(予定在庫)の無い商品を販売しない。\n"
              "・万が一、配送納期の遅延が発生する場合は、迅速にお客様へご案内いただく。\n")
    assert [a.code for a in read_notice(middle).asks] == ["stock_management", "delay_notice"]


def test_text_that_is_no_notice_is_not_given_a_marketplace_or_asks():
    notice = read_notice("今日は良い天気です。\n明日も晴れるでしょう。\n")
    assert notice.marketplace == "unknown" and notice.asks == ()
    assert notice.known_count == 0
