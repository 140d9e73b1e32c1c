"""Status meanings: the seller says once what each status value the app does not know means (open,
scheduled, awaiting payment, shipped, cancelled). Kept in the local store; every later read, in the
window and on the command line, uses it. Values left at "don't know" stay unknown."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.errors import StoreError
from seller_gui.core.i18n import Catalog, Message
from seller_gui.core.reading.normalize import SELLER_CHOICES
from seller_gui.core.storage.store import Store
from seller_gui.ui.dialog_parts import error_label, save_cancel

UNCHOSEN = ""  # the first entry of every choice: the value stays unknown


class StatusDialog(QDialog):
    """One row per (marketplace, status value): a choice of meaning, the saved one preselected."""

    def __init__(self, catalog: Catalog, store_path: Path, unknown: Mapping[str, tuple[str, ...]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.store_path = store_path
        self.saved_count = 0
        t = catalog.text
        self.setObjectName("statusDialog")
        self.setWindowTitle(t("status_dialog_title"))
        with Store(store_path) as store:
            self.saved: dict[str, dict[str, str]] = store.status_meanings()
        self.rows: list[tuple[str, str]] = [(m, v) for m, values in sorted(unknown.items()) for v in values]
        for marketplace, values in sorted(self.saved.items()):  # what was mapped before can be changed
            self.rows += [(marketplace, v) for v in values if (marketplace, v) not in self.rows]

        intro = QLabel(t("status_dialog_intro") if self.rows else t("status_dialog_none"))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setObjectName("statusTable")
        self.table.setHorizontalHeaderLabels([t("status_dialog_column_marketplace"),
                                              t("status_dialog_column_value"),
                                              t("status_dialog_column_meaning")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.choices: list[QComboBox] = []
        for row, (marketplace, value) in enumerate(self.rows):
            name = QTableWidgetItem(t(f"marketplace_{marketplace}"))
            shown = QTableWidgetItem(value)
            for item in (name, shown):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, shown)
            choice = QComboBox()
            choice.addItem(t("status_choice_unknown"), UNCHOSEN)
            for meaning in SELLER_CHOICES:
                choice.addItem(t(f"status_choice_{meaning}"), meaning)
            current = self.saved.get(marketplace, {}).get(value, UNCHOSEN)
            choice.setCurrentIndex(max(0, choice.findData(current)))
            self.table.setCellWidget(row, 2, choice)
            self.choices.append(choice)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(self.rows))
        self.error = error_label("statusError")
        self.buttons = save_cancel(self, t("save"), t("cancel"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, 360)

    def chosen(self) -> dict[tuple[str, str], str]:
        """(marketplace, value) -> meaning, "" for a value left unknown."""
        return {key: str(box.currentData()) for key, box in zip(self.rows, self.choices, strict=True)}

    def changes(self) -> list[tuple[str, str, str]]:
        """What differs from the store: (marketplace, value, meaning or "" to forget)."""
        return [(m, v, meaning) for (m, v), meaning in self.chosen().items()
                if meaning != self.saved.get(m, {}).get(v, UNCHOSEN)]

    def accept(self) -> None:
        changes = self.changes()
        if changes:
            try:
                with Store(self.store_path) as store:
                    store.set_status_meanings(changes)
            except StoreError as error:
                message = getattr(error, "message", None)
                self.error.setText(self.catalog.explain(message) if isinstance(message, Message)
                                   else str(error))
                return
        self.saved_count = len(changes)
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, catalog: Catalog, store_path: Path,
            unknown: Mapping[str, tuple[str, ...]]) -> int | None:
        """Show the dialog; the number of meanings changed when the seller saved, else None."""
        dialog = cls(catalog, store_path, unknown, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.saved_count
