"""The report: DESIGN's ``report --json`` object, its terminal text form, and ``run_report`` for the CLI.

The JSON keeps DESIGN's keys exactly (as_of, files, marketplaces, at_risk) and adds a few: the as_of
fallback note, the files that failed, the reason sentences of each order at risk and the top causes
per marketplace (what a reply to the marketplace names). Rates are rounded to 4 decimals and hours
to 1 decimal; statuses are computed before rounding.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from seller_gui.core.analysis.legacy_analysis import Analysis, analyse
from seller_gui.core.analysis.orders import iso_jst, parse_as_of
from seller_gui.core.analysis.risk import all_reason_messages, orders_at_risk
from seller_gui.core.analysis.rules import Rules
from seller_gui.core.errors import OrderFileError
from seller_gui.core.schema import ORDER_LINE_COLUMNS

RATE_KEYS = ("seller_cancel_rate", "seller_cancel_rate_upper", "late_shipment_rate")
TOP_CAUSES = 5  # rows per root-cause table in the report
TEXT_AT_RISK_ROWS = 20


def file_entry(loaded: Any) -> dict[str, Any]:
    """DESIGN's files block entry for one ``LoadedFile``."""
    return {
        "path": str(loaded.path),
        "marketplace": loaded.marketplace,
        "encoding": loaded.encoding,
        "sheet": loaded.sheet,
        "rows": int(loaded.rows),
        "orders": int(loaded.orders),
        "warnings": [w.explain("en") for w in (getattr(loaded, "warnings", None) or [])],
    }


def failure_entry(error: OrderFileError) -> dict[str, str]:
    return {"path": str(error.path), "kind": error.kind, "code": error.message.code,
            "message": error.detail}


def empty_lines() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in ORDER_LINE_COLUMNS})
    for column in ("ordered_at", "ship_by", "shipped_at"):
        frame[column] = pd.Series([], dtype="datetime64[ns, Asia/Tokyo]")
    return frame


def build_report(files: Sequence[Any], failures: Sequence[OrderFileError], *,
                 as_of: str | datetime | pd.Timestamp | None = None, window_days: int | None = None,
                 stock: Mapping[str, int] | None = None, store: Any = None,
                 rules: Mapping[str, Rules] | None = None,
                 now: datetime | pd.Timestamp | None = None) -> dict[str, Any]:
    """DESIGN's report object for the loaded files (``LoadedFile``) and the files that failed."""
    if files:
        from seller_gui.core.reading.loader import combine  # the import engine's cross-file dedup

        lines = combine(list(files))
    else:
        lines = empty_lines()
    return report_from_lines(lines, files=[file_entry(f) for f in files], failures=failures,
                             as_of=as_of, window_days=window_days, stock=stock, store=store,
                             rules=rules, now=now)


def report_from_lines(lines: pd.DataFrame, *, files: Iterable[dict[str, Any]] = (),
                      failures: Iterable[OrderFileError] = (),
                      as_of: str | datetime | pd.Timestamp | None = None,
                      window_days: int | None = None, stock: Mapping[str, int] | None = None,
                      store: Any = None, rules: Mapping[str, Rules] | None = None,
                      now: datetime | pd.Timestamp | None = None,
                      analysis: Analysis | None = None) -> dict[str, Any]:
    """The report for normalised lines (the part after reading, shared by the CLI and benchmarks)."""
    result = analysis or analyse(lines, as_of=as_of, window_days=window_days, rules=rules,
                                 store=store, now=now)
    at_risk = orders_at_risk(result.book, result.as_of.at, result.rules,
                             window_days=result.window_days, stock=stock)
    return {
        "as_of": result.as_of.iso(),
        "as_of_fallback": result.as_of.fell_back,
        "as_of_note": result.as_of.reason.explain("en") if result.as_of.reason else None,
        "files": list(files),
        "failures": [failure_entry(e) for e in failures],
        "marketplaces": {key: _rounded(block) for key, block in result.figures.items()},
        "at_risk": at_risk_entries(at_risk),
        "root_causes": _root_causes(result),
    }


def _rounded(block: dict[str, Any]) -> dict[str, Any]:
    out = dict(block)
    for key in RATE_KEYS:
        if out[key] is not None:
            out[key] = round(out[key], 4)
    return out


def at_risk_entries(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The at_risk list of the JSON: DESIGN's keys, then the details a reader needs to act."""
    if table.empty:
        return []
    ship_by = iso_jst(table["ship_by"])
    hours = np.round(table["hours_left"].to_numpy(dtype=np.float64), 1)
    columns = zip(
        table["marketplace"].tolist(), table["order_id"].tolist(), table["reasons"].tolist(),
        ship_by, [None if np.isnan(h) else h for h in hours.tolist()], table["key"].tolist(),
        table["shop"].tolist(), iso_jst(table["ordered_at"]), table["sku"].tolist(),
        table["item_name"].tolist(), _sentences(table), strict=True)
    names = ("marketplace", "order_id", "reasons", "ship_by", "hours_left", "key", "shop",
             "ordered_at", "sku", "item_name", "sentences")
    entries = [dict(zip(names, values, strict=True)) for values in columns]
    for entry in entries:
        entry["reasons"] = list(entry["reasons"])
    return entries


def _sentences(table: pd.DataFrame) -> list[list[str]]:
    return [[m.explain("en") for m in messages] for messages in all_reason_messages(table)]


def _root_causes(result: Analysis) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, causes in result.root_causes().items():
        out[key] = {
            "seller_cancelled": causes.seller_cancelled,
            "by_sku": [{"sku": r.sku, "item_name": r.item_name, "orders": int(r.orders)}
                       for r in causes.by_sku.head(TOP_CAUSES).itertuples()],
            "by_day": [{"date": str(r.date), "orders": int(r.orders), "spike": bool(r.spike)}
                       for r in causes.by_day.head(TOP_CAUSES).itertuples()],
            "by_reason": [{"reason": r.reason, "orders": int(r.orders)}
                          for r in causes.by_reason.head(TOP_CAUSES).itertuples()],
        }
    return out


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def format_text(report: Mapping[str, Any]) -> str:
    """A readable terminal summary of a report object."""
    at = pd.Timestamp(report["as_of"])
    out = [f"Seller GUI report as of {at:%Y-%m-%d %H:%M} (Japan time)"]
    if report.get("as_of_note"):
        out.append(f"  Note: {report['as_of_note']}")
    if report["files"]:
        out.append("Files:")
        for f in report["files"]:
            sheet = f", sheet {f['sheet']}" if f.get("sheet") else ""
            out.append(f"  {Path(f['path']).name}: {f['marketplace']}, {f['encoding']}{sheet}, "
                       f"{f['rows']} rows, {f['orders']} orders")
    for failure in report.get("failures", []):
        out.append(f"  Not read: {Path(failure['path']).name}: {failure['message']}")
    for key, m in report["marketplaces"].items():
        estimate = ", estimate" if m["limit_is_estimate"] else ""
        out.append("")
        out.append(f"{key} ({m['window_days']}-day window)")
        out.append(f"  Orders {m['orders']}, cancelled {m['cancelled']}: seller {m['seller_cancelled']}"
                   f", buyer {m['buyer_cancelled']}, unknown cause {m['unknown_cancelled']}")
        rate = _pct(m["seller_cancel_rate"])
        if m["unknown_cancelled"] and m["seller_cancel_rate"] is not None:
            rate = f"{rate} to {_pct(m['seller_cancel_rate_upper'])} (unknown causes counted as seller)"
        count = f", at most {m['count_limit']} per window" if m["count_limit"] is not None else ""
        out.append(f"  Seller-cancel rate {rate}; limit {_pct(m['limit'])}{count}{estimate}: "
                   f"{m['status'].upper()}")
        if m["status"] != "no_data":
            if m["clean_orders_needed"]:
                out.append(f"  Over the limit: {m['clean_orders_needed']} new orders without a seller "
                           "cancellation would bring the rate back under it.")
            else:
                out.append(f"  Budget: {m['cancel_budget']} more seller cancellations before the limit.")
        out.append(f"  Late shipment ({m['late_window_days']} days) {_pct(m['late_shipment_rate'])}: "
                   f"{m['late_shipped']} late of {m['shipped']} shipped, {m['overdue_open']} open past "
                   f"the deadline; limit {_pct(m['late_limit'])}: {m['late_status'].upper()}")
        causes = report.get("root_causes", {}).get(key)
        if causes and causes["seller_cancelled"]:
            parts = []
            if causes["by_sku"]:
                top = causes["by_sku"][0]
                parts.append(f"SKU {top['sku']} ({top['orders']})")
            if causes["by_day"]:
                top = causes["by_day"][0]
                parts.append(f"{top['date']} ({top['orders']}{', a spike' if top['spike'] else ''})")
            if causes["by_reason"] and causes["by_reason"][0]["reason"]:
                top = causes["by_reason"][0]
                parts.append(f"reason {top['reason']} ({top['orders']})")
            out.append(f"  Most seller cancellations: {'; '.join(parts)}")
    risks = report["at_risk"]
    out.append("")
    out.append(f"Orders at risk: {len(risks)}")
    for entry in risks[:TEXT_AT_RISK_ROWS]:
        hours = "no deadline" if entry["hours_left"] is None else f"{entry['hours_left']:+.1f} h"
        out.append(f"  {entry['key']} {entry['order_id']} [{', '.join(entry['reasons'])}] {hours}: "
                   f"{entry['sentences'][0]}")
    if len(risks) > TEXT_AT_RISK_ROWS:
        out.append(f"  ... and {len(risks) - TEXT_AT_RISK_ROWS} more (use --json for all)")
    return "\n".join(out) + "\n"


def say(stream: TextIO | None, text: str) -> None:
    """Write to a stream that may be None (the windowed build has no console)."""
    if stream is None:
        return
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a legacy console code page
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, errors="replace").decode(encoding))
    stream.flush()


def run_report(paths: Sequence[str | Path], *, as_of: str | None = None,
               window_days: int | None = None, stock_path: str | Path | None = None,
               as_json: bool = False, stdout: TextIO | None = None, stderr: TextIO | None = None,
               store: Any = None, now: datetime | pd.Timestamp | None = None) -> int:
    """``seller-gui report``: load each file, print the report of those read, one stderr line per
    file that failed. Returns 2 when any file (or the stock file) failed or none was read, else 0.

    ``stdout``/``stderr`` default to ``sys.stdout``/``sys.stderr`` and may be None. ``store`` (a
    ``Store``) brings the seller's cause tags; without one the files' own causes are used.
    """
    from seller_gui.core.reading.loader import load_order_files
    from seller_gui.core.reading.stock import StockFileError, read_stock

    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    if as_of is not None:
        try:
            parse_as_of(as_of)
        except ValueError as error:
            say(err, f"seller-gui report: --as-of: {error}\n")
            return 2
    if window_days is not None and int(window_days) < 1:
        say(err, "seller-gui report: --window must be at least 1 day\n")
        return 2

    files, failures = load_order_files([Path(p) for p in paths])
    given = {Path(p): str(p) for p in paths}
    for error in failures:
        say(err, f"{given.get(error.path, error.path)}: {error.detail}\n")
    stock = None
    stock_failed = False
    if stock_path is not None:
        try:
            stock = read_stock(stock_path)
        except StockFileError as error:
            stock_failed = True
            say(err, f"{stock_path}: {error.detail}\n")

    report = build_report(files, failures, as_of=as_of, window_days=window_days, stock=stock,
                          store=store, now=now)
    if as_json:
        say(out, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        say(out, format_text(report))
    return 2 if failures or stock_failed or not files else 0
