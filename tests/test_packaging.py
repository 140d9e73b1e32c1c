"""Packaging: files handed to the executable open in the window, the Windows version resource, and
the self-test's own checks (CI runs the self-test on the frozen build)."""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from seller_gui.ui import selftest
from tests.conftest import DEMO_FILE, ROOT


def _version_script():
    spec = importlib.util.spec_from_file_location("win_version_info", ROOT / "scripts" / "win_version_info.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_app(args: list[str], home: Path) -> subprocess.CompletedProcess:
    """The app as a seller starts it by dropping files on its icon: the program, then the paths."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SELLER_GUI_EXIT_AFTER_PAINT": "1",
           "PYTHONIOENCODING": "utf-8", "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data")}
    return subprocess.run([sys.executable, "-m", "seller_gui", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_files_given_to_the_executable_open_in_the_window(tmp_path):
    exports = tmp_path / "ダウンロード 8月"
    exports.mkdir()
    csv_copy = exports / "受注データ (1).csv"
    shutil.copy(DEMO_FILE, csv_copy)
    workbook = selftest.write_demo_workbook(DEMO_FILE, exports / "注文一覧.xlsx")
    result = _run_app([str(csv_copy), str(workbook)], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == ["first paint: 受注データ (1).csv, 注文一覧.xlsx (0 failed)"]


def test_without_files_the_executable_opens_the_demo(tmp_path):
    result = _run_app([], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "first paint: aupay-demo-orders.csv (0 failed)"


def test_a_file_it_cannot_read_still_opens_the_window_and_says_so(tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("just some words\n", encoding="utf-8")
    result = _run_app([str(notes)], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "first paint:  (1 failed)"


def test_the_demo_workbook_holds_the_demo_lines(tmp_path):
    from openpyxl import load_workbook

    workbook = load_workbook(selftest.write_demo_workbook(DEMO_FILE, tmp_path / "demo.xlsx"),
                             read_only=True)
    rows = list(workbook["orders"].values)
    workbook.close()
    assert len(rows) == selftest.DEMO_ROWS + 1  # and the header
    assert rows[0][:2] == ("controlType", "orderId") and rows[1][1] == "34000007"


def test_self_test_fails_on_figures_other_than_the_demos():
    selftest._check_figures({**selftest.DEMO_FIGURES, "seller_cancel_rate": 0.0667}, "the CSV")
    with pytest.raises(selftest.SelfTestFailure, match="from the .xlsx"):
        selftest._check_figures({**selftest.DEMO_FIGURES, "orders": 224}, "the .xlsx")
    with pytest.raises(selftest.SelfTestFailure):
        selftest._check_figures(None, "the CSV")


@pytest.mark.parametrize(("version", "numbers"), [
    ("0.1.0", (0, 1, 0, 0)), ("1.2.3rc1", (1, 2, 3, 0)), ("2", (2, 0, 0, 0)), ("1.2.3.4.5", (1, 2, 3, 4)),
])
def test_windows_version_numbers_come_from_the_version_string(version, numbers):
    assert _version_script().version_tuple(version) == numbers


def test_windows_version_resource_names_the_project_version(tmp_path):
    script = _version_script()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert script.project_version() == version
    text = script.write_version_info(tmp_path, version).read_text(encoding="utf-8")
    call = ast.parse(text, mode="eval").body  # PyInstaller evaluates this text with its classes
    assert isinstance(call, ast.Call) and call.func.id == "VSVersionInfo"
    assert f"filevers={script.version_tuple(version)}" in text
    assert f"StringStruct('ProductVersion', '{version}')" in text
    assert "StringStruct('OriginalFilename', 'seller-gui.exe')" in text
