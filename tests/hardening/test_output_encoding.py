"""The command line's output stays valid UTF-8 when a path holds bytes that are not UTF-8 (issue 15,
item 10): Linux hands such names to Python as lone surrogates, which a UTF-8-mode stdout would write
back as the raw bytes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seller_gui.cli.report import printable
from tests.conftest import DEMO_FILE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="names are bytes on Linux only")


def _run(args: list[str | bytes], tmp_path: Path, utf8_mode: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUTF8": utf8_mode, "LC_ALL": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "seller_gui", "report", *args, "--no-store"], cwd=ROOT,
                          env=env, capture_output=True, timeout=120)


@pytest.mark.parametrize("utf8_mode", ["1", "0"])
def test_report_with_a_non_utf8_file_name_prints_valid_utf8(tmp_path, utf8_mode):
    good = os.path.join(os.fsencode(tmp_path), b"orders-\xff.csv")
    shutil.copyfile(DEMO_FILE, good)
    bad = os.path.join(os.fsencode(tmp_path), b"memo-\xfe.csv")
    with open(bad, "wb") as handle:
        handle.write(b"")
    shown = os.fsdecode(good).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    result = _run([good, bad, "--json"], tmp_path, utf8_mode)
    assert result.returncode == 2
    report = json.loads(result.stdout.decode("utf-8"))  # strict: a raw \xff byte fails here
    assert [f["path"] for f in report["files"]] == [shown] and "orders-\ufffd.csv" in shown
    assert report["files"][0]["orders"] == 314
    assert [f["code"] for f in report["failures"]] == ["empty_file"]
    assert result.stderr.decode("utf-8").startswith(str(tmp_path) + "/memo-\ufffd.csv: ")
    text = _run([good], tmp_path, utf8_mode)
    assert text.returncode == 0 and "orders-\ufffd.csv" in text.stdout.decode("utf-8")


def test_printable_replaces_only_what_is_not_text():
    assert printable("注文-\udcff.csv") == "注文-\ufffd.csv"
    assert printable("lone \ud800 surrogate") == "lone \ufffd\ufffd\ufffd surrogate"
    assert printable("ｶﾅ and � stay") == "ｶﾅ and � stay"
