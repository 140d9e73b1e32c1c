"""Which dropped or chosen paths to load, and the Files tab that lists what was read from each."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
)

from seller_gui.core.i18n import Catalog
from seller_gui.core.schema import STOCK_FILE

if TYPE_CHECKING:  # the pipeline (and pandas) load after the first paint
    from seller_gui.core.errors import OrderFileError
    from seller_gui.core.pipeline import Summary

MAPPABLE = frozenset({"unknown_layout", "missing_columns"})  # kinds the column-mapping form can fix
SHOWN_PROBLEMS = 3  # lines in the banner; the rest are counted and listed in the Files tab

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


class FileProblems(QFrame):
    """The files that could not be read, in sight above the figures: an icon, one line per file (its
    name and the one reason, never the category and the reason twice) and what the seller can do."""

    map_requested = Signal(object)  # the path of a file whose columns the seller will name
    other_requested = Signal()
    show_requested = Signal(object)  # the path to show in the file manager

    def __init__(self, catalog: Catalog, *, can_map: bool = True) -> None:
        super().__init__()
        self.catalog = catalog
        self.can_map = can_map
        self.failures: list[OrderFileError] = []
        self.setObjectName("fileProblems")
        self.setStyleSheet("QFrame#fileProblems { background: #fde7e9; border-radius: 4px; }"
                           " QFrame#fileProblems QLabel { color: #6e0811; }")
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(24, 24))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setObjectName("fileProblemsText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.map_button = QPushButton()
        self.other_button = QPushButton()
        self.show_button = QPushButton()
        self.hide_button = QPushButton()
        self.map_button.clicked.connect(lambda: self.map_requested.emit(self._first(mappable=True).path))
        self.other_button.clicked.connect(self.other_requested)
        self.show_button.clicked.connect(lambda: self.show_requested.emit(self._first().path))
        self.hide_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)  # one band: the words take the room, the actions stay beside them
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        for button in (self.map_button, self.other_button, self.show_button, self.hide_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def _first(self, *, mappable: bool = False) -> OrderFileError:
        return next(f for f in self.failures if not mappable or f.kind in MAPPABLE)

    def show_failures(self, failures: list[OrderFileError]) -> None:
        self.failures = list(failures)
        self.retranslate()
        self.setVisible(bool(self.failures))

    def lines(self) -> list[str]:
        t = self.catalog.text
        lines = [t("problems_title", count=len(self.failures))] if len(self.failures) > 1 else []
        lines += [t("problems_line", file=f.path.name, reason=self.catalog.explain(f.message))
                  for f in self.failures[:SHOWN_PROBLEMS]]
        if len(self.failures) > SHOWN_PROBLEMS:
            lines.append(t("problems_more", count=len(self.failures) - SHOWN_PROBLEMS))
        return lines

    def retranslate(self) -> None:
        t = self.catalog.text
        self.map_button.setText(t("problems_map"))
        self.other_button.setText(t("problems_other"))
        self.show_button.setText(t("problems_show"))
        self.hide_button.setText(t("problems_hide"))
        if not self.failures:
            return
        self.text.setText("\n".join(self.lines()))
        self.map_button.setVisible(self.can_map and any(f.kind in MAPPABLE for f in self.failures))
