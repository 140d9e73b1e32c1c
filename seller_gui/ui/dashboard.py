"""The dashboard: a card per marketplace (gauge, budget, late shipment), the trend, the orders at risk.

Every figure comes from core (metrics, risk); these widgets only lay it out in the seller's language.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QItemSelection, QLocale, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.analysis.risk import REASONS, reason_messages
from seller_gui.core.i18n import Catalog, explain
from seller_gui.ui.frame_model import ROW_ROLE, Column, FrameModel
from seller_gui.ui.gauge import Gauge, percent
from seller_gui.ui.gauge_math import BAND_COLOURS

LOCALES = {"zh": QLocale(QLocale.Language.Chinese, QLocale.Country.China),
           "ja": QLocale(QLocale.Language.Japanese, QLocale.Country.Japan),
           "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}
MAX_COLUMN_WIDTH = 360  # px: a column sized to its contents grows no wider


class Formats:
    """Numbers and dates in the form of the interface language."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    @property
    def locale(self) -> QLocale:
        return LOCALES[self.catalog.language]

    def count(self, value: int) -> str:
        return self.locale.toString(int(value))

    def when(self, stamp: Any) -> str:
        if stamp is None or (not isinstance(stamp, str) and pd.isna(stamp)):
            return ""
        stamp = pd.Timestamp(stamp)
        if self.catalog.language in ("ja", "zh"):
            return f"{stamp:%Y/%m/%d %H:%M}"
        return f"{stamp.day} {stamp:%b %Y %H:%M}"

    def hours(self, value: float) -> str:
        if value is None or math.isnan(value):
            return ""
        return self.catalog.text("hours_value", hours=self.locale.toString(float(value), "f", 0))

    def account(self, key: str) -> str:
        marketplace, _, shop = key.partition("/")
        name = self.catalog.text(f"marketplace_{marketplace}")
        return f"{name} / {shop}" if shop else name


def reason_labels(catalog: Catalog, reasons: Any) -> str:
    return "、".join(catalog.text(f"reason_{code}") for code in reasons) if catalog.language != "en" \
        else ", ".join(catalog.text(f"reason_{code}") for code in reasons)


def unavailable_words(catalog: Catalog, key: str, code: str | None) -> str:
    """Why a figure cannot be computed from the files loaded (core's reason code), in words."""
    if not code:
        return ""
    name = catalog.text(f"marketplace_{key.partition('/')[0]}")
    try:
        return explain(code, {"marketplace": name}, catalog.language)
    except (KeyError, ValueError, IndexError):
        return catalog.text("figure_unavailable")


def budget_words(catalog: Catalog, block: dict[str, Any]) -> str:
    t = catalog.text
    if block["status"] == "no_data" or block["cancel_budget"] is None:
        return t("budget_no_data")
    if block["clean_orders_needed"]:
        return t("budget_over", count=block["clean_orders_needed"])
    if block["cancel_budget"] == 0:
        return t("budget_none_left")
    return t("budget_left", count=block["cancel_budget"], days=block["window_days"])


def limit_words(catalog: Catalog, block: dict[str, Any], *, late: bool = False) -> str:
    """"limit 10.0% (estimate)" for the cancellation (or, with ``late``, the late-shipment) limit."""
    if late:
        estimate = block.get("late_limit_is_estimate", block.get("limit_is_estimate", True))
        limit = block.get("late_limit")
    else:
        estimate, limit = block["limit_is_estimate"], block["limit"]
    if limit is None:
        return catalog.text("limit_none")
    text = catalog.text("limit_estimate" if estimate else "limit_official", limit=percent(limit, 1))
    if not late and block.get("count_limit"):
        text += " " + catalog.text("limit_count", count=block["count_limit"])
    return text


class ClickableLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def status_badge(label: QLabel, catalog: Catalog, status: str) -> None:
    """A coloured pill with the status in words (colour is never the only sign)."""
    label.setText(catalog.text(f"status_{status}"))
    colour = BAND_COLOURS.get(status, BAND_COLOURS["no_data"])  # "unavailable": grey, as no data
    label.setStyleSheet(f"QLabel {{ background: {colour}; color: white;"
                        " padding: 1px 8px; border-radius: 8px; }")


def wrapped(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    return label


class AccountCard(QFrame):
    """One marketplace (or shop) in detail: the cancellation gauge and the late-shipment gauge side by
    side as equals, each with its status, its limit (official or estimate) and what it counts."""

    figure_requested = Signal(str, str)  # account key, figure name

    def __init__(self, key: str, catalog: Catalog) -> None:
        super().__init__()
        self.key = key
        self.catalog = catalog
        self.formats = Formats(catalog)
        self.block: dict[str, Any] = {}
        self.setObjectName("accountCard")
        self.title = QLabel()
        title_font = self.title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        self.title.setFont(title_font)
        # the seller-caused cancellation rate
        self.caption = wrapped(QLabel())
        self.status = QLabel()
        self.status.setObjectName("statusLabel")
        self.gauge = Gauge()
        self.gauge.clicked.connect(lambda: self.figure_requested.emit(self.key, "cancelled"))
        self.window_line = wrapped(QLabel())
        self.budget = wrapped(QLabel())
        self.unknown = wrapped(QLabel())
        # the late-shipment rate
        self.late_caption = wrapped(QLabel())
        self.late_status = QLabel()
        self.late_status.setObjectName("lateStatusLabel")
        self.late_gauge = Gauge()
        self.late_gauge.clicked.connect(lambda: self.figure_requested.emit(self.key, "overdue_open"))
        self.late = ClickableLabel()
        self.late.setWordWrap(True)
        self.late.setCursor(Qt.CursorShape.PointingHandCursor)
        self.late.clicked.connect(lambda: self.figure_requested.emit(self.key, "overdue_open"))

        self.limit_line = QLabel()
        self.late_limit_line = QLabel()
        boxes = QHBoxLayout()
        for caption, limit, status, gauge in (
                (self.caption, self.limit_line, self.status, self.gauge),
                (self.late_caption, self.late_limit_line, self.late_status, self.late_gauge)):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(caption)
            second = QHBoxLayout()  # the limit (official or estimate) and the status in words
            second.addWidget(limit)
            second.addStretch()
            second.addWidget(status)
            box.addLayout(second)
            box.addWidget(gauge, 1)
            boxes.addLayout(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(boxes, 1)
        # what the gauges count, in words: placed by the window beside them (scrolling when short), so
        # the gauges themselves always fit
        self.facts = QWidget()
        self.facts.setObjectName("accountFacts")
        facts = QVBoxLayout(self.facts)
        facts.setContentsMargins(4, 2, 4, 2)
        for label in (self.window_line, self.budget, self.unknown, self.late):
            facts.addWidget(label)
        facts.addStretch()
        self.title.setVisible(False)  # the overview's selected row and the trend's title name the account

    def show_block(self, block: dict[str, Any]) -> None:
        self.block = block
        self.retranslate()

    def retranslate(self) -> None:
        block, t, f = self.block, self.catalog.text, self.formats
        if not block:
            return
        self.title.setText(f.account(self.key))
        cancel_gone = unavailable_words(self.catalog, self.key, block.get("cancel_unavailable"))
        late_gone = unavailable_words(self.catalog, self.key, block.get("late_unavailable"))
        self.caption.setText(t("card_rate_label"))
        self.limit_line.setText(limit_words(self.catalog, block))
        status = "unavailable" if cancel_gone else block["status"]
        lower, upper = (None, None) if cancel_gone else (block["seller_cancel_rate"],
                                                          block["seller_cancel_rate_upper"])
        self.gauge.set_figures(lower, upper, block["limit"], "no_data" if cancel_gone else status)
        self.gauge.setToolTip(t("tooltip_gauge"))
        self.gauge.setAccessibleName(t("gauge_cancel_name", account=f.account(self.key),
                                       rate=self.gauge.shown_text(), limit=limit_words(self.catalog, block),
                                       status=t(f"status_{status}")))
        status_badge(self.status, self.catalog, status)
        self.window_line.setVisible(not cancel_gone)
        self.window_line.setText(t("card_window", days=block["window_days"],
                                   orders=f.count(block["orders"]), seller=f.count(block["seller_cancelled"])))
        self.budget.setText(cancel_gone or budget_words(self.catalog, block))
        self.unknown.setVisible(bool(block["unknown_cancelled"]) and not cancel_gone)
        self.unknown.setText(t("unknown_note", count=block["unknown_cancelled"]))

        late_limit = limit_words(self.catalog, block, late=True)
        self.late_caption.setText(t("card_late_label"))
        self.late_limit_line.setText(late_limit)
        rate = None if late_gone else block.get("late_shipment_rate")
        late_status = "unavailable" if late_gone else "no_data" if rate is None else block["late_status"]
        self.late_gauge.set_figures(rate, rate, block.get("late_limit") or 0.0,
                                    "no_data" if rate is None else late_status)
        self.late_gauge.setToolTip(t("tooltip_late"))
        self.late_gauge.setAccessibleName(t("gauge_late_name", account=f.account(self.key),
                                            rate=self.late_gauge.shown_text(), limit=late_limit,
                                            status=t(f"status_{late_status}")))
        status_badge(self.late_status, self.catalog, late_status)
        if late_gone:
            self.late.setText(late_gone)
        elif rate is None:
            self.late.setText(t("late_no_data"))
        else:
            self.late.setText(t("late_counts", days=block["late_window_days"],
                                late=f.count(block["late_shipped"]), overdue=f.count(block["overdue_open"]),
                                total=f.count(block["shipped"] + block["overdue_open"])))
        self.late.setToolTip(t("tooltip_late"))


def at_risk_columns(catalog: Catalog, formats: Formats) -> list[Column]:
    t = catalog.text
    return [
        Column("hours_left", lambda: t("col_hours_left"), formats.hours, align_right=True),
        Column("order_id", lambda: t("col_order")),
        Column("item_name", lambda: t("col_item")),  # what sellers read: early, and given the width
        Column("reasons", lambda: t("col_reasons"), lambda v: reason_labels(catalog, v)),
        Column("key", lambda: t("col_marketplace"), formats.account),
        Column("ship_by", lambda: t("col_ship_by"), formats.when),
        Column("ordered_at", lambda: t("col_ordered_at"), formats.when),
        Column("sku", lambda: t("col_sku")),
    ]


def behind_columns(catalog: Catalog, formats: Formats) -> list[Column]:
    t = catalog.text
    return [
        Column("order_id", lambda: t("col_order")),
        Column("ordered_at", lambda: t("col_ordered_at"), formats.when),
        Column("status", lambda: t("col_status"), lambda v: t(f"line_{v}") if v else ""),
        Column("order_cause", lambda: t("col_cause"), lambda v: t(f"cause_{v}") if v else ""),
        Column("cancel_reason", lambda: t("col_reason_text")),
        Column("ship_by", lambda: t("col_ship_by"), formats.when),
        Column("sku", lambda: t("col_sku")),
        Column("item_name", lambda: t("col_item")),
    ]


def make_table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.horizontalHeader().setResizeContentsPrecision(40)  # size columns from the first rows only
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # one Tab stop: the arrows move inside, Tab leaves the table
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # the window offers the actions
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class RiskPanel(QWidget):
    """The at-risk orders: filters, the table (soonest deadline first) and the selected order's reasons."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.formats = Formats(catalog)
        self.model = FrameModel(at_risk_columns(catalog, self.formats))
        self.marketplace_filter = QComboBox()
        self.reason_filter = QComboBox()
        self.marketplace_filter.currentIndexChanged.connect(self._apply_filters)
        self.reason_filter.currentIndexChanged.connect(self._apply_filters)
        self.table = make_table(self.model)
        self.table.setObjectName("atRiskTable")
        self.table.selectionModel().selectionChanged.connect(self._show_details)
        self.details = QTextBrowser()
        self.details.setObjectName("riskDetails")
        self.details.setOpenLinks(False)
        filters = QHBoxLayout()
        filters.addWidget(self.marketplace_filter)
        filters.addWidget(self.reason_filter)
        filters.addStretch()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([800, 220])  # the item names, which sellers read, get the width
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(splitter)
        self._keys: list[str] = []
        self._sized = False  # the columns fitted to a load's rows once; later filters only widen them
        self.retranslate()

    def show_frame(self, frame: pd.DataFrame, keys: list[str] | None = None) -> None:
        """The orders at risk; ``keys`` are every account loaded, so each can be chosen (even with none
        at risk). ``size_columns`` then fits the columns (the window calls it in a turn of its own)."""
        found = set(frame["key"].unique()) if len(frame) else set()
        self._keys = sorted(found | set(keys or ()))
        self._fill_filters()
        # one reset for the rows, the filters kept and core's order (most urgent first), not three
        self.model.set_frame(frame, self._chosen_filters(), sort=(0, Qt.SortOrder.AscendingOrder))
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self._sized = False
        self._show_details()

    def size_columns(self) -> None:
        """Each column as wide as its contents in the first rows, up to ``MAX_COLUMN_WIDTH``."""
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # a long reason list never pushes the item away
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN_WIDTH))
        self._sized = True

    def _widen_columns(self) -> None:
        """Another marketplace's rows (longer order numbers) are never cut: a column too narrow for the
        first rows now shown grows, up to ``MAX_COLUMN_WIDTH``; none shrinks, so a width the seller
        dragged stays."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            wanted = min(max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column)),
                         MAX_COLUMN_WIDTH)
            if wanted > self.table.columnWidth(column):
                self.table.setColumnWidth(column, wanted)

    def _fill_filters(self) -> None:
        """The filters' choices in the seller's language, keeping what was chosen; the rows stay as they are."""
        t = self.catalog.text
        chosen_key = self.marketplace_filter.currentData()
        chosen_reason = self.reason_filter.currentData()
        for combo in (self.marketplace_filter, self.reason_filter):
            combo.blockSignals(True)
            combo.clear()
        self.marketplace_filter.addItem(t("filter_all_marketplaces"), None)
        for key in self._keys:
            self.marketplace_filter.addItem(self.formats.account(key), key)
        self.reason_filter.addItem(t("filter_all_reasons"), None)
        for code in REASONS:
            self.reason_filter.addItem(t(f"reason_{code}"), code)
        for combo, chosen in ((self.marketplace_filter, chosen_key), (self.reason_filter, chosen_reason)):
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def show_account(self, key: str | None) -> None:
        """Only that account's orders (None: every account's)."""
        self.marketplace_filter.setCurrentIndex(max(0, self.marketplace_filter.findData(key)))

    def _chosen_filters(self) -> dict[str, Callable[[pd.Series], Any] | None]:
        key = self.marketplace_filter.currentData()
        reason = self.reason_filter.currentData()
        # numpy over the column's objects: a pandas string comparison or map took 2-10 ms on 50,000 orders
        return {
            "key": None if key is None else (lambda col, k=key: col.to_numpy(dtype=object) == k),
            "reasons": None if reason is None else (
                lambda col, r=reason: np.fromiter((r in codes for codes in col.to_numpy(dtype=object)),
                                                  dtype=bool, count=len(col))),
        }

    @Slot()
    def _apply_filters(self) -> None:
        self.model.set_filters(self._chosen_filters())
        if self._sized:  # before that, the load's own sizing is still to come
            self._widen_columns()
        self._show_details()  # the reset cleared the selection without saying so

    @Slot()
    def _show_details(self, *_: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        t = self.catalog.text
        if not rows:
            empty = self.model.rowCount() == 0
            self.details.setPlainText(t("no_orders_at_risk") if empty else t("details_empty"))
            return
        row = self.model.frame.iloc[rows[0].data(ROW_ROLE)]
        lines = [f"<h3>{escape(str(row['order_id']))}</h3>",
                 f"<p>{escape(self.formats.account(row['key']))}<br>{escape(str(row['item_name']))}</p><ul>"]
        lines += [f"<li><b>{t('reason_' + code)}</b>: {escape(self.catalog.explain(message))}</li>"
                  for code, message in zip(row["reasons"], reason_messages(row), strict=True)]
        lines.append("</ul>")
        self.details.setHtml("".join(lines))

    def retranslate(self) -> None:
        self._fill_filters()
        self._apply_filters()
        self.model.refresh_headers()


class BehindPanel(QWidget):
    """The orders counted in a figure the seller clicked."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.formats = Formats(catalog)
        self.model = FrameModel(behind_columns(catalog, self.formats))
        self.title = QLabel()
        self.table = make_table(self.model)
        self.table.setObjectName("behindTable")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.current: tuple[str, str] | None = None
        self.retranslate()

    def show_orders(self, key: str, figure: str, frame: pd.DataFrame) -> None:
        self.current = (key, figure)
        self.model.set_frame(frame)
        self.table.resizeColumnsToContents()
        self.retranslate()

    def retranslate(self) -> None:
        self.model.refresh_headers()
        if self.current is None:
            self.title.setText(self.catalog.text("behind_empty"))
            return
        key, figure = self.current
        orders = self.model.frame["order_id"].nunique() if len(self.model.frame) else 0
        self.title.setText(self.catalog.text("behind_title", account=self.formats.account(key),
                                             figure=self.catalog.text(f"figure_{figure}"),
                                             count=self.formats.count(orders)))
