"""The orders at risk across loads: the seller's filters stay, soonest deadline first, columns sized to
their contents but never wider than 360 px."""

import pandas as pd
import pytest

from seller_gui.ui.dashboard import MAX_COLUMN_WIDTH, RiskPanel
from tests.ui.helpers import load


@pytest.fixture
def at_risk(qtbot, window) -> pd.DataFrame:
    """The demo's orders at risk, and the same orders an hour later in a second marketplace."""
    demo = load(qtbot, window, demo=True).at_risk
    other = demo.assign(key="qoo10", marketplace="qoo10", hours_left=demo["hours_left"] + 1)
    return pd.concat([demo, other], ignore_index=True)


@pytest.fixture
def panel(qtbot, catalog) -> RiskPanel:
    panel = RiskPanel(catalog)
    qtbot.addWidget(panel)
    return panel


def overdue(frame: pd.DataFrame) -> pd.Series:
    return frame["reasons"].map(lambda codes: "overdue" in codes)


def test_a_reload_keeps_the_chosen_marketplace_and_reason_soonest_deadline_first(panel, at_risk):
    panel.show_frame(at_risk, keys=["aupay", "qoo10"])
    panel.show_account("qoo10")
    panel.reason_filter.setCurrentIndex(panel.reason_filter.findData("overdue"))
    resets = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    reloaded = at_risk.iloc[::-1].reset_index(drop=True)  # in another order: the table sorts by hours left
    panel.show_frame(reloaded, keys=["aupay", "qoo10"])
    assert resets == [1]
    assert (panel.marketplace_filter.currentData(), panel.reason_filter.currentData()) == ("qoo10", "overdue")
    expected = reloaded[(reloaded["key"] == "qoo10") & overdue(reloaded)]
    expected = expected.sort_values("hours_left", kind="stable", na_position="last")
    assert len(expected) and list(panel.model.view["order_id"]) == list(expected["order_id"])
    assert panel.details.toPlainText() == panel.catalog.text("details_empty")
    # a marketplace no longer loaded: every marketplace's orders, the reason still chosen
    panel.show_frame(at_risk[at_risk["key"] == "aupay"], keys=["aupay"])
    assert (panel.marketplace_filter.currentData(), panel.reason_filter.currentData()) == (None, "overdue")
    assert panel.model.rowCount() == int(overdue(at_risk[at_risk["key"] == "aupay"]).sum())


def test_columns_fit_their_contents_and_a_long_one_stops_at_360_px(panel, at_risk):
    at_risk.loc[0, "item_name"] = "Organic cotton bath towel, extra large, " * 20
    panel.show_frame(at_risk, keys=["aupay", "qoo10"])
    panel.size_columns()
    table, header = panel.table, panel.table.horizontalHeader()
    item = [c.key for c in panel.model.columns].index("item_name")
    assert table.columnWidth(item) == MAX_COLUMN_WIDTH == 360
    for column in range(panel.model.columnCount() - 1):  # the last one stretches to the table's edge
        contents = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert table.columnWidth(column) == min(contents, MAX_COLUMN_WIDTH)


def test_a_language_switch_keeps_the_chosen_reason(qtbot, window):
    load(qtbot, window, demo=True)
    panel = window.risk_panel
    panel.reason_filter.setCurrentIndex(panel.reason_filter.findData("overdue"))
    window.set_language("ja")
    assert panel.reason_filter.currentData() == "overdue"
    assert panel.reason_filter.currentText() == window.catalog.text("reason_overdue")
    assert panel.model.rowCount() == 2


def test_the_window_fits_the_columns_to_the_orders_it_shows(qtbot, window):
    load(qtbot, window, demo=True)
    table, header = window.risk_panel.table, window.risk_panel.table.horizontalHeader()
    for column in range(window.risk_panel.model.columnCount() - 1):
        contents = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert table.columnWidth(column) == min(contents, MAX_COLUMN_WIDTH)


def test_another_marketplaces_longer_order_numbers_are_never_cut(panel, at_risk):
    # sized on one marketplace's rows (as the window does after picking the worst account), then all
    at_risk.loc[at_risk["key"] == "qoo10", "order_id"] = "7000000000058-QOO10-LONG"
    panel.show_frame(at_risk, keys=["aupay", "qoo10"])
    panel.show_account("aupay")
    panel.size_columns()
    order = [c.key for c in panel.model.columns].index("order_id")
    short = panel.table.columnWidth(order)
    panel.table.setColumnWidth(order + 1, 300)  # a width the seller dragged
    panel.show_account(None)
    assert panel.model.rowCount() == len(at_risk)
    assert panel.table.columnWidth(order) >= panel.table.sizeHintForColumn(order) > short
    assert panel.table.columnWidth(order + 1) >= 300  # widened at most, never shrunk
