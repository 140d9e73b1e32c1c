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
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, SORT_ROLE, ROW_ROLE})


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
        self._filters: dict[str, Callable[[pd.Series], Any]] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # the frame's positions of the rows shown, filtered and sorted: copying the frame's columns in
        # that order instead cost tens of milliseconds per reset on 50,000 orders at risk
        self._rows = np.arange(0)
        self._values: list[Any] = []  # per shown column, from set_frame

    @property
    def view(self) -> pd.DataFrame:
        """The rows shown, filtered and sorted, as a frame."""
        return self.frame.take(self._rows)

    # ----- content -----
    def set_frame(self, frame: pd.DataFrame,
                  filters: dict[str, Callable[[pd.Series], Any] | None] | None = None,
                  sort: tuple[int, Qt.SortOrder] | None = None) -> None:
        """New rows; with ``filters`` (as ``set_filters``) and ``sort``, applied in the same reset."""
        self.frame = frame.reset_index(drop=True)
        # each shown column's values, read by position: a tenth of the time of frame.iat per cell
        self._values = [self.frame[c.key].array for c in self.columns] if len(self.frame.columns) else []
        self._update_filters(filters or {})
        if sort is not None:
            self._sort = sort
        self._rebuild()

    def set_filter(self, key: str, predicate: Callable[[pd.Series], Any] | None) -> None:
        """Keep rows where ``predicate(column)`` is true (a vectorised test on the whole column)."""
        self.set_filters({key: predicate})

    def set_filters(self, predicates: dict[str, Callable[[pd.Series], Any] | None]) -> None:
        self._update_filters(predicates)
        self._rebuild()

    def _update_filters(self, predicates: dict[str, Callable[[pd.Series], Any] | None]) -> None:
        for key, predicate in predicates.items():
            if predicate is None:
                self._filters.pop(key, None)
            else:
                self._filters[key] = predicate

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._sort == (column, order):
            return  # already in that order: set_frame sorted it before the header was told
        self._sort = (column, order)
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        rows = np.arange(len(self.frame))
        for key, predicate in self._filters.items():
            if len(rows):
                rows = rows[np.asarray(predicate(self.frame[key].take(rows)), dtype=bool)]
        if self._sort is not None and len(rows):
            column, order = self._sort
            values = self.frame[self.columns[column].key].take(rows)  # labelled by frame position
            if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values)):
                values = values.astype(str).where(values.notna(), None)  # text sorts as text
            # missing values last either way; a stable sort keeps core's order among equals
            rows = values.sort_values(ascending=order == Qt.SortOrder.AscendingOrder,
                                      na_position="last", kind="stable").index.to_numpy()
        self._rows = rows
        self.endResetModel()

    # ----- Qt's model interface -----
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # first: a view asks each cell for eight roles, and sizing the columns is mostly these calls
        if role not in _ANSWERED_ROLES or not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_RIGHT if column.align_right else _ALIGN_LEFT
        try:
            row = int(self._rows[index.row()])
            if role == ROW_ROLE:
                return row
            value = self._values[index.column()][row]
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
        if len(self._rows):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))
