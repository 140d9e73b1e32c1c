"""``seller-gui draft`` says what the window says: only the seller's choices, the unknown causes
named, and exit 2 naming the option for anything it was not given."""

import json
import re

import pytest

from seller_gui import cli
from tests.conftest import DEMO_FILE
from tests.core.draft_samples import AS_OF, write_samples

KANA = re.compile("[\u3040-\u30ff]")
SIGN = ["--shop", "山田商店", "--person", "山田 花子"]


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return write_samples(tmp_path_factory.mktemp("draft-cli"))


def run(capsys, *argv):
    status = cli.main(["draft", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_draft_options_lists_every_id_with_three_labels(capsys):
    status, out, _ = run(capsys, "options", "--json")
    table = json.loads(out)
    assert status == 0
    causes = {row["id"]: row for row in table["--cause"]}
    assert {"timesale_stock", "supplier_stockout"} <= set(causes)
    assert {"contacted_buyers"} <= {row["id"] for row in table["--done"]}
    measures = {row["id"]: row for row in table["--measure"]}
    assert measures["sync_interval"]["values"] == {"minutes": "15"}
    assert "15分" in measures["sync_interval"]["ja"] and "15 minutes" in measures["sync_interval"]["en"]
    for rows in table.values():
        for row in rows:
            assert all(row[lang].strip() for lang in ("zh", "en", "ja"))
            assert not re.search(r"[{}|]|mp\.", row["zh"] + row["en"] + row["ja"]), row
            assert not KANA.search(row["zh"]), row
    status, text, _ = run(capsys, "options")
    assert status == 0 and "timesale_stock" in text and "zh:" in text and "ja:" in text


@pytest.mark.parametrize("name", ["rakuten", "yahoo", "amazon", "qoo10", "mercari"])
def test_a_reply_with_unknown_causes_is_refused_naming_the_options(capsys, samples, name):
    status, out, err = run(capsys, "reply", str(samples[name]), "--as-of", AS_OF, *SIGN, "--no-store")
    assert status == 2 and out == ""
    assert "unknown cause" in err and "--unknown-investigating" in err
    assert "--measure" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["rakuten", "yahoo", "amazon", "qoo10", "mercari"])
def test_a_reply_reporting_them_as_under_investigation_claims_nothing_else(capsys, samples, name):
    status, out, err = run(capsys, "reply", str(samples[name]), "--as-of", AS_OF, *SIGN, "--no-store",
                           "--unknown-investigating", "--measure", "safety_stock", "--json")
    assert status == 0, err
    body = json.loads(out)["body"]
    assert "原因を確認中" in body and "当店都合と確認したもの：0件" in body
    assert "当店の都合により" not in body and "多くの" not in body
    assert "返金" not in body and "仕入先" not in body and "タイムセール" not in body  # nothing not chosen
    assert re.search(r"0\.0%～\d+\.\d%", body)


def test_the_rate_is_the_gauges_with_both_bounds(capsys, samples):
    cli.main(["report", str(samples["rakuten"]), "--as-of", AS_OF, "--json", "--no-store"])
    block = json.loads(capsys.readouterr().out)["marketplaces"]["rakuten"]
    status, out, _ = run(capsys, "reply", str(samples["rakuten"]), "--as-of", AS_OF, *SIGN, "--no-store",
                         "--investigating", "--measure", "safety_stock", "--json")
    lower, upper = (f"{block[k] * 100:.1f}%" for k in ("seller_cancel_rate", "seller_cancel_rate_upper"))
    assert status == 0 and f"{lower}～{upper}" in json.loads(out)["body"]


def test_choices_reach_the_reply_with_their_values(capsys):
    status, out, err = run(capsys, "reply", str(DEMO_FILE), "--unknown-investigating",
                           "--cause", "timesale_stock", "--done", "timesale_fixed",
                           "--measure", "sync_interval:minutes=10", "--measure", "target_rate:target=2.5",
                           "--json")
    assert status == 0, err
    reply = json.loads(out)
    body = reply["body"]
    assert "タイムセールの設定時に" in body and "販売数の上限を実在庫以下に修正" in body
    assert "10分に短縮（2026年9月30日から実施）" in body and "2.5%未満" in body
    en = "\n".join(p["en"] for p in reply["gloss"])
    assert "10 minutes" in en and "2.5%" in en


@pytest.mark.parametrize("argv, named", [
    (["--cause", "bad_luck"], "--cause bad_luck"),
    (["--done", "safety_stock"], "--done safety_stock"),
    (["--measure", "sync_interval:minutes=0"], "--measure sync_interval:minutes=0"),
    (["--measure", "sync_interval:hours=3"], "no hours"),
])
def test_an_unknown_choice_exits_2_naming_the_option(capsys, argv, named):
    status, out, err = run(capsys, "reply", str(DEMO_FILE), *argv)
    assert status == 2 and named in err and out == ""


def test_without_choices_the_reply_claims_nothing(capsys):
    status, out, err = run(capsys, "reply", str(DEMO_FILE), "--unknown-investigating")
    assert status == 2 and out == ""
    assert "causes (--cause ID)" in err and "measures (--measure ID)" in err


def test_draft_command_asks_for_the_signature(capsys, tmp_path):
    own = tmp_path / "orders.csv"
    own.write_bytes(DEMO_FILE.read_bytes())  # a seller's own file: no demo shop to sign with
    status, _, err = run(capsys, "reply", str(own), "--investigating", "--cause", "timesale_stock",
                         "--measure", "safety_stock")
    assert status == 2 and "--shop" in err and "--person" in err and "Traceback" not in err
    status, out, _ = run(capsys, "reply", str(own), *SIGN, "--investigating", "--cause", "timesale_stock",
                         "--measure", "safety_stock", "--json")
    assert status == 0 and "山田商店" in json.loads(out)["body"]


def test_a_delay_notice_without_dates_asks_for_them(capsys, samples):
    status, out, err = run(capsys, "delay", str(samples["rakuten"]), "--as-of", AS_OF, *SIGN, "--no-store")
    assert status == 2 and out == ""
    assert "--ship-date" in err and "--arrival" in err and "--reason" in err
    status, out, err = run(capsys, "delay", str(samples["rakuten"]), "--as-of", AS_OF, *SIGN, "--no-store",
                           "--reason", "supplier_delay", "--ship-date", "2026-10-03", "--arrival",
                           "2026-10-06", "--json")
    assert status == 0, err
    notices = json.loads(out)
    assert notices and all("2026年10月3日" in n["body"] and "2026年10月6日" in n["body"] for n in notices)


def test_json_shapes_and_the_gloss_choice(capsys):
    status, out, _ = run(capsys, "stockout", str(DEMO_FILE), "--order", "34002191", "--order", "34002023",
                         "--reason", "supplier_stockout", "--json")
    notices = json.loads(out)
    assert status == 0 and [n["order_id"] for n in notices] == ["34002191", "34002023"]
    assert all(n["body"] == "\n\n".join(p["ja"] for p in n["gloss"]) for n in notices)
    assert all(not KANA.search(p["zh"]) for n in notices for p in n["gloss"])
    status, out, _ = run(capsys, "stockout", str(DEMO_FILE), "--order", "34002191",
                         "--reason", "supplier_stockout", "--gloss", "none")
    assert status == 0 and "[zh]" not in out and "[en]" not in out and "件名：" in out


def test_draft_command_reports_an_unknown_order(capsys):
    status, _, err = run(capsys, "delay", str(DEMO_FILE), "--order", "nope")
    assert status == 2 and "order nope: not found" in err


def test_stockout_options_from_the_command_line(capsys):
    status, out, err = run(capsys, "stockout", str(DEMO_FILE), "--order", "34002191", "--restock", "2026-10-10",
                         "--reason", "supplier_stockout",
                         "--alternative", "代替イヤホン|https://example.jp/alt", "--json")
    assert status == 2 and "--reply-by DATE" in err  # the day a buyer answers by is the seller's to set
    status, out, _ = run(capsys, "stockout", str(DEMO_FILE), "--order", "34002191", "--restock", "2026-10-10",
                         "--reason", "supplier_stockout", "--reply-by", "2026-10-04",
                         "--alternative", "代替イヤホン|https://example.jp/alt", "--json")
    body = json.loads(out)["body"]
    assert status == 0 and "2026年10月4日までに" in body
    assert body.index("① 入荷を待って") < body.index("② 別の商品") < body.index("③ ご注文をキャンセル")
    assert "2026年10月10日" in body and "https://example.jp/alt" in body and "以下の3つの中から" in body


def test_a_period_without_orders_is_named_not_rendered_as_zero(capsys):
    status, out, err = run(capsys, "reply", str(DEMO_FILE), "--as-of", "2027-06-01", "--investigating",
                           "--cause", "timesale_stock", "--measure", "safety_stock", "--no-store")
    assert status == 2 and out == "" and "the period has no orders" in err and "0.0%" not in err


def test_nothing_to_draft_is_said_not_silent(capsys, samples, tmp_path):
    status, out, err = run(capsys, "cancel", str(samples["rakuten"]), "--as-of", AS_OF, *SIGN, "--no-store",
                           "--reason", "stockout")
    assert status == 2 and out == "" and "--order" in err  # no cancellation is confirmed as the shop's
    stock = tmp_path / "在庫.csv"
    stock.write_text("SKU,在庫数\nHB-2001,0\n", encoding="utf-8-sig")
    status, out, err = run(capsys, "reply", str(stock), *SIGN, "--no-store")
    assert status == 2 and "no order export" in err
