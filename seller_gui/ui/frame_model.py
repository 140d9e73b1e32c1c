"""A thin table model over a pandas DataFrame, read lazily cell by cell.

Converting a million rows up front costs a second and most of a gigabyte (research/perf.md), while a
view only ever asks for the few dozen cells it shows; so data() reads the frame with iat.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the frame's positional row, so code never reads the view

Index = QModelIndex | QPersistentModelIndex


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Column:
    key: str  # the frame's column
    header: Callable[[], str]  # translated header, asked each time so a language switch shows at once
    display: Callable[[Any], str] = str
    align_right: bool = False
    tooltip: Callable[[Any], str] | None = field(default=None)


class FrameModel(QAbstractTableModel):
    def __init__(self, columns: list[Column]) -> None:
        super().__init__()
        self.columns = columns
        self.frame = pd.DataFrame(columns=[c.key for c in columns])
        self._positions: list[int] = []

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.frame = frame.reset_index(drop=True)
        self._positions = [self.frame.columns.get_loc(c.key) for c in self.columns]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.frame)):
            return None
        column = self.columns[index.column()]
        if role == ROW_ROLE:
            return index.row()
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        try:
            value = self.frame.iat[index.row(), self._positions[index.column()]]
            if role == SORT_ROLE:
                return sort_key(value)
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.tooltip(value) if column.tooltip and not _is_missing(value) else None
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
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if len(self.frame):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.frame) - 1, len(self.columns) - 1))


def sort_key(value: Any) -> Any:
    """A value Qt can compare: numbers as floats, times as epoch seconds, missing sorted last."""
    if _is_missing(value):
        return math.inf
    if isinstance(value, pd.Timestamp):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    if hasattr(value, "item"):
        return value.item()
    return str(value)


class FilterProxy(QSortFilterProxyModel):
    """Sorts by native values and keeps rows whose filter columns match the chosen values."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self._filters: dict[str, Callable[[Any], bool]] = {}

    def set_filter(self, key: str, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        if predicate is None:
            self._filters.pop(key, None)
        else:
            self._filters[key] = predicate
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, FrameModel) or not self._filters:
            return True
        frame = model.frame
        return all(predicate(frame.at[source_row, key]) for key, predicate in self._filters.items())

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if type(a) is not type(b):
            return (isinstance(a, str), str(a)) < (isinstance(b, str), str(b))
        return a < b
