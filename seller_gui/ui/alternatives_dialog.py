"""SKU alternatives: per SKU, the items offered instead when it is out of stock (name and URL), kept in
the local store and used by the out-of-stock notice."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.errors import StoreError
from seller_gui.core.i18n import Catalog, Message
from seller_gui.core.storage.store import Alternative, Store
from seller_gui.ui.dialog_parts import error_label, save_cancel

MAX_ALTERNATIVES = 10  # a notice offers a few; more reads like an advertisement


def valid_url(text: str) -> bool:
    parsed = urlparse(text)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in text


class AlternativesDialog(QDialog):
    def __init__(self, catalog: Catalog, store_path: Path, skus: Iterable[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.store_path = store_path
        t = catalog.text
        self.setObjectName("alternativesDialog")
        self.setWindowTitle(t("alternatives_title"))
        with Store(store_path) as store:
            self.saved: dict[str, list[Alternative]] = store.all_alternatives()
        self.edited: dict[str, list[Alternative]] = {}
        self.current: str | None = None

        intro = QLabel(t("alternatives_intro"))
        intro.setWordWrap(True)
        self.sku_list = QListWidget()
        self.sku_list.setObjectName("skuList")
        for sku in sorted({s for s in skus if s} | set(self.saved)):
            self.sku_list.addItem(sku)
        self.new_sku = QLineEdit()
        self.new_sku.setPlaceholderText(t("alternatives_new_sku"))
        self.add_sku_button = QPushButton(t("alternatives_add_sku"))
        self.add_sku_button.clicked.connect(lambda: self.add_sku(self.new_sku.text()))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(t("col_sku")))
        left_layout.addWidget(self.sku_list, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_sku, 1)
        add_row.addWidget(self.add_sku_button)
        left_layout.addLayout(add_row)

        self.sku_title = QLabel()
        self.items = QTableWidget(0, 2)
        self.items.setObjectName("alternativeItems")
        self.items.setHorizontalHeaderLabels([t("alternatives_name"), t("alternatives_url")])
        self.items.verticalHeader().setVisible(False)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.items.horizontalHeader().setDefaultSectionSize(220)
        self.items.horizontalHeader().setStretchLastSection(True)
        self.add_item_button = QPushButton(t("alternatives_add_item"))
        self.remove_item_button = QPushButton(t("alternatives_remove_item"))
        self.add_item_button.clicked.connect(lambda: self.add_item())
        self.remove_item_button.clicked.connect(self.remove_selected_item)
        item_buttons = QHBoxLayout()
        item_buttons.addWidget(self.add_item_button)
        item_buttons.addWidget(self.remove_item_button)
        item_buttons.addStretch()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.sku_title)
        right_layout.addWidget(self.items, 1)
        right_layout.addLayout(item_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([260, 560])

        self.error = error_label("alternativesError")
        self.buttons = save_cancel(self, t("save"), t("cancel"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.sku_list.currentTextChanged.connect(self.show_sku)
        if self.sku_list.count():
            self.sku_list.setCurrentRow(0)
        else:
            self.show_sku("")
        self.resize(860, 540)

    def add_sku(self, text: str) -> str | None:
        sku = unicodedata.normalize("NFKC", text).strip()
        if not sku:
            return None
        found = self.sku_list.findItems(sku, Qt.MatchFlag.MatchExactly)
        if not found:
            self.sku_list.addItem(sku)
            found = self.sku_list.findItems(sku, Qt.MatchFlag.MatchExactly)
        self.sku_list.setCurrentItem(found[0])
        self.new_sku.clear()
        return sku

    def _table_items(self) -> list[Alternative]:
        rows = []
        for row in range(self.items.rowCount()):
            name, url = (self.items.item(row, c).text().strip() if self.items.item(row, c) else ""
                         for c in (0, 1))
            if name or url:
                rows.append(Alternative(name, url))
        return rows

    def show_sku(self, sku: str) -> None:
        if self.current is not None:
            self.edited[self.current] = self._table_items()
        self.current = sku or None
        shown = self.edited.get(sku, self.saved.get(sku, [])) if sku else []
        self.items.setRowCount(0)
        for alternative in shown:
            self.add_item(alternative.name, alternative.url)
        self.sku_title.setText(self.catalog.text("alternatives_for", sku=sku) if sku
                               else self.catalog.text("alternatives_pick_sku"))
        for widget in (self.items, self.add_item_button, self.remove_item_button):
            widget.setEnabled(bool(sku))

    def add_item(self, name: str = "", url: str = "") -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        self.items.setItem(row, 0, QTableWidgetItem(name))
        self.items.setItem(row, 1, QTableWidgetItem(url))

    def remove_selected_item(self) -> None:
        for row in sorted({i.row() for i in self.items.selectionModel().selectedRows()}, reverse=True):
            self.items.removeRow(row)

    def problems(self) -> list[str]:
        t = self.catalog.text
        found = []
        for sku, items in self.edited.items():
            if len(items) > MAX_ALTERNATIVES:
                found.append(t("alternatives_too_many", sku=sku, count=MAX_ALTERNATIVES))
            for item in items:
                if not item.name:
                    found.append(t("alternatives_no_name", sku=sku))
                if item.url and not valid_url(item.url):
                    found.append(t("alternatives_bad_url", sku=sku, url=item.url[:80]))
        return found

    def accept(self) -> None:
        if self.current is not None:
            self.edited[self.current] = self._table_items()
        problems = self.problems()
        if problems:
            self.error.setText("\n".join(problems))
            return
        changed = {sku: items for sku, items in self.edited.items() if items != self.saved.get(sku, [])}
        try:
            with Store(self.store_path) as store:
                for sku, items in changed.items():
                    store.set_alternatives(sku, items)
        except StoreError as error:
            message = getattr(error, "message", None)
            detail = self.catalog.explain(message) if isinstance(message, Message) else str(error)
            self.error.setText(self.catalog.text("alternatives_save_failed", detail=detail))
            return
        self.saved.update(changed)
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, catalog: Catalog, store_path: Path,
            skus: Iterable[str] = ()) -> bool:
        """Show the dialog; True when the seller saved."""
        dialog = cls(catalog, store_path, skus, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
