"""Cause tagging: the seller says whose fault each unexplained cancellation was, or what a raw reason
text means once for all orders. Tags go to the local store; ``tags_saved`` lets the window recompute
the gauge and budget at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.analysis.review import unconfirmed_reasons, unknown_cancellations
from seller_gui.core.errors import StoreError
from seller_gui.core.i18n import Catalog, Message
from seller_gui.core.pipeline import Summary
from seller_gui.core.storage.store import Store
from seller_gui.ui.dashboard import Formats


def _table(columns: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class TaggingDialog(QDialog):
    tags_saved = Signal()  # after every change written to the store

    def __init__(self, catalog: Catalog, summary: Summary, store_path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.store_path = store_path
        self.changes = 0
        formats = Formats(catalog)
        t = catalog.text
        self.setObjectName("taggingDialog")
        self.setWindowTitle(t("tagging_title"))
        self.orders = unknown_cancellations(summary)
        self.reasons = unconfirmed_reasons(self.orders)

        orders_box = QGroupBox(t("tagging_orders_group"))
        self.orders_hint = QLabel()
        self.orders_hint.setWordWrap(True)
        self.order_table = _table([t("col_marketplace"), t("col_order"), t("col_ordered_at"),
                                   t("col_item"), t("col_reason_text")], stretch=4)
        self.order_table.setObjectName("unknownOrders")
        self.order_table.setRowCount(len(self.orders))
        for row, record in enumerate(self.orders.itertuples(index=False)):
            values = (formats.account(record.key), record.order_id, formats.when(record.ordered_at),
                      "" if pd.isna(record.item_name) else str(record.item_name), record.cancel_reason)
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, (record.marketplace, record.order_id))
                self.order_table.setItem(row, column, item)
        self.seller_button = QPushButton(t("tagging_mark_seller"))
        self.buyer_button = QPushButton(t("tagging_mark_buyer"))
        self.seller_button.clicked.connect(lambda: self.tag_selected("seller"))
        self.buyer_button.clicked.connect(lambda: self.tag_selected("buyer"))
        order_buttons = QHBoxLayout()
        order_buttons.addWidget(self.seller_button)
        order_buttons.addWidget(self.buyer_button)
        order_buttons.addStretch()
        orders_layout = QVBoxLayout(orders_box)
        orders_layout.addWidget(self.orders_hint)
        orders_layout.addWidget(self.order_table)
        orders_layout.addLayout(order_buttons)

        reasons_box = QGroupBox(t("tagging_reasons_group"))
        reasons_hint = QLabel(t("tagging_reasons_hint"))
        reasons_hint.setWordWrap(True)
        self.reason_table = _table([t("col_marketplace"), t("col_reason_text"), t("col_orders")], stretch=1)
        self.reason_table.setObjectName("unconfirmedReasons")
        self.reason_table.setRowCount(len(self.reasons))
        for row, record in enumerate(self.reasons.itertuples(index=False)):
            values = (formats.account(record.marketplace), record.cancel_reason,
                      formats.count(record.orders))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, (record.marketplace, record.cancel_reason))
                self.reason_table.setItem(row, column, item)
        self.every_marketplace = QCheckBox(t("tagging_every_marketplace"))
        self.reason_seller = QPushButton(t("tagging_reason_seller"))
        self.reason_buyer = QPushButton(t("tagging_reason_buyer"))
        self.reason_seller.clicked.connect(lambda: self.confirm_selected("seller"))
        self.reason_buyer.clicked.connect(lambda: self.confirm_selected("buyer"))
        reason_buttons = QHBoxLayout()
        reason_buttons.addWidget(self.reason_seller)
        reason_buttons.addWidget(self.reason_buyer)
        reason_buttons.addWidget(self.every_marketplace)
        reason_buttons.addStretch()
        reasons_layout = QVBoxLayout(reasons_box)
        if self.reasons.empty:  # nothing to confirm: say so instead of an empty table
            reasons_hint.setText(t("tagging_no_reasons"))
            self.reason_table.setVisible(False)
            for widget in (self.reason_seller, self.reason_buyer, self.every_marketplace):
                widget.setVisible(False)
        reasons_layout.addWidget(reasons_hint)
        reasons_layout.addWidget(self.reason_table)
        reasons_layout.addLayout(reason_buttons)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a40000;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(orders_box, 3)
        layout.addWidget(reasons_box, 2 if not self.reasons.empty else 0)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.order_table.itemSelectionChanged.connect(self._refresh)
        self.reason_table.itemSelectionChanged.connect(self._refresh)
        self._refresh()
        self.resize(900, 640)

    def _refresh(self) -> None:
        t = self.catalog.text
        left = self.order_table.rowCount()
        self.orders_hint.setText(t("tagging_orders_hint", count=left) if left else t("tagging_none_left"))
        chosen = bool(self.order_table.selectionModel().selectedRows())
        self.seller_button.setEnabled(chosen)
        self.buyer_button.setEnabled(chosen)
        reason_chosen = bool(self.reason_table.selectionModel().selectedRows())
        self.reason_seller.setEnabled(reason_chosen)
        self.reason_buyer.setEnabled(reason_chosen)

    @staticmethod
    def _selected(table: QTableWidget) -> list[tuple[int, tuple[str, str]]]:
        rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
        return [(row, table.item(row, 0).data(Qt.ItemDataRole.UserRole)) for row in rows]

    def tag_selected(self, cause: str) -> int:
        """Tag the selected orders with ``cause`` in the store; they leave the list. Returns how many."""
        chosen = self._selected(self.order_table)
        if not chosen:
            return 0
        if not self._write(lambda store: store.set_cause_tags(
                [(marketplace, order_id, cause) for _, (marketplace, order_id) in chosen])):
            return 0
        for row, _ in reversed(chosen):
            self.order_table.removeRow(row)
        self._saved(len(chosen))
        return len(chosen)

    def confirm_selected(self, cause: str) -> int:
        """Confirm what the selected reason texts mean, for their marketplace or for every one."""
        chosen = self._selected(self.reason_table)
        everywhere = self.every_marketplace.isChecked()

        def confirm(store: Store) -> None:
            for _, (marketplace, reason) in chosen:
                store.confirm_reason("*" if everywhere else marketplace, reason, cause)

        if not chosen or not self._write(confirm):
            return 0
        for row, _ in reversed(chosen):
            self.reason_table.removeRow(row)
        self._saved(len(chosen))
        return len(chosen)

    def _write(self, action: Callable[[Store], None]) -> bool:
        try:
            with Store(self.store_path) as store:
                action(store)
        except StoreError as error:
            message = getattr(error, "message", None)
            detail = self.catalog.explain(message) if isinstance(message, Message) else str(error)
            self.error.setText(self.catalog.text("tagging_save_failed", detail=detail))
            return False
        self.error.setText("")
        return True

    def _saved(self, count: int) -> None:
        self.changes += count
        self._refresh()
        self.tags_saved.emit()

    @classmethod
    def ask(cls, parent: QWidget | None, catalog: Catalog, summary: Summary, store_path: Path,
            on_saved: Callable[[], object] | None = None) -> int:
        """Show the dialog; how many orders and reasons were tagged."""
        dialog = cls(catalog, summary, store_path, parent)
        if on_saved is not None:
            dialog.tags_saved.connect(on_saved)
        dialog.exec()
        return dialog.changes
