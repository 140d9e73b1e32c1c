"""The command line with every hostile file at once: exit 2, one stderr line per rejected file naming
the file and the reason, never a traceback, and the good files still analysed (issue 9).

Runs as a real process so that whatever the workbook-reading children write to the terminal counts
(calamine prints a Rust backtrace when it aborts).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEMO_FILE
from tests.hardening import hostile

ROOT = Path(__file__).resolve().parents[2]


def test_report_over_every_hostile_file_at_once(tmp_path):
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    entries = {str(hostile.write(entry, tmp_path)): entry for entry in hostile.CATALOGUE}
    folder, missing = tmp_path / "a-folder.csv", tmp_path / "gone.csv"
    folder.mkdir()
    bad = [p for p, e in entries.items() if e.expected != hostile.LOADED] + [str(folder), str(missing)]
    good = [str(DEMO_FILE)] + [p for p, e in entries.items() if e.expected == hostile.LOADED]
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "seller_gui", "report", *good[:1], *bad, *good[1:],
                             "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if ": warning: " not in line]  # loaded, with a note
    assert "Traceback" not in result.stderr and len(lines) == len(bad), result.stderr
    for path, line in zip(bad, lines, strict=True):  # in the order given, one each
        assert line.startswith(f"{path}: ") and line.endswith((".", ")")), line
    report = json.loads(result.stdout)
    assert sorted(f["path"] for f in report["files"]) == sorted(good)
    assert {f["path"]: f["kind"] for f in report["failures"]} == {
        **{p: e.reported_kind for p, e in entries.items() if e.expected != hostile.LOADED},
        str(folder): "unreadable", str(missing): "unreadable"}
    assert {f["path"]: f["orders"] for f in report["files"]}[str(DEMO_FILE)] == 314
    assert report["marketplaces"]["aupay"]["orders"] > 0
