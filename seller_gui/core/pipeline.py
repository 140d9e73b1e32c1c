"""The one path from files to figures: ``read(paths, seller) -> Orders``, ``analyse(orders, seller) -> Analysis``.

The window, the command line, exports and drafts all call these two, with the same ``Seller`` (what the
seller taught the tool: settings and limits, column mappings, cause tags and confirmed reasons, stock),
so they can never disagree. ``Summary`` (what the window keeps, small enough to come back from a child
process), the report JSON, the export and the draft facts are views of one ``Analysis``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from seller_gui.core.analysis.causes import RootCauses, root_causes
from seller_gui.core.analysis.figures import (
    AsOf,
    Measure,
    figures,
    measure,
    orders_behind,
    resolve_as_of,
)
from seller_gui.core.analysis.orders import OrderBook, build_order_book
from seller_gui.core.analysis.risk import orders_at_risk
from seller_gui.core.analysis.rules import Rules, account_rules, default_rules
from seller_gui.core.analysis.trend import trend
from seller_gui.core.errors import OrderFileError, StoreError
from seller_gui.core.i18n import Message
from seller_gui.core.job import Job
from seller_gui.core.reading.loader import LoadedFile, combine, load_order_files
from seller_gui.core.reading.normalize import empty_lines, seller_statuses, unknown_statuses
from seller_gui.core.reading.profiles import FIGURE_KINDS, layout_named, unavailable_in
from seller_gui.core.reading.stock import StockFileError, read_stock
from seller_gui.core.reading.table_shape import shape_of_file
from seller_gui.core.schema import ORDERS_FILE, STOCK_FILE
from seller_gui.core.storage.mappings import MappingStore
from seller_gui.core.storage.paths import DataPaths
from seller_gui.core.storage.settings import (
    SellerSettings,
    SettingsFile,
    effective_rules,
)

log = logging.getLogger(__name__)

# Figures the window lets a seller click to see the orders behind them.
CLICKABLE_FIGURES = ("cancelled", "overdue_open")
# A file that is no order export may still be a stock list (SKU and quantity).
_MAYBE_STOCK = frozenset({"unknown_layout", "missing_columns"})


class OrderKey(NamedTuple):
    """An order as every part of the app names it: the same number in two shops is two orders."""

    marketplace: str
    shop: str
    order_id: str


@dataclass
class Seller:
    """What the seller taught the tool, read once per load: the same for the window and the CLI."""

    settings: SellerSettings = field(default_factory=SellerSettings)
    store_path: Path | None = None  # cause tags and confirmed reasons; None: the files' own causes
    mappings_path: Path | None = None  # column mappings for unknown layouts; None: none
    stock_paths: tuple[Path, ...] = ()  # files named as stock lists (the CLI's --stock)
    base_rules: dict[str, Rules] = field(default_factory=default_rules)

    @classmethod
    def from_disk(cls, paths: DataPaths | None = None, **changes: Any) -> Seller:
        """The seller's own files where the window keeps them (``SELLER_GUI_HOME`` or the user's folders)."""
        paths = paths or DataPaths.default()
        return cls(settings=SettingsFile(paths.settings).load().settings, store_path=paths.store,
                   mappings_path=paths.mappings, **changes)

    @property
    def rules(self) -> dict[str, Rules]:
        """The profiles' limits and windows with the seller's own values."""
        return effective_rules(self.base_rules, self.settings)

    def mappings(self) -> MappingStore | None:
        return MappingStore(self.mappings_path) if self.mappings_path is not None else None

    def status_meanings(self) -> dict[str, dict[str, str]]:
        """marketplace -> status value -> meaning, as the seller mapped them once; a store that cannot
        be read gives none (the statuses then stay unknown, and the figures still show)."""
        if self.store_path is None or not self.store_path.exists():
            return {}
        from seller_gui.core.storage.store import Store

        try:
            with Store(self.store_path) as store:
                return store.status_meanings()
        except (StoreError, sqlite3.Error, OSError) as error:
            log.warning("Status meanings could not be read (%s)", type(error).__name__)
            return {}

    def teachings(self) -> tuple[dict, dict, Message | None]:
        """(cause tags, confirmed reasons, what is wrong with the store or None): a store that
        cannot be read never hides the figures, which then use the files' own causes."""
        if self.store_path is None or not self.store_path.exists():  # nothing taught yet: create nothing
            return {}, {}, None
        from seller_gui.core.storage.store import Store, as_store_error

        try:
            with Store(self.store_path) as store:
                return store.cause_tags(), store.reason_causes(), None
        except (StoreError, sqlite3.Error, OSError) as error:
            problem = as_store_error(error, self.store_path, "read")
            log.warning("The local store could not be read (%s); figures use the files' own causes",
                        problem.kind)
            return {}, {}, problem.message


@dataclass(frozen=True)
class FileInfo:
    """What was read from one file (its lines are in ``Orders.lines``)."""

    path: Path
    marketplace: str  # "" for a stock list
    encoding: str | None
    sheet: str | None
    rows: int
    orders: int  # SKUs for a stock list
    warnings: tuple = ()
    role: str = ORDERS_FILE  # ORDERS_FILE or STOCK_FILE
    layout: str = ""  # e.g. "amazon/unshipped"; "user:<fingerprint>" for a column mapping
    unavailable: Mapping[str, str] = field(default_factory=dict)  # figure -> why this file cannot give it

    @property
    def unknown_statuses(self) -> tuple[str, ...]:
        """The status values of this file no one knows yet (the status dialog asks for them)."""
        return unknown_statuses(self.warnings).get(self.marketplace, ())


class _FilesRead:
    """What Orders and Summary share: the files read, order exports and stock lists apart."""

    files: list[FileInfo]

    @property
    def order_files(self) -> list[FileInfo]:
        return [f for f in self.files if f.role == ORDERS_FILE]

    @property
    def stock_files(self) -> list[FileInfo]:
        return [f for f in self.files if f.role == STOCK_FILE]


@dataclass
class Orders(_FilesRead):
    """Every order line of the files read (a line in several files once), and what each file gave."""

    files: list[FileInfo]
    failures: list[OrderFileError]
    lines: pd.DataFrame
    stock: dict[str, int] | None = None  # SKU -> quantity on hand, from the stock files
    cancelled: bool = False


def read(paths: Iterable[str | Path], seller: Seller, job: Job | None = None) -> Orders:
    """Read every file; a bad one is kept with its reason and the rest still load.

    A file that is not an order export but lists SKUs and quantities is read as stock; the seller's
    column mappings are used for layouts the app does not know.
    """
    job = job or Job()
    paths = [Path(p) for p in paths]
    named_stock = {p.resolve() for p in seller.stock_paths}
    order_paths = [p for p in paths if p.resolve() not in named_stock]
    try:
        with seller_statuses(seller.status_meanings()):
            loaded, failures = load_order_files(order_paths, mappings=seller.mappings(),
                                                cancel=job.cancel_event, limits=job.limits,
                                                progress=job.part(0.0, 0.95).report)
    except OrderFileError as error:
        if error.kind != "cancelled":
            raise
        return Orders([], [], empty_lines(), cancelled=True)
    infos = [_file_info(f) for f in loaded]
    stock: dict[str, int] = {}
    kept_failures: list[OrderFileError] = []
    candidates = [(f.path, f) for f in failures] + [(p, None) for p in seller.stock_paths]
    for path, failure in candidates:  # in the order given, so messages follow the files
        if failure is not None and failure.kind not in _MAYBE_STOCK:
            kept_failures.append(failure)
            continue
        try:
            quantities = read_stock(path)
        except StockFileError as error:
            kept_failures.append(_what_it_holds(failure) if failure is not None else error)
            continue
        for sku, quantity in quantities.items():
            stock[sku] = stock.get(sku, 0) + quantity
        infos.append(FileInfo(path, "", None, None, len(quantities), len(quantities), (), STOCK_FILE))
    for failure in kept_failures:
        log.info("Could not read %s: %s", failure.path.name, failure.kind)
    lines = combine(loaded) if loaded else empty_lines()
    job.report(1.0)
    return Orders(infos, kept_failures, lines, stock or None)


def _what_it_holds(failure: OrderFileError) -> OrderFileError:
    """A file no layout matched that is no order table at all (a memo, a one-column list) says what it
    holds, and is no longer a case for the column-mapping form (meant for order tables of unknown
    layout)."""
    if failure.kind != "unknown_layout":
        return failure
    shape = shape_of_file(failure.path)
    return OrderFileError(failure.path, "not_orders", shape) if shape is not None else failure


def _file_info(loaded: LoadedFile) -> FileInfo:
    """What was read from an order file, with what its layout says it is and cannot give."""
    layout = layout_named(loaded.layout)
    notes = (Message(layout.note),) if layout is not None and layout.note else ()
    lacking = unavailable_in(layout, loaded.header) if layout is not None else {}
    return FileInfo(loaded.path, loaded.marketplace, loaded.encoding, loaded.sheet, loaded.rows,
                    loaded.orders, (*notes, *loaded.warnings), layout=loaded.layout, unavailable=lacking)


def unavailable_figures(files: Iterable[FileInfo]) -> dict[str, dict[str, str]]:
    """Per marketplace, the figures none of its files can give, with the first file's reason code."""
    reasons: dict[str, dict[str, str]] = {}
    gives: dict[str, set[str]] = {}
    for info in files:
        if info.role != ORDERS_FILE:
            continue
        for figure in FIGURE_KINDS:
            if figure in info.unavailable:
                reasons.setdefault(info.marketplace, {}).setdefault(figure, info.unavailable[figure])
            else:
                gives.setdefault(info.marketplace, set()).add(figure)
    return {m: {f: code for f, code in found.items() if f not in gives.get(m, set())}
            for m, found in reasons.items()}


def analyse(orders: Orders, seller: Seller, as_of: str | datetime | pd.Timestamp | None = None, *,
            window_days: int | None = None, now: datetime | pd.Timestamp | None = None) -> Analysis:
    """Group the lines into orders (with the seller's tags), measure them once, and find the risks."""
    rules = seller.rules
    tags, reasons, store_problem = seller.teachings()
    book = build_order_book(orders.lines, cause_tags=tags, reason_causes=reasons)
    per_account = account_rules(book.account_marketplace, rules, window_days)
    shortest = min((r.window_days for r in per_account), default=window_days or 30)
    resolved = resolve_as_of(book, as_of, window_days=shortest, now=now)
    lacking = unavailable_figures(orders.files)
    return Analysis(orders, measure(book, resolved.at, per_account, unavailable=lacking), resolved, rules,
                    window_days, store_problem)


@dataclass(eq=False)
class Analysis:
    """Everything the window, the report, exports and drafts show, computed once for one read."""

    orders: Orders
    measure: Measure
    as_of: AsOf
    rules: dict[str, Rules]
    window_days: int | None
    store_problem: Message | None = None  # the seller's tags could not be read: the files' causes

    @property
    def store_failed(self) -> bool:
        return self.store_problem is not None

    @property
    def book(self) -> OrderBook:
        return self.measure.book

    @cached_property
    def figures(self) -> dict[str, dict[str, Any]]:
        return figures(self.measure)

    @cached_property
    def at_risk(self) -> pd.DataFrame:
        return orders_at_risk(self.measure, stock=self.orders.stock)

    @cached_property
    def trend(self) -> dict[str, pd.DataFrame]:
        return trend(self.book, self.measure.account_rules, until=self.as_of.at,
                     unavailable=self.measure.unavailable)

    @cached_property
    def root_causes(self) -> dict[str, RootCauses]:
        return root_causes(self.measure)

    def orders_behind(self, key: str, figure: str) -> pd.DataFrame:
        return orders_behind(self.measure, key, figure)

    def lines_with_causes(self) -> pd.DataFrame:
        """Every line, its cancel cause as counted (the seller's tag or confirmed reason winning)."""
        lines = self.book.lines
        cancelled = self.book.line_cause >= 0
        if not cancelled.any():
            return lines
        from seller_gui.core.analysis.orders import CAUSE_NAMES

        order_cause = self.book.cause[self.book.line_order]
        tagged = self.book.tagged[self.book.line_order]
        counted = np.where(tagged, order_cause, self.book.line_cause)
        causes = lines["cancel_cause"].to_numpy(dtype=object, na_value="").copy()
        causes[cancelled] = [CAUSE_NAMES.get(int(c), "") for c in counted[cancelled]]
        return lines.assign(cancel_cause=pd.array(causes, dtype=lines["cancel_cause"].dtype))

    def summary(self, *, keep_lines: bool = False) -> Summary:
        """The compact view the window keeps: figures, trend, risks, the orders behind each figure,
        and the lines of the orders at risk (every line with ``keep_lines``)."""
        behind = {(key, figure): self.orders_behind(key, figure)
                  for key in self.figures for figure in CLICKABLE_FIGURES}
        lines = self.book.lines
        if not keep_lines:
            lines = lines_of_orders(lines, self.at_risk)
        return Summary(self.orders.files, self.orders.failures, False, self.as_of, self.figures,
                       self.trend, self.root_causes, self.at_risk, behind, lines, self.store_problem)


def lines_of_orders(lines: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """The lines of the orders listed in ``orders`` (by marketplace, shop and order number)."""
    if orders.empty or lines.empty:
        return lines.iloc[0:0]
    wanted = pd.MultiIndex.from_frame(orders[["marketplace", "shop", "order_id"]].astype(str))
    have = pd.MultiIndex.from_frame(lines[["marketplace", "shop", "order_id"]].astype(str))
    return lines[have.isin(wanted)]


@dataclass
class Summary(_FilesRead):
    """What the window keeps of one ``Analysis`` (cheap to send back from a child process)."""

    files: list[FileInfo]
    failures: list[OrderFileError]
    cancelled: bool = False
    as_of: AsOf | None = None
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    trend: dict[str, pd.DataFrame] = field(default_factory=dict)
    root_causes: dict[str, RootCauses] = field(default_factory=dict)
    at_risk: pd.DataFrame = field(default_factory=pd.DataFrame)
    behind: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    lines: pd.DataFrame = field(default_factory=pd.DataFrame)
    store_problem: Message | None = None

    @property
    def store_failed(self) -> bool:
        return self.store_problem is not None


    def orders_behind(self, key: str, figure: str) -> pd.DataFrame:
        return self.behind[(key, figure)]

    def lines_of(self, order: OrderKey) -> pd.DataFrame:
        """The lines of one order: for the notices to its buyer."""
        for frame in (self.lines, *self.behind.values()):
            if len(frame):
                found = frame[(frame["marketplace"] == order.marketplace)
                              & (frame["shop"] == order.shop) & (frame["order_id"] == order.order_id)]
                if len(found):
                    return found
        return self.lines.iloc[0:0]


def summarise(paths: Iterable[str | Path], seller: Seller, job: Job | None = None, *,
              as_of: str | datetime | pd.Timestamp | None = None, window_days: int | None = None,
              keep_lines: bool = False) -> Summary:
    """``read`` then ``analyse``, as the window's compact ``Summary`` (the function a child runs)."""
    orders = read(paths, seller, job)
    if orders.cancelled:
        return Summary(orders.files, orders.failures, cancelled=True)
    return analyse(orders, seller, as_of, window_days=window_days).summary(keep_lines=keep_lines)
