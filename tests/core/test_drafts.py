"""Drafts: the reply to a marketplace (改善報告) and the notices to a buyer, as a seller would send them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seller_gui.core.drafting.render import (
    checklist,
    format_date_en,
    format_date_ja,
    format_rate,
    format_time_ja,
    missing_fields,
    render,
    to_json,
)
from seller_gui.core.drafting.templates import (
    KINDS,
    Alternative,
    Breakdown,
    Draft,
    DraftValuesMissing,
    NoticeFacts,
    ReplyFacts,
    ShopProfile,
    Tick,
    load_templates,
)
from seller_gui.resources_path import resource

KANA = re.compile("[\u3040-\u30ff]")
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{%|%\}|〇|△△|XX|None|Undefined")
MARKETPLACES = ("aupay", "qoo10", "rakuten", "yahoo", "amazon", "mercari", "generic")
# Wording that would push a buyer to cancel so the shop's figures look better.
PUSHES_BUYER_TO_CANCEL = ("キャンセル申請", "キャンセルのお手続きをお願い", "キャンセルしていただ",
                          "キャンセルをお願い", "お客様都合", "ご自身でキャンセル", "キャンセルボタン",
                          "キャンセル理由")

SHOP = ShopProfile(shop_name="華彩生活館", person="王 偉", email="support@huacai.example",
                   phone="03-1234-5678", shop_id="huacai01")


def reply_facts(marketplace: str = "aupay", **changes: object) -> ReplyFacts:
    facts = ReplyFacts(
        marketplace=marketplace, shop=SHOP,
        period_start=date(2026, 9, 1), period_end=date(2026, 9, 30),
        orders=342, cancelled=24, seller_cancelled=19, seller_cancel_rate=19 / 342,
        report_date=date(2026, 10, 2),
        breakdown=Breakdown(19, days=((date(2026, 9, 18), 7),), days_other=12,
                            reasons=(("在庫切れのため", 12),), reasons_other=2, reasons_blank=5,
                            skus=(("HB-2001", 9), ("KT-0310", 4)), skus_other=6),
        causes=["timesale_stock", "supplier_stockout"],
        actions=["contacted_buyers", "timesale_fixed"],
        measures=[Tick("sync_interval", date(2026, 10, 5), {"minutes": 15}),
                  Tick("safety_stock", date(2026, 10, 5), {"units": 3}),
                  Tick("daily_unshipped_check", date(2026, 10, 6), {"time": time(10, 0)}),
                  Tick("presale_double_check", date(2026, 10, 10))],
        monitoring=["daily_rate_check", "weekly_review", Tick("target_rate", values={"target": 0.02})],
    )
    return replace(facts, **changes)


def notice_facts(kind: str, marketplace: str = "aupay", **changes: object) -> NoticeFacts:
    facts = NoticeFacts(
        marketplace=marketplace, shop=SHOP, buyer_name="山田 花子", order_id="0034000007",
        item_name="ワイヤレスイヤホン Bluetooth5.3", ordered_at=date(2026, 9, 18),
        reason={"stockout": "supplier_stockout", "delay": "overseas_warehouse",
                "cancel": "stockout"}[kind],
        ship_by=date(2026, 9, 21), new_ship_date=date(2026, 9, 28),
        expected_arrival=date(2026, 10, 1), reply_by=date(2026, 9, 24),
        offer_restock=True, restock_date=date(2026, 10, 3),
        alternatives=[Alternative("ワイヤレスイヤホン ノイズキャンセリング", "https://example.jp/item/1", 3980),
                      Alternative("完全ワイヤレスイヤホン 防水", "https://example.jp/item/2")],
        shop_pays_difference=True, payment_method="credit_card", amount=2980, points_used=120,
    )
    return replace(facts, **changes)


def facts_for(kind: str, marketplace: str = "aupay", **changes: object) -> ReplyFacts | NoticeFacts:
    if kind == "reply":
        return reply_facts(marketplace, **changes)
    return notice_facts(kind, marketplace, **changes)


def ids(draft: Draft) -> list[str]:
    return [p.id for p in draft.paragraphs]


def texts(draft: Draft) -> list[str]:
    return [draft.subject, draft.subject_zh, draft.subject_en,
            *(t for p in draft.paragraphs for t in (p.ja, p.zh, p.en))]


ALL_DRAFTS = [(kind, mp) for kind in KINDS for mp in MARKETPLACES]


# --- structure of each kind -------------------------------------------------------------------------

REPLY_PARTS = ["addressee", "greeting", "apology", "purpose", "facts", "breakdown", "cause", "actions",
               "measures", "monitoring", "commitment", "closing", "signature"]


@pytest.mark.parametrize(("marketplace", "addressee"), [
    ("aupay", "au PAY マーケット運営事務局"), ("qoo10", "Qoo10"), ("rakuten", "楽天市場"),
    ("yahoo", "Yahoo!ショッピング"), ("amazon", "Amazon.co.jp"), ("generic", "ご担当者様"),
])
def test_reply_has_every_part_in_order_and_the_marketplace_as_addressee(marketplace, addressee):
    draft = render("reply", reply_facts(marketplace))
    assert ids(draft) == REPLY_PARTS
    assert draft.paragraphs[0].ja.startswith(addressee)
    assert draft.order_id is None
    assert "改善" in draft.subject and "華彩生活館" in draft.subject and "huacai01" in draft.subject


def test_amazon_reply_follows_the_plan_of_action_headings():
    body = render("reply", reply_facts("amazon")).body
    for heading in ("【根本原因】", "【問題解決のために実施した措置】", "【再発防止策】", "出荷前キャンセル率"):
        assert heading in body
    au_body = render("reply", reply_facts("aupay")).body
    assert "【原因】" in au_body and "【根本原因】" not in au_body and "店舗都合キャンセル率" in au_body


def test_reply_fills_in_the_figures_dates_causes_and_measures():
    draft = render("reply", reply_facts(order_ids=["34000007", "34000019"],
                                        notice_date=date(2026, 10, 2)))
    body = draft.body
    assert "華彩生活館" in body and "王 偉" in body and "support@huacai.example" in body
    assert "2026年9月1日～2026年9月30日" in body
    assert "342件" in body and "19件" in body and "5.6%" in body
    assert "HB-2001 9件" in body and "2026年9月18日 7件、その他の日 12件" in body
    assert "「在庫切れのため」12件、その他の理由 2件、理由の記録なし 5件" in body
    assert "2026年10月2日にいただきましたご連絡" in body
    assert "タイムセール" in body and "仕入先" in body  # the ticked causes
    assert "15分に短縮（2026年10月5日から実施）" in body
    assert "安全在庫（3点）" in body and "毎日10時に" in body
    assert "2.0%未満" in body
    assert ids(draft).index("order_ids") == ids(draft).index("breakdown") + 1
    assert "34000007\n34000019" in body


def test_reply_leaves_out_what_nobody_asked_for():
    draft = render("reply", reply_facts(breakdown=None))
    assert "ご連絡いただきました件につきまして、当店にて発生状況と原因を確認いたしました。" in draft.body
    assert "breakdown" not in ids(draft) and "order_ids" not in ids(draft)
    assert "【内訳】" not in draft.body


def test_stockout_offers_the_buyer_three_numbered_options_and_a_reply_date():
    draft = render("stockout", notice_facts("stockout"))
    assert ids(draft) == ["addressee_buyer", "greeting_buyer", "apology", "order_block", "options_intro",
                          "option_restock", "option_alternative", "price_difference", "option_cancel",
                          "reply_by", "closing", "signature"]
    body = draft.body
    assert body.startswith("山田 花子 様\n")
    assert draft.order_id == "0034000007" and "ご注文番号：0034000007" in body
    assert "0034000007" in draft.subject
    assert "「ワイヤレスイヤホン Bluetooth5.3」" in body and "2026年9月18日にご注文" in body
    assert "① 入荷を待って" in body and "2026年10月3日ごろ" in body
    assert "② 別の商品" in body and "https://example.jp/item/1" in body and "（3,980円）" in body
    assert "差額は当店が負担" in body
    assert "③ ご注文をキャンセル" in body and "全額ご返金" in body
    assert "2026年9月24日までに" in body and "期日までにご返信がない場合" in body


def test_stockout_without_restock_or_alternatives_offers_no_choice_of_one():
    draft = render("stockout", notice_facts("stockout", offer_restock=False, restock_date=None,
                                            alternatives=[]))
    assert "option_restock" not in ids(draft) and "option_alternative" not in ids(draft)
    assert "price_difference" not in ids(draft) and "options_intro" not in ids(draft)
    assert "reply_by" not in ids(draft) and "cancel_only" in ids(draft)
    assert "お選び" not in draft.body and "①" not in draft.body and "全額ご返金" in draft.body
    assert "ご返信をお待ち" not in draft.body
    two = render("stockout", notice_facts("stockout", offer_restock=False, restock_date=None))
    assert "以下の2つの中から" in two.body and "① 別の商品" in two.body and "② ご注文をキャンセル" in two.body
    no_difference = render("stockout", notice_facts("stockout", shop_pays_difference=False))
    assert "price_difference" not in ids(no_difference) and "差額" not in no_difference.body


def test_stockout_can_ship_on_restock_when_the_buyer_does_not_answer():
    body = render("stockout", notice_facts("stockout", no_reply="restock")).body
    assert "期日までにご返信がない場合は、入荷を待って発送いたします。" in body
    with pytest.raises(ValueError, match="restock"):
        render("stockout", notice_facts("stockout", no_reply="restock", offer_restock=False))


def test_delay_gives_old_and_new_dates_arrival_cancel_option_and_tracking():
    draft = render("delay", notice_facts("delay"))
    assert ids(draft) == ["addressee_buyer", "greeting_buyer", "apology", "order_block", "new_dates",
                          "cancel_option", "tracking", "closing", "signature"]
    body = draft.body
    assert "当初の発送予定日：2026年9月21日" in body
    assert "新しい発送予定日：2026年9月28日" in body and "お届け予定日：2026年10月1日ごろ" in body
    assert "海外倉庫" in body and "追跡番号" in body


def test_cancel_gives_the_refund_by_payment_method_with_points():
    draft = render("cancel", notice_facts("cancel"))
    assert ids(draft) == ["addressee_buyer", "greeting_buyer", "cancellation", "order_block", "refund",
                          "prevention", "closing", "signature"]
    body = draft.body
    assert "ご返金額：2,980円" in body and "クレジットカード" in body
    assert "120ポイント" in body and "au PAY マーケットの規定" in body
    for method, word in [("konbini", "コンビニ"), ("bank_transfer", "銀行振込"),
                         ("carrier_billing", "キャリア決済"), ("au_pay", "au PAY でのお支払い")]:
        refund = render("cancel", notice_facts("cancel", payment_method=method, points_used=0))
        assert word in refund.body and "ポイント" not in refund.body


# --- what every draft guarantees --------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "marketplace"), ALL_DRAFTS)
def test_no_placeholder_no_empty_gloss_and_no_kana_in_chinese(kind, marketplace):
    draft = render(kind, facts_for(kind, marketplace))
    for text in texts(draft):
        assert text.strip()
        assert not PLACEHOLDER.search(text), text
    for p in draft.paragraphs:
        assert not KANA.search(p.zh), (p.id, p.zh)
    assert not KANA.search(draft.subject_zh)


@pytest.mark.parametrize(("kind", "marketplace"), ALL_DRAFTS)
def test_json_shape_and_body_is_the_paragraphs_joined(kind, marketplace):
    draft = render(kind, facts_for(kind, marketplace))
    data = to_json(draft)
    assert list(data) == ["kind", "order_id", "subject", "body", "gloss"]
    assert data["body"] == "\n\n".join(g["ja"] for g in data["gloss"]) == draft.body
    assert all(list(g) == ["id", "ja", "zh", "en"] for g in data["gloss"])
    assert data["kind"] == kind
    assert "\n\n" not in "".join(g["ja"] + "\x00" for g in data["gloss"])  # no blank line inside


@pytest.mark.parametrize("kind", KINDS)
def test_complete_facts_miss_nothing(kind):
    assert missing_fields(kind, facts_for(kind)) == []


@pytest.mark.parametrize(("kind", "change", "expected"), [
    ("reply", {"period_start": None}, "period_start"),
    ("reply", {"seller_cancel_rate": None}, "seller_cancel_rate"),
    ("reply", {"orders": None}, "orders"),
    ("reply", {"shop": replace(SHOP, person="")}, "shop.person"),
    ("reply", {"shop": replace(SHOP, shop_name="  ")}, "shop.shop_name"),
    ("reply", {"causes": []}, "causes"),
    ("reply", {"measures": []}, "measures"),
    ("reply", {"unknown_cancelled": 2}, "unknown_causes"),
    ("reply", {"measures": ["presale_double_check"], "report_date": None},
     "measures[presale_double_check].start"),
    ("stockout", {"reply_by": None}, "reply_by"),
    ("stockout", {"restock_date": None}, "restock_date"),
    ("stockout", {"reason": ""}, "reason"),
    ("delay", {"new_ship_date": None}, "new_ship_date"),
    ("delay", {"expected_arrival": None}, "expected_arrival"),
    ("cancel", {"amount": None}, "amount"),
    ("cancel", {"payment_method": ""}, "payment_method"),
    ("cancel", {"order_id": ""}, "order_id"),
])
def test_a_missing_value_is_listed_and_never_rendered_blank(kind, change, expected):
    facts = facts_for(kind, **change)
    assert expected in missing_fields(kind, facts)
    with pytest.raises(DraftValuesMissing) as raised:
        render(kind, facts)
    assert expected in raised.value.fields and expected in str(raised.value)


def test_values_a_kind_does_not_use_are_not_asked_for():
    stockout = notice_facts("stockout", amount=None, payment_method="", new_ship_date=None,
                            offer_restock=False, restock_date=None)
    assert missing_fields("stockout", stockout) == []
    delay = notice_facts("delay", reply_by=None, alternatives=[], restock_date=None)
    assert missing_fields("delay", delay) == []
    assert missing_fields("reply", reply_facts(notice_date=None, order_ids=[])) == []


def test_a_checklist_item_the_marketplace_lacks_is_not_offered():
    assert "marketplace_score" not in {i.id for i in checklist("monitoring", "generic")}
    assert "marketplace_score" in {i.id for i in checklist("monitoring", "amazon")}
    with pytest.raises(ValueError, match="does not apply"):
        render("reply", reply_facts("generic", monitoring=["marketplace_score"]))
    assert "Wow!manager" in render("reply", reply_facts("aupay", monitoring=["marketplace_score"])).body


def test_unknown_kind_marketplace_or_choice_fails_loudly():
    with pytest.raises(ValueError, match="kind"):
        render("refund", reply_facts())
    with pytest.raises(ValueError, match="marketplace"):
        render("reply", reply_facts("ebay"))
    with pytest.raises(ValueError, match="reason"):
        render("delay", notice_facts("delay", reason="aliens"))
    with pytest.raises(ValueError, match="causes"):
        render("reply", reply_facts(causes=["bad_luck"]))
    with pytest.raises(TypeError):
        render("stockout", reply_facts())


# --- buyers are never pushed to cancel --------------------------------------------------------------

@pytest.mark.parametrize(("kind", "marketplace"),
                         [(k, m) for k, m in ALL_DRAFTS if k != "reply"])
def test_no_notice_asks_the_buyer_to_cancel_for_the_shop(kind, marketplace):
    for p in render(kind, facts_for(kind, marketplace)).paragraphs:
        for phrase in PUSHES_BUYER_TO_CANCEL:
            assert phrase not in p.ja, (kind, p.id, phrase)


def test_cancellation_is_only_ever_one_of_the_buyers_options():
    stockout = render("stockout", notice_facts("stockout"))
    order = ids(stockout)
    assert order.index("option_cancel") > order.index("option_restock")
    assert order.index("option_cancel") > order.index("option_alternative")
    cancel_option = stockout.paragraphs[order.index("option_cancel")].ja
    assert "ご希望の場合" in cancel_option and "当店にて行います" in cancel_option
    delay = render("delay", notice_facts("delay"))
    option = delay.paragraphs[ids(delay).index("cancel_option")].ja
    assert option.startswith("新しい日程でお届けしてよろしければ、お手続きやご返信は必要ございません。")
    assert "ご都合が合わない場合" in option


# --- values from the seller's data ------------------------------------------------------------------

def test_buyer_honorific_is_not_doubled():
    body = render("delay", notice_facts("delay", buyer_name="佐藤 一郎様")).body
    assert body.startswith("佐藤 一郎 様\n") and "様様" not in body


def test_chinese_gloss_points_to_the_original_for_japanese_names():
    draft = render("stockout", notice_facts("stockout", buyer_name="さくら", item_name="ポーチ"))
    zh = draft.gloss("zh")
    assert "〔见日文原文〕" in zh and not KANA.search(zh)
    assert "https://example.jp/item/2" in zh  # the links stay usable


PLAIN_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1,
                     max_size=30)


@settings(max_examples=60, deadline=None)
@given(buyer=PLAIN_TEXT.filter(lambda s: not s.endswith(("様", "さま", "殿"))), item=PLAIN_TEXT)
def test_any_buyer_or_item_text_is_quoted_verbatim(buyer, item):
    draft = render("delay", notice_facts("delay", buyer_name=buyer, item_name=item))
    assert draft.paragraphs[0].ja == f"{buyer} 様"
    assert f"商品名：{item}" in draft.body
    assert not KANA.search(draft.gloss("zh"))


def test_template_syntax_in_a_buyers_text_stays_text():
    draft = render("delay", notice_facts("delay", item_name="{{ shop_name }}{% if 1 %}x{% endif %}"))
    assert "「{{ shop_name }}{% if 1 %}x{% endif %}」" in draft.body


def test_datetimes_are_written_as_dates():
    body = render("delay", notice_facts("delay", ordered_at=datetime(2026, 9, 18, 9, 30))).body
    assert "2026年9月18日にご注文" in body


# --- formatting and checklists ----------------------------------------------------------------------

def test_formatting_the_japanese_way():
    assert format_date_ja(date(2026, 10, 31)) == "2026年10月31日"
    assert format_date_en(date(2026, 10, 31)) == "31 October 2026"
    assert format_rate(0.0556) == "5.6%" and format_rate(0.1) == "10.0%" and format_rate(0) == "0.0%"
    assert format_time_ja(time(9, 30)) == "9時30分" and format_time_ja("18:00") == "18時"


def test_checklists_are_complete_and_ready_for_tick_boxes():
    lists = load_templates().checklists
    for name in ("causes", "actions", "measures", "monitoring"):
        items = getattr(lists, name)
        assert len(items) >= 4
        assert len({i.id for i in items}) == len(items)
        for item in items:
            assert item.ja and item.zh and item.en
            assert not KANA.search(item.zh), item.id
    assert {"timesale_stock", "stock_sync_delay", "supplier_stockout", "handling_days_short",
            "holiday_setting", "staff_shortage"} <= {i.id for i in lists.causes}
    assert {"sync_interval", "safety_stock", "handling_days", "daily_unshipped_check",
            "presale_double_check"} <= {i.id for i in lists.measures}


def test_every_chinese_text_in_the_template_files_is_free_of_kana():
    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{path}[{i}]")
        elif path.endswith(".zh"):
            yield path, node

    folder = resource("templates")
    files = sorted(folder.glob("*.toml"))
    assert {f.stem for f in files} >= {*KINDS, "common", "checklists", "marketplaces"}
    for file in files:
        with file.open("rb") as fh:
            for path, text in walk(tomllib.load(fh), file.stem):
                assert not KANA.search(text), path
