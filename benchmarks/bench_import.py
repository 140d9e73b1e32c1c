"""Import speed against the bare reads it must stay within 1.5x of (issue 3), measured in one run.

- 1M-line CP932 au PAY export: the whole ``python -m seller_gui report --json FILE`` process vs a bare
  ``python -c "import pandas as pd; pd.read_csv(F, encoding='cp932')"``: wall time and peak RSS.
- 100k-line .xlsx: ``load_order_file`` in a process (it reads through the guarded calamine child) vs a
  bare python-calamine read of the same sheet in a process.

Each command runs as its own process, interleaved, ``--repeat`` times; the table shows medians and the
ratio. Peak RSS of a run is the largest of the process and its children (the workbook child).
Make the files first: ``.venv/bin/python benchmarks/make_bench_data.py``.
Run: ``.venv/bin/python benchmarks/bench_import.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_bench_data import AUPAY_FILE, XLSX_FILE, XLSX_SHEET  # noqa: E402

PY = sys.executable


def run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process and its children."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode not in (0,):
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(argv)}\n{errors[-2000:]}")
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    return wall, peak


def children_peak(argv: list[str]) -> tuple[float, float]:
    """Like run(), but the peak also covers grandchildren (the spawn child of the workbook reader)."""
    code = ("import os, resource, subprocess, sys, time\n"
            "t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
            "w = time.perf_counter() - t\n"
            "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n")
    output = subprocess.run([PY, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True, check=True)
    wall, peak = output.stdout.split()
    return float(wall), float(peak)


def cases() -> dict[str, tuple[list[str], list[str]]]:
    aupay, xlsx = str(AUPAY_FILE), str(XLSX_FILE)
    bare_csv = [PY, "-c", f"import pandas as pd; pd.read_csv({aupay!r}, encoding='cp932')"]
    ours_csv = [PY, "-m", "seller_gui", "report", "--json", aupay]
    bare_xlsx = [PY, "-c", "from python_calamine import CalamineWorkbook; "
                           f"CalamineWorkbook.from_path({xlsx!r}).get_sheet_by_name({XLSX_SHEET!r}).to_python()"]
    ours_xlsx = [PY, "-c", f"from seller_gui.core.reading.loader import load_order_file; load_order_file({xlsx!r})"]
    return {"1M-line CP932 au PAY csv (report --json)": (bare_csv, ours_csv),
            "100k-line Qoo10 xlsx (load_order_file)": (bare_xlsx, ours_xlsx)}


def main() -> None:
    parser = argparse.ArgumentParser(description="import benchmark")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("csv", "xlsx"), help="run one case")
    args = parser.parse_args()
    for needed in (AUPAY_FILE, XLSX_FILE):
        if not needed.exists():
            raise SystemExit(f"missing {needed}; run benchmarks/make_bench_data.py first")
    lines = [f"{'case':44} {'bare s':>8} {'ours s':>8} {'ratio':>6} {'bare MB':>8} {'ours MB':>8} {'ratio':>6}"]
    for name, (bare, ours) in cases().items():
        if args.only and args.only not in name.lower():
            continue
        bare_runs, our_runs = [], []
        for _ in range(args.repeat):
            bare_runs.append(children_peak(bare))
            our_runs.append(children_peak(ours))
        bare_wall = statistics.median(r[0] for r in bare_runs)
        our_wall = statistics.median(r[0] for r in our_runs)
        bare_rss = statistics.median(r[1] for r in bare_runs)
        our_rss = statistics.median(r[1] for r in our_runs)
        lines.append(f"{name:44} {bare_wall:8.2f} {our_wall:8.2f} {our_wall / bare_wall:6.2f} "
                     f"{bare_rss:8.0f} {our_rss:8.0f} {our_rss / bare_rss:6.2f}")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
