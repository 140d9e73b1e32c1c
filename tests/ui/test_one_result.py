"""The window and ``seller-gui report`` give the same figures for the same files and the same seller:
after cause tags, a limit changed in Settings, a column mapping and a stock list."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from seller_gui.core.drafting.templates import ShopProfile
from seller_gui.core.pipeline import Orders, Seller, read
from seller_gui.core.storage.mappings import MappingStore
from seller_gui.core.storage.paths import DataPaths
from seller_gui.core.storage.settings import SellerSettings, SettingsFile
from seller_gui.core.storage.store import Store
from seller_gui.ui.main_window import MainWindow
from tests.conftest import DEMO_FILE, ROOT

WAIT = 30_000
MAPPED_HEADER = ["伝票", "受付日", "状況", "商品コード", "出荷期限"]


def _seller_teaches_the_tool(home: Path, mapped: Path) -> None:
    """What a seller does in the window: tag causes, lower a limit, map an unknown layout."""
    paths = DataPaths.under(home)
    demo = read([DEMO_FILE], Seller())
    lines = demo.lines
    unknown = lines.loc[(lines["status"] == "cancelled") & (lines["cancel_cause"] == "unknown"),
                        "order_id"].unique()
    assert len(unknown) >= 2
    with Store(paths.store) as store:
        store.set_cause_tags([("aupay", unknown[0], "seller"), ("aupay", unknown[1], "buyer")])
    SettingsFile(paths.settings).save(SellerSettings(
        profile=ShopProfile(shop_name="テスト商店"), rule_overrides={"aupay": {"limit": 0.07}}))
    MappingStore(paths.mappings).save(MAPPED_HEADER, {
        "order_id": "伝票", "ordered_at": "受付日", "status": "状況", "sku": "商品コード",
        "ship_by": "出荷期限"})


def _files(folder: Path) -> list[Path]:
    mapped = folder / "own-shop-orders.csv"
    pd.DataFrame([["M-1", "2026/09/29 10:00", "未発送", "HB-2001", "2026/10/05"],
                  ["M-2", "2026/09/28 10:00", "発送済み", "HB-3001", "2026/10/01"],
                  ["M-3", "2026/09/20 10:00", "キャンセル", "HB-2001", ""]],
                 columns=MAPPED_HEADER).to_csv(mapped, index=False, encoding="cp932")
    stock = folder / "在庫.csv"
    stock.write_text("SKU,在庫数\nHB-2001,0\n", encoding="utf-8")
    return [DEMO_FILE, mapped, stock]


def _cli_report(files: list[Path], home: Path, *extra: str, status: int = 0) -> dict:
    env = {"SELLER_GUI_HOME": str(home), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "seller_gui", "report", *map(str, files), "--json",
                           *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == status, done.stderr
    return json.loads(done.stdout)


def _rounded(figures: dict) -> dict:
    return {key: {name: round(value, 4) if isinstance(value, float) else value
                  for name, value in block.items()} for key, block in figures.items()}


@pytest.fixture
def taught(tmp_path: Path, seller_home: Path) -> tuple[list[Path], Path]:
    files = _files(tmp_path)
    _seller_teaches_the_tool(seller_home, files[1])
    return files, seller_home


def test_window_and_report_agree_after_tags_limits_mappings_and_stock(qtbot, catalog, settings,
                                                                      taught):
    files, home = taught
    paths = DataPaths.under(home)
    window = MainWindow(catalog, settings, store_path=paths.store,
                        settings_file=SettingsFile(paths.settings), mappings_path=paths.mappings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as shown:
        window.open_paths(files)
    summary = shown.args[0]
    report = _cli_report(files, home)

    assert not summary.failures and not report["failures"]
    assert [f.role for f in summary.files] == ["orders", "orders", "stock"]
    assert [Path(f["path"]).name for f in report["files"]] == [f.path.name for f in summary.order_files]
    assert report["stock_files"] == [{"path": str(files[2]), "skus": 1}]
    assert report["as_of"] == summary.as_of.iso()
    assert report["marketplaces"] == _rounded(summary.figures)
    assert set(report["marketplaces"]) == {"aupay", "generic"}
    aupay = report["marketplaces"]["aupay"]
    assert aupay["limit"] == 0.07 and aupay["limit_is_estimate"]  # the seller's own limit
    window_risks = {(r.marketplace, r.shop, r.order_id, tuple(r.reasons))
                    for r in summary.at_risk.itertuples()}
    report_risks = {(r["marketplace"], r["shop"], r["order_id"], tuple(r["reasons"]))
                    for r in report["at_risk"]}
    assert window_risks == report_risks
    out_of_stock = {(m, o) for m, _, o, reasons in report_risks if "out_of_stock" in reasons}
    assert ("generic", "M-1") in out_of_stock and any(m == "aupay" for m, _ in out_of_stock)
    # the Files tab names the stock list for what it is
    rows = {window.files_panel.item(r, 0).text(): window.files_panel.item(r, 1).text()
            for r in range(window.files_panel.rowCount())}
    assert rows["在庫.csv"] == catalog.text("file_stock_list")


def test_a_clean_reading_ignores_what_the_seller_taught(taught):
    files, home = taught
    taught_report = _cli_report(files, home)
    clean = _cli_report(files, home, "--no-store", status=2)
    assert clean["marketplaces"]["aupay"]["limit"] != 0.07
    assert taught_report["marketplaces"]["aupay"]["unknown_cancelled"] == \
        clean["marketplaces"]["aupay"]["unknown_cancelled"] - 2
    # without the mapping the seller's own layout is not an order file
    assert [f["kind"] for f in clean["failures"]] == ["unknown_layout"]


def test_the_stock_list_is_read_as_stock_without_being_named(taught):
    files, _ = taught
    orders: Orders = read(files, Seller())
    assert [f.role for f in orders.files] == ["orders", "stock"]
    assert orders.stock == {"HB-2001": 0}


def test_the_text_report_names_the_stock_list(taught):
    from seller_gui.core.pipeline import analyse
    from seller_gui.core.report import format_text, report_of

    files, _ = taught
    seller = Seller()
    text = format_text(report_of(analyse(read(files, seller), seller)))
    assert "在庫.csv: stock list, 1 SKUs" in text and "None" not in text


def test_a_store_that_cannot_be_read_never_hides_the_figures(tmp_path):
    folder_in_the_way = tmp_path / "store.sqlite3"
    folder_in_the_way.mkdir()  # a folder where the store file should be
    from seller_gui.core.pipeline import analyse

    seller = Seller(store_path=folder_in_the_way)
    analysis = analyse(read([DEMO_FILE], seller), seller)
    assert analysis.store_failed
    assert analysis.figures["aupay"]["orders"] == 225


def test_the_window_says_when_the_tags_could_not_be_read(qtbot, catalog, settings, tmp_path):
    folder_in_the_way = tmp_path / "store.sqlite3"
    folder_in_the_way.mkdir()
    window = MainWindow(catalog, settings, store_path=folder_in_the_way)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as shown:
        window.open_paths([DEMO_FILE])
    assert shown.args[0].figures["aupay"]["orders"] == 225
    assert catalog.text("store_unreadable") in window.statusBar().currentMessage()


def test_the_command_line_says_what_is_wrong_with_the_store_and_keeps_the_figures(seller_home):
    (seller_home / "store.sqlite3").mkdir()  # a folder where the store file should be
    report = _cli_report([DEMO_FILE], seller_home)
    assert report["marketplaces"]["aupay"]["orders"] == 225
    assert report["store_failed"] and "folder" in report["store_problem"]
    env = {"SELLER_GUI_HOME": str(seller_home), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    text = subprocess.run([sys.executable, "-m", "seller_gui", "report", str(DEMO_FILE)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120).stdout
    assert report["store_problem"] in text and "225" in text
