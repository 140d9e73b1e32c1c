"""A thin table model over a pandas DataFrame, read lazily cell by cell; sorting and filtering in pandas.

Converting a million rows up front costs a second and most of a gigabyte (research/perf.md), while a
view only ever asks for the few dozen cells it shows; so data() reads the frame with iat. Sorting and
filtering go through pandas too: a QSortFilterProxyModel would call data() in Python for every
comparison, which on 60,000 orders at risk froze the window for seconds.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's position in the frame given to set_frame

Index = QModelIndex | QPersistentModelIndex


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def sort_key(value: Any) -> Any:
    """A value that orders naturally: numbers as floats, times as epoch seconds, missing last."""
    if _is_missing(value):
        return math.inf
    if isinstance(value, pd.Timestamp):
        return value.timestamp()
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    return str(value)


@dataclass(frozen=True)
class Column:
    key: str  # the frame's column
    header: Callable[[], str]  # translated header, asked each time so a language switch shows at once
    display: Callable[[Any], str] = str
    align_right: bool = False


class FrameModel(QAbstractTableModel):
    def __init__(self, columns: list[Column]) -> None:
        super().__init__()
        self.columns = columns
        self.frame = pd.DataFrame(columns=[c.key for c in columns])  # every row given
        self.view = self.frame  # the rows shown, filtered and sorted
        self._filters: dict[str, Callable[[pd.Series], Any]] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._positions: list[int] = []

    # ----- content -----
    def set_frame(self, frame: pd.DataFrame) -> None:
        self.frame = frame.reset_index(drop=True)
        self._rebuild()

    def set_filter(self, key: str, predicate: Callable[[pd.Series], Any] | None) -> None:
        """Keep rows where ``predicate(column)`` is true (a vectorised test on the whole column)."""
        self.set_filters({key: predicate})

    def set_filters(self, predicates: dict[str, Callable[[pd.Series], Any] | None]) -> None:
        for key, predicate in predicates.items():
            if predicate is None:
                self._filters.pop(key, None)
            else:
                self._filters[key] = predicate
        self._rebuild()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        view = self.frame
        for key, predicate in self._filters.items():
            if len(view):
                view = view[np.asarray(predicate(view[key]), dtype=bool)]
        if self._sort is not None and len(view):
            column, order = self._sort
            values = view[self.columns[column].key]
            if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values)):
                values = values.astype(str).where(values.notna(), None)  # text sorts as text
            # missing values last either way; a stable sort keeps core's order among equals
            order_index = values.sort_values(ascending=order == Qt.SortOrder.AscendingOrder,
                                             na_position="last", kind="stable").index
            view = view.loc[order_index]
        self.view = view
        self._positions = [view.columns.get_loc(c.key) for c in self.columns] if len(view.columns) else []
        self.endResetModel()

    # ----- Qt's model interface -----
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.view)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.view)):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, ROW_ROLE):
            return None
        try:
            if role == ROW_ROLE:
                return int(self.view.index[index.row()])
            value = self.view.iat[index.row(), self._positions[index.column()]]
            if role == SORT_ROLE:
                return sort_key(value)
            return "" if _is_missing(value) else column.display(value)
        except Exception:
            # An exception escaping a data() override can crash shiboken 6.12 outright; hand it to
            # the crash path ourselves so the seller sees one dialog and the table keeps working.
            sys.excepthook(*sys.exc_info())
            return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header()
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def refresh_headers(self) -> None:
        """After a language switch: headers and cell texts are asked for again."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if len(self.view):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.view) - 1, len(self.columns) - 1))
