"""The lazy DataFrame model: correct cells, native sorting, filters, and Qt's own model checks."""

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from seller_gui.core.schema import JST
from seller_gui.ui.frame_model import ROW_ROLE, SORT_ROLE, Column, FrameModel


@pytest.fixture
def frame():
    return pd.DataFrame({
        "order_id": ["000123", "99", "1E5"],
        "hours_left": [-40.0, 3.5, float("nan")],
        "ship_by": pd.to_datetime(["2026-10-30 00:00", "2026-11-01 00:00", None]).tz_localize(JST),
        "marketplace": ["aupay", "qoo10", "aupay"],
    })


def make_model():
    return FrameModel([
        Column("order_id", lambda: "Order"),
        Column("hours_left", lambda: "Hours left", lambda v: f"{v:.0f} h", align_right=True),
        Column("ship_by", lambda: "Ship by", lambda v: v.strftime("%Y-%m-%d %H:%M")),
        Column("marketplace", lambda: "Marketplace"),
    ])


def test_cells_show_text_exactly_and_missing_values_blank(qtmodeltester, frame):
    model = make_model()
    model.set_frame(frame)
    qtmodeltester.check(model, force_py=True)
    cell = lambda r, c: model.data(model.index(r, c))  # noqa: E731
    assert [cell(r, 0) for r in range(3)] == ["000123", "99", "1E5"]
    assert cell(0, 1) == "-40 h" and cell(2, 1) == ""
    assert cell(0, 2) == "2026-10-30 00:00" and cell(2, 2) == ""
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Hours left"


def test_sorting_uses_native_values_with_missing_last(frame):
    model = make_model()
    model.set_frame(frame)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["000123", "99", "1E5"]
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["99", "000123", "1E5"]  # missing last
    assert model.index(0, 0).data(SORT_ROLE) == "99"
    model.sort(0, Qt.SortOrder.AscendingOrder)  # text compares as text: "000123" < "1E5" < "99"
    assert [model.index(r, 0).data() for r in range(3)] == ["000123", "1E5", "99"]


def test_filter_keeps_matching_rows_and_maps_back_to_frame_rows(qtmodeltester, frame):
    model = make_model()
    model.set_frame(frame)
    model.set_filter("marketplace", lambda column: column == "aupay")
    assert model.rowCount() == 2
    assert [model.index(r, 0).data(ROW_ROLE) for r in range(2)] == [0, 2]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data(ROW_ROLE) for r in range(2)] == [2, 0]
    qtmodeltester.check(model, force_py=True)
    model.set_filter("marketplace", None)
    assert model.rowCount() == 3


def test_a_new_frame_arrives_filtered_and_sorted_in_one_reset(frame):
    model = make_model()
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_frame(frame, {"marketplace": lambda column: column == "aupay"},
                    sort=(1, Qt.SortOrder.DescendingOrder))
    assert resets == [1]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["000123", "1E5"]  # missing last
    model.sort(1, Qt.SortOrder.DescendingOrder)  # the header told of the order the rows already have
    assert resets == [1]
    assert list(model.view["order_id"]) == ["000123", "1E5"]
