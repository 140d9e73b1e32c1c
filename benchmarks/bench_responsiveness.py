"""Does the window stay responsive while a big export loads? (issue 5: no stall over 100 ms)

A 10 ms QTimer ticks on the GUI thread during the whole load of one file through the real window; the
gaps between ticks are how long the window could not answer the seller. Prints the load time, the
longest gap, the 99th percentile and how many gaps exceeded 100 ms.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_responsiveness.py [FILE]
(default FILE: benchmarks/data/aupay-1m.csv from benchmarks/make_bench_data.py)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from seller_gui.core.i18n import Catalog  # noqa: E402
from seller_gui.resources_path import resource  # noqa: E402
from seller_gui.ui.main_window import MainWindow  # noqa: E402
from seller_gui.ui.selftest import wait_until  # noqa: E402


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benchmarks" / "data" / "aupay-1m.csv"
    _app = QApplication([])  # alive while the window loads
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "bench.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Catalog.load(resource("i18n"), "en"), settings)  # every catalogue file, as the app
        window.show()
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        done: list[float] = []
        window.dashboard_ready.connect(lambda _d: done.append(time.perf_counter()))
        timer.start()
        started = time.perf_counter()
        window.open_paths([path])
        wait_until(lambda: bool(done), 600, step=0.001)
        wait_until(lambda: False, 0.5, step=0.001)  # the first paint of the filled dashboard counts too
        timer.stop()
    pairs = list(zip(ticks, ticks[1:], strict=False))
    gaps = sorted(b - a for a, b in pairs)
    worst = max(pairs, key=lambda pair: pair[1] - pair[0], default=None)
    p99 = gaps[int(0.99 * (len(gaps) - 1))] if gaps else float("nan")
    rows = window.summary.files[0].rows if window.summary and window.summary.files else 0
    print(f"file: {path.name}, {rows:,} rows; load + analysis {done[0] - started:.2f} s" if done
          else "load did not finish")
    print(f"GUI ticks: {len(ticks)}; longest gap {gaps[-1] * 1000:.0f} ms; p99 {p99 * 1000:.0f} ms; "
          f"gaps over 100 ms: {sum(g > 0.1 for g in gaps)}")
    if worst is not None and done:  # where in the load the window waited longest
        print(f"longest gap from {worst[0] - started:.2f} s to {worst[1] - started:.2f} s after the drop; "
              f"figures on screen at {done[0] - started:.2f} s")


if __name__ == "__main__":
    main()
