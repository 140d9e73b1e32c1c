"""Start-up from source against a bare PySide6 + pandas process, and a 50,000-line drop.

    python benchmarks/bench_startup.py [--runs 7] [--drop-lines 50000] [--drop-runs 5] [--json]

Start-up, timed from outside, interleaved so both see the same machine load; medians of ``--runs``:
- bare: a process that imports PySide6.QtWidgets and pandas, shows a QLabel and exits from inside its
  first paintEvent (the floor any PySide6 + pandas app pays);
- window: ``python -m seller_gui`` with SELLER_GUI_EXIT_AFTER_PAINT=1 and a fresh SELLER_GUI_HOME,
  until it says its window first painted (stderr ``window painted``); goal: ratio to bare <= 1.0;
- figures: the same run until the demo's figures are painted (stdout ``first paint: ...``).
Both start lines are timed when the line reaches this process, so both pay the same pipe delay.

Drop: in this process, a generated 50,000-line au PAY export given to the window's ``open_paths``
until ``dashboard_ready`` (goal under 1 s). Offscreen; nothing here is asserted, only printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"ratio": 1.0, "drop_s": 1.0}
PAINTED, FIGURES = "window painted", "first paint:"

BARE = """
import os, sys
import PySide6.QtWidgets as widgets
import pandas

class Label(widgets.QLabel):
    def paintEvent(self, event):
        super().paintEvent(event)
        sys.stderr.write("window painted\\n")
        sys.stderr.flush()
        os._exit(0)

app = widgets.QApplication([])
label = Label("Seller GUI")
label.resize(400, 200)
label.show()
app.exec()
"""


def _timed_lines(stream, started: float, marks: dict[str, float]) -> None:
    for line in stream:
        for mark in (PAINTED, FIGURES):
            if line.startswith(mark) and mark not in marks:
                marks[mark] = time.perf_counter() - started


def _run(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Start ``argv`` and return when each mark line arrived (seconds from the start)."""
    marks: dict[str, float] = {}
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", errors="replace")
    readers = [threading.Thread(target=_timed_lines, args=(s, started, marks))
               for s in (process.stdout, process.stderr)]
    for reader in readers:
        reader.start()
    code = process.wait(timeout=120)
    for reader in readers:
        reader.join()
    if code != 0 or PAINTED not in marks:
        raise SystemExit(f"{argv[-1]} did not paint (exit {code}, marks {marks})")
    return marks


def _env(home: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
            "SELLER_GUI_EXIT_AFTER_PAINT": "1", "SELLER_GUI_HOME": home, "HOME": home,
            "XDG_CONFIG_HOME": f"{home}/config", "XDG_STATE_HOME": f"{home}/state",
            "XDG_DATA_HOME": f"{home}/data", "XDG_CACHE_HOME": f"{home}/cache"}


def time_start(runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"bare": [], "window": [], "figures": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            times["bare"].append(_run([sys.executable, "-c", BARE], _env(home))[PAINTED])
        with tempfile.TemporaryDirectory() as home:
            marks = _run([sys.executable, "-m", "seller_gui"], _env(home))
        if FIGURES not in marks:
            raise SystemExit("the window did not paint the demo's figures")
        times["window"].append(marks[PAINTED])
        times["figures"].append(marks[FIGURES])
    return times


def write_export(lines: int, folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from benchmarks.make_bench_data import aupay_frame

    target = folder / f"aupay-{lines // 1000}k.csv"
    aupay_frame(lines).to_csv(target, index=False, encoding="cp932", quoting=csv.QUOTE_ALL,
                              lineterminator="\r\n")
    return target


def time_drop(lines: int, runs: int) -> list[float]:
    """Seconds from open_paths to dashboard_ready for one export, in a window that is already up."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from seller_gui.ui.app import load_catalog
    from seller_gui.ui.main_window import MainWindow
    from seller_gui.ui.selftest import wait_until

    _app = QApplication.instance() or QApplication([])  # alive while the window loads
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        export = write_export(lines, folder)
        settings = QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat)
        window = MainWindow(load_catalog("en"), settings)
        window.show()
        done: list[float] = []
        window.dashboard_ready.connect(lambda _summary: done.append(time.perf_counter()))

        def load(paths: list[Path], demo: bool = False) -> float:
            done.clear()
            started = time.perf_counter()
            window.open_paths(paths, demo=demo)
            if not wait_until(lambda: bool(done), 120, step=0.001):
                raise SystemExit("the export did not load within 120 s")
            return done[0] - started

        window.open_demo()  # the seller's first load already paid for the imports
        load([window.loaded_paths[0]], demo=True)
        for _ in range(runs):
            times.append(load([export]))
        rows = window.summary.files[0].rows if window.summary and window.summary.files else 0
        if rows < lines * 0.99:
            raise SystemExit(f"the export gave {rows} rows, not {lines}")
        window.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each process")
    parser.add_argument("--drop-lines", type=int, default=50_000)
    parser.add_argument("--drop-runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    start = time_start(args.runs)
    drop = time_drop(args.drop_lines, args.drop_runs)
    med = {name: statistics.median(values) for name, values in start.items()}
    figures = {"bare_s": round(med["bare"], 3), "window_s": round(med["window"], 3),
               "figures_s": round(med["figures"], 3), "ratio": round(med["window"] / med["bare"], 2),
               "drop_s": round(statistics.median(drop), 3), "drop_lines": args.drop_lines,
               "runs": args.runs}
    missed = [name for name, goal in GOALS.items() if figures[name] > goal]
    if args.json:
        print(json.dumps({**figures, "goals": GOALS, "missed": missed}))
        return 0
    print(f"bare PySide6 + pandas label painted: median {med['bare']:.2f} s of {args.runs} "
          f"(min {min(start['bare']):.2f}, max {max(start['bare']):.2f})")
    print(f"seller_gui window painted:           median {med['window']:.2f} s "
          f"(min {min(start['window']):.2f}, max {max(start['window']):.2f}); "
          f"ratio {figures['ratio']:.2f} (goal <= {GOALS['ratio']:.1f})")
    print(f"seller_gui demo figures on screen:   median {med['figures']:.2f} s "
          f"(min {min(start['figures']):.2f}, max {max(start['figures']):.2f})")
    print(f"{args.drop_lines:,}-line export dropped -> figures on screen: median {figures['drop_s']:.2f} s "
          f"of {args.drop_runs} (min {min(drop):.2f}, max {max(drop):.2f}; goal < {GOALS['drop_s']:.1f} s)"
          + (f"; MISSED: {', '.join(missed)}" if missed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
