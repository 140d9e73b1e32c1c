"""The command line: report exit codes and output, and the self-test a build runs in CI."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seller_gui import cli
from tests.conftest import DEMO_FILE

ROOT = Path(__file__).resolve().parents[1]


def test_report_json_for_the_demo(capsys):
    assert cli.main(["report", str(DEMO_FILE), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["marketplace"] == "aupay"
    assert report["marketplaces"]["aupay"]["orders"] == 225


def test_report_names_a_bad_file_on_stderr_and_still_reports_the_others(capsys, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some words\nnothing else\n", encoding="utf-8")
    assert cli.main(["report", str(DEMO_FILE), str(bad), "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["files"][0]["orders"] == 314
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(bad)) and "Traceback" not in captured.err


def test_report_works_without_a_console(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert cli.main(["report", str(DEMO_FILE)]) == 0


def test_self_test_reads_paints_and_exits_zero(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state")}
    result = subprocess.run([sys.executable, "-m", "seller_gui", "--self-test"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.strip().splitlines()
    assert line.startswith("self-test ok: aupay-demo-orders.csv read as aupay/cp932")
    assert "6.7%-8.0% (warn)" in line


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_informational_flags_exit_cleanly(args, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(args)
    assert stop.value.code == 0
    assert "seller-gui" in capsys.readouterr().out


def test_report_joins_a_yahoo_item_file_to_its_order_file(capsys, tmp_path):
    from tests.core.exports import write_text, yahoo_tables

    orders, items = yahoo_tables()
    order_path = write_text(tmp_path / "yahoo-order.csv", orders)
    item_path = write_text(tmp_path / "yahoo-item.csv", items)
    assert cli.main(["report", str(item_path), str(order_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f["marketplace"] for f in report["files"]] == ["yahoo"]
    assert "yahoo" in report["marketplaces"]
