"""The window fits the screens sellers have, from a 1024x640 laptop to 4K at 200%, in zh, ja and en:
a geometry saved on a bigger screen is brought inside, no label, button, tab or overview cell is cut
(measured with its font against its width), no two texts are drawn over each other, and every
overview row is in sight. Each screen is a child process on Qt's offscreen platform with that screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QRect

from seller_gui.ui.main_window import clamp_to_screen
from tests.conftest import ROOT

SCREENS = [(1024, 640, "1"), (1440, 900, "1"), (1920, 1080, "1.5"), (3840, 2160, "2")]


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS, ids=[f"{w}x{h}@{s}" for w, h, s in SCREENS])
def test_the_window_fits_and_cuts_no_text(tmp_path, width, height, scale):
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}", QT_SCALE_FACTOR=scale,
               PYTHONPATH=str(ROOT), SELLER_GUI_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-m", "tests.ui.screen_fit", str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stderr[-2000:]
    report = json.loads(lines[-1])
    logical = (round(width / float(scale)), round(height / float(scale)))
    assert tuple(report["screen"][:2]) == logical
    assert not report["outside"], report["screen"]  # saved at 1979x1290, opened inside the screen
    for language in ("zh", "ja", "en"):
        assert report["labels"][language] >= 10  # the dashboard was measured, not an empty window
        assert report["cut"][language] == [], language
        assert report["overlap"][language] == [], language
    assert len(report["tabs"]) == 6  # drafts and notice tabs, three languages each
    for tab, found in report["tabs"].items():
        assert not found["outside"], tab  # the drafts' choices never widen the window past the screen
        assert found["cut"] == [] and found["overlap"] == [], (tab, found)


def test_a_geometry_from_a_bigger_screen_is_moved_and_shrunk_inside():
    room = QRect(0, 0, 1280, 696)
    assert clamp_to_screen(QRect(40, 40, 1979, 1290), room) == QRect(0, 0, 1280, 696)
    assert clamp_to_screen(QRect(900, 500, 600, 400), room) == QRect(680, 296, 600, 400)
    assert clamp_to_screen(QRect(-300, -20, 500, 300), room) == QRect(0, 0, 500, 300)
    inside = QRect(100, 100, 800, 500)
    assert clamp_to_screen(inside, room) == inside
