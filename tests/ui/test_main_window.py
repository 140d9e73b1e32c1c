"""The main window driven as a seller would: drop files, open them, read the gauge, act on the list."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from seller_gui.ui.main_window import MainWindow, demo_path
from tests.ui.helpers import WAIT, load


def drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return mime  # keep it alive until the event is handled


def test_starts_on_the_drop_area(window):
    assert window.pages.currentWidget() is window.drop_area
    assert window.drop_area.title.text() == "Drop order exports here"


def test_demo_shows_the_gauge_budget_and_orders_at_risk(qtbot, window):
    dashboard = load(qtbot, window, demo=True)
    figures = dashboard.figures["aupay"]
    card = window.cards["aupay"]
    assert window.banner.isVisible() and "demo data" in window.banner.text()
    assert "newest order" in window.as_of_label.text()
    assert (card.gauge.lower, card.gauge.upper) == (figures["seller_cancel_rate"],
                                                   figures["seller_cancel_rate_upper"])
    assert card.status.text() == "Close to the limit"
    assert card.budget.text() == "4 more seller cancellations before the limit in this 30-day window."
    assert "3 cancellations have no known cause" in card.unknown.text()
    assert card.limit_line.text() == "limit 10.0% (estimate)"
    assert window.risk_panel.model.rowCount() == len(dashboard.at_risk) == 6
    assert window.tabs.tabText(0) == "Orders at risk (6)"
    first = window.risk_panel.model.index(0, 0)
    assert first.data() == "-21 h"  # soonest deadline first


def test_dropping_files_loads_them_and_lists_a_bad_one_with_its_reason(qtbot, window, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        mime = drop(window, [demo_path(), empty])
    batch = blocker.args[0]
    assert mime.urls()
    assert [f.path.name for f in batch.files] == ["aupay-demo-orders.csv"]
    assert [f.path.name for f in batch.failures] == ["empty.csv"]
    panel = window.files_panel
    assert panel.rowCount() == 2
    assert panel.item(0, 1).text() == "au PAY Market" and panel.item(0, 2).text() == "cp932"
    assert panel.item(1, 0).text() == "empty.csv" and panel.item(1, 5).text() == "The file is empty."
    assert not window.banner.isVisible()  # the seller's own files are not demo data


def test_file_open_uses_the_dialog_and_remembers_recent_files(qtbot, window, monkeypatch, settings):
    chosen = str(demo_path())
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([chosen], ""))
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT):
        window.open_action.trigger()
    assert window.recent_files() == [str(Path(chosen).resolve())]
    assert [a.text() for a in window.recent_menu.actions()] == ["aupay-demo-orders.csv"]
    assert settings.value("files/last_dir") == str(Path(chosen).parent)


def test_clicking_the_gauge_lists_the_orders_behind_it(qtbot, window):
    load(qtbot, window, demo=True)
    gauge = window.cards["aupay"].gauge
    qtbot.mouseClick(gauge, Qt.MouseButton.LeftButton, pos=gauge.rect().center())
    behind = window.behind_panel
    assert window.tabs.currentWidget() is behind
    assert behind.model.frame["order_id"].nunique() == 26
    assert behind.title.text() == "au PAY Market: cancelled orders in the window (26 orders)"
    causes = {behind.model.index(r, 3).data() for r in range(behind.model.rowCount())}
    assert causes == {"Seller", "Buyer", "Unknown"}


def test_late_shipment_line_lists_the_overdue_orders(qtbot, window):
    load(qtbot, window, demo=True)
    qtbot.mouseClick(window.cards["aupay"].late, Qt.MouseButton.LeftButton)
    assert window.behind_panel.model.frame["order_id"].nunique() == 2


def test_filters_and_details_of_the_orders_at_risk(qtbot, window):
    load(qtbot, window, demo=True)
    panel = window.risk_panel
    panel.reason_filter.setCurrentIndex(panel.reason_filter.findData("overdue"))
    assert panel.model.rowCount() == 2
    panel.table.selectRow(0)
    html = panel.details.toPlainText()
    assert "passed 21 hours ago" in html and "Overdue" in html
    panel.reason_filter.setCurrentIndex(0)
    assert panel.model.rowCount() == 6


def test_switching_language_rewrites_the_window_without_restart(qtbot, window, settings):
    load(qtbot, window, demo=True)
    window.set_language("ja")
    assert window.windowTitle().startswith("Seller GUI：キャンセル率")
    assert window.tabs.tabText(0) == "要対応の注文（6件）"
    assert window.cards["aupay"].status.text() == "上限に接近"
    assert window.risk_panel.model.headerData(0, Qt.Orientation.Horizontal) == "残り時間"
    assert window.risk_panel.model.index(0, 0).data() == "-21 時間"
    assert window.language_actions["ja"].isChecked()
    assert settings.value("ui/language") == "ja"
    window.set_language("zh")
    assert window.cards["aupay"].status.text() == "接近上限"
    assert window.files_panel.horizontalHeaderItem(1).text() == "平台"


def test_geometry_and_splitters_are_remembered(qtbot, catalog, settings):
    first = MainWindow(catalog, settings)
    qtbot.addWidget(first)
    first.resize(760, 560)
    first.show()
    first.main_splitter.setSizes([100, 150, 200])
    first.detail_splitter.setSizes([400, 250])
    kept_main, kept_detail = first.main_splitter.sizes(), first.detail_splitter.sizes()
    first.close()
    second = MainWindow(catalog, settings)
    qtbot.addWidget(second)
    second.show()
    assert (second.size().width(), second.size().height()) == (760, 560)
    assert second.main_splitter.sizes() == kept_main
    assert second.detail_splitter.sizes() == kept_detail


def test_a_failing_cell_goes_to_the_crash_path_not_down_with_the_app(qtbot, window, monkeypatch):
    load(qtbot, window, demo=True)
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: seen.append(info[0]))
    model = window.risk_panel.model
    column = model.columns[0]
    monkeypatch.setattr(model, "columns", [column.__class__(
        column.key, column.header, lambda v: 1 / 0)] + model.columns[1:])
    assert model.data(model.index(0, 0)) is None
    assert seen == [ZeroDivisionError]


def test_the_at_risk_model_passes_qt_model_checks(qtbot, qtmodeltester, window):
    load(qtbot, window, demo=True)
    qtmodeltester.check(window.risk_panel.model, force_py=True)
    window.risk_panel.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # the header click
    assert window.risk_panel.model.index(0, 1).data() == "34002191"
    qtmodeltester.check(window.behind_panel.model, force_py=True)


def test_reload_reads_the_same_files_again(qtbot, catalog, settings, tmp_path):
    win = MainWindow(catalog, settings, store_path=tmp_path / "store.sqlite3")
    qtbot.addWidget(win)
    load(qtbot, win, [demo_path()])
    first = win.summary
    with qtbot.waitSignal(win.dashboard_ready, timeout=WAIT):
        assert win.reload()
    assert win.summary is not first and win.loaded_paths == [demo_path()]
    assert win.summary.figures == first.figures


def test_help_about_says_where_the_data_and_the_log_are(window, seller_home, tmp_path):
    window.log_path = tmp_path / "logs" / "seller-gui.log"
    text = window.about_text()
    assert str(seller_home) in text and str(window.log_path) in text
    window.log_path = None  # the log could be written nowhere
    assert window.catalog.text("about_no_log_file") in window.about_text()
    window.set_language("zh")
    assert window.help_menu.title() == "帮助(&H)" and "日志文件" in window.about_text()


def test_the_dashboard_is_announced_once_the_window_can_paint_it(qtbot, window):
    paintable = []
    window.dashboard_ready.connect(lambda _summary: paintable.append(window.updatesEnabled()))
    load(qtbot, window, demo=True)
    assert paintable == [True]


def test_a_result_that_fails_to_show_leaves_the_window_painting(qtbot, window, monkeypatch):
    summary = load(qtbot, window, demo=True)
    monkeypatch.setattr(window.risk_panel, "show_frame", lambda *_a, **_k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        window.show_summary(summary)
    assert window.updatesEnabled()
