"""Output to a pipe or a file is UTF-8 whatever the system's code page (a Western Windows is cp1252),
so a report or a draft saved by a script keeps its Chinese and Japanese."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import DEMO_FILE, ROOT


def test_a_piped_report_is_utf8_on_a_western_code_page(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONPATH": str(ROOT), "SELLER_GUI_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "seller_gui", "report", str(DEMO_FILE), "--json"], cwd=ROOT,
                          env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("utf-8")  # strict: the bytes as written are UTF-8
    json.loads(text)
    assert any(ord(ch) > 0x3000 for ch in text)  # Japanese item names came through, not "?"
