"""Reading speed against the bare reads it must not exceed, all measured in one run.

1. A 1M-line CP932 au PAY export, narrow (84 columns, mostly empty) and wide (about half filled): the
   whole ``python -m seller_gui report --json [--no-store] FILE`` process vs a bare
   ``pd.read_csv(FILE, encoding='cp932')`` process.
2. A 100k-line .xlsx: ``load_order_file`` in a process, and the whole ``report --json --no-store``, vs a
   bare python-calamine read of the sheet.
3. 2,000 small CP932 exports: ``load_order_files`` and ``pipeline.read`` in a process vs a bare loop
   of ``pd.read_csv``.

Every command is its own process; pairs run interleaved, ``--repeat`` times; the table shows medians,
the ratio (ours / bare), peak RSS and the 1-minute load average seen before the runs (min-max): on a
shared machine the two-process CSV parse only starts when a core is spare, so the load matters. Make the files first: ``benchmarks/make_bench_data.py`` (its
``--lines``, ``--xlsx-lines`` and ``--small`` scale a quick run down).
Run: ``.venv/bin/python benchmarks/bench_pipeline.py [--repeat 3] [--only csv] [--json-out F]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_bench_data import (  # noqa: E402
    AUPAY_FILE,
    AUPAY_NARROW_FILE,
    SMALL_DIR,
    XLSX_FILE,
    XLSX_SHEET,
)

PY = sys.executable
# wall time and peak RSS of the command and everything it starts (the workbook reader's child)
_TIMED = ("import resource, subprocess, sys, time\n"
          "t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
          "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n")


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process and its children."""
    done = subprocess.run([PY, "-c", _TIMED, *argv], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"command failed: {' '.join(argv)[:300]}\n{done.stderr[-2000:]}")
    wall, peak = done.stdout.split()
    return float(wall), float(peak)


def report_command(path: Path) -> list[str]:
    # --no-store keeps the run from writing the local store; older checkouts lack the flag
    help_text = subprocess.run([PY, "-m", "seller_gui", "report", "--help"], cwd=ROOT, capture_output=True,
                               text=True).stdout
    flags = ["--json", "--no-store"] if "--no-store" in help_text else ["--json"]
    return [PY, "-m", "seller_gui", "report", *flags, str(path)]


def cases() -> dict[str, tuple[str, Path, list[str], list[str]]]:
    """name -> (group, input, bare command, our command)."""
    def bare_csv(path: Path) -> list[str]:
        return [PY, "-c", f"import pandas as pd; pd.read_csv({str(path)!r}, encoding='cp932')"]

    xlsx, small = str(XLSX_FILE), str(SMALL_DIR)
    bare_xlsx = [PY, "-c", "from python_calamine import CalamineWorkbook; "
                           f"CalamineWorkbook.from_path({xlsx!r}).get_sheet_by_name({XLSX_SHEET!r}).to_python()"]
    ours_xlsx = [PY, "-c", f"from seller_gui.core.reading.loader import load_order_file; load_order_file({xlsx!r})"]
    listing = f"sorted(__import__('pathlib').Path({small!r}).glob('*.csv'))"
    bare_small = [PY, "-c", f"import pandas as pd\nfor p in {listing}: pd.read_csv(p, encoding='cp932')"]
    ours_small = [PY, "-c", "from seller_gui.core.reading.loader import load_order_files\n"
                            f"files, failed = load_order_files({listing})\nassert not failed"]
    # what the window and the command line pay: loading plus combine
    read_small = [PY, "-c", "from seller_gui.core.pipeline import Seller, read\n"
                            f"orders = read({listing}, Seller())\nassert not orders.failures"]
    return {
        "narrow 84-col CP932 csv, report": ("csv", AUPAY_NARROW_FILE, bare_csv(AUPAY_NARROW_FILE),
                                            report_command(AUPAY_NARROW_FILE)),
        "wide 84-col CP932 csv, report": ("csv", AUPAY_FILE, bare_csv(AUPAY_FILE), report_command(AUPAY_FILE)),
        "xlsx, load_order_file": ("xlsx", XLSX_FILE, bare_xlsx, ours_xlsx),
        "xlsx, report": ("xlsx", XLSX_FILE, bare_xlsx, report_command(XLSX_FILE)),
        "small CP932 files, load_order_files": ("small", SMALL_DIR, bare_small, ours_small),
        "small CP932 files, pipeline.read": ("small", SMALL_DIR, bare_small, read_small),
    }


def _load() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):  # Windows
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("csv", "xlsx", "small"), help="run one group")
    parser.add_argument("--json-out", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    chosen = {name: case for name, case in cases().items() if args.only in (None, case[0])}
    for _, source, _, _ in chosen.values():
        if not source.exists():
            raise SystemExit(f"missing {source}; run benchmarks/make_bench_data.py first")
    rows = []
    for name, (_, source, bare, ours) in chosen.items():
        bare_runs, our_runs, loads = [], [], []
        for _ in range(args.repeat):
            loads.append(_load())
            bare_runs.append(timed(bare))
            loads.append(_load())
            our_runs.append(timed(ours))
        bare_s, ours_s = (statistics.median(r[0] for r in runs) for runs in (bare_runs, our_runs))
        bare_mb, ours_mb = (statistics.median(r[1] for r in runs) for runs in (bare_runs, our_runs))
        rows.append({"case": name, "input": source.name, "bare_s": round(bare_s, 3), "ours_s": round(ours_s, 3),
                     "ratio": round(ours_s / bare_s, 3), "bare_mb": round(bare_mb), "ours_mb": round(ours_mb),
                     "load": [min(loads), max(loads)],
                     "runs_s": {"bare": [round(r[0], 3) for r in bare_runs],
                                "ours": [round(r[0], 3) for r in our_runs]}})
    lines = [f"{'case':38} {'bare s':>8} {'ours s':>8} {'ratio':>6} {'bare MB':>8} {'ours MB':>8} {'load':>9}"]
    lines += [f"{r['case']:38} {r['bare_s']:8.2f} {r['ours_s']:8.2f} {r['ratio']:6.2f} {r['bare_mb']:8.0f} "
              f"{r['ours_mb']:8.0f} {r['load'][0]:4.1f}-{r['load'][1]:<4.1f}" for r in rows]
    sys.stdout.write("\n".join(lines) + "\n")
    if args.json_out is not None:
        args.json_out.write_text(json.dumps({"repeat": args.repeat, "rows": rows}, indent=2) + "\n",
                                 encoding="utf-8")


if __name__ == "__main__":
    main()
