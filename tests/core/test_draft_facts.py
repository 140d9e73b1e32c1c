"""Drafts filled from the analysis: the demo's figures, causes and orders reach the text."""

import json
import re
from datetime import date

import pytest

from seller_gui import cli
from seller_gui.core.drafting.facts import (
    DEMO_SHOP,
    notice_facts,
    payment_method_id,
    reply_facts,
    suggested_reply_choices,
)
from seller_gui.core.drafting.render import missing_fields, render
from seller_gui.core.drafting.templates import ShopProfile
from seller_gui.core.pipeline import OrderKey, Seller, summarise
from tests.conftest import DEMO_FILE

KANA = re.compile("[\u3040-\u30ff]")
TODAY = date(2026, 9, 30)


@pytest.fixture(scope="module")
def summary():
    return summarise([DEMO_FILE], Seller(), keep_lines=True)


def test_reply_carries_the_window_figures_and_the_spike(summary):
    facts = reply_facts(summary, "aupay", DEMO_SHOP, today=TODAY)
    assert (facts.orders, facts.seller_cancelled) == (225, 15)
    assert (facts.period_start, facts.period_end) == (date(2026, 8, 31), date(2026, 9, 30))
    assert facts.top_skus[0] == ("HB-2001", 13) and facts.top_days[0] == (date(2026, 9, 11), 13)
    assert "timesale_stock" in facts.causes and "timesale_fixed" in facts.actions
    draft = render("reply", facts)
    for text in ("225件", "15件", "6.7%", "HB-2001（13件）", "2026年9月11日（13件）", "au PAY マーケット運営事務局",
                 "2026年10月1日から実施"):
        assert text in draft.body
    assert all(not KANA.search(p.zh) for p in draft.paragraphs)


def test_suggestions_without_causes_still_give_a_complete_reply(summary):
    choices = suggested_reply_choices(None, TODAY)
    facts = reply_facts(summary, "aupay", DEMO_SHOP, today=TODAY, choices=choices)
    assert missing_fields("reply", facts) == []


def test_notices_take_buyer_item_dates_and_payment_from_the_order(summary):
    lines = summary.lines[summary.lines["order_id"] == "34002023"]
    facts = notice_facts("delay", lines, DEMO_SHOP, today=TODAY)
    assert facts.buyer_name == lines["buyer_name"].iloc[0] and facts.item_name == "USB-C 急速充電器 65W"
    assert facts.ship_by == date(2026, 9, 29)  # the deadline's own day, not the next midnight
    assert (facts.new_ship_date, facts.expected_arrival) == (date(2026, 10, 3), date(2026, 10, 5))
    body = render("delay", facts).body
    assert f"{facts.buyer_name} 様" in body and "2026年9月29日" in body and "2026年10月3日" in body


def test_a_cancel_notice_states_the_refund_for_the_payment_used(summary):
    cancelled = summary.behind[("aupay", "cancelled")]
    order_id = cancelled.loc[cancelled["payment_method"] == "クレジットカード", "order_id"].iloc[0]
    facts = notice_facts("cancel", summary.lines_of(OrderKey("aupay", "", order_id)), DEMO_SHOP, today=TODAY)
    assert facts.payment_method == "credit_card" and facts.amount > 0
    assert "クレジットカード" in render("cancel", facts).body


@pytest.mark.parametrize("text, method", [
    ("クレジットカード", "credit_card"), ("au PAY（auかんたん決済）", "au_pay"), ("コンビニ決済", "konbini"),
    ("銀行振込", "bank_transfer"), ("ドコモ払い", "carrier_billing"), ("ｸﾚｼﾞｯﾄ", "credit_card"), ("", ""),
])
def test_payment_words(text, method):
    assert payment_method_id(text) == method


def test_draft_command_json_shapes(capsys):
    assert cli.main(["draft", "reply", str(DEMO_FILE), "--json"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert set(reply) == {"kind", "order_id", "subject", "body", "gloss"}
    assert reply["body"] == "\n\n".join(p["ja"] for p in reply["gloss"])
    assert cli.main(["draft", "stockout", str(DEMO_FILE), "--order", "34002191",
                     "--order", "34002023", "--json"]) == 0
    notices = json.loads(capsys.readouterr().out)
    assert [n["order_id"] for n in notices] == ["34002191", "34002023"]
    assert all(not KANA.search(p["zh"]) for n in notices for p in n["gloss"])


def test_draft_command_asks_for_what_it_cannot_know(capsys, tmp_path):
    own = tmp_path / "orders.csv"
    own.write_bytes(DEMO_FILE.read_bytes())  # a seller's own file: no demo shop to sign with
    assert cli.main(["draft", "reply", str(own), "--json"]) == 2
    err = capsys.readouterr().err
    assert "--shop" in err and "--person" in err and "Traceback" not in err
    assert cli.main(["draft", "reply", str(own), "--shop", "山田商店", "--person", "山田", "--json"]) == 0
    assert "山田商店" in json.loads(capsys.readouterr().out)["body"]


def test_draft_command_reports_an_unknown_order(capsys):
    assert cli.main(["draft", "delay", str(DEMO_FILE), "--order", "nope"]) == 2
    assert "order nope: not found" in capsys.readouterr().err


def test_shop_profile_is_what_signs(summary):
    shop = ShopProfile(shop_name="山田商店", person="山田 花子")
    draft = render("reply", reply_facts(summary, "aupay", shop, today=TODAY))
    assert "山田商店" in draft.body and "山田 花子" in draft.body


def test_stockout_options_from_the_command_line(capsys):
    assert cli.main(["draft", "stockout", str(DEMO_FILE), "--order", "34002191", "--restock", "2026-10-10",
                     "--alternative", "代替イヤホン|https://example.jp/alt", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)["body"]
    assert body.index("① 入荷を待って") < body.index("② 別の商品") < body.index("③ ご注文をキャンセル")
    assert "2026年10月10日" in body and "https://example.jp/alt" in body
