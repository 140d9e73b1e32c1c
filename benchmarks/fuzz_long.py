"""The long fuzz run of the loader (issue 9), on demand; CI runs a short hypothesis version.

Text cases (CSV/TSV/UTF-16/HTML, mutated fixture files) go through ``load_order_bytes`` in-process;
workbook cases (mutated .xlsx parts, re-zipped, or raw zip bytes) go through the same call, so they
reach the guarded calamine child exactly as the app's do. Every case must load or raise
OrderFileError of a known kind, without reaching the loader's catch-all, within the hang guard.

Run: ``.venv/bin/python benchmarks/fuzz_long.py --cases 100000 --workbook-cases 5000 --jobs 2``.
Prints outcome counts by kind; each failing case is saved with a note in ``--out`` (default
``benchmarks/fuzz-findings/``). Replay one case: ``--replay FILE``.
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hardening import fuzzing  # noqa: E402


def _job(job: int, seed: int, text_cases: int, workbook_cases: int, out: Path, results) -> None:
    rng = random.Random(f"{seed}-{job}")
    counts: dict[str, collections.Counter] = {"text": collections.Counter(),
                                              "workbook": collections.Counter()}
    slowest = {"text": 0.0, "workbook": 0.0}
    problems: list[str] = []
    for family, total, make, name in (("text", text_cases, fuzzing.random_text_case, "fuzz.csv"),
                                      ("workbook", workbook_cases, fuzzing.random_workbook_case,
                                       "fuzz.xlsx")):
        for case in range(total):
            data = make(rng)
            outcome = fuzzing.run_case(data, name)
            counts[family][outcome.kind] += 1
            slowest[family] = max(slowest[family], outcome.seconds)
            if outcome.problem:
                saved = fuzzing.save_reproducer(out, data, name, outcome,
                                                f"job {job} seed {seed} {family} case {case}")
                problems.append(f"{family} case {case}: {outcome.kind}: {outcome.problem} -> {saved}")
            if case and case % 5000 == 0:
                print(f"job {job}: {family} {case}/{total}", flush=True)
    results.put({"job": job, "counts": {k: dict(v) for k, v in counts.items()}, "slowest": slowest,
                 "problems": problems, "peak_rss_mb": fuzzing.peak_rss_mb()})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="text cases in all")
    parser.add_argument("--workbook-cases", type=int, default=5_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "fuzz-findings")
    parser.add_argument("--replay", type=Path, help="run one saved case and print its outcome")
    args = parser.parse_args()
    if args.replay:
        print(fuzzing.run_case(args.replay.read_bytes(), args.replay.name))
        return 0

    started = time.monotonic()
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    # not daemons: each job starts the workbook reader's own child processes
    jobs = [context.Process(target=_job, args=(j, args.seed, args.cases // args.jobs + (j < args.cases % args.jobs),
                                               args.workbook_cases // args.jobs
                                               + (j < args.workbook_cases % args.jobs), args.out, results))
            for j in range(args.jobs)]
    for process in jobs:
        process.start()
    reports = [results.get() for _ in jobs]
    for process in jobs:
        process.join()
    totals = {"text": collections.Counter(), "workbook": collections.Counter()}
    problems: list[str] = []
    for report in reports:
        for family, counts in report["counts"].items():
            totals[family].update(counts)
        problems += report["problems"]
    summary = {
        "seconds": round(time.monotonic() - started, 1),
        "text_cases": sum(totals["text"].values()), "workbook_cases": sum(totals["workbook"].values()),
        "text_outcomes": dict(totals["text"].most_common()),
        "workbook_outcomes": dict(totals["workbook"].most_common()),
        "slowest_case_s": {f: round(max(r["slowest"][f] for r in reports), 2) for f in totals},
        "peak_rss_mb_per_job": [round(r["peak_rss_mb"]) for r in reports],
        "problems": len(problems),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    for line in problems[:50]:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
