"""A killed or failed export leaves no buyer data behind: not beside the target, not in the system temp."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from seller_gui.core.storage.atomic import (
    STALE_AFTER_SECONDS,
    remove_stale_temporaries,
    temporary_beside,
)
from seller_gui.core.storage.export import ExportError, export_frame

ROOT = Path(__file__).resolve().parents[2]
BUYER = "山田花子 東京都千代田区1-1"


@pytest.fixture
def system_temp(tmp_path, monkeypatch):
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _orders(n: int = 5) -> pd.DataFrame:
    return pd.DataFrame({"order_id": [f"A{i:07d}" for i in range(n)], "buyer": [BUYER] * n,
                         "amount": [1200.0 + i for i in range(n)]})


def _age(path: Path, seconds: float) -> None:
    then = path.stat().st_mtime - seconds
    os.utime(path, (then, then))


@pytest.mark.parametrize("name", ["a" * 250 + ".xlsx", "注文一覧" * 20 + "-1.csv"])
def test_a_target_name_at_the_file_system_limit_is_written(tmp_path, name):
    assert 240 <= len(name.encode("utf-8")) <= 255
    target = export_frame(_orders(), tmp_path / name)
    assert [p.name for p in tmp_path.iterdir()] == [name]
    if name.endswith(".xlsx"):
        assert openpyxl.load_workbook(target, read_only=True)["orders"]["B2"].value == BUYER
    else:
        assert BUYER in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("name", ["orders.xlsx", "orders.csv"])
def test_an_export_failing_half_way_leaves_only_the_old_file(tmp_path, system_temp, name):
    exports = tmp_path / "exports"
    exports.mkdir()
    target = exports / name
    target.write_bytes(b"the seller's earlier export")

    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("a bug while writing row 3")

    frame = _orders(5).astype(object)
    frame.iat[3, 1] = Unprintable()
    with pytest.raises(RuntimeError, match="row 3"):
        export_frame(frame, target)
    assert target.read_bytes() == b"the seller's earlier export"
    assert [p.name for p in exports.iterdir()] == [name]
    assert list(system_temp.iterdir()) == []


def test_an_xlsx_export_puts_nothing_in_the_system_temp_folder(tmp_path, system_temp, monkeypatch):
    seen = []
    monkeypatch.setattr(os, "replace", lambda src, dst: seen.extend(system_temp.iterdir()) or
                        os.rename(src, dst))
    export_frame(_orders(2_000), tmp_path / "orders.xlsx")
    assert seen == [] and list(system_temp.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name != "system-temp"] == ["orders.xlsx"]


def test_the_next_export_removes_temporary_files_a_killed_one_left_but_not_a_fresh_one(tmp_path):
    old = temporary_beside(tmp_path / "orders.xlsx")
    old.write_text(BUYER, encoding="utf-8")
    _age(old, STALE_AFTER_SECONDS + 60)
    fresh = temporary_beside(tmp_path / "orders.xlsx")  # perhaps another window exporting right now
    lookalike = tmp_path / ".sg-notours.tmp.bak"
    lookalike.write_text("the seller's", encoding="utf-8")
    _age(lookalike, STALE_AFTER_SECONDS + 60)
    export_frame(_orders(), tmp_path / "other.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, lookalike.name, "other.csv"])


def test_cleaning_a_folder_that_is_gone_or_a_file_is_harmless(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert remove_stale_temporaries(tmp_path / "gone") == 0
    assert remove_stale_temporaries(tmp_path / "file") == 0


def test_a_blocked_export_folder_is_a_typed_error(tmp_path):
    (tmp_path / "exports").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        export_frame(_orders(), tmp_path / "exports" / "orders.xlsx")
    assert caught.value.kind == "unwritable"


_BIG_EXPORT = """
import sys
import pandas as pd
from seller_gui.core.storage.export import export_frame
n = 400_000
frame = pd.DataFrame({"order_id": [f"A{i:07d}" for i in range(n)], "buyer": [sys.argv[2]] * n,
                      "note": [f"note {i}" for i in range(n)], "amount": [float(i) for i in range(n)]})
print("writing", flush=True)
export_frame(frame, sys.argv[1])
print("done", flush=True)
"""


def _wait_for_a_growing_temporary(folder: Path, child: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if any(p.stat().st_size > 200_000 for p in folder.glob(".sg-*.tmp")):
            return
        time.sleep(0.02)
    raise AssertionError("the export never got under way, or finished before it could be killed")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_an_export_killed_half_way_leaves_no_buyer_data_after_the_next_start(tmp_path):
    exports, temp = tmp_path / "exports", tmp_path / "system-temp"
    exports.mkdir()
    temp.mkdir()
    target = exports / "orders.xlsx"
    target.write_bytes(b"the seller's earlier export")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    child = subprocess.Popen([sys.executable, "-c", _BIG_EXPORT, str(target), BUYER], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_a_growing_temporary(exports, child)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"the seller's earlier export"
    assert list(temp.iterdir()) == []  # openpyxl's working copy of the sheet was not in the system temp
    left = [p for p in exports.iterdir() if p != target]
    assert left and all(p.name.startswith(".sg-") and p.name.endswith(".tmp") for p in left)
    assert all(len(p.name) == len(".sg-12345678.tmp") for p in left)
    for path in left:
        _age(path, STALE_AFTER_SECONDS + 60)
    remove_stale_temporaries(exports)  # what the next start does for the last export folder
    assert [p.name for p in exports.iterdir()] == ["orders.xlsx"]
    assert target.read_bytes() == b"the seller's earlier export"
