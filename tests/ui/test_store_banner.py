"""A local store that cannot be used never hides the figures: the window says in one sentence what is
wrong and what to do, and the tools that need the store say so instead of crashing."""

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

from seller_gui.core.storage.settings import SettingsFile
from seller_gui.core.storage.store import SCHEMA_VERSION, Store
from seller_gui.ui.main_window import MainWindow

WAIT = 20_000


def make_window(qtbot, catalog, settings, store_path, tmp_path):
    window = MainWindow(catalog, settings, store_path=store_path,
                        settings_file=SettingsFile(tmp_path / "settings.json"),
                        mappings_path=tmp_path / "mappings.json")
    qtbot.addWidget(window)
    window.show()
    return window


def newer_store(path):
    with Store(path) as store:
        store.set_cause_tag("aupay", "1", "seller")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("fault, words", [
    ("newer", "update the app"),
    ("folder", "move that folder away"),
    ("under_a_file", "choose another data folder"),
])
def test_a_store_that_cannot_be_used_shows_a_banner_and_the_figures(qtbot, catalog, settings, tmp_path,
                                                                    fault, words):
    if fault == "newer":
        store_path = newer_store(tmp_path / "store.sqlite3")
    elif fault == "folder":
        store_path = tmp_path / "store.sqlite3"
        store_path.mkdir()
    else:
        (tmp_path / "data").write_text("", encoding="utf-8")
        store_path = tmp_path / "data" / "store.sqlite3"
    before = store_path.read_bytes() if store_path.is_file() else None
    window = make_window(qtbot, catalog, settings, store_path, tmp_path)
    qtbot.waitUntil(window.store_banner.isVisible, timeout=WAIT)
    assert words in window.store_banner.text()
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        window.open_demo()
    summary = blocker.args[0]
    assert summary.figures and summary.files  # the figures stand
    assert window.store_banner.isVisible()
    shown = []
    qtbot_patch = pytest.MonkeyPatch()
    qtbot_patch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    try:
        window.tools.tagging_action.trigger()
        window.tools.alternatives_action.trigger()
    finally:
        qtbot_patch.undo()
    assert len(shown) == 2 and all(words in text for text in shown)
    assert window.sku_alternatives("MUG-01") == []
    if before is not None:
        assert store_path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("store")) == ["store.sqlite3"]


def test_a_recovered_store_says_how_much_came_back_and_where_the_copy_is(qtbot, catalog, settings,
                                                                         tmp_path):
    store_path = tmp_path / "store.sqlite3"
    with Store(store_path) as store:
        store.set_cause_tags([("aupay", f"{i:06d}", "seller") for i in range(3000)])
    damaged = bytearray(store_path.read_bytes())
    damaged[19 * 4096:20 * 4096] = b"\xde\xad" * 2048
    store_path.write_bytes(bytes(damaged))
    window = make_window(qtbot, catalog, settings, store_path, tmp_path)
    qtbot.waitUntil(window.store_banner.isVisible, timeout=WAIT)
    backup = next(tmp_path.glob("store.sqlite3.corrupt-*"))
    with Store(store_path) as store:
        count = len(store.cause_tags())
    assert f"{count} items" in window.store_banner.text() and str(backup) in window.store_banner.text()
    window.set_language("ja")
    assert f"{count} 件" in window.store_banner.text()
    assert window.tools.store_unusable is None  # a recovered store takes tags again


def test_a_healthy_store_shows_no_banner(qtbot, catalog, settings, tmp_path):
    window = make_window(qtbot, catalog, settings, tmp_path / "store.sqlite3", tmp_path)
    qtbot.waitUntil(lambda: (tmp_path / "store.sqlite3").exists(), timeout=WAIT)
    assert not window.store_banner.isVisible()
