"""The seller maps a status the app does not know once, in the window; the window reads it so at once,
and a card whose file cannot give a figure says so instead of showing 0%."""

import pytest

from seller_gui.core.storage.settings import SettingsFile
from seller_gui.core.storage.store import Store
from seller_gui.ui.main_window import MainWindow
from seller_gui.ui.status_dialog import StatusDialog
from tests.fixtures import layouts as L
from tests.ui.helpers import WAIT, load


@pytest.fixture
def paths(tmp_path):
    return {"settings": tmp_path / "cfg" / "settings.json", "store": tmp_path / "store.sqlite3",
            "mappings": tmp_path / "mappings.json"}


@pytest.fixture
def window(qtbot, catalog, settings, paths):
    win = MainWindow(catalog, settings, store_path=paths["store"],
                     settings_file=SettingsFile(paths["settings"]), mappings_path=paths["mappings"])
    qtbot.addWidget(win)
    win.show()
    return win


def rakuten_file(tmp_path):
    lines = [{"受注番号": "100-1", "受注ステータス": "当日発送", "注文日時": "2026/08/01 10:00:00", "個数": "1"},
             {"受注番号": "100-2", "受注ステータス": "3月発送", "注文日時": "2026/08/02 10:00:00", "個数": "1"},
             {"受注番号": "100-3", "受注ステータス": "完了", "注文日時": "2026/08/20 10:00:00", "個数": "1"}]
    return L.write(tmp_path, "rakuten.csv", L.RAKUTEN_LEGACY, lines)


def test_a_status_mapped_once_in_the_dialog_is_used_by_the_next_read(qtbot, window, paths, tmp_path,
                                                                     monkeypatch):
    summary = load(qtbot, window, [rakuten_file(tmp_path)])
    assert window.tools.unknown_statuses() == {"rakuten": ("3月発送", "当日発送")}
    assert len(summary.at_risk) == 0  # unknown statuses are never at risk
    assert window.tools.statuses_action.isEnabled()

    def choose(parent, catalog, store_path, unknown):
        dialog = StatusDialog(catalog, store_path, unknown, parent)
        qtbot.addWidget(dialog)
        rows = dict(zip(dialog.rows, dialog.choices, strict=True))
        box = rows[("rakuten", "当日発送")]
        box.setCurrentIndex(box.findData("open"))
        dialog.accept()
        return dialog.saved_count

    monkeypatch.setattr(StatusDialog, "ask", staticmethod(choose))
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as reloaded:
        window.tools.statuses_action.trigger()
    with Store(paths["store"]) as store:
        assert store.status_meanings() == {"rakuten": {"当日発送": "open"}}
    summary = reloaded.args[0]
    assert list(summary.at_risk["order_id"]) == ["100-1"]
    assert window.tools.unknown_statuses() == {"rakuten": ("3月発送",)}


def test_the_dialog_shows_saved_meanings_and_can_forget_one(qtbot, catalog, paths):
    with Store(paths["store"]) as store:
        store.set_status_meanings([("rakuten", "当日発送", "open")])
    dialog = StatusDialog(catalog, paths["store"], {"rakuten": ("3月発送",)})
    qtbot.addWidget(dialog)
    assert dialog.rows == [("rakuten", "3月発送"), ("rakuten", "当日発送")]
    assert dialog.chosen() == {("rakuten", "3月発送"): "", ("rakuten", "当日発送"): "open"}
    dialog.choices[1].setCurrentIndex(0)  # back to "don't know"
    dialog.accept()
    with Store(paths["store"]) as store:
        assert store.status_meanings() == {}


def test_a_card_whose_file_cannot_give_the_rate_says_so(qtbot, window, catalog, tmp_path):
    path = L.write(tmp_path, "unshipped.txt", L.AMAZON_UNSHIPPED_JP, [
        {"order-id": "1", "order-item-id": "1", "purchase-date": "2026-08-13T10:00:00+09:00",
         "promise-date": "2026-08-14T23:59:59+09:00"}])
    summary = load(qtbot, window, [path])
    block = summary.figures["amazon"]
    assert block["status"] == "unavailable" and block["seller_cancel_rate"] is None
    card = window.cards["amazon"]
    card.grab()  # paints the gauge
    assert card.status.text() == catalog.text("status_unavailable")
