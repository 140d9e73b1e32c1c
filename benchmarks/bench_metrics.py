"""Time everything after reading the file, on 1M normalised order lines (issue 4: under 1 s).

Run: ``.venv/bin/python benchmarks/bench_metrics.py [--lines 1000000] [--repeat 3]``. The lines are
generated in memory with the dtypes the loader produces (text columns as pandas' str, times as
tz-aware datetime64 in Japan time); nothing is written. Prints the median of each step.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from seller_gui.core.analysis.causes import root_causes
from seller_gui.core.analysis.figures import figures, measure, orders_behind, resolve_as_of
from seller_gui.core.analysis.orders import build_order_book
from seller_gui.core.analysis.risk import orders_at_risk
from seller_gui.core.analysis.rules import default_rules
from seller_gui.core.analysis.trend import trend
from seller_gui.core.pipeline import Orders, Seller, analyse
from seller_gui.core.report import report_of
from seller_gui.core.schema import JST, ORDER_LINE_COLUMNS

AS_OF = pd.Timestamp("2025-06-30 12:00", tz=JST)


def make_lines(n_lines: int, seed: int = 4) -> pd.DataFrame:
    """~1.2 lines per order over 400 days, two marketplaces, 84% shipped, 6% cancelled, 10% open."""
    rng = np.random.default_rng(seed)
    n_orders = int(n_lines / 1.2)
    order_of_line = np.sort(rng.integers(0, n_orders, n_lines))
    start = AS_OF.value - 400 * 86_400 * 10**9
    order_time = start + np.sort(rng.integers(0, 400 * 86_400, n_orders)) * 10**9
    fate = rng.random(n_orders)
    status = np.where(fate < 0.06, "cancelled", np.where(fate < 0.16, "open", "shipped"))
    cause = np.where(fate < 0.03, "seller", np.where(fate < 0.05, "buyer", "unknown"))
    marketplace = np.where(np.arange(n_orders) % 5 == 0, "amazon", "aupay")
    fulfilment = np.where((marketplace == "amazon") & (fate > 0.5), "marketplace", "seller")
    ordered = order_time[order_of_line]
    ship_by = ordered + 3 * 86_400 * 10**9
    shipped_at = ordered + rng.integers(1, 5, n_lines) * 86_400 * 10**9
    line_status = status[order_of_line]
    skus = np.asarray([f"SKU-{i:04d}" for i in range(500)], dtype=object)
    sku = skus[rng.integers(0, 500, n_lines)]
    data = {
        "marketplace": marketplace[order_of_line],
        "shop": np.full(n_lines, "", dtype=object),
        "order_id": np.char.zfill((order_of_line + 10**7).astype(str), 10),
        "line_id": np.arange(n_lines).astype(str),
        "ordered_at": pd.to_datetime(ordered, utc=True).tz_convert(JST),
        "status": line_status,
        "cancel_cause": np.where(line_status == "cancelled", cause[order_of_line], ""),
        "cancel_reason": np.where(line_status == "cancelled", "在庫切れ（店舗都合）", ""),
        "ship_by": pd.to_datetime(ship_by, utc=True).tz_convert(JST),
        "shipped_at": pd.to_datetime(np.where(line_status == "shipped", shipped_at, np.iinfo(np.int64).min),
                                     utc=True).tz_convert(JST),
        "sku": sku,
        "item_name": np.char.add("商品 ", sku.astype(str)),
        "quantity": pd.array(rng.integers(1, 3, n_lines), dtype="Int64"),
        "unit_price": rng.integers(500, 5000, n_lines).astype(float),
        "amount": rng.integers(500, 5000, n_lines).astype(float),
        "buyer_name": np.full(n_lines, "山田 太郎", dtype=object),
        "payment_method": np.full(n_lines, "クレジットカード", dtype=object),
        "fulfilment": fulfilment[order_of_line],
        "flags": np.where(rng.random(n_lines) < 0.001, "verge_of_cancellation", ""),
        "source_file": np.full(n_lines, "orders.csv", dtype=object),
        "source_row": np.arange(2, n_lines + 2),
    }
    frame = pd.DataFrame(data, columns=list(ORDER_LINE_COLUMNS))
    for column in frame.columns:
        if frame[column].dtype == object or frame[column].dtype.kind == "U":
            frame[column] = frame[column].astype("str")
    return frame


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def timed(repeat: int, step):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    lines = make_lines(args.lines)
    say(f"generated {len(lines):,} lines in {time.perf_counter() - started:.2f} s "
          f"(text dtype {lines['order_id'].dtype})")
    rules = default_rules()
    stock = {f"SKU-{i:04d}": 50 for i in range(0, 500, 7)}
    tags = {("aupay", f"{10**7 + i:010d}"): "seller" for i in range(0, 5000, 5)}

    steps: list[tuple[str, float]] = []
    t, book = timed(args.repeat, lambda: build_order_book(lines, cause_tags=tags))
    steps.append(("group lines into orders (build_order_book)", t))
    as_of = resolve_as_of(book, AS_OF, window_days=7).at
    t, m = timed(args.repeat, lambda: measure(book, as_of, rules))
    steps.append(("every figure's order mask, once (measure)", t))
    t, figs = timed(args.repeat, lambda: figures(m))
    steps.append(("figures per marketplace", t))
    t, risk = timed(args.repeat, lambda: orders_at_risk(m, stock=stock))
    steps.append((f"orders at risk ({len(risk):,} rows)", t))
    t, _ = timed(args.repeat, lambda: trend(book, m.account_rules, until=as_of))
    steps.append(("trend", t))
    t, _ = timed(args.repeat, lambda: root_causes(m))
    steps.append(("root causes", t))
    t, behind = timed(args.repeat, lambda: orders_behind(m, "aupay", "seller_cancelled"))
    steps.append((f"orders behind seller_cancelled ({len(behind):,} lines)", t))
    for name, seconds in steps:
        say(f"  {name:<55} {seconds:.3f} s")
    core = sum(s for _, s in steps[:6])
    say(f"  {'metrics + risk + trend + root causes':<55} {core:.3f} s")

    class TaughtSeller(Seller):
        def teachings(self) -> tuple[dict, dict, bool]:
            return tags, {}, False

    seller = TaughtSeller()
    t, report = timed(args.repeat, lambda: report_of(analyse(Orders([], [], lines, stock), seller,
                                                             AS_OF)))
    say(f"  {'whole report object (analyse + risk + JSON-ready dicts)':<55} {t:.3f} s "
          f"({len(report['at_risk']):,} orders at risk)")
    for key, block in figs.items():
        say(f"  {key}: {block['orders']:,} orders, upper rate {block['seller_cancel_rate_upper']:.4f}, "
              f"late {block['late_shipment_rate']:.4f}")


if __name__ == "__main__":
    main()
