"""The report, a view of one ``Analysis``: DESIGN's ``report --json`` object and its terminal text form.

The JSON keeps DESIGN's keys exactly (as_of, files, marketplaces, at_risk) and adds a few: the as_of
fallback note, the files that failed, the reason sentences of each order at risk and the top causes
per marketplace (what a reply to the marketplace names). Rates are rounded to 4 decimals and hours
to 1 decimal; statuses are computed before rounding.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # json's C encoder when built
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from seller_gui.core.analysis.orders import iso_jst
from seller_gui.core.analysis.risk import all_reason_texts, reason_texts
from seller_gui.core.errors import OrderFileError
from seller_gui.core.i18n import Message, explain

if TYPE_CHECKING:
    from seller_gui.core.pipeline import Analysis, FileInfo

RATE_KEYS = ("seller_cancel_rate", "seller_cancel_rate_upper", "late_shipment_rate")
TOP_CAUSES = 5  # rows per root-cause table in the report
TEXT_AT_RISK_ROWS = 20


def file_entry(info: FileInfo) -> dict[str, Any]:
    """DESIGN's files block entry for one order file read."""
    return {
        "path": str(info.path),
        "marketplace": info.marketplace,
        "encoding": info.encoding,
        "sheet": info.sheet,
        "rows": int(info.rows),
        "orders": int(info.orders),
        "warnings": [w.explain("en") for w in info.warnings],
        "layout": info.layout,
        "unknown_statuses": list(info.unknown_statuses),
        "unreadable_dates": sum(int(w.params.get("count", 0)) for w in info.warnings
                                if w.code == "unreadable_dates"),
    }


def stock_entry(info: FileInfo) -> dict[str, Any]:
    """A stock list read: its path and how many SKUs it gives a quantity for."""
    return {"path": str(info.path), "skus": int(info.orders)}


def failure_entry(error: OrderFileError) -> dict[str, str]:
    return {"path": str(error.path), "kind": error.kind, "code": error.message.code,
            "message": error.detail}


def report_of(analysis: Analysis) -> dict[str, Any]:
    """DESIGN's report object: a view of one ``Analysis``."""
    return _report(analysis, at_risk_entries(analysis.at_risk))


def report_json(analysis: Analysis) -> str:
    """``report_of`` as one line of JSON, byte for byte ``json.dumps(report_of(analysis),
    ensure_ascii=False)``, with the at_risk list (tens of thousands of orders) written column by column."""
    parts: list[str] = []  # joined once: the at_risk text runs to tens of megabytes
    for key, value in _report(analysis, None).items():
        parts += (", " if parts else "{", json.dumps(key), ": ")
        if key == "at_risk":
            parts += _at_risk_json_parts(analysis.at_risk)
        else:
            parts.append(json.dumps(value, ensure_ascii=False))
    parts.append("}")
    return "".join(parts)


def _report(analysis: Analysis, at_risk: list[dict[str, Any]] | None) -> dict[str, Any]:
    return {
        "as_of": analysis.as_of.iso(),
        "as_of_fallback": analysis.as_of.fell_back,
        "as_of_note": analysis.as_of.reason.explain("en") if analysis.as_of.reason else None,
        "files": [file_entry(f) for f in analysis.orders.order_files],
        "stock_files": [stock_entry(f) for f in analysis.orders.stock_files],
        "failures": [failure_entry(e) for e in analysis.orders.failures],
        "store_failed": analysis.store_failed,
        "store_problem": analysis.store_problem.explain("en") if analysis.store_problem else None,
        "marketplaces": {key: _rounded(block) for key, block in analysis.figures.items()},
        "unavailable": _unavailable_notes(analysis),
        "at_risk": at_risk,
        "root_causes": _root_causes(analysis.root_causes),
    }


def _rounded(block: dict[str, Any]) -> dict[str, Any]:
    out = dict(block)
    for key in RATE_KEYS:
        if out[key] is not None:
            out[key] = round(out[key], 4)
    return out


def _unavailable_notes(analysis: Analysis) -> dict[str, dict[str, str]]:
    """Per account with a figure its files cannot give: the reason in words, by figure (cancel, late)."""
    notes: dict[str, dict[str, str]] = {}
    for key, block in analysis.figures.items():
        for figure in ("cancel", "late"):
            code = block.get(f"{figure}_unavailable")
            if code:
                notes.setdefault(key, {})[figure] = unavailable_note(code, analysis.book.marketplace_of(key))
    return notes


def unavailable_note(code: str, marketplace: str, language: str = "en") -> str:
    """Why a figure is not given, and where the download that gives it is."""
    return explain(code, {"marketplace": Message(f"marketplace_{marketplace}")}, language)


# The keys of an at_risk entry: DESIGN's, then the details a reader needs to act.
_AT_RISK_KEYS = ("marketplace", "order_id", "reasons", "ship_by", "hours_left", "key", "shop", "ordered_at",
                 "sku", "item_name", "sentences")


def at_risk_entries(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The at_risk list of the JSON: DESIGN's keys, then the details a reader needs to act."""
    if table.empty:
        return []
    columns = [*_at_risk_columns(table), all_reason_texts(table, "en")]
    columns[2] = [list(reasons) for reasons in columns[2]]
    return [dict(zip(_AT_RISK_KEYS, values, strict=True)) for values in zip(*columns, strict=True)]


def at_risk_json(table: pd.DataFrame) -> str:
    """``json.dumps(at_risk_entries(table), ensure_ascii=False)``, column by column: values go through
    json's own C string encoder, a list of reasons is encoded once per distinct list."""
    return "".join(_at_risk_json_parts(table))


def _at_risk_json_parts(table: pd.DataFrame) -> list[str]:
    """``at_risk_json`` in pieces to join."""
    if table.empty:
        return ["[]"]
    columns = _at_risk_columns(table)
    reasons: dict[tuple, str] = {}
    for r in map(tuple, columns[2]):
        if r not in reasons:
            reasons[r] = json.dumps(list(r), ensure_ascii=False)
    encoded = [_json_values(values) for values in (*columns[:2], [], *columns[3:10])]
    encoded[2] = [reasons[r] for r in map(tuple, columns[2])]
    sentences = ["[]"] * len(table)
    for rows, said in reason_texts(table, "en", encode_basestring):  # explain gives str: json's own text
        for row, text in zip(rows.tolist(), map(", ".join, zip(*said, strict=True)), strict=True):
            sentences[row] = f"[{text}]"
    encoded.append(sentences)
    # per entry: its separator, each key and value, "}"; laid out column by column, joined once
    n, width = len(table), 2 * len(_AT_RISK_KEYS) + 2
    parts = [", "] * (n * width)
    parts[0] = "["
    for i, (key, values) in enumerate(zip(_AT_RISK_KEYS, encoded, strict=True)):
        parts[1 + 2 * i::width] = [("{" if i == 0 else ", ") + json.dumps(key) + ": "] * n
        parts[2 + 2 * i::width] = values
    parts[width - 1::width] = ["}"] * n
    parts.append("]")
    return parts


def _at_risk_columns(table: pd.DataFrame) -> list[list[Any]]:
    """The values of the at_risk entries, a list per key of ``_AT_RISK_KEYS`` but the sentences."""
    hours = np.round(table["hours_left"].to_numpy(dtype=np.float64), 1)
    hours_left: list[float | None] = hours.tolist()
    for row in np.flatnonzero(np.isnan(hours)).tolist():
        hours_left[row] = None
    return [table["marketplace"].tolist(), table["order_id"].tolist(), table["reasons"].tolist(),
            iso_jst(table["ship_by"]), hours_left, table["key"].tolist(), table["shop"].tolist(),
            iso_jst(table["ordered_at"]), table["sku"].tolist(), table["item_name"].tolist()]


def _json_values(values: list[Any]) -> list[str]:
    """``json.dumps(value, ensure_ascii=False)`` of each value: text straight through json's C string
    encoder, and a finite float as its repr (what json writes for it)."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return list(map(encode_basestring, values))
    if kinds <= {float, type(None)}:
        numbers = [v for v in values if v is not None]
        if all(map(math.isfinite, numbers)):
            texts = iter(map(float.__repr__, numbers))
            return ["null" if v is None else next(texts) for v in values]
    return [json.dumps(v, ensure_ascii=False) for v in values]


def _root_causes(root_causes: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, causes in root_causes.items():
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
    if report.get("store_problem"):
        out.append(f"  Note: {report['store_problem']} The figures use the causes in the files.")
    if report["files"]:
        out.append("Files:")
        for f in report["files"]:
            sheet = f", sheet {f['sheet']}" if f.get("sheet") else ""
            out.append(f"  {Path(f['path']).name}: {f['marketplace']}, {f['encoding']}{sheet}, "
                       f"{f['rows']} rows, {f['orders']} orders")
            out.extend(f"    Note: {warning}" for warning in f.get("warnings", []))
    for f in report.get("stock_files", []):
        out.append(f"  {Path(f['path']).name}: stock list, {f['skus']} SKUs")
    for failure in report.get("failures", []):
        out.append(f"  Not read: {Path(failure['path']).name}: {failure['message']}")
    for key, m in report["marketplaces"].items():
        estimate = ", estimate" if m["limit_is_estimate"] else ""
        out.append("")
        out.append(f"{key} ({m['window_days']}-day window): {m.get('overall_status', m['status']).upper()}")
        out.append(f"  Orders {m['orders']}, cancelled {m['cancelled']}: seller {m['seller_cancelled']}"
                   f", buyer {m['buyer_cancelled']}, unknown cause {m['unknown_cancelled']}")
        rate = _pct(m["seller_cancel_rate"])
        if m.get("cancel_unavailable"):
            rate = f"not in these files ({report['unavailable'][key]['cancel']})"
        elif m["unknown_cancelled"] and m["seller_cancel_rate"] is not None:
            rate = f"{rate} to {_pct(m['seller_cancel_rate_upper'])} (unknown causes counted as seller)"
        count = f", at most {m['count_limit']} per window" if m["count_limit"] is not None else ""
        out.append(f"  Seller-cancel rate {rate}; limit {_pct(m['limit'])}{count}{estimate}: "
                   f"{m['status'].upper()}")
        if m["status"] not in ("no_data", "unavailable"):
            if m["clean_orders_needed"]:
                out.append(f"  Over the limit: {m['clean_orders_needed']} new orders without a seller "
                           "cancellation would bring the rate back under it.")
            else:
                out.append(f"  Budget: {m['cancel_budget']} more seller cancellations before the limit.")
        late_estimate = ", estimate" if m.get("late_limit_is_estimate", True) else ", official"
        if m.get("late_unavailable"):
            out.append(f"  Late shipment: not in these files ({report['unavailable'][key]['late']}); limit "
                       f"{_pct(m['late_limit'])}{late_estimate}")
        else:
            out.append(f"  Late shipment ({m['late_window_days']} days) {_pct(m['late_shipment_rate'])}: "
                       f"{m['late_shipped']} late of {m['shipped']} shipped, {m['overdue_open']} open past "
                       f"the deadline; limit {_pct(m['late_limit'])}{late_estimate}: "
                       f"{m['late_status'].upper()}")
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
