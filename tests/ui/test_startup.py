"""Start-up paints before it loads: the window's first frame needs neither pandas nor the drafts."""

import json
import os
import subprocess
import sys
from pathlib import Path

from seller_gui.ui.main_window import MainWindow, demo_path

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20_000
# Modules the first paint must not wait for: the data stack, the templates' engine, the readers.
LATER = ("pandas", "numpy", "jinja2", "openpyxl", "python_calamine", "charset_normalizer",
         "seller_gui.core.pipeline", "seller_gui.core.reading.loader", "seller_gui.ui.drafts_panel",
         "seller_gui.ui.dashboard")

FIRST_FRAME = """
import json, sys
from PySide6.QtCore import QSettings
from seller_gui.ui.app import application, load_catalog
from seller_gui.ui.main_window import MainWindow
app = application()
window = MainWindow(load_catalog("en"), QSettings(sys.argv[1], QSettings.Format.IniFormat),
                    dashboard_later=True)
window.show()
window.repaint()
app.processEvents()
print(json.dumps(sorted(name for name in sys.modules if name in %r)))
"""


def test_the_first_frame_imports_none_of_the_data_stack(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "SELLER_GUI_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME % (LATER,), str(tmp_path / "s.ini")],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_a_window_built_for_start_up_shows_the_drop_area_then_the_demo(qtbot, catalog, settings):
    window = MainWindow(catalog, settings, dashboard_later=True)
    qtbot.addWidget(window)
    window.show()
    assert window.pages.count() == 1 and window.pages.currentWidget() is window.drop_area
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT):
        window.open_paths([demo_path()], demo=True)
    assert window.pages.currentWidget() is window.dashboard_page
    assert "aupay" in window.cards and window.risk_panel.model.rowCount() > 0
    window.set_language("ja")  # the dashboard built late follows the language like the rest
    assert window.tabs.tabText(3) == catalog.text("tab_drafts")
