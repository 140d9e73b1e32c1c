"""Every sentence of a draft is true: words fit the numbers, unknown causes are named, nothing is
claimed for the seller, dates agree, and a marketplace notice is answered point by point."""

import re
from dataclasses import replace
from datetime import date

import pytest

from seller_gui.core.drafting.render import checklist, checklist_label, missing_fields, render
from seller_gui.core.drafting.templates import (
    LANGS,
    Breakdown,
    DraftValuesMissing,
    NoticeAsk,
    NoticeRef,
    ReplyFacts,
    ShopProfile,
    Tick,
    load_templates,
)

SHOP = ShopProfile(shop_name="華彩生活館", person="王 偉")
MARKETPLACES = ("aupay", "qoo10", "rakuten", "yahoo", "amazon", "mercari", "generic")
SEED_ASKS = (
    NoticeAsk("stock_management", "欠品とならない様に「在庫管理」を徹底し、在庫(予定在庫)の無い商品を販売しない。"),
    NoticeAsk("delay_notice", "万が一、配送納期の遅延が発生する場合は、迅速にお客様へご案内いただく。"),
)
SEED = NoticeRef("aupay", "warning", topic="seller_cancellations", sent_on=date(2023, 5, 8),
                 member_number="12******", asks=SEED_ASKS)
SYNTAX = re.compile(r"[{}|]|mp\.|\(person\)|（person）|\b(\w+) \1\b|(分|件|点|日|時|小时|%)\2")


def facts(marketplace="aupay", **changes) -> ReplyFacts:
    base = ReplyFacts(marketplace=marketplace, shop=SHOP, period_start=date(2026, 9, 1),
                      period_end=date(2026, 9, 30), orders=200, cancelled=6, seller_cancelled=4,
                      unknown_cancelled=0, seller_cancel_rate=0.02, seller_cancel_rate_upper=0.02,
                      report_date=date(2026, 10, 1), breakdown=Breakdown(4, days=((date(2026, 9, 9), 3),),
                                                                         days_other=1),
                      causes=["stock_sync_delay"], measures=[Tick("sync_interval")])
    return replace(base, **changes)


@pytest.mark.parametrize("count", [1, 2, 17])
def test_the_apology_states_the_count_and_never_says_many(count):
    body = render("reply", facts(seller_cancelled=count, cancelled=count)).body
    assert f"当店都合と確認したもの：{count}件" in body
    if count == 1:
        assert "ご注文を1件キャンセル" in body
    else:
        assert f"{count}件のご注文をキャンセル" in body
    assert "多くの" not in body and "大量" not in render("reply", facts(seller_cancelled=count)).gloss("zh")
    assert "many" not in render("reply", facts(seller_cancelled=count)).gloss("en")


def test_unknown_causes_make_the_reply_wait_for_the_sellers_decision():
    unsure = facts(unknown_cancelled=2, cancelled=8, seller_cancel_rate_upper=0.03)
    with pytest.raises(DraftValuesMissing) as raised:
        render("reply", unsure)
    assert "unknown_causes" in raised.value.fields
    body = render("reply", replace(unsure, unknown_investigating=True)).body
    assert "うち原因を確認中のもの：2件" in body
    assert "2.0%～3.0%（原因を確認中の2件がすべて当店都合であった場合、3.0%となります）" in body
    assert "上記のほか、2件のキャンセルについては、現在原因を確認中です。" in body


def test_with_only_unknown_causes_no_cause_is_claimed():
    only = facts(seller_cancelled=0, unknown_cancelled=5, cancelled=5, seller_cancel_rate=0.0,
                 seller_cancel_rate_upper=0.025, causes=[], unknown_investigating=True,
                 breakdown=Breakdown(5))
    assert missing_fields("reply", only) == []
    draft = render("reply", only)
    assert "当店の都合により" not in draft.body and "ご注文のキャンセルが発生し" in draft.body
    assert "5件のキャンセルについては、現在原因を確認中です。" in draft.body
    assert "0.0%～2.5%" in draft.body and "0.0% to 2.5%" in draft.gloss("en")
    assert "主な原因は次のとおり" not in draft.body


def test_nothing_is_claimed_that_the_seller_did_not_choose():
    draft = render("reply", facts())
    assert "actions" not in [p.id for p in draft.paragraphs] and "monitoring" not in [p.id for p in draft.paragraphs]
    assert "返金" not in draft.body and "ご連絡を差し上げ" not in draft.body
    assert "仕入先" not in draft.body and "タイムセール" not in draft.body
    with pytest.raises(DraftValuesMissing) as raised:
        render("reply", facts(causes=[], measures=[]))
    assert {"causes", "measures"} <= set(raised.value.fields)


def test_measures_start_on_the_report_day_and_values_reach_every_language():
    draft = render("reply", facts(measures=[Tick("sync_interval", None, {"minutes": 10}),
                                            Tick("daily_unshipped_check", None, {"time": "09:30"})]))
    assert "10分に短縮（2026年10月1日から実施）" in draft.body and "毎日9時30分に" in draft.body
    assert "10分钟" in draft.gloss("zh") and "9:30" in draft.gloss("zh")
    assert "10 minutes (from 1 October 2026)" in draft.gloss("en") and "9:30" in draft.gloss("en")


def test_a_period_that_ended_long_ago_is_said_plainly():
    late = render("reply", facts(report_date=date(2026, 11, 20))).body
    assert "2026年9月30日までのご注文データによる集計であり、本日（2026年11月20日）時点の数値ではございません" in late
    assert "時点の数値ではございません" not in render("reply", facts()).body


def test_the_seed_notice_is_answered_point_by_point_in_its_order():
    seed = facts(notice=SEED, measures=[Tick("safety_stock"), Tick("delay_contact")],
                 actions=["stock_corrected"])
    draft = render("reply", seed)
    assert "会員番号：12******" in draft.subject
    assert "2023年5月8日付でいただきましたご連絡を受け" in draft.body
    points = next(p for p in draft.paragraphs if p.id == "points")
    first, second = points.ja.index("1. 在庫管理の徹底について"), points.ja.index("2. 発送が遅れる場合")
    assert first < second
    assert points.ja.index("安全在庫") < second < points.ja.index("24時間以内")
    assert points.ja.index("実在庫と照合") < second  # the action answers the stock ask too
    assert "「在庫管理」を徹底し" in points.ja  # the notice's own words
    assert "〔见日文原文〕" in points.zh and "Stock management" in points.en


def test_a_measure_that_answers_a_point_is_not_listed_again():
    seed = facts(notice=SEED, measures=[Tick("safety_stock"), Tick("delay_contact"), Tick("handling_days")])
    body = render("reply", seed).body
    assert body.count("安全在庫") == 1 and body.count("24時間以内") == 1
    assert "【その他の再発防止策】" in body and "【再発防止策】" not in body
    plain = render("reply", facts(measures=[Tick("safety_stock")])).body
    assert "【再発防止策】" in plain and plain.count("安全在庫") == 1


def test_the_quote_keeps_the_notices_words_without_its_bullet():
    bulleted = replace(SEED, asks=(NoticeAsk("stock_management", "・在庫管理を徹底してください。"),))
    body = render("reply", facts(notice=bulleted, measures=[Tick("safety_stock")])).body
    assert "（ご指摘：「在庫管理を徹底してください。」）" in body


def test_an_ask_without_a_chosen_answer_is_asked_for_never_invented():
    unanswered = facts(notice=SEED, measures=[Tick("safety_stock")])
    assert missing_fields("reply", unanswered) == ["ask.delay_notice"]
    answered = replace(unanswered, ask_answers={"delay_notice": "遅延が分かった当日中にご連絡いたします。"})
    assert "遅延が分かった当日中にご連絡いたします。" in render("reply", answered).body


def test_an_ask_the_templates_do_not_know_is_quoted_and_answered_in_the_sellers_words():
    ref = replace(SEED, subject="【重要】出品に関するお知らせ", asks=(NoticeAsk("fix_listings", "商品ページを修正してください。"),))
    unknown = facts(notice=ref)
    assert missing_fields("reply", unknown) == ["ask.fix_listings"]
    body = render("reply", replace(unknown, ask_answers={"fix_listings": "全商品ページを見直しました。"})).body
    assert "ご指摘の点について" in body and "「商品ページを修正してください。」" in body
    assert "全商品ページを見直しました。" in body
    assert body.index("「【重要】出品に関するお知らせ」のご連絡を受け") > 0


def test_a_plan_of_action_asks_for_the_three_parts():
    ref = NoticeRef("amazon", "measure", subject="出品用アカウントについて", asks=(
        NoticeAsk("ship_open_orders", "未出荷の注文を出荷してください。"),
        NoticeAsk("plan_of_action", "改善計画をお送りください。")), plan_of_action=True)
    poa = facts("amazon", notice=ref)
    assert set(missing_fields("reply", poa)) == {"actions", "ask.ship_open_orders"}
    draft = render("reply", replace(poa, actions=["shipped_pending"]))
    body = draft.body
    assert draft.subject.startswith("Re: 出品用アカウントについて／【パフォーマンス改善計画】")
    for heading in ("【根本原因】", "【問題解決のために実施した措置】", "【再発防止策】"):
        assert heading in body
    assert "1. 未出荷のご注文への対応について" in body and "2. 改善計画" in body
    assert "本報告の各項目に記載のとおりです" in body


def test_a_delay_notice_without_the_original_date_leaves_the_line_out():
    from seller_gui.core.drafting.templates import NoticeFacts

    notice = NoticeFacts("rakuten", SHOP, buyer_name="佐藤 花子", order_id="1", item_name="マグ",
                         ordered_at=date(2026, 9, 20), reason="supplier_delay",
                         new_ship_date=date(2026, 10, 3), expected_arrival=date(2026, 10, 5))
    body = render("delay", notice).body
    assert "当初の発送予定日" not in body and "新しい発送予定日：2026年10月3日" in body
    assert set(missing_fields("delay", replace(notice, new_ship_date=None, expected_arrival=None))) == {
        "new_ship_date", "expected_arrival"}


@pytest.mark.parametrize("marketplace", MARKETPLACES)
@pytest.mark.parametrize("lang", LANGS)
def test_no_checklist_label_shows_template_syntax_or_a_doubled_unit(marketplace, lang):
    for list_name in ("causes", "actions", "measures", "monitoring"):
        for item in checklist(list_name, marketplace):
            for person in ("", "王 偉"):
                label = checklist_label(item, lang, marketplace, person=person)
                assert label.strip() and not SYNTAX.search(label), (item.id, label)


def test_every_ask_code_names_items_that_exist_and_has_three_headings():
    templates = load_templates()
    known = {i.id for name in ("causes", "actions", "measures", "monitoring")
             for i in getattr(templates.checklists, name)}
    assert {"stock_management", "delay_notice", "ship_open_orders", "plan_of_action", "send_evidence",
            "explain_if_mistake", "improve_metric", "ship_on_time", "valid_tracking"} <= set(templates.asks)
    for ask in templates.asks.values():
        assert set(ask.answered_by) <= known, ask.code
        assert all(ask.heading[lang].strip() for lang in LANGS)


@pytest.mark.parametrize("kind", ["stockout", "delay", "cancel"])
def test_a_file_without_buyer_item_or_date_gets_plain_words_not_a_blank(kind):
    from seller_gui.core.drafting.templates import NoticeFacts

    notice = NoticeFacts("amazon", SHOP, order_id="503-0000001-0000007",
                         reason={"stockout": "supplier_stockout", "delay": "supplier_delay",
                                 "cancel": "stockout"}[kind], new_ship_date=date(2026, 10, 3),
                         expected_arrival=date(2026, 10, 5), reply_by=date(2026, 10, 1),
                         payment_method="credit_card", amount=2480)
    draft = render(kind, notice)
    assert draft.body.startswith("お客様\n") and "商品名" not in draft.body
    assert "ご注文いただきました商品につきまして" in draft.body and "ご注文日" not in draft.body
    assert draft.gloss("en").startswith("Dear customer,") and "the item you ordered" in draft.gloss("en")


def test_with_no_seller_cancellation_no_cause_is_demanded_or_claimed():
    none = facts(seller_cancelled=0, cancelled=3, seller_cancel_rate=0.0, seller_cancel_rate_upper=0.0,
                 causes=[], breakdown=Breakdown(0))
    assert missing_fields("reply", none) == []
    body = render("reply", none).body
    assert "cause" not in [p.id for p in render("reply", none).paragraphs]
    assert "当店の都合により" not in body and "当店都合と確認したもの：0件" in body
