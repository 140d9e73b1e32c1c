"""Which dropped or chosen paths to load, and the Files tab that lists what was read from each."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from seller_gui.core.i18n import Catalog
from seller_gui.core.schema import STOCK_FILE

if TYPE_CHECKING:  # the pipeline (and pandas) load after the first paint
    from seller_gui.core.pipeline import Summary

# What File > Open offers; a dropped file is loaded whatever its name, since the loader sniffs content.
OPEN_FILTER_PATTERNS = ("*.csv", "*.tsv", "*.txt", "*.xlsx", "*.xlsm", "*.xls")


def loadable_paths(candidates: Iterable[str | Path]) -> list[Path]:
    """Existing paths, in the given order, once each; skips Excel's '~$' lock files.

    A folder, pipe or device is kept, so the loader refuses it with its reason in the Files tab
    rather than the drop doing nothing; only paths that do not exist (a stale recent file) are skipped.
    """
    seen: set[Path] = set()
    result: list[Path] = []
    for candidate in candidates:
        if not str(candidate):
            continue
        path = Path(candidate)
        if path.name.startswith("~$") or not path.exists():
            continue
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result


class FilesPanel(QTableWidget):
    """One row per file: what was read from it, or why it could not be."""

    COLUMNS = ("col_file", "col_marketplace", "col_encoding", "col_rows", "col_orders", "col_note")

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(0, len(self.COLUMNS))
        self.catalog = catalog
        self.setObjectName("filesPanel")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._batch: Summary | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.catalog.text(key) for key in self.COLUMNS])
        if self._batch is not None:
            self.show_batch(self._batch)

    def show_batch(self, batch: Summary) -> None:
        self._batch = batch
        t = self.catalog.text
        self.setRowCount(len(batch.files) + len(batch.failures))
        for row, loaded in enumerate(batch.files):
            where = loaded.encoding or ""
            if loaded.sheet:
                where = t("sheet_named", name=loaded.sheet)
            # every message is a sentence with its own full stop (。 or .): a space parts them
            note = " ".join(self.catalog.explain(w) for w in loaded.warnings)
            orders = f"{loaded.orders:,}"
            if loaded.role == STOCK_FILE:  # a stock list: its SKUs feed the out-of-stock reason
                kind, note = t("file_stock_list"), t("file_stock_note", skus=orders)
                orders = ""  # it holds no orders
            else:
                kind = t(f"marketplace_{loaded.marketplace}")
            values = (loaded.path.name, kind, where, f"{loaded.rows:,}", orders, note)
            self._fill(row, values)
        for offset, failure in enumerate(batch.failures):
            row = len(batch.files) + offset
            reason = self.catalog.explain(failure.message)
            self._fill(row, (failure.path.name, "", "", "", "", reason))
            # the category, as a title for the specific reason shown in the column
            self.item(row, len(self.COLUMNS) - 1).setToolTip(t(f"error_{failure.kind}"))

    def _fill(self, row: int, values: tuple[str, ...]) -> None:
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column in (3, 4):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, column, item)
