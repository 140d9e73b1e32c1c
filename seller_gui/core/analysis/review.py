"""What the seller is asked about when tagging causes: cancelled orders whose cause is unknown, and the
raw reason texts behind them that a confirmation could settle once for every order."""

from __future__ import annotations

import pandas as pd

from seller_gui.core.pipeline import Summary

ORDER_COLUMNS = ["key", "marketplace", "order_id", "ordered_at", "item_name", "cancel_reason"]


def unknown_cancellations(summary: Summary) -> pd.DataFrame:
    """One row per cancelled order of unknown cause in the window, oldest first."""
    parts = []
    for (key, figure), frame in summary.behind.items():
        if figure != "cancelled" or frame.empty:
            continue
        unknown = frame[frame["order_cause"] == "unknown"]
        if unknown.empty:
            continue
        unknown = unknown.assign(key=key)
        # the reason shown is the first one the file gave for any of the order's lines
        unknown = unknown.sort_values("cancel_reason", ascending=False, kind="stable")
        parts.append(unknown.groupby(["marketplace", "order_id"], sort=False, as_index=False).first())
    if not parts:
        return pd.DataFrame(columns=ORDER_COLUMNS)
    found = pd.concat(parts, ignore_index=True)[ORDER_COLUMNS]
    found["cancel_reason"] = found["cancel_reason"].fillna("").astype(str)
    return found.sort_values(["ordered_at", "order_id"], kind="stable").reset_index(drop=True)


def unconfirmed_reasons(unknown: pd.DataFrame) -> pd.DataFrame:
    """Distinct (marketplace, reason text) of those orders, with how many orders each covers."""
    given = unknown[unknown["cancel_reason"].str.strip() != ""]
    if given.empty:
        return pd.DataFrame(columns=["marketplace", "cancel_reason", "orders"])
    counts = given.groupby(["marketplace", "cancel_reason"], as_index=False).size()
    return counts.rename(columns={"size": "orders"}).sort_values(
        ["orders", "cancel_reason"], ascending=[False, True], kind="stable").reset_index(drop=True)
