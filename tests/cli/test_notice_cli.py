"""``seller-gui notice`` and ``seller-gui draft reply --notice`` from the command line."""

import io
import json
import subprocess
import sys

import pytest

from seller_gui import cli
from seller_gui.cli.notice import run_notice_command
from tests.conftest import DEMO_FILE, ROOT

SEED = ROOT / "tests" / "fixtures" / "notices" / "aupay-seed-cancellation-warning.txt"


def test_notice_json_for_the_seed(capsys):
    assert cli.main(["notice", str(SEED), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["marketplace"], out["kind"], out["topic"]) == ("aupay", "warning", "seller_cancellation")
    assert [a["code"] for a in out["asks"]] == ["stock_management", "delay_notice"]
    assert set(out["facts"]) >= {"rules", "metrics", "thresholds", "windows", "deadlines", "measures", "member_number"}
    assert all(set(s) >= {"text", "zh", "en", "known"} and s["known"] for s in out["sentences"])
    assert out["recognised"] == {"known": len(out["sentences"]), "sentences": len(out["sentences"]), "share": 1.0}


def test_notice_from_standard_input_in_plain_text():
    stdin = io.TextIOWrapper(io.BytesIO(SEED.read_bytes()), encoding="utf-8")
    stdout = io.StringIO()
    assert run_notice_command(["-"], stdin=stdin, stdout=stdout, stderr=io.StringIO()) == 0
    text = stdout.getvalue()
    assert "Marketplace: au PAY Market" in text and "Kind: Warning (no measure yet)" in text
    assert "1. Manage stock" in text and "2. Tell buyers promptly" in text
    assert "28 of 28 sentences recognised (100%)" in text


def test_an_unknown_sentence_is_marked_and_never_translated(capsys, tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("ご担当者様\n当月の配送品質指標は3.5%です。\n", encoding="utf-8")
    assert cli.main(["notice", str(notice), "--json"]) == 0
    sentence = json.loads(capsys.readouterr().out)["sentences"][1]
    assert sentence["known"] is False and sentence["zh"] is None and sentence["en"] is None
    assert {"kind": "threshold", "value": "3.5%"} in sentence["facts"]


def test_a_notice_that_asks_nothing_says_so(capsys):
    path = ROOT / "tests" / "fixtures" / "notices" / "amazon-ja-support-reply.txt"
    assert cli.main(["notice", str(path)]) == 0
    assert "This notice asks for nothing; no reply is needed." in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [(None, "cannot be read"), (b"\x00\x01\x02" * 100, "not a text file"),
                                              (b"   \n", "No notice yet")])
def test_a_file_that_is_no_notice_gets_one_line_and_status_2(capsys, tmp_path, content, message):
    path = tmp_path / "notice.txt"
    if content is not None:
        path.write_bytes(content)
    assert cli.main(["notice", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and str(path) in err[0]


def test_draft_reply_answers_the_seed_notice_point_by_point(capsys):
    choices = ["--unknown-investigating", "--cause", "stock_sync_delay", "--measure", "safety_stock",
               "--measure", "delay_contact", "--shop", "華彩生活館", "--person", "王 偉"]
    assert cli.main(["draft", "reply", str(DEMO_FILE), "--notice", str(SEED), "--json", *choices]) == 0
    body = json.loads(capsys.readouterr().out)["body"]
    first, second = body.index("1. 在庫管理の徹底について"), body.index("2. 発送が遅れる場合")
    assert first < body.index("安全在庫") < second < body.index("24時間以内")
    assert "[member number]" not in body  # the poster masked it: nothing to quote


def test_draft_reply_to_a_notice_names_the_points_still_unanswered(capsys):
    assert cli.main(["draft", "reply", str(DEMO_FILE), "--notice", str(SEED), "--unknown-investigating",
                     "--cause", "stock_sync_delay", "--measure", "safety_stock"]) == 2
    err = capsys.readouterr().err
    assert "'delay_notice'" in err and "--answer delay_notice=TEXT" in err
    assert "'stock_management'" not in err


def test_draft_reply_with_a_notice_it_cannot_read_says_so(capsys, tmp_path):
    assert cli.main(["draft", "reply", str(DEMO_FILE), "--notice", str(tmp_path / "none.txt")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_notice_works_without_a_console(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert cli.main(["notice", str(SEED)]) == 0


def test_the_command_line_prints_the_member_number_masked():
    text = SEED.read_text(encoding="utf-8").replace("[member number]", "87654321")
    result = subprocess.run([sys.executable, "-m", "seller_gui", "notice", "-", "--json"], input=text.encode(),
                            capture_output=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.decode("utf-8"))
    assert out["facts"]["member_number"] == "******21"


def test_the_printed_notice_never_shows_the_member_or_shop_number(capsys, tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("[member number]", "87654321") + "\n店舗ID: shop-778899\n"
    path = tmp_path / "n.txt"
    path.write_text(text, encoding="utf-8")
    for extra in ([], ["--json"]):
        assert cli.main(["notice", str(path), *extra]) == 0
        out = capsys.readouterr().out
        assert "87654321" not in out and "shop-778899" not in out
        assert "******21" in out


def test_a_notice_that_asks_nothing_gets_no_reply(capsys):
    support = ROOT / "tests" / "fixtures" / "notices" / "aupay-support-reply-closing.txt"
    assert cli.main(["draft", "reply", str(DEMO_FILE), "--notice", str(support), "--unknown-investigating",
                     "--cause", "stock_sync_delay", "--measure", "safety_stock"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "asks for nothing" in captured.err and "support_reply" in captured.err
