"""What the seller teaches the app, driven through the real dialogs: settings, column mappings, cause
tags, SKU alternatives; and the exports from the window's File menu."""

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from seller_gui.core.reading.loader import read_table
from seller_gui.core.storage.mappings import MappingStore
from seller_gui.core.storage.settings import SellerSettings, SettingsFile
from seller_gui.core.storage.store import Alternative, Store
from seller_gui.ui.alternatives_dialog import AlternativesDialog
from seller_gui.ui.main_window import MainWindow, demo_path
from seller_gui.ui.mapping_dialog import MappingDialog
from seller_gui.ui.seller_tools import SellerTools, ToolsContext
from seller_gui.ui.settings_dialog import SettingsDialog
from seller_gui.ui.tagging import TaggingDialog
from tests.ui.helpers import WAIT, load


@pytest.fixture
def paths(tmp_path):
    return {"settings": tmp_path / "cfg" / "settings.json", "store": tmp_path / "store.sqlite3",
            "mappings": tmp_path / "mappings.json"}


def make_window(qtbot, catalog, settings, paths):
    win = MainWindow(catalog, settings, store_path=paths["store"],
                     settings_file=SettingsFile(paths["settings"]), mappings_path=paths["mappings"])
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def window(qtbot, catalog, settings, paths):
    return make_window(qtbot, catalog, settings, paths)


def reload(qtbot, window):
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        assert window.reload()
    return blocker.args[0]


# ----- menus -----

def test_the_tools_work_without_a_window_and_speak_through_signals(qtbot, catalog, settings, paths,
                                                                    tmp_path):
    from PySide6.QtWidgets import QWidget

    from seller_gui.core.drafting.templates import ShopProfile

    parent = QWidget()
    qtbot.addWidget(parent)
    context = ToolsContext(catalog, settings, parent, summary=lambda: None, loaded_paths=list,
                           store_path=paths["store"], settings_file=SettingsFile(paths["settings"]))
    tools = SellerTools(context)
    assert not tools.export_risk_action.isEnabled() and tools.alternatives_action.isEnabled()
    chosen = SellerSettings(ShopProfile(shop_name="ハッピー雑貨店"), language="ja",
                            rule_overrides={"aupay": {"limit": 0.05}})
    with (qtbot.waitSignal(tools.language_requested) as language,
          qtbot.waitSignal(tools.settings_changed) as changed,
          qtbot.waitSignal(tools.reload_requested)):
        tools.apply_settings(chosen)
    assert language.args == ["ja"] and changed.args[0] is chosen
    assert tools.profile.shop_name == "ハッピー雑貨店"  # the tools own the profile
    with qtbot.assertNotEmitted(tools.reload_requested):
        tools.apply_settings(SellerSettings(rule_overrides={"aupay": {"limit": 0.05}}))
    with qtbot.waitSignal(tools.status) as status:
        tools.export("at_risk", tmp_path / "at-risk.csv", "csv")
    assert "at-risk.csv" in status.args[0] and status.args[1] > 0


def test_the_menus_offer_exports_settings_tagging_and_alternatives(qtbot, window):
    file_items = [a.text() for a in window.file_menu.actions()]
    assert "Export at-risk list…" in file_items and "Export all orders…" in file_items
    tools = window.tools.tools_menu
    assert tools.title() == "&Tools"
    assert [a.text() for a in tools.actions() if a.text()] == ["Settings…", "Cause tagging…",
                                                               "SKU alternatives…", "Status meanings…"]
    assert not window.tools.export_risk_action.isEnabled()  # nothing loaded yet
    load(qtbot, window, demo=True)
    assert window.tools.export_risk_action.isEnabled() and window.tools.tagging_action.isEnabled()
    window.set_language("zh")
    assert window.tools.tools_menu.title() == "工具(&T)"
    assert window.tools.settings_action.text() == "设置…"


# ----- settings -----

def fill_settings(dialog, **profile):
    for name, value in profile.items():
        edit = dialog.profile_edits[name]
        edit.setPlainText(value) if name == "signature" else edit.setText(value)


def test_settings_are_saved_reloaded_and_change_the_gauge(qtbot, window, paths, monkeypatch):
    dashboard = load(qtbot, window, demo=True)
    assert dashboard.figures["aupay"]["limit"] == 0.1

    def drive(parent, catalog, settings, base_rules, save):
        dialog = SettingsDialog(catalog, settings, base_rules, save, parent)
        assert dialog.is_estimate("aupay", "limit") and not dialog.is_estimate("amazon", "limit")
        assert dialog.rule_cell("amazon", "limit").text() == "2.5"
        fill_settings(dialog, shop_name="ハッピー雑貨店", person="王 芳", email="shop@example.jp",
                      signature="営業時間 10:00-18:00")
        dialog.language.setCurrentIndex(dialog.language.findData("zh"))
        dialog.rule_cell("aupay", "limit").setText("5")
        dialog.rule_cell("aupay", "due_soon_hours").setText("48")
        with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
            dialog.accept()
            assert dialog.result() == dialog.DialogCode.Accepted
            window.tools.apply_settings(dialog.result_settings)
        drive.dashboard = blocker.args[0]
        return None  # the window was already given the result above

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, *a: drive(*a)))
    window.tools.settings_action.trigger()
    assert drive.dashboard.figures["aupay"]["limit"] == 0.05
    assert drive.dashboard.figures["aupay"]["status"] == "danger"  # 8% upper bound over a 5% limit
    assert window.catalog.language == "zh" and window.current_shop_profile().shop_name == "ハッピー雑貨店"
    assert window.cards["aupay"].status.text() == window.catalog.text("status_danger")

    saved = json.loads(paths["settings"].read_text(encoding="utf-8"))
    assert saved["rules"] == {"aupay": {"limit": 0.05, "due_soon_hours": 48}}
    again = SettingsFile(paths["settings"]).load().settings
    assert again.profile.person == "王 芳" and again.language == "zh"
    dialog = SettingsDialog(window.catalog, again, window.tools.base_rules, lambda s: None)
    qtbot.addWidget(dialog)
    assert dialog.rule_cell("aupay", "limit").text() == "5"
    assert dialog.rule_cell("aupay", "limit").font().bold()
    assert dialog.profile_edits["signature"].toPlainText() == "営業時間 10:00-18:00"


def test_a_new_window_uses_the_saved_rules(qtbot, catalog, settings, paths):
    SettingsFile(paths["settings"]).save(SellerSettings(rule_overrides={"aupay": {"limit": 0.2}}))
    win = make_window(qtbot, catalog, settings, paths)
    dashboard = load(qtbot, win, demo=True)
    assert dashboard.figures["aupay"]["limit"] == 0.2 and dashboard.figures["aupay"]["status"] == "ok"
    assert dashboard.figures["aupay"]["limit_is_estimate"]


@pytest.mark.parametrize("field, value", [("email", "not-an-address"), ("phone", "call me")])
def test_settings_reject_a_bad_profile(qtbot, window, paths, field, value):
    saved = []
    dialog = SettingsDialog(window.catalog, window.tools.settings, window.tools.base_rules, saved.append)
    qtbot.addWidget(dialog)
    fill_settings(dialog, **{field: value})
    dialog.accept()
    assert saved == [] and dialog.result_settings is None and dialog.error.text()
    assert not paths["settings"].exists()


@pytest.mark.parametrize("text", ["0", "250", "abc", "-3"])
def test_settings_reject_a_limit_out_of_range(qtbot, window, text):
    saved = []
    dialog = SettingsDialog(window.catalog, window.tools.settings, window.tools.base_rules, saved.append)
    qtbot.addWidget(dialog)
    dialog.rule_cell("qoo10", "limit").setText(text)
    dialog.accept()
    assert saved == [] and "Qoo10" in dialog.error.text()
    dialog.rule_cell("qoo10", "limit").setText("7.5")
    dialog.accept()
    assert saved[0].rule_overrides == {"qoo10": {"limit": 0.075}}


def test_restoring_default_rules_drops_the_overrides(qtbot, window):
    saved = []
    settings = window.tools.settings
    settings.rule_overrides = {"aupay": {"limit": 0.05}}
    dialog = SettingsDialog(window.catalog, settings, window.tools.base_rules, saved.append)
    qtbot.addWidget(dialog)
    dialog.reset_button.click()
    dialog.accept()
    assert saved[0].rule_overrides == {}


def test_corrupt_settings_give_defaults_a_warning_and_a_backup(qtbot, catalog, settings, paths, monkeypatch):
    paths["settings"].parent.mkdir(parents=True)
    paths["settings"].write_text('{"shop": {"shop_name": "好店"', encoding="utf-8")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    win = make_window(qtbot, catalog, settings, paths)
    win.tools.show_settings_problem()
    assert win.tools.settings.profile.shop_name == "" and win.tools.profile.shop_name == ""
    backups = list(paths["settings"].parent.glob("settings.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == '{"shop": {"shop_name": "好店"'
    assert len(warnings) == 1 and "damaged" in warnings[0] and backups[0].name in warnings[0]
    dashboard = load(qtbot, win, demo=True)  # the window works on defaults
    assert dashboard.figures["aupay"]["limit"] == 0.1


def test_the_language_menu_is_remembered_in_the_settings(qtbot, window, paths):
    window.set_language("ja")
    assert SettingsFile(paths["settings"]).load().settings.language == "ja"


# ----- column mapping -----

UNKNOWN_LAYOUT = ("伝票ID,受付日,進捗,品番,メモ\n"
                  "A-001,2024/05/01 10:00,発送済み,SKU-1,\n"
                  "A-002,2024/05/02 11:00,キャンセル,SKU-2,=HYPERLINK(\"x\")\n"
                  "A-003,2024/05/03 12:00,未発送,SKU-1,\n")


def unknown_file(folder: Path, name: str = "mystery.csv") -> Path:
    path = folder / name
    path.write_text(UNKNOWN_LAYOUT, encoding="utf-8")
    return path


def test_an_unknown_layout_is_mapped_once_and_then_loads_by_itself(qtbot, window, tmp_path, monkeypatch,
                                                                    catalog, settings, paths):
    path = unknown_file(tmp_path)
    asked = []

    def drive(cls, parent, catalog, file, store):
        asked.append(file)
        dialog = cls(catalog, read_table(file), store, parent)
        qtbot.addWidget(dialog)
        assert dialog.preview.item(1, 0).text() == "A-002"
        assert dialog.preview.horizontalHeaderItem(0).text() == "伝票ID"
        dialog.choose("order_id", "伝票ID")
        dialog.choose("ordered_at", "受付日")
        dialog.choose("status", "進捗")
        dialog.choose("sku", "品番")
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(MappingDialog, "ask", classmethod(drive))
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT):
        window.open_paths([path])
    # the failed load asked for the columns, saved them and read the file again
    qtbot.waitUntil(lambda: window.summary is not None and len(window.summary.files) == 1, timeout=WAIT)
    assert asked == [path]
    assert window.summary.files[0].marketplace == "generic" and window.summary.files[0].orders == 3
    assert MappingStore(paths["mappings"]).get(["伝票ID", "受付日", "進捗", "品番", "メモ"]) is not None

    # another file with the same header, in a new window: no question asked
    asked.clear()
    other = unknown_file(tmp_path, "next-month.csv")
    second = make_window(qtbot, catalog, settings, paths)
    summary = load(qtbot, second, [other])
    assert asked == [] and summary.failures == [] and summary.files[0].orders == 3


def test_the_mapping_dialog_rejects_missing_and_doubled_columns(qtbot, catalog, tmp_path):
    store = MappingStore(tmp_path / "mappings.json")
    dialog = MappingDialog(catalog, read_table(unknown_file(tmp_path)), store)
    qtbot.addWidget(dialog)
    dialog.choose("order_id", "伝票ID")
    dialog.accept()
    assert dialog.saved is None and "Order date" in dialog.error.text() and "Order status" in dialog.error.text()
    dialog.choose("ordered_at", "受付日")
    dialog.choose("status", "受付日")
    dialog.accept()
    assert dialog.saved is None and "受付日" in dialog.error.text() and "several fields" in dialog.error.text()
    assert store.all() == []
    dialog.choose("status", "進捗")
    dialog.accept()
    assert dialog.saved is not None and len(store.all()) == 1


def test_a_window_without_a_mapping_file_just_lists_the_unknown_layout(qtbot, catalog, settings, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(MappingDialog, "ask", classmethod(lambda *a: pytest.fail("asked")))
    win = MainWindow(catalog, settings)
    qtbot.addWidget(win)
    summary = load(qtbot, win, [unknown_file(tmp_path)])
    assert [f.kind for f in summary.failures] == ["unknown_layout"]


# ----- cause tagging -----

def demo_with_reason(folder: Path, order_id: str, reason: str) -> Path:
    frame = pd.read_csv(demo_path(), encoding="cp932", dtype=str, keep_default_na=False)
    frame.loc[frame["orderId"] == order_id, "cancelReason"] = reason
    path = folder / "aupay-orders.csv"
    frame.to_csv(path, index=False, encoding="cp932")
    return path


def test_tagging_an_unknown_cancellation_as_seller_moves_the_gauge_and_persists(
        qtbot, window, catalog, settings, paths):
    before = load(qtbot, window, demo=True).figures["aupay"]
    dialog = TaggingDialog(catalog, window.summary, paths["store"], window)
    qtbot.addWidget(dialog)
    dialog.tags_saved.connect(window.reload)
    assert dialog.order_table.rowCount() == before["unknown_cancelled"] == 3
    assert "3 cancelled orders" in dialog.orders_hint.text()
    assert not dialog.reason_table.isVisibleTo(dialog)  # the demo gives no reason text to confirm
    assert not dialog.seller_button.isEnabled()
    order_id = dialog.order_table.item(0, 1).text()
    dialog.order_table.selectRow(0)
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        assert dialog.tag_selected("seller") == 1
    after = blocker.args[0].figures["aupay"]
    assert after["seller_cancelled"] == before["seller_cancelled"] + 1
    assert after["seller_cancel_rate"] > before["seller_cancel_rate"]
    assert after["seller_cancel_rate_upper"] == before["seller_cancel_rate_upper"]
    assert window.cards["aupay"].gauge.lower == after["seller_cancel_rate"]
    assert dialog.order_table.rowCount() == 2

    dialog.order_table.selectAll()
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        assert dialog.tag_selected("buyer") == 2
    assert blocker.args[0].figures["aupay"]["unknown_cancelled"] == 0
    assert dialog.orders_hint.text() == "Every cancellation has a known cause."

    with Store(paths["store"]) as store:
        assert store.cause_tags()[("aupay", order_id)] == "seller"
    fresh = make_window(qtbot, catalog, settings, paths)
    again = load(qtbot, fresh, demo=True).figures["aupay"]
    assert again["seller_cancelled"] == before["seller_cancelled"] + 1 and again["unknown_cancelled"] == 0


def test_confirming_a_reason_text_applies_it_to_every_order_with_it(qtbot, window, catalog, paths, tmp_path):
    path = demo_with_reason(tmp_path, "34000700", "在庫調整のため")
    before = load(qtbot, window, [path]).figures["aupay"]
    dialog = TaggingDialog(catalog, window.summary, paths["store"], window)
    qtbot.addWidget(dialog)
    dialog.tags_saved.connect(window.reload)
    assert dialog.reason_table.rowCount() == 1
    assert dialog.reason_table.item(0, 1).text() == "在庫調整のため"
    dialog.reason_table.selectRow(0)
    dialog.every_marketplace.setChecked(True)
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        assert dialog.confirm_selected("seller") == 1
    after = blocker.args[0].figures["aupay"]
    assert after["seller_cancelled"] == before["seller_cancelled"] + 1
    assert after["unknown_cancelled"] == before["unknown_cancelled"] - 1
    with Store(paths["store"]) as store:
        assert store.reason_causes() == {("*", "在庫調整のため"): "seller"}


def test_the_tagging_menu_opens_the_dialog_and_reloads_when_tagged(qtbot, window, monkeypatch):
    load(qtbot, window, demo=True)
    seen = []

    def fake_ask(cls, parent, catalog, summary, store_path, on_saved=None):
        seen.append((summary, store_path))
        return 0

    monkeypatch.setattr(TaggingDialog, "ask", classmethod(fake_ask))
    window.tools.tagging_action.trigger()
    assert seen == [(window.summary, window.store_path)]


# ----- SKU alternatives -----

def test_alternatives_are_saved_per_sku_and_shown_again(qtbot, catalog, paths):
    dialog = AlternativesDialog(catalog, paths["store"], ["HB-1001", "HB-2002"])
    qtbot.addWidget(dialog)
    assert [dialog.sku_list.item(i).text() for i in range(dialog.sku_list.count())] == ["HB-1001", "HB-2002"]
    dialog.sku_list.setCurrentRow(0)
    dialog.add_item("北欧風 マグカップ 450ml", "https://shop.example.jp/items/mug-450")
    dialog.add_item("ガラス マグ", "")
    dialog.add_sku("ＮＥＷ－1")  # full-width typed: kept as the NFKC form the store matches on
    dialog.add_item("New thing", "https://shop.example.jp/new")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    with Store(paths["store"]) as store:
        assert store.alternatives("HB-1001") == [
            Alternative("北欧風 マグカップ 450ml", "https://shop.example.jp/items/mug-450"),
            Alternative("ガラス マグ", "")]
        assert store.alternatives("NEW-1") == [Alternative("New thing", "https://shop.example.jp/new")]
        assert store.alternatives("HB-2002") == []

    again = AlternativesDialog(catalog, paths["store"], [])
    qtbot.addWidget(again)
    assert [again.sku_list.item(i).text() for i in range(again.sku_list.count())] == ["HB-1001", "NEW-1"]
    again.sku_list.setCurrentRow(0)
    assert again.items.rowCount() == 2 and again.items.item(1, 0).text() == "ガラス マグ"


@pytest.mark.parametrize("name, url", [("", "https://shop.example.jp/x"), ("Mug", "javascript:alert(1)"),
                                       ("Mug", "shop.example.jp/x")])
def test_alternatives_reject_a_missing_name_or_a_bad_url(qtbot, catalog, paths, name, url):
    dialog = AlternativesDialog(catalog, paths["store"], ["HB-1001"])
    qtbot.addWidget(dialog)
    dialog.add_item(name, url)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.error.text()
    with Store(paths["store"]) as store:
        assert store.all_alternatives() == {}


# ----- exports from the window -----

def test_export_at_risk_list_through_the_file_menu(qtbot, window, tmp_path, monkeypatch):
    load(qtbot, window, demo=True)
    target = tmp_path / "out" / "risk"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    window.tools.export_risk_action.trigger()
    written = target.with_suffix(".xlsx")
    book = openpyxl.load_workbook(written)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert rows[0][:3] == ("Marketplace", "Order", "Reasons")
    assert len(rows) == len(window.summary.at_risk) + 1
    assert rows[1][0] == "au PAY Market" and rows[1][2].startswith("Overdue")
    assert "Exported 6 rows" in window.statusBar().currentMessage()


def test_export_all_orders_as_cp932_csv(qtbot, window, tmp_path, monkeypatch):
    load(qtbot, window, demo=True)
    target = tmp_path / "all.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), window.catalog.text("export_filter_csv_cp932")))
    window.tools.export_all_action.trigger()
    qtbot.waitUntil(lambda: window.tools.last_export == target, timeout=WAIT)
    frame = pd.read_csv(target, encoding="cp932", dtype=str, keep_default_na=False)
    assert frame.columns[:3].tolist() == ["Marketplace", "Shop", "Order"]
    assert frame["Order"].nunique() > 200
    assert set(frame["Status"]) >= {"Cancelled", "Shipped"}


def test_export_onto_an_input_file_is_refused(qtbot, window, tmp_path, monkeypatch, demo_file):
    source = tmp_path / "orders.csv"
    source.write_bytes(demo_file.read_bytes())
    load(qtbot, window, [source])
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.tools.export("at_risk", source, "csv")
    assert source.read_bytes() == demo_file.read_bytes()
    assert len(warnings) == 1 and "never overwrites" in warnings[0]


def test_a_locked_export_target_says_so_and_keeps_the_old_file(qtbot, window, tmp_path, monkeypatch):
    load(qtbot, window, demo=True)
    target = tmp_path / "risk.xlsx"
    target.write_bytes(b"old")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))

    def locked(*_a):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("os.replace", locked)
    window.tools.export("at_risk", target, "xlsx")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".risk", "risk"))) == ["risk.xlsx"]
    assert len(warnings) == 1 and "open in Excel" in warnings[0]


def test_a_declined_mapping_is_not_asked_again_at_every_reload(qtbot, window, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(MappingDialog, "ask", classmethod(lambda cls, p, c, file, s: asked.append(file)))
    path = unknown_file(tmp_path)
    load(qtbot, window, [path])
    reload(qtbot, window)
    assert asked == [path]
