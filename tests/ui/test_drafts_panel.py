"""The drafts panel driven as a seller would: choose a kind, pick orders, fill gaps, edit, copy, export."""

import csv
import re
import shutil

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from seller_gui.ui.main_window import MainWindow, demo_path

WAIT = 20_000
KANA = re.compile("[\u3040-\u30ff]")


@pytest.fixture
def copied():
    return []


@pytest.fixture
def window(qtbot, catalog, settings, copied):
    win = MainWindow(catalog, settings)
    win.drafts_panel.clipboard = copied.append
    qtbot.addWidget(win)
    win.show()
    return win


def load(qtbot, window, path, demo=False):
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT):
        window.open_paths([path], demo=demo)


def choose_kind(panel, kind):
    panel.window().tabs.setCurrentWidget(panel)  # as the seller opens the tab
    panel.kind.setCurrentIndex(panel.kind.findData(kind))


def test_nothing_is_drafted_until_the_tab_is_opened(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    assert panel.lists["causes"].count() == 0 and panel.drafts == []
    window.tabs.setCurrentWidget(panel)
    assert panel.lists["causes"].count() > 0
    choose_kind(panel, "reply")
    assert len(panel.drafts) == 1


def test_reply_from_the_demo_is_filled_and_copied_as_plain_text(qtbot, window, copied):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    assert len(panel.drafts) == 1
    text = panel.editor.toPlainText()
    assert text.startswith("【改善報告】") and "225件" in text and "6.7%" in text
    assert "HB-2001（13件）" in text and "華彩生活館（見本）" in text
    assert "Orders in the period: 225" in panel.gloss.toPlainText()  # English interface, English gloss
    assert not KANA.search(panel.drafts[0].gloss("zh"))
    panel.copy_button.click()
    assert copied == [text]


def test_unticking_a_cause_takes_it_out_of_the_reply(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    causes = panel.lists["causes"]
    timesale = next(causes.item(i) for i in range(causes.count())
                    if causes.item(i).data(Qt.ItemDataRole.UserRole) == "timesale_stock")
    assert timesale.checkState() == Qt.CheckState.Checked  # the one-day spike suggests it
    assert "タイムセール" in panel.drafts[0].body
    timesale.setCheckState(Qt.CheckState.Unchecked)
    assert "タイムセールの設定時に" not in panel.drafts[0].body


def test_one_notice_per_selected_order_and_copy_all(qtbot, window, copied):
    load(qtbot, window, demo_path(), demo=True)
    table = window.risk_panel.table
    selection = table.selectionModel()
    for row in (0, 2):
        selection.select(table.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    panel = window.drafts_panel
    choose_kind(panel, "delay")
    ids = [d.order_id for d in panel.drafts]
    assert ids == ["34002023", "34002072"]
    assert all("様" in d.body and "新しい発送予定日" in d.body for d in panel.drafts)
    panel.copy_all_button.click()
    assert "34002023" in copied[-1] and "34002072" in copied[-1]


def test_an_edit_is_what_gets_copied(qtbot, window, copied):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    panel.editor.setPlainText("手直しした文面")
    panel.copy_button.click()
    assert copied == ["手直しした文面"]


def test_a_missing_shop_name_is_asked_for_not_left_blank(qtbot, window, tmp_path):
    own = tmp_path / "orders.csv"
    shutil.copy(demo_path(), own)
    load(qtbot, window, own)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    assert panel.drafts == []
    assert set(panel.answers) == {"shop.shop_name", "shop.person"}
    panel.answers["shop.shop_name"].setText("山田商店")
    panel.answers["shop.person"].setText("山田 花子")
    panel.make_button.click()
    assert len(panel.drafts) == 1 and "山田商店" in panel.drafts[0].body


def test_typing_an_answer_and_pressing_tab_fills_the_draft(qtbot, window, tmp_path):
    # the field is replaced when the draft is made again: never inside its own editingFinished
    own = tmp_path / "orders.csv"
    shutil.copy(demo_path(), own)
    load(qtbot, window, own)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    # QTest types ASCII only; Japanese names reach the field the same way
    for name, answer in (("shop.shop_name", "Yamada Store"), ("shop.person", "Hanako Yamada")):
        field = panel.answers[name]
        field.setFocus()
        qtbot.keyClicks(field, answer)
        qtbot.keyClick(field, Qt.Key.Key_Tab)
        qtbot.wait(50)  # the queued refresh runs
    qtbot.waitUntil(lambda: len(panel.drafts) == 1, timeout=WAIT)
    assert "Yamada Store" in panel.drafts[0].body and "Hanako Yamada" in panel.drafts[0].body


def test_notices_export_for_mail_merge(qtbot, window, tmp_path):
    load(qtbot, window, demo_path(), demo=True)
    window.risk_panel.table.selectRow(0)
    panel = window.drafts_panel
    choose_kind(panel, "stockout")
    target = tmp_path / "notices.csv"
    assert panel.write_csv(target)
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["order_id"] for r in rows] == ["34002023"]
    assert rows[0]["subject"].startswith("【重要】") and "様" in rows[0]["body"]
    assert rows[0]["buyer_name"]


def test_switching_language_switches_the_gloss(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    choose_kind(window.drafts_panel, "reply")
    assert "Improvement report" in window.drafts_panel.gloss.toPlainText()
    window.set_language("zh")
    assert "改善报告" in window.drafts_panel.gloss.toPlainText()
    assert window.drafts_panel.kind.currentText() == "给平台的改善报告"


def test_stockout_offers_the_sku_alternatives_kept_in_the_store(qtbot, catalog, settings, tmp_path):
    from seller_gui.core.storage.store import Alternative, Store

    store_path = tmp_path / "store.sqlite3"
    with Store(store_path) as store:
        store.set_alternatives("HB-2002", [Alternative("USB-C 充電器 45W", "https://example.jp/45w")])
    win = MainWindow(catalog, settings, store_path=store_path)
    qtbot.addWidget(win)
    load(qtbot, win, demo_path(), demo=True)
    win.risk_panel.table.selectRow(0)  # order 34002023, SKU HB-2002
    choose_kind(win.drafts_panel, "stockout")
    body = win.drafts_panel.drafts[0].body
    assert "USB-C 充電器 45W" in body and "https://example.jp/45w" in body


def test_a_restock_date_adds_the_wait_option(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    window.risk_panel.table.selectRow(0)
    panel = window.drafts_panel
    choose_kind(panel, "stockout")
    assert "入荷を待って" not in panel.drafts[0].body
    panel.answers["restock_date"].setText("2026-10-10")
    panel.make_button.click()
    assert "① 入荷を待ってお届けする" in panel.drafts[0].body and "2026年10月10日" in panel.drafts[0].body
