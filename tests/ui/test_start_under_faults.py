"""Start-up under faults: no log folder is no reason not to start; a killed export's leftovers go."""

import os
import subprocess
import sys
from pathlib import Path

from seller_gui.core.logs import fallback_log_dir
from seller_gui.core.storage.atomic import STALE_AFTER_SECONDS, temporary_beside
from seller_gui.ui.app import remove_stale_export_temporaries

ROOT = Path(__file__).resolve().parents[2]
WINDOWED = "import sys; sys.stdout = sys.stderr = None; from seller_gui.cli import main; raise SystemExit(main())"


def _start(tmp_path: Path, code: list[str], temp: Path) -> subprocess.CompletedProcess:
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("a file where the log folder should be", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SELLER_GUI_EXIT_AFTER_PAINT": "1",
           "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "SELLER_GUI_HOME": str(home),
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    return subprocess.run([sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_a_blocked_log_folder_sends_the_log_to_the_temp_folder_and_the_window_opens(tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    result = _start(tmp_path, ["-m", "seller_gui"], temp)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "first paint: aupay-demo-orders.csv (0 failed)"
    [log_file] = temp.glob("seller-gui-logs*/seller-gui.log")
    assert "loaded aupay-demo-orders.csv" in log_file.read_text(encoding="utf-8")


def test_the_windowed_build_with_no_folder_for_a_log_at_all_still_opens(tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    (temp / fallback_log_dir().name).write_text("a file where the fallback folder should be", encoding="utf-8")
    result = _start(tmp_path, ["-c", WINDOWED], temp)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.rglob("seller-gui.log"))


def test_the_start_removes_what_a_killed_export_left_in_the_last_export_folder(tmp_path, settings):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "orders.xlsx").write_bytes(b"the seller's export")
    left = temporary_beside(exports / "orders.xlsx")
    then = left.stat().st_mtime - STALE_AFTER_SECONDS - 60
    os.utime(left, (then, then))
    settings.setValue("files/export_dir", str(exports))
    remove_stale_export_temporaries(settings)
    assert [p.name for p in exports.iterdir()] == ["orders.xlsx"]
    assert (exports / "orders.xlsx").read_bytes() == b"the seller's export"
