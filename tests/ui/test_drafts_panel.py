"""The drafts panel driven as a seller would: choose a kind, tick, fill gaps, edit, copy, export."""

import csv
import re
import shutil

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from seller_gui.ui.main_window import MainWindow, demo_path
from tests.ui.helpers import load

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


def choose_kind(panel, kind):
    panel.window().tabs.setCurrentWidget(panel)  # as the seller opens the tab
    panel.kind.setCurrentIndex(panel.kind.findData(kind))


def tick(panel, list_name, item_id, on=True):
    item = panel.lists[list_name].item_for(item_id)
    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def ready_reply(panel):
    """The seller's minimum for the demo: a cause, a measure, and the unknown causes reported."""
    tick(panel, "causes", "timesale_stock")
    tick(panel, "measures", "safety_stock")
    panel.investigating.setChecked(True)


def test_nothing_is_drafted_until_the_tab_is_opened(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    assert panel.lists["causes"].count() == 0 and panel.drafts == []
    window.tabs.setCurrentWidget(panel)
    assert panel.lists["causes"].count() > 0


def test_nothing_is_ticked_for_the_seller_and_the_reply_waits_for_choices(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    assert all(not w.checked_ids() for w in panel.lists.values())
    assert panel.drafts == []
    # the three unknown-cause cancellations are named, with the way out in one click
    assert panel.unknown_box.isVisible() and "3" in panel.unknown_label.text()
    assert "tag" in panel.tag_button.text().lower()
    ready_reply(panel)
    assert len(panel.drafts) == 1
    body = panel.drafts[0].body
    assert "当店の都合により15件のご注文" in body and "多くの" not in body
    assert "うち原因を確認中のもの：3件" in body and "6.7%～8.0%" in body
    assert "返金" not in body  # no refund claimed: no action was ticked


def test_suggestions_show_their_evidence_and_stay_unticked(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    timesale = panel.lists["causes"].item_for("timesale_stock")
    assert timesale.checkState() == Qt.CheckState.Unchecked
    assert "2026-09-11" in timesale.text() and "13" in timesale.text()
    stockout = panel.lists["causes"].item_for("supplier_stockout")
    assert "HB-2001" in stockout.text() and stockout.checkState() == Qt.CheckState.Unchecked


def test_the_tag_button_asks_the_window_to_open_cause_tagging(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    with qtbot.waitSignal(panel.tagging_requested, timeout=1000):
        panel.tag_button.click()


def test_reply_from_the_demo_is_filled_and_copied_as_plain_text(qtbot, window, copied):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    ready_reply(panel)
    text = panel.editor.toPlainText()
    assert text.startswith("【改善報告】") and "225件" in text and "華彩生活館（見本）" in text
    assert "Orders in the period: 225" in panel.gloss.toPlainText()  # English interface, English gloss
    assert not KANA.search(panel.drafts[0].gloss("zh"))
    panel.copy_button.click()
    assert copied == [text]


def test_unticking_a_cause_takes_it_out_of_the_reply(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    ready_reply(panel)
    tick(panel, "causes", "supplier_stockout")
    assert "タイムセールの設定時に" in panel.drafts[0].body
    tick(panel, "causes", "timesale_stock", on=False)
    assert "タイムセールの設定時に" not in panel.drafts[0].body


def test_clicking_a_checklist_label_ticks_it(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    causes = panel.lists["causes"]
    item = causes.item_for("staff_shortage")
    rect = causes.visualItemRect(item)
    point = rect.center()
    point.setX(rect.left() + rect.width() * 2 // 3)  # on the words, well right of the box
    qtbot.mouseClick(causes.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert item.checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(causes.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert item.checkState() == Qt.CheckState.Unchecked


def test_tab_in_the_editor_moves_focus_instead_of_typing_a_tab(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    ready_reply(panel)
    panel.editor.setFocus()
    before = panel.editor.toPlainText()
    qtbot.keyClick(panel.editor, Qt.Key.Key_Tab)
    assert "\t" not in panel.editor.toPlainText() and panel.editor.toPlainText() == before


def test_checklist_values_are_filled_editable_and_reach_text_and_gloss(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    ready_reply(panel)
    tick(panel, "measures", "sync_interval")
    item = panel.lists["measures"].item_for("sync_interval")
    assert "15" in item.text()
    field = panel._param_fields[("sync_interval", "minutes")]
    assert field.isVisible() and field.text() == "15"
    field.setText("10")
    field.editingFinished.emit()
    qtbot.waitUntil(lambda: "10分" in panel.drafts[0].body, timeout=2000)
    assert "10 minutes" in panel.drafts[0].gloss("en") and "10分钟" in panel.drafts[0].gloss("zh")
    assert "10" in panel.lists["measures"].item_for("sync_interval").text()


def test_one_notice_per_selected_order_and_copy_all(qtbot, window, copied):
    load(qtbot, window, demo_path(), demo=True)
    table = window.risk_panel.table
    selection = table.selectionModel()
    for row in (0, 2):
        selection.select(table.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    panel = window.drafts_panel
    choose_kind(panel, "delay")
    assert panel.drafts == []  # no reason, no new dates: asked for, never invented
    assert {"new_ship_date", "expected_arrival"} <= set(panel.answers)
    panel.reason.setCurrentIndex(panel.reason.findData("supplier_delay"))
    panel.answers["new_ship_date"].setText("2026-10-05")
    panel.answers["expected_arrival"].setText("2026-10-07")
    panel.make_button.click()
    ids = [d.order_id for d in panel.drafts]
    assert ids == ["34002023", "34002072"]
    assert all("様" in d.body and "2026年10月5日" in d.body for d in panel.drafts)
    panel.copy_all_button.click()
    assert "34002023" in copied[-1] and "34002072" in copied[-1]


def test_an_edit_is_what_gets_copied(qtbot, window, copied):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    ready_reply(panel)
    panel.editor.setPlainText("手直しした文面")
    panel.copy_button.click()
    assert copied == ["手直しした文面"]


def test_a_missing_shop_name_is_asked_for_not_left_blank(qtbot, window, tmp_path):
    own = tmp_path / "orders.csv"
    shutil.copy(demo_path(), own)
    load(qtbot, window, own)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    ready_reply(panel)
    assert panel.drafts == []
    assert set(panel.answers) == {"shop.shop_name", "shop.person"}
    panel.answers["shop.shop_name"].setText("山田商店")
    panel.answers["shop.person"].setText("山田 花子")
    panel.make_button.click()
    assert len(panel.drafts) == 1 and "山田商店" in panel.drafts[0].body


def test_notices_export_for_mail_merge(qtbot, window, tmp_path):
    load(qtbot, window, demo_path(), demo=True)
    window.risk_panel.table.selectRow(0)
    panel = window.drafts_panel
    choose_kind(panel, "stockout")
    panel.reason.setCurrentIndex(panel.reason.findData("supplier_stockout"))
    target = tmp_path / "notices.csv"
    assert panel.write_csv(target)
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["order_id"] for r in rows] == ["34002023"]
    assert rows[0]["subject"].startswith("【重要】") and "様" in rows[0]["body"]
    assert rows[0]["buyer_name"]


def test_the_gloss_language_is_chosen_apart_from_the_interface(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "reply")
    ready_reply(panel)
    assert "Improvement report" in panel.gloss.toPlainText()
    window.set_language("zh")
    assert "改善报告" in panel.gloss.toPlainText()  # following the interface until the seller picks
    assert panel.kind.currentText() == "给平台的改善报告"
    panel.gloss_choice.setCurrentIndex(panel.gloss_choice.findData("en"))
    assert "Improvement report" in panel.gloss.toPlainText()
    window.set_language("ja")
    assert "Improvement report" in panel.gloss.toPlainText()  # the pick stays
    panel.gloss_choice.setCurrentIndex(panel.gloss_choice.findData("none"))
    assert not panel.gloss.isVisible()


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
    panel = win.drafts_panel
    panel.reason.setCurrentIndex(panel.reason.findData("supplier_stockout"))
    assert panel.drafts == [] and "reply_by" in panel._missing  # two options: the seller sets the answer-by day
    panel.answers["reply_by"].setText("2026-10-04")
    panel.make_button.click()
    body = panel.drafts[0].body
    assert "USB-C 充電器 45W" in body and "https://example.jp/45w" in body and "2026年10月4日までに" in body
    assert "以下の2つの中から" in body


def test_a_stockout_with_nothing_to_offer_does_not_ask_the_buyer_to_choose(qtbot, window):
    load(qtbot, window, demo_path(), demo=True)
    window.risk_panel.table.selectRow(0)
    panel = window.drafts_panel
    choose_kind(panel, "stockout")
    panel.reason.setCurrentIndex(panel.reason.findData("supplier_stockout"))
    body = panel.drafts[0].body
    assert "お選び" not in body and "①" not in body and "全額ご返金" in body
    panel.answers["restock_date"].setText("2026-10-10")
    panel.answers["reply_by"].setText("2026-10-04")
    panel.make_button.click()
    body = panel.drafts[0].body
    assert "以下の2つの中から" in body and "① 入荷を待ってお届けする" in body and "2026年10月10日" in body


def test_answering_a_notice_switches_to_the_reply_point_by_point(qtbot, window):
    from datetime import date

    from seller_gui.core.drafting.templates import NoticeAsk, NoticeRef

    load(qtbot, window, demo_path(), demo=True)
    panel = window.drafts_panel
    choose_kind(panel, "delay")
    ref = NoticeRef("aupay", "warning", subject="店舗都合キャンセルについて", sent_on=date(2026, 9, 25),
                    member_number="W123***", asks=(
                        NoticeAsk("stock_management", "「在庫管理」を徹底し、在庫の無い商品を販売しない。"),
                        NoticeAsk("delay_notice", "配送納期の遅延が発生する場合は、迅速にお客様へご案内いただく。")))
    panel.answer_notice(ref)
    assert panel.current_kind() == "reply" and panel.notice_box.isVisible()
    ready_reply(panel)
    assert panel.drafts == [] and "ask.delay_notice" in panel.answers  # the second ask is unanswered
    # no empty editor: until the draft can be written it says what it waits for
    assert panel.editor.toPlainText() == "" and panel.editor.placeholderText() == panel.status.text() != ""
    tick(panel, "measures", "delay_contact")
    assert panel.editor.placeholderText() == "" and panel.editor.toPlainText().startswith("Re: 店舗都合")
    body = panel.drafts[0].body
    assert "会員番号：W123***" in panel.drafts[0].subject
    assert body.index("1. 在庫管理の徹底について") < body.index("2. 発送が遅れる場合")
