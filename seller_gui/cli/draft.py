"""``seller-gui draft``: drafts from the command line, with the same facts the panel starts from."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

import pandas as pd

from seller_gui.cli.report import say
from seller_gui.core.analysis.orders import parse_as_of
from seller_gui.core.drafting.facts import DEMO_SHOP, notice_facts, reference_day, reply_facts
from seller_gui.core.drafting.render import render, to_json
from seller_gui.core.drafting.templates import (
    Alternative,
    Draft,
    DraftValuesMissing,
    NoticeRef,
    ShopProfile,
)
from seller_gui.core.pipeline import OrderKey, Seller, Summary, summarise
from seller_gui.resources_path import resource

# Where each value the seller must give comes from on the command line.
OPTION_FOR = {"shop.shop_name": "--shop", "shop.person": "--person", "reason": "--reason",
              "payment_method": "--payment", "amount": "(the file has no amount)"}


@dataclass(frozen=True)
class DraftRequest:
    kind: str
    paths: list[Path]
    as_of: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    orders: tuple[str, ...] = ()
    gloss: str = "zh"
    as_json: bool = False
    shop: ShopProfile = field(default_factory=ShopProfile)
    reason: str | None = None
    payment: str | None = None
    restock: date | None = None  # stockout: offer to ship on restock, expected on this day
    alternatives: tuple[Alternative, ...] = ()  # stockout: items offered instead
    seller: Seller | None = None  # the seller's data (the CLI: from disk unless --no-store)
    notice: NoticeRef | None = None  # reply: the marketplace's notice it answers (--notice)


def is_demo(paths: Sequence[Path]) -> bool:
    demo = resource("demo", "aupay-demo-orders.csv").resolve()
    return bool(paths) and all(Path(p).resolve() == demo for p in paths)


def _window(request: DraftRequest) -> tuple[str | None, int | None]:
    if request.date_to is None and request.date_from is None:
        return request.as_of, None
    end = parse_as_of(request.date_to) if request.date_to else parse_as_of(request.as_of or datetime.now())
    if request.date_to and len(request.date_to.strip()) <= 10:  # a date means the end of that day
        end = end + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    days = None
    if request.date_from:
        days = max(1, (end.normalize() - parse_as_of(request.date_from).normalize()).days + 1)
    return end.isoformat(), days


def build_drafts(request: DraftRequest) -> tuple[list[Draft], list[str], list[str]]:
    """(drafts, problems with files, problems with drafts) for one request."""
    as_of, window_days = _window(request)
    seller = request.seller or Seller()
    summary = summarise(request.paths, seller, as_of=as_of, window_days=window_days, keep_lines=True)
    file_problems = [f"{e.path}: {e.detail}" for e in summary.failures]
    if not summary.files:
        return [], file_problems, []
    demo = is_demo(request.paths)
    today = reference_day(summary, demo=demo, explicit=as_of is not None)
    shop = _signature(request.shop, seller)
    if demo and not shop.shop_name:
        shop = DEMO_SHOP
    drafts: list[Draft] = []
    problems: list[str] = []

    def attempt(facts, label: str) -> None:
        try:
            drafts.append(render(request.kind, facts))
        except DraftValuesMissing as missing:
            asks = ", ".join(f"{name} ({OPTION_FOR.get(name, 'not known')})" for name in missing.fields)
            problems.append(f"{label}: the draft needs {asks}")

    if request.kind == "reply":
        for key in summary.figures:
            ids = list(request.orders)
            facts = reply_facts(summary, key, shop, today=today, order_ids=ids)
            if request.notice is not None:
                facts = replace(facts, notice=request.notice)
            attempt(facts, f"reply for {key}")
        return drafts, file_problems, problems

    orders = _orders_named(summary, request.orders) if request.orders else \
        _default_orders(summary, request.kind)
    for order in orders:
        if isinstance(order, str):
            problems.append(f"order {order}: not found in the files")
            continue
        lines = summary.lines_of(order)
        order_id = order.order_id
        facts = notice_facts(request.kind, lines, shop, today=today)
        facts = replace(facts, reason=request.reason or facts.reason,
                        payment_method=request.payment or facts.payment_method,
                        offer_restock=request.restock is not None, restock_date=request.restock,
                        alternatives=list(request.alternatives) or facts.alternatives)
        attempt(facts, f"{request.kind} for order {order_id} ({order.marketplace})")
    return drafts, file_problems, problems


def _signature(given: ShopProfile, seller: Seller) -> ShopProfile:
    """Who signs: the seller's saved profile, each value given on the command line winning."""
    saved = seller.settings.profile
    return replace(saved, **{name: value for name, value in vars(given).items() if value})


def _keys(frame: pd.DataFrame) -> list[OrderKey]:
    if frame.empty:
        return []
    columns = frame[["marketplace", "shop", "order_id"]].astype(str)
    return list(dict.fromkeys(OrderKey(*row) for row in columns.itertuples(index=False, name=None)))


def _orders_named(summary: Summary, order_ids: Sequence[str]) -> list[OrderKey | str]:
    """Each --order number as the orders that carry it (one per marketplace and shop), or the number
    itself when no file has it."""
    found: list[OrderKey | str] = []
    for order_id in order_ids:
        keys = _keys(summary.lines[summary.lines["order_id"] == order_id])
        found += keys or [order_id]
    return found


def _default_orders(summary: Summary, kind: str) -> list[OrderKey]:
    """Without --order: every order at risk (stockout, delay) or every seller-cancelled order (cancel)."""
    if kind != "cancel":
        return _keys(summary.at_risk)
    keys: list[OrderKey] = []
    for (_, figure), frame in summary.behind.items():
        if figure == "cancelled" and len(frame):
            keys += _keys(frame[frame["order_cause"] == "seller"])
    return list(dict.fromkeys(keys))


def format_draft(draft: Draft, gloss: str) -> str:
    rule = "-" * 60
    subject_gloss = draft.subject_zh if gloss == "zh" else draft.subject_en
    return (f"{rule}\n件名：{draft.subject}\n\n{draft.body}\n\n[{gloss}] {subject_gloss}\n\n"
            f"{draft.gloss(gloss)}\n")


def run_draft(request: DraftRequest, *, stdout: TextIO | None, stderr: TextIO | None) -> int:
    """Print the drafts; one stderr line per problem; exit status 2 when anything could not be done."""
    drafts, file_problems, problems = build_drafts(request)
    for line in file_problems + problems:
        say(stderr, line + "\n")
    if request.as_json:
        payload = [to_json(d) for d in drafts]
        single = request.kind == "reply" and len(payload) == 1 or len(request.orders) == 1 and payload
        say(stdout, json.dumps(payload[0] if single else payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for draft in drafts:
            say(stdout, format_draft(draft, request.gloss))
    return 2 if file_problems or problems or not drafts else 0
