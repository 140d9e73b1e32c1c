"""The overview: one compact row per marketplace (and shop), all visible at once, and a first row for
all of them together. Selecting a row shows that account's gauges, trend and orders; Enter (or a
double click) lists the orders behind its figures.

A table rather than cards: it stays one row per account whatever the width, is one Tab stop with the
arrows inside, and its columns size to their text, so nothing is cut.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
)

from seller_gui.core.i18n import Catalog
from seller_gui.ui.dashboard import Formats, unavailable_words
from seller_gui.ui.gauge import percent, rate_range
from seller_gui.ui.gauge_math import BAND_COLOURS, NO_DATA, SEVERITY, overall_status, worse_status

ALL = ""  # the key of the first row: every marketplace together
KEY_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("ov_col_account", "ov_col_cancel", "ov_col_cancel_limit", "ov_col_late", "ov_col_late_limit",
           "ov_col_status", "ov_col_room")
STATUS_COLUMN = COLUMNS.index("ov_col_status")


def first_choice(figures: dict[str, dict[str, Any]]) -> str:
    """The account selected at start: the worst one, and among equals the busiest (most orders)."""
    if not figures:
        return ALL
    return max(figures, key=lambda k: (SEVERITY[overall_status(figures[k])], figures[k].get("orders") or 0))


def room_words(catalog: Catalog, block: dict[str, Any]) -> str:
    """The cancellation budget in a few words, for the overview's last column."""
    t = catalog.text
    if block.get("cancel_unavailable") or block["status"] == NO_DATA or block["cancel_budget"] is None:
        return "—"
    if block["clean_orders_needed"]:
        return t("room_over", count=block["clean_orders_needed"])
    if block["cancel_budget"] == 0:
        return t("room_none")
    return t("room_left", count=block["cancel_budget"])


def short_limit(catalog: Catalog, limit: float | None, estimate: bool) -> str:
    if limit is None:
        return "—"
    return catalog.text("ov_limit_estimate" if estimate else "ov_limit_official", limit=percent(limit, 1))


class OverviewTable(QTableWidget):
    account_chosen = Signal(str)  # the selected row's key (ALL for every marketplace)
    account_opened = Signal(str)  # Enter or a double click: show the orders behind it

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(0, len(COLUMNS))
        self.catalog = catalog
        self.formats = Formats(catalog)
        self.figures: dict[str, dict[str, Any]] = {}
        self.at_risk_counts: dict[str, int] = {}
        self.setObjectName("overviewTable")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setSectionsClickable(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.itemSelectionChanged.connect(self._selection_changed)
        self.itemDoubleClicked.connect(lambda item: self.account_opened.emit(self.key_of(item.row())))
        self.retranslate()

    # ----- content -----
    def show_figures(self, figures: dict[str, dict[str, Any]], at_risk_counts: dict[str, int]) -> None:
        self.figures, self.at_risk_counts = figures, at_risk_counts
        chosen = self.current_key()
        keep = chosen if chosen is not None and (chosen == ALL or chosen in figures) else first_choice(figures)
        self.blockSignals(True)
        self.setRowCount(1 + len(figures))
        self._fill()
        self.choose(keep)
        self.blockSignals(False)
        self.account_chosen.emit(keep)  # new figures for the same row too

    def key_of(self, row: int) -> str:
        item = self.item(row, 0)
        return item.data(KEY_ROLE) if item is not None else ALL

    def current_key(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.key_of(rows[0].row()) if rows else None

    def choose(self, key: str) -> None:
        for row in range(self.rowCount()):
            if self.key_of(row) == key:
                self.selectRow(row)
                self.setCurrentCell(row, 0)
                return

    def rows_height(self) -> int:
        """The height that shows every row and the header without a scroll bar."""
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        return height

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.catalog.text(key) for key in COLUMNS])
        if self.rowCount():
            self._fill()

    def _fill(self) -> None:
        t, f = self.catalog.text, self.formats
        worst = worse_status(*(overall_status(b) for b in self.figures.values()))
        at_risk = sum(self.at_risk_counts.values())
        self._set_row(0, ALL, [t("overview_all"), "", "", "", "", t(f"status_{worst}"),
                               t("ov_at_risk", count=f.count(at_risk))], worst, [""] * len(COLUMNS))
        for row, (key, block) in enumerate(self.figures.items(), start=1):
            cancel_gone = unavailable_words(self.catalog, key, block.get("cancel_unavailable"))
            late_gone = unavailable_words(self.catalog, key, block.get("late_unavailable"))
            late_rate = None if late_gone else block.get("late_shipment_rate")
            cancel = "—" if cancel_gone else rate_range(block["seller_cancel_rate"],
                                                       block["seller_cancel_rate_upper"])
            status = overall_status(block)
            cancel_limit = short_limit(self.catalog, block["limit"], block["limit_is_estimate"])
            if block.get("count_limit"):  # Rakuten counts cancellations too: the room left follows it
                cancel_limit += " " + t("limit_count", count=block["count_limit"])
            values = [f.account(key), cancel, cancel_limit,
                      percent(late_rate), short_limit(self.catalog, block.get("late_limit"),
                                                      block.get("late_limit_is_estimate",
                                                                block["limit_is_estimate"])),
                      t(f"status_{status}"), room_words(self.catalog, block)]
            tips = ["", cancel_gone or t("tooltip_gauge"), "", late_gone or t("tooltip_late"), "",
                    t("ov_status_tip", cancel=t(f"status_{block['status']}"),
                      late=t(f"status_{block['late_status']}")), ""]
            self._set_row(row, key, values, status, tips)

    def _set_row(self, row: int, key: str, values: list[str], status: str, tips: list[str]) -> None:
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(KEY_ROLE, key)
            if tips[column]:
                item.setToolTip(tips[column])
            if column in (1, 2, 3, 4):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == STATUS_COLUMN:
                item.setBackground(QBrush(QColor(BAND_COLOURS[status])))
                item.setForeground(QBrush(QColor("white")))
                bold = QFont(self.font())
                bold.setBold(True)
                item.setFont(bold)
            if column == 0 and key == ALL:
                italic = QFont(self.font())
                italic.setItalic(True)
                item.setFont(italic)
            self.setItem(row, column, item)

    # ----- keyboard and selection -----
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_key() is not None:
            self.account_opened.emit(self.current_key())
            event.accept()
            return
        super().keyPressEvent(event)

    def _selection_changed(self) -> None:
        key = self.current_key()
        if key is not None:
            self.account_chosen.emit(key)
