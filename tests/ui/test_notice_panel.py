"""The notice tab: a pasted or dropped notice shown in the interface language, sentence by sentence,
and the reply asked for only when the notice asks something."""

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from seller_gui.core.drafting.templates import NoticeRef
from seller_gui.core.i18n import Catalog
from seller_gui.resources_path import resource
from seller_gui.ui.notice_panel import NoticePanel, dropped_notice
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "notices"
SEED = FIXTURES / "aupay-seed-cancellation-warning.txt"


@pytest.fixture
def panel(qtbot, catalog):
    widget = NoticePanel(catalog)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_before_anything_is_pasted_the_panel_says_what_to_do(panel):
    assert panel.status.isVisible() and panel.status.text() == panel.catalog.text("notice_empty")
    assert not panel.answer_button.isVisible() and not panel.table.isVisible()


def test_the_seed_shows_marketplace_kind_topic_asks_and_every_sentence_explained(panel):
    panel.paste.setPlainText(SEED.read_text(encoding="utf-8"))
    panel.read_button.click()
    assert panel.values["marketplace"].text() == "au PAY Market"
    assert panel.values["kind"].text() == "Warning (no measure yet)"
    assert panel.values["topic"].text() == "Seller-caused cancellations"
    asks = panel.values["asks"].text()
    assert asks.index("1. Manage stock") < asks.index("2. Tell buyers promptly")
    assert "出店店舗規約第10条第2項、第3項及び第5項" in panel.values["facts"].text()
    assert panel.table.rowCount() == len(panel.notice.sentences)
    for row in range(panel.table.rowCount()):
        original, zh, en = panel.gloss_cells(row)
        assert original and zh and en and "Not recognised" not in en
    assert panel.gloss_cells(0) == ("ご担当者様", "致负责人（信件开头的称呼）。", "To the person in charge (the opening address).")
    assert panel.answer_button.isVisible() and panel.answer_button.isEnabled()


def test_answer_this_notice_emits_the_notice_as_reply_points(panel, qtbot):
    panel.show_text(SEED.read_text(encoding="utf-8"))
    with qtbot.waitSignal(panel.answer_requested) as signal:
        panel.answer_button.click()
    ref = signal.args[0]
    assert isinstance(ref, NoticeRef) and ref.marketplace == "aupay"
    assert [a.code for a in ref.asks] == ["stock_management", "delay_notice"]


def test_a_notice_that_asks_nothing_says_so_and_offers_no_reply(panel):
    panel.show_text((FIXTURES / "aupay-support-reply-closing.txt").read_text(encoding="utf-8"))
    assert panel.values["kind"].text() == "Support reply"
    assert panel.values["asks"].text() == panel.catalog.text("notice_asks_nothing")
    assert not panel.answer_button.isVisible()


def test_an_unknown_sentence_is_marked_not_recognised_with_its_facts(panel):
    panel.show_text("ご担当者様\n当月の配送品質指標は3.5%です。\n")
    _, zh, en = panel.gloss_cells(1)
    assert en.startswith("Not recognised") and "3.5%" in en and zh.startswith("Not recognised")


def test_the_panel_follows_the_interface_language(qtbot):
    catalog = Catalog.load(resource("i18n"), "zh")
    panel = NoticePanel(catalog)
    qtbot.addWidget(panel)
    panel.show_text((FIXTURES / "amazon-en-odr-deactivation.txt").read_text(encoding="utf-8"))
    assert panel.values["kind"].text() == "措施已生效（停用、暂停或限制）"
    assert panel.values["marketplace"].text() == "亚马逊日本"
    catalog.set_language("ja")
    panel.retranslate()
    assert panel.values["kind"].text() == "措置の実施（停止・無効化・制限）"
    assert panel.table.horizontalHeaderItem(0).text() == "原文"


def test_a_dropped_text_file_is_read(panel, tmp_path):
    path = tmp_path / "mail.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    panel.paste.dropEvent(event)
    assert panel.notice is not None and panel.notice.marketplace == "aupay"
    assert "ご担当者様" in panel.paste.toPlainText()


def test_a_file_that_is_no_text_gets_a_message_not_a_crash(panel, tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(b"\x00\x01" * 500)
    panel.load_file(path)
    assert panel.notice is None and panel.status.text() == panel.catalog.text("notice_file_not_text")


def test_only_files_that_can_hold_a_notice_are_taken_from_a_drop():
    assert dropped_notice([Path("a.csv"), Path("b.EML"), Path("c.txt")]) == Path("b.EML")
    assert dropped_notice([Path("orders.xlsx")]) is None


def test_the_main_window_has_the_notice_tab(window):
    window.ensure_dashboard()
    index = window.tabs.indexOf(window.notice_panel)
    assert index >= 0 and window.tabs.tabText(index) == window.catalog.text("tab_notice")
