"""A stock list dropped with the orders: covered orders out of stock are at risk, and the list is
remembered, reloaded and offered again with the order files."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from seller_gui.ui.main_window import demo_path
from tests.ui.test_main_window import drop

WAIT = 20_000


@pytest.fixture
def stock_file(tmp_path: Path) -> Path:
    path = tmp_path / "在庫.csv"
    path.write_text("SKU,在庫数\nHB-2001,0\n", encoding="utf-8")
    return path


def out_of_stock_rows(window) -> list[int]:
    model = window.risk_panel.model
    return [r for r in range(len(model.frame)) if "out_of_stock" in model.frame["reasons"].iloc[r]]


def test_a_dropped_stock_list_puts_its_sold_out_orders_at_risk_and_is_remembered(qtbot, window, stock_file):
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        mime = drop(window, [demo_path(), stock_file])
    assert mime.urls()
    summary = blocker.args[0]
    assert [f.path.name for f in summary.files] == ["aupay-demo-orders.csv", "在庫.csv"]
    rows = out_of_stock_rows(window)
    assert rows and {window.risk_panel.model.frame["sku"].iloc[r] for r in rows} == {"HB-2001"}
    reasons_column = next(c for c in range(window.risk_panel.model.columnCount())
                          if window.risk_panel.model.headerData(c, Qt.Orientation.Horizontal)
                          == window.catalog.text("col_reasons"))
    shown = window.risk_panel.model.index(rows[0], reasons_column).data()
    assert window.catalog.text("reason_out_of_stock") in shown
    recent = [a.text() for a in window.recent_menu.actions()]
    assert "在庫.csv" in recent and "aupay-demo-orders.csv" in recent

    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        assert window.reload()
    assert [f.path.name for f in blocker.args[0].files] == ["aupay-demo-orders.csv", "在庫.csv"]
    assert out_of_stock_rows(window) == rows


def test_file_open_offers_the_stock_list_with_the_orders(qtbot, window, stock_file, monkeypatch):
    offered = []

    def choose(parent, caption, folder, filters):
        offered.append(filters)
        return [str(demo_path()), str(stock_file)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT):
        window.open_action.trigger()
    assert "*.csv" in offered[0] and "*.xlsx" in offered[0]
    assert out_of_stock_rows(window)
    assert window.recent_files()[:2] == [str(demo_path().resolve()), str(stock_file.resolve())]
