"""Column mapping for a layout the app does not know: the seller says which column holds what, once.

The first rows are shown as they are in the file; each field the analysis needs has a chooser and a
one-line meaning. The mapping is saved under the header's fingerprint, so the next file with the same
header loads without asking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.errors import OrderFileError, StoreError
from seller_gui.core.i18n import Catalog
from seller_gui.core.reading.loader import RawTable, read_table
from seller_gui.core.schema import MARKETPLACES
from seller_gui.core.storage.mappings import ColumnMapping, MappingStore
from seller_gui.ui.dialog_parts import error_label, save_cancel

REQUIRED_FIELDS = ("order_id", "ordered_at", "status")
OPTIONAL_FIELDS = ("cancel_reason", "ship_by", "shipped_at", "sku", "item_name", "quantity",
                   "unit_price", "amount", "line_id", "shop")
PREVIEW_ROWS = 12
NO_COLUMN = ""


class MappingDialog(QDialog):
    def __init__(self, catalog: Catalog, table: RawTable, store: MappingStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.table = table
        self.store = store
        self.saved: ColumnMapping | None = None
        t = catalog.text
        self.setObjectName("mappingDialog")
        self.setWindowTitle(t("mapping_title"))
        intro = QLabel(t("mapping_intro", file=table.path.name))
        intro.setWordWrap(True)

        columns = [str(c) for c in table.header]
        self.preview = QTableWidget(min(PREVIEW_ROWS, len(table.frame)), len(table.frame.columns))
        self.preview.setObjectName("mappingPreview")
        self.preview.setHorizontalHeaderLabels([str(c) for c in table.frame.columns])
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.horizontalHeader().setDefaultSectionSize(120)
        for row in range(self.preview.rowCount()):
            for column in range(self.preview.columnCount()):
                value = str(table.frame.iat[row, column])
                item = QTableWidgetItem(value.replace("\n", " ")[:200])
                self.preview.setItem(row, column, item)

        self.preview.resizeRowsToContents()
        shown_height = sum(self.preview.rowHeight(r) for r in range(self.preview.rowCount()))
        self.preview.setMaximumHeight(shown_height + self.preview.horizontalHeader().sizeHint().height()
                                      + self.preview.horizontalScrollBar().sizeHint().height()
                                      + 2 * self.preview.frameWidth() + 4)

        self.marketplace = QComboBox()
        self.marketplace.setObjectName("mappingMarketplace")
        for key in MARKETPLACES:
            self.marketplace.addItem(t(f"marketplace_{key}"), key)
        self.marketplace.setCurrentIndex(self.marketplace.findData("generic"))

        fields_box = QGroupBox(t("mapping_fields_group"))
        grid = QGridLayout(fields_box)
        grid.addWidget(QLabel(t("mapping_marketplace")), 0, 0)
        grid.addWidget(self.marketplace, 0, 1)
        grid.addWidget(QLabel(t("mapping_marketplace_help")), 0, 2)
        self.choosers: dict[str, QComboBox] = {}
        for row, name in enumerate(REQUIRED_FIELDS + OPTIONAL_FIELDS, start=1):
            label = t(f"field_{name}") + (" *" if name in REQUIRED_FIELDS else "")
            chooser = QComboBox()
            chooser.setObjectName(f"map_{name}")
            chooser.addItem(t("mapping_not_in_file"), NO_COLUMN)
            for column in dict.fromkeys(c for c in columns if c.strip()):
                chooser.addItem(column, column)
            help_label = QLabel(t(f"field_{name}_help"))
            help_label.setWordWrap(True)
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(chooser, row, 1)
            grid.addWidget(help_label, row, 2)
            self.choosers[name] = chooser
        grid.setColumnStretch(2, 1)
        fields_scroll = QScrollArea()
        fields_scroll.setWidget(fields_box)
        fields_scroll.setWidgetResizable(True)

        self.error = error_label("mappingError")
        self.buttons = save_cancel(self, t("mapping_save"), t("cancel"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(t("mapping_preview")))
        layout.addWidget(self.preview)
        layout.addWidget(fields_scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(1000, 760)

    def choose(self, name: str, column: str) -> None:
        """Pick ``column`` for field ``name`` (what a click in the chooser does)."""
        index = self.choosers[name].findData(column)
        if index < 0:
            raise KeyError(column)
        self.choosers[name].setCurrentIndex(index)

    def chosen(self) -> dict[str, str]:
        return {name: box.currentData() for name, box in self.choosers.items() if box.currentData()}

    def problems(self) -> list[str]:
        t = self.catalog.text
        fields = self.chosen()
        found = [t("mapping_missing", field=t(f"field_{name}"))
                 for name in REQUIRED_FIELDS if name not in fields]
        users: dict[str, list[str]] = {}
        for name, column in fields.items():
            users.setdefault(column, []).append(t(f"field_{name}"))
        separator = ", " if self.catalog.language == "en" else "、"
        found += [t("mapping_used_twice", column=column, fields=separator.join(names))
                  for column, names in users.items() if len(names) > 1]
        return found

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.error.setText("\n".join(problems))
            return
        try:
            self.saved = self.store.save(list(self.table.header), self.chosen(),
                                         self.marketplace.currentData())
        except (StoreError, ValueError) as error:
            self.error.setText(self.catalog.text("mapping_save_failed", detail=str(error)))
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, catalog: Catalog, path: Path, store: MappingStore
            ) -> ColumnMapping | None:
        """Read the file's first rows and ask; the saved mapping, or None (cancelled or unreadable)."""
        try:
            table = read_table(path)
        except OrderFileError:
            return None
        dialog = cls(catalog, table, store, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.exec()
        return dialog.saved
