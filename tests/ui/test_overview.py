"""Several marketplaces at once, as a seller works: the overview row per account, the two gauges as
equals, the keyboard (one Tab stop per table, gauges and rows reachable, Enter shows the orders), the
orders' right-click menu, unreadable files in sight, progress that tells, and the Help menu."""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from scripts.sample_exports import amazon, qoo10, stock
from scripts.window_samples import memo, rakuten
from seller_gui.ui import worker
from seller_gui.ui.main_window import MainWindow, demo_path
from seller_gui.ui.overview import ALL, first_choice

WAIT = 30_000


@pytest.fixture
def four(tmp_path) -> list[Path]:
    """Four marketplaces (au PAY, Qoo10, Amazon, Rakuten), a stock list and a memo that is no order file."""
    rng = random.Random(20260930)
    return [demo_path(), qoo10(tmp_path, rng), amazon(tmp_path, rng), rakuten(tmp_path, random.Random(1)),
            stock(tmp_path), memo(tmp_path)]


def load(qtbot, window: MainWindow, paths):
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        window.open_paths(paths)
    qtbot.waitUntil(lambda: window.task is None, timeout=WAIT)
    return blocker.args[0]


def overview_rows(window: MainWindow) -> dict[str, list[str]]:
    table = window.overview
    return {table.key_of(r): [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())}


def test_one_row_per_marketplace_and_the_worst_busiest_selected(qtbot, window, four):
    summary = load(qtbot, window, four)
    rows = overview_rows(window)
    assert list(rows) == [ALL, *summary.figures]
    assert rows["aupay"][1:] == ["6.7%–8.0%", "10.0% (est.)", "5.3%", "5.0% (est.)", "At or over the limit",
                                 "4 more cancellations"]
    assert rows["amazon"][2] == "2.5% (official)" and rows["amazon"][4] == "4.0% (official)"
    # Rakuten's count limit (3) is why 2.2% leaves no room: the overview says so
    assert rows["rakuten"][2] == "5.0% (est.) or 3 cancellations" and rows["rakuten"][6] == "No room left"
    assert rows[ALL][5] == "At or over the limit" and rows[ALL][6] == f"{len(summary.at_risk)} orders at risk"
    # au PAY and Qoo10 are both over a limit; au PAY has more orders
    assert window.overview.current_key() == "aupay" == first_choice(summary.figures)
    card = window.cards["aupay"]
    assert card.status.text() == "Close to the limit" and card.late_status.text() == "At or over the limit"
    assert card.late_limit_line.text() == "limit 5.0% (estimate)"
    assert window.trend_title.text() == "Trend: au PAY Market"
    assert set(window.risk_panel.model.view["key"]) == {"aupay"}


def test_the_busiest_wins_among_equals_and_a_worse_status_wins_over_orders():
    ok = {"status": "ok", "late_status": "ok", "orders": 500}
    warn = {"status": "ok", "late_status": "warn", "orders": 10}
    assert first_choice({"a": ok, "b": warn}) == "b"
    assert first_choice({"a": ok, "b": dict(ok, orders=900)}) == "b"
    assert first_choice({"a": dict(warn, overall_status="danger"), "b": dict(warn, status="warn")}) == "a"


def test_choosing_all_marketplaces_lists_every_order_at_risk(qtbot, window, four):
    summary = load(qtbot, window, four)
    window.overview.choose(ALL)
    assert window.risk_panel.model.rowCount() == len(summary.at_risk) > 6
    assert window.card_stack.currentWidget() is window.all_hint and window.cards == {}
    window.overview.choose("qoo10")
    assert window.cards["qoo10"].gauge.upper == summary.figures["qoo10"]["seller_cancel_rate_upper"]
    assert set(window.risk_panel.model.view["key"]) == {"qoo10"}
    assert window.trend_title.text() == "Trend: Qoo10"


def test_keyboard_reaches_rows_and_gauges_and_enter_shows_the_orders(qtbot, window, four):
    load(qtbot, window, four)
    window.activateWindow()
    window.overview.setFocus()
    qtbot.waitUntil(lambda: window.overview.hasFocus())
    qtbot.keyClick(window.overview, Qt.Key.Key_Down)  # au PAY -> Qoo10
    assert window.overview.current_key() == "qoo10"
    qtbot.keyClick(window.overview, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.behind_panel
    assert window.behind_panel.current == ("qoo10", "cancelled")
    qtbot.keyClick(window.overview, Qt.Key.Key_Tab)
    gauge = window.cards["qoo10"].gauge
    assert QApplication.focusWidget() is gauge
    assert "Qoo10" in gauge.accessibleName() and "0.0%–5.0%" in gauge.accessibleName()
    qtbot.keyClick(gauge, Qt.Key.Key_Tab)
    late = window.cards["qoo10"].late_gauge
    assert QApplication.focusWidget() is late and "24.6%" in late.accessibleName()
    qtbot.keyClick(late, Qt.Key.Key_Return)
    assert window.behind_panel.current == ("qoo10", "overdue_open")


def test_a_table_is_one_tab_stop(qtbot, window, four):
    load(qtbot, window, four)
    window.overview.choose(ALL)
    window.tabs.setCurrentWidget(window.risk_panel)
    table = window.risk_panel.table
    window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1  # arrows move inside
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table  # one press leaves it
    assert not window.overview.tabKeyNavigation() and not window.behind_panel.table.tabKeyNavigation()


def test_a_figure_the_files_cannot_give_shows_a_dash_and_why(qtbot, window):
    summary = load(qtbot, window, [demo_path()])
    figures = copy.deepcopy(summary.figures)
    figures["aupay"].update(cancel_unavailable="item_file_alone", seller_cancel_rate=None,
                            seller_cancel_rate_upper=None, status="no_data", late_unavailable=None)
    window.show_summary(replace(summary, figures=figures))
    row = overview_rows(window)["aupay"]
    assert row[1] == "—" and row[6] == "—"  # never 0% ok
    card = window.cards["aupay"]
    assert card.gauge.shown_text() == "—" and card.status.text() == "Not in this file"
    assert card.budget.text() == "This is a au PAY Market item file (one row per item, no order date or " \
                                 "status); open it together with its order file."
    assert card.late_gauge.shown_text() == "5.3%"  # the late-shipment figure still stands


def test_right_click_menu_copies_writes_tags_and_shows_the_file(qtbot, window, four, monkeypatch):
    load(qtbot, window, four)
    window.overview.choose("aupay")
    table = window.risk_panel.table
    table.selectRow(0)
    table.selectionModel().select(table.model().index(1, 0),
                                  table.selectionModel().SelectionFlag.Select
                                  | table.selectionModel().SelectionFlag.Rows)
    chosen = [table.model().index(r, 1).data() for r in (0, 1)]
    menu = window.order_menu(table)
    texts = [a.text() for a in menu.actions()]
    assert texts[:3] == ["Copy order number(s)", "Write a notice for the selected orders", "Tag the cause…"]
    assert texts[3].startswith("Show the file it came from (aupay-demo-orders.csv, row ")
    menu.actions()[0].trigger()
    assert QApplication.clipboard().text().splitlines() == chosen
    QApplication.clipboard().clear()
    window.tabs.setCurrentWidget(window.risk_panel)
    window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().splitlines() == chosen
    opened = []
    monkeypatch.setattr("seller_gui.ui.main_window.QDesktopServices.openUrl", lambda url: opened.append(url))
    menu.actions()[3].trigger()
    assert opened and Path(opened[0].toLocalFile()) == demo_path().resolve().parent
    tabs_height = window.tabs.height()
    menu.actions()[1].trigger()
    assert window.tabs.currentWidget() is window.drafts_panel
    assert window.drafts_panel.current_kind() == "delay"
    qtbot.waitUntil(lambda: window.tabs.height() > tabs_height)  # the gauges step aside for writing
    assert not window.detail_splitter.isVisible() and window.overview.isVisible()
    window.tabs.setCurrentWidget(window.risk_panel)
    assert window.detail_splitter.isVisible()


def test_unreadable_files_are_in_a_banner_once_with_what_to_do(qtbot, window, four, tmp_path, monkeypatch):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    load(qtbot, window, [*four, empty])
    banner = window.problems
    assert banner.isVisible()
    text = banner.text.text()
    assert text.splitlines()[0] == "2 file(s) could not be read:"
    assert "memo.csv: Not an order export (columns: 1, data rows: 2, date columns: 0)" in text
    assert text.count("The file is empty") == 1 and "empty.csv: The file is empty." in text
    assert not banner.map_button.isVisible()  # this window keeps no mappings
    assert banner.other_button.isVisible() and banner.show_button.isVisible()
    chosen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (chosen.append(1) or [], ""))
    qtbot.mouseClick(banner.other_button, Qt.MouseButton.LeftButton)
    assert chosen == [1]
    qtbot.mouseClick(banner.hide_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()


def test_the_banner_offers_the_mapping_when_the_window_keeps_mappings(qtbot, catalog, settings, four, tmp_path,
                                                                      monkeypatch):
    from seller_gui.ui.mapping_dialog import MappingDialog

    win = MainWindow(catalog, settings, mappings_path=tmp_path / "mappings.json")
    qtbot.addWidget(win)
    win.show()
    monkeypatch.setattr(MappingDialog, "ask", classmethod(lambda cls, parent, cat, path, store: asked.append(path)))
    asked: list[Path] = []
    unknown = tmp_path / "伝票.csv"  # an order table of a layout no profile knows
    unknown.write_text("伝票ID,受付日,進捗,品番\nA-1,2026/09/01 10:00,発送済み,SKU-1\n"
                       "A-2,2026/09/02 11:00,キャンセル,SKU-2\n", encoding="utf-8")
    load(qtbot, win, [*four, unknown])
    assert [p.name for p in asked] == ["伝票.csv"]  # offered at once; the memo never
    asked.clear()
    assert win.problems.map_button.isVisible()
    qtbot.mouseClick(win.problems.map_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in asked] == ["伝票.csv"]


def test_progress_names_the_file_and_the_stage(qtbot, window, four):
    sizes = [100, 300]
    assert worker.load_stage(0.0, sizes) == worker.LoadStage("reading", 0, 0.0)
    assert worker.load_stage(0.4, sizes).stage == "checking" and worker.load_stage(0.4, sizes).index == 0
    second = worker.load_stage(0.6, sizes)
    assert (second.stage, second.index) == ("reading", 1) and 100 < second.bytes_done < 400
    assert worker.load_stage(1.0, sizes).stage == "analysing"
    window.open_paths(four)
    assert not window.drop_area.open_button.isEnabled() and not window.drop_area.demo_button.isEnabled()
    assert window.drop_area.title.text() == "Reading your files…"
    assert window.progress_label.text().startswith("Reading aupay-demo-orders.csv (1 of 6)")
    assert window.cancel_button.isVisible()
    window.progress_fraction = 0.95 * 3.5 / 6
    assert window.progress_text().startswith("Reading rakuten-orders.csv (4 of 6)")
    window.progress_fraction = 1.0
    assert window.progress_text().startswith("Analysing the orders…")
    qtbot.waitUntil(lambda: window.task is None, timeout=WAIT)
    assert window.drop_area.open_button.isEnabled() and not window.progress_label.isVisible()


def test_help_offers_the_download_guide_and_about_with_licences(qtbot, window, tmp_path, monkeypatch):
    from seller_gui.core.reading.profiles import load_profiles
    from seller_gui.ui.help_dialog import GUIDE_MARKETPLACES, DownloadGuide

    assert [a.text() for a in window.help_menu.actions() if a.text()] == [
        "Which file to download…", "Open the log folder", "About Seller GUI"]
    for language, qoo10_words in (("en", "delivery file"), ("ja", "配送管理ファイル"), ("zh", "配送管理文件")):
        window.set_language(language)
        guide = DownloadGuide(window.catalog, window, "qoo10")
        qtbot.addWidget(guide)
        page = guide.page.toPlainText()
        assert qoo10_words in page and "DeliveryManagement_detail_" in page and "全体をダウンロード" in page
        for row, marketplace in enumerate(GUIDE_MARKETPLACES):
            guide.marketplaces.setCurrentRow(row)
            assert len(guide.page.toPlainText().splitlines()) >= 5
            portal = load_profiles()[marketplace].portal_path  # the menu path lives in the profile
            assert portal and (language == "ja" or portal in guide.page.toPlainText())  # ja quotes it
    window.set_language("en")
    window.log_path = tmp_path / "logs" / "seller-gui.log"
    about = window.about_dialog()
    qtbot.addWidget(about)
    libraries = {about.libraries.item(r, 0).text(): about.libraries.item(r, 2).text()
                 for r in range(about.libraries.rowCount())}
    assert libraries["Qt for Python (PySide6-Essentials)"] == "LGPL-3.0-only"
    assert libraries["pandas"] == "BSD-3-Clause"
    assert str(window.log_path) in about.log_label.text() and about.open_log.isEnabled()
    opened = []
    monkeypatch.setattr("seller_gui.ui.help_dialog.QDesktopServices.openUrl", lambda url: opened.append(url))
    about.open_log.click()
    assert (tmp_path / "logs").is_dir() and Path(opened[0].toLocalFile()) == tmp_path / "logs"
